// Contribution standards year by year (sim/fund/financing.hpp).
#include "fund/financing.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fundsim {
namespace {

// The subsidy's ratio rule with the individual standard growing 10% a year: the ratio
// subsidy / individual moves 1.75 -> 2.0 in four equal steps (own and other taken in the same year),
// then holds. Holding the other side constant (tests/scenario/schedule_test.cpp) cannot tell
// own(t-1) / other(t) from own(t-1) / other(t-1); a growing other side can.
TEST(Financing, RatioRuleMovesLinearlyWhenTheOtherSideGrows) {
  FinancingParams p;
  p.individual_contribution_yuan.values = {{2025, 400}};
  p.individual_contribution_yuan.after = Schedule::After::growth;
  p.individual_contribution_yuan.rate = 0.10;
  p.fiscal_subsidy_yuan.values = {{2025, 700}};
  p.fiscal_subsidy_yuan.after = Schedule::After::ratio;
  p.fiscal_subsidy_yuan.ratio = 2.0;
  p.fiscal_subsidy_yuan.years = 4;
  ContributionPath path(p);
  const double expected[] = {1.8125, 1.875, 1.9375, 2.0, 2.0, 2.0};
  for (int k = 0; k < 6; ++k) {
    const ContributionYear c = path.next(2026 + k, 0.0);
    EXPECT_NEAR(c.individual_yuan, 400.0 * std::pow(1.1, k + 1), 1e-9) << 2026 + k;
    EXPECT_NEAR(c.subsidy_yuan / c.individual_yuan, expected[k], 1e-12) << 2026 + k;
  }
}

// The same with the roles swapped: the individual standard follows a subsidy growing 10% a year,
// individual / subsidy 400/700 -> 0.5 over 2 years.
TEST(Financing, IndividualRatioToAGrowingSubsidy) {
  FinancingParams p;
  p.fiscal_subsidy_yuan.values = {{2025, 700}};
  p.fiscal_subsidy_yuan.after = Schedule::After::growth;
  p.fiscal_subsidy_yuan.rate = 0.10;
  p.individual_contribution_yuan.values = {{2025, 400}};
  p.individual_contribution_yuan.after = Schedule::After::ratio;
  p.individual_contribution_yuan.ratio = 0.5;
  p.individual_contribution_yuan.years = 2;
  ContributionPath path(p);
  const double r0 = 400.0 / 700.0;
  const double expected[] = {r0 + (0.5 - r0) / 2, 0.5, 0.5};
  for (int k = 0; k < 3; ++k) {
    const ContributionYear c = path.next(2026 + k, 0.0);
    EXPECT_NEAR(c.subsidy_yuan, 700.0 * std::pow(1.1, k + 1), 1e-9) << 2026 + k;
    EXPECT_NEAR(c.individual_yuan / c.subsidy_yuan, expected[k], 1e-12) << 2026 + k;
  }
}

}  // namespace
}  // namespace fundsim
