#include "random/streams.hpp"

#include <gtest/gtest.h>

#include <set>

namespace fundsim {
namespace {

TEST(Streams, SameKeySameSequence) {
  Rng a = make_rng(42, 7, Purpose::mortality);
  Rng b = make_rng(42, 7, Purpose::mortality);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a(), b());
}

TEST(Streams, NoCollisionsAcrossSeedDrawPurpose) {
  // seed + draw arithmetic would collide for (1, 2) and (2, 1); hashed keys must not.
  std::set<std::uint64_t> firsts;
  int n = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed)
    for (std::uint64_t draw = 0; draw < 20; ++draw)
      for (auto p : {Purpose::mortality, Purpose::fertility, Purpose::medical_trend}) {
        Rng r = make_rng(seed, draw, p);
        firsts.insert(r());
        ++n;
      }
  EXPECT_EQ(static_cast<int>(firsts.size()), n);
}

}  // namespace
}  // namespace fundsim
