// Random streams keyed by (seed, draw, purpose).
//
// Every stochastic quantity in fundsim is drawn from a generator obtained here, never from a global
// or from the order in which threads or ranks execute. Adding a stream for one purpose shifts no
// draw of another, and the same (seed, draw, purpose) gives the same numbers on any thread/rank.
#pragma once

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace fundsim {

using Rng = boost::random::mt19937_64;

// One purpose per independent source of randomness. Values are part of the reproducibility
// contract: never renumber an existing purpose, only append.
enum class Purpose : std::uint64_t {
  parameters = 1,         // draws of uncertain parameters (calibration posterior)
  mortality = 2,          // Lee-Carter period index
  fertility = 3,          // total fertility rate path
  migration = 4,          // net migration level
  income = 5,             // disposable income growth
  enrolment = 6,          // enrolment / opt-out shocks
  incidence = 7,          // chronic-disease incidence trends
  medical_trend = 8,      // excess medical cost trend
  utilisation_trend = 9,  // utilisation trend
  interest = 10,          // interest rate on the balance
  claims = 11,            // process noise on claims (small pools)
  sampler = 12,           // individual-level sampler of persons
  enrollee_trend = 13,    // aggregate enrollee trend (foundation model)
  awareness = 14,         // awareness / treatment of the two diseases
  drivers = 15,           // stratified draws of unfitted long-run drivers (calibration priors)
  local_trend = 16,       // a pool's deviation from the national cost trend (sub 0: the province's)
  test = 99,              // reserved for tests
};

// SplitMix64 finaliser: a bijective 64-bit mixer (Steele, Lea, Flood 2014).
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Hash of the key; distinct keys give unrelated seeds (no `seed + draw` collisions).
constexpr std::uint64_t stream_key(std::uint64_t seed, std::uint64_t draw, Purpose purpose,
                                   std::uint64_t sub = 0) {
  std::uint64_t h = splitmix64(seed ^ 0x6A09E667F3BCC909ULL);
  h = splitmix64(h ^ draw);
  h = splitmix64(h ^ static_cast<std::uint64_t>(purpose));
  h = splitmix64(h ^ sub);
  return h;
}

// The `sub` key of a pool's own streams (claims noise, its cost-trend deviation): a hash of the pool's
// name (FNV-1a, then mixed), never 0 for a named pool; 0 for a fund that is not a pool (run.pool
// empty), so a national run keeps its streams. A pool's streams are the same run alone or in a
// province, which is what makes a one-pool province equal to the pool.
constexpr std::uint64_t pool_stream_key(std::string_view name) {
  if (name.empty()) return 0;
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : name) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001B3ULL;
  }
  h = splitmix64(h);
  return h == 0 ? 1 : h;
}

// A generator for (seed, draw, purpose[, sub]). `sub` separates sub-streams of one purpose
// (e.g. a cell index in the individual sampler).
Rng make_rng(std::uint64_t seed, std::uint64_t draw, Purpose purpose, std::uint64_t sub = 0);

}  // namespace fundsim
