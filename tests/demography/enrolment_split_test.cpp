// split_by_group: the resident-scheme enrollees of a cell between the general and the assisted group.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "demography/enrolment.hpp"

namespace fundsim {
namespace {

constexpr double kEnrolled[] = {0.0, 1.0, 0.37, 12345.678, 2.5e8};
constexpr double kShares[] = {-0.5, 0.0, 1e-12, 0.073, 0.5, 0.9999, 1.0, 1.5};

TEST(EnrolmentSplit, GroupsAddUpToTheEnrolled) {
  for (double n : kEnrolled)
    for (double s : kShares) {
      const EnrolledByGroup g = split_by_group(n, s);
      EXPECT_GE(g.general, 0.0) << n << ' ' << s;
      EXPECT_GE(g.assisted, 0.0) << n << ' ' << s;
      EXPECT_NEAR(g.general + g.assisted, n, 2.0 * std::numeric_limits<double>::epsilon() * n) << n << ' ' << s;
    }
}

TEST(EnrolmentSplit, AssistedIsTheClampedShareOfTheEnrolled) {
  for (double n : kEnrolled)
    for (double s : kShares) {
      const EnrolledByGroup g = split_by_group(n, s);
      const double bounded = s < 0.0 ? 0.0 : (s > 1.0 ? 1.0 : s);
      EXPECT_EQ(g.assisted, n * bounded) << n << ' ' << s;
      EXPECT_LE(g.assisted, n);
      EXPECT_LE(g.general, n);
    }
}

TEST(EnrolmentSplit, LimitsAtShareZeroAndOne) {
  for (double n : kEnrolled) {
    for (double s : {-1.0, 0.0}) {
      const EnrolledByGroup g = split_by_group(n, s);
      EXPECT_EQ(g.assisted, 0.0);
      EXPECT_EQ(g.general, n);
    }
    for (double s : {1.0, 2.0}) {
      const EnrolledByGroup g = split_by_group(n, s);
      EXPECT_EQ(g.assisted, n);
      EXPECT_EQ(g.general, 0.0);
    }
  }
}

TEST(EnrolmentSplit, MoreAssistedShareMovesPersonsFromGeneralToAssisted) {
  const double n = 1000.0;
  EnrolledByGroup prev = split_by_group(n, 0.0);
  for (double s = 0.05; s <= 1.0; s += 0.05) {
    const EnrolledByGroup g = split_by_group(n, s);
    EXPECT_GT(g.assisted, prev.assisted) << s;
    EXPECT_LT(g.general, prev.general) << s;
    prev = g;
  }
}

TEST(EnrolmentSplit, TheModelSplitsEveryCellWithItsBandShare) {
  // Bands with shares below 0, at 0, inside, at 1 and above 1: every enrolled cell's groups follow
  // split_by_group of its enrolled total.
  EnrolmentParams p;
  p.assisted_share = {-0.2, 0.0, 0.073, 0.3, 1.0, 1.7, 0.5};
  const EnrolmentModel m(p);
  PopulationByState pop = make_population();
  for (std::size_t c = 0; c < pop.size(); ++c) pop[c] = 100.0 + static_cast<double>(c % 37);
  const EnrolmentYear e = m.compute(pop, 2030, 400.0, 25000.0);
  int checked = 0;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a)
      for (int s = 0; s < kStates; ++s) {
        const std::size_t c = cell(sex, a, s);
        const double total = e.enrolled_general[c] + e.enrolled_assisted[c];
        const EnrolledByGroup g = split_by_group(total, p.assisted_share[enrolment_band(a)]);
        ASSERT_GT(total, 0.0);
        EXPECT_NEAR(e.enrolled_assisted[c], g.assisted, 1e-12 * total);
        EXPECT_NEAR(e.enrolled_general[c], g.general, 1e-12 * total);
        ++checked;
      }
  EXPECT_EQ(checked, kSexes * kAges * kStates);
}

}  // namespace
}  // namespace fundsim
