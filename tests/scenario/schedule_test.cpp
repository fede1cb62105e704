#include "scenario/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fundsim {
namespace {

Schedule legislated() {
  Schedule s;
  s.values = {{2023, 380}, {2024, 400}, {2026, 430}};
  return s;
}

TEST(Schedule, HoldsEachValueUntilTheNextEntry) {
  const Schedule s = legislated();
  EXPECT_EQ(s.at(2020), 380);  // before the first entry: the first value
  EXPECT_EQ(s.at(2023), 380);
  EXPECT_EQ(s.at(2024), 400);
  EXPECT_EQ(s.at(2025), 400);  // held
  EXPECT_EQ(s.at(2026), 430);
  EXPECT_EQ(s.at(2040), 430);  // flat after the last entry by default
}

TEST(Schedule, FixedIncrementAfterTheLastEntry) {
  Schedule s = legislated();
  s.after = Schedule::After::increment;
  s.per_year = 30;
  EXPECT_EQ(s.at(2026), 430);
  EXPECT_EQ(s.at(2027), 460);  // 430 + 30
  EXPECT_EQ(s.at(2030), 550);  // 430 + 4 x 30
}

TEST(Schedule, GrowthRateCompounds) {
  Schedule s = legislated();
  s.after = Schedule::After::growth;
  s.rate = 0.05;
  EXPECT_DOUBLE_EQ(s.at(2027), 430 * 1.05);
  EXPECT_NEAR(s.at(2036), 430 * std::pow(1.05, 10), 1e-9);  // 10 years of 5%
}

TEST(Schedule, IndexedRuleUsesTheDriver) {
  Schedule s = legislated();
  s.after = Schedule::After::indexed;
  s.share = 0.02;
  EXPECT_TRUE(s.needs_context(2027));
  EXPECT_FALSE(s.needs_context(2026));
  EXPECT_DOUBLE_EQ(s.at_with(2027, 25000.0, 0.0, 0.0, 430.0), 500.0);  // 2% of 25,000
  EXPECT_EQ(s.at_with(2025, 25000.0, 0.0, 0.0, 400.0), 400);           // legislated year: the schedule
  EXPECT_THROW(s.at(2027), std::logic_error);
}

TEST(Schedule, RatioRuleReachesTheTargetLinearly) {
  // Own 700 at the last entry; other = 400 throughout; target ratio 2.0 over 4 years: the ratio
  // moves 1.75 -> 2.0 in four equal steps of 0.0625.
  Schedule s;
  s.values = {{2025, 700}};
  s.after = Schedule::After::ratio;
  s.ratio = 2.0;
  s.years = 4;
  double own = 700;
  const double expected[] = {1.8125, 1.875, 1.9375, 2.0, 2.0};
  for (int k = 0; k < 5; ++k) {
    own = s.at_with(2026 + k, 0.0, 400.0, 400.0, own);
    EXPECT_NEAR(own / 400.0, expected[k], 1e-12) << "year " << 2026 + k;
  }
}

}  // namespace
}  // namespace fundsim
