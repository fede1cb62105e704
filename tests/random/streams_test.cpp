#include "random/streams.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>
#include <cmath>

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


// The person-level engine's streams: one per (purpose key, person, year), distinct starts, and the
// first uniforms of a million person-years uniform on (0, 1) (moments and a 100-bin chi-square).
TEST(PersonStreams, DistinctAcrossPersonsAndYearsAndUniform) {
  const std::uint64_t key = stream_key(20250101, 3, Purpose::person_claims);
  std::set<std::uint64_t> firsts;
  std::vector<int> bins(100, 0);
  double sum = 0.0, sum2 = 0.0;
  int n = 0;
  for (std::uint64_t person = 0; person < 20000; ++person)
    for (std::uint64_t year = 2025; year < 2075; ++year) {
      PersonRng g(key, person, year);
      PersonRng h = g;
      firsts.insert(h());
      const double u = g.uniform();
      ASSERT_GT(u, 0.0);
      ASSERT_LT(u, 1.0);
      sum += u, sum2 += u * u;
      ++bins[static_cast<std::size_t>(u * 100.0)];
      ++n;
    }
  EXPECT_EQ(static_cast<int>(firsts.size()), n);
  const double mean = sum / n, var = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.5, 4.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(var, 1.0 / 12.0, 4.0 * std::sqrt(1.0 / 180.0 / n));  // var of (u - 1/2)^2 is 1/180
  double chi2 = 0.0;
  const double e = n / 100.0;
  for (int b : bins) chi2 += (b - e) * (b - e) / e;
  EXPECT_LT(chi2, 148.2);  // 99 degrees of freedom: the 0.999 quantile
  // Another purpose key gives another stream for the same person-year.
  EXPECT_NE(PersonRng(key, 7, 2030)(), PersonRng(stream_key(20250101, 3, Purpose::person_health), 7, 2030)());
}

}  // namespace
}  // namespace fundsim
