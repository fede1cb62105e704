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
  person_traits = 17,     // a person's lasting traits (person-level engine: income rank, enrolment rank, residence)
  person_health = 18,     // a person's health transitions, year by year
  person_survival = 19,   // a person's death within a year
  person_claims = 20,     // a person's admissions, costs and service use in a year
  births = 21,            // the rounding of the number of newborn persons of a year
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

// The generator of one person's stream of one purpose (the person-level engine): SplitMix64
// (Steele, Lea, Flood 2014; passes BigCrush) started at a key of (seed, draw, purpose, pool, person,
// year). A million persons a year each get their own stream, so a generator must cost a few
// instructions to start (mt19937_64 costs 312 words). Satisfies UniformRandomBitGenerator.
class PersonRng {
 public:
  using result_type = std::uint64_t;
  // `purpose_key`: stream_key(seed, draw, purpose, pool key), computed once per draw and purpose.
  // (person, year) enter as one word, person x 2^16 + year (persons below 2^48, years below 2^16).
  constexpr PersonRng(std::uint64_t purpose_key, std::uint64_t person, std::uint64_t year = 0)
      : state_(splitmix64(purpose_key ^ splitmix64((person << 16) ^ (year & 0xFFFFULL)))) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  constexpr result_type operator()() {
    const std::uint64_t r = splitmix64(state_);
    state_ += 0x9E3779B97F4A7C15ULL;
    return r;
  }
  // A uniform in (0, 1) from the top 53 bits (never 0 or 1).
  constexpr double uniform() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// A generator for (seed, draw, purpose[, sub]). `sub` separates sub-streams of one purpose
// (e.g. a cell index in the individual sampler).
Rng make_rng(std::uint64_t seed, std::uint64_t draw, Purpose purpose, std::uint64_t sub = 0);

}  // namespace fundsim
