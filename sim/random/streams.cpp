#include "random/streams.hpp"

#include <array>
#include <boost/random/seed_seq.hpp>

namespace fundsim {

Rng make_rng(std::uint64_t seed, std::uint64_t draw, Purpose purpose, std::uint64_t sub) {
  const std::uint64_t k = stream_key(seed, draw, purpose, sub);
  // Seed the full Mersenne Twister state through a seed sequence of four 32-bit words.
  std::array<std::uint32_t, 4> words{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32),
                                     static_cast<std::uint32_t>(splitmix64(k)),
                                     static_cast<std::uint32_t>(splitmix64(k) >> 32)};
  boost::random::seed_seq seq(words.begin(), words.end());
  return Rng(seq);
}

}  // namespace fundsim
