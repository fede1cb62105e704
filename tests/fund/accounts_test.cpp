#include "fund/accounts.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "fund/financing.hpp"

namespace fundsim {
namespace {

TEST(FundAccounts, BalanceIdentityToTheYuan) {
  // Money in whole yuan at national scale (hundreds of billions): the identity holds exactly.
  double balance = 753'413'000'000.0;
  const double contributions[] = {1'012'890'000'000.0, 1'050'000'000'000.0, 990'000'000'000.0};
  const double spending[] = {935'344'000'000.0, 1'100'000'000'000.0, 1'200'000'000'000.0};
  for (int t = 0; t < 3; ++t) {
    const FundYear y = fund_step(balance, contributions[t], spending[t], 0.015);
    EXPECT_EQ(y.balance_cumulative, balance + y.revenue_total - spending[t]);
    EXPECT_EQ(y.balance_current, y.revenue_total - spending[t]);
    EXPECT_EQ(y.revenue_total, contributions[t] + y.revenue_interest);
    EXPECT_NEAR(y.months_payable, y.balance_cumulative / (spending[t] / 12.0), 1e-12);
    balance = y.balance_cumulative;
  }
}

TEST(FundAccounts, InterestOnlyOnAPositiveOpeningBalance) {
  EXPECT_DOUBLE_EQ(fund_step(1000.0, 0.0, 0.0, 0.02).revenue_interest, 20.0);
  EXPECT_EQ(fund_step(-1000.0, 0.0, 0.0, 0.02).revenue_interest, 0.0);
}

TEST(FundAccounts, MonthsPayableIsFiniteWithoutSpending) {
  EXPECT_EQ(months_payable(5.0, 0.0), kMonthsPayableBound);
  EXPECT_EQ(months_payable(-5.0, 0.0), -kMonthsPayableBound);
  EXPECT_EQ(months_payable(0.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(months_payable(900.0, 1200.0), 9.0);  // 900 / (1200 / 12)
}

TEST(FundAccounts, InterestPathMeanReverts) {
  // AR(1) without noise: r_t = mean + (1 - reversion)^t (initial - mean).
  InterestParams p;
  p.mean_rate = 0.02;
  p.initial_rate = 0.04;
  p.reversion_per_year = 0.25;
  p.sigma = 0.0;
  Rng rng = make_rng(1, 0, Purpose::test);
  const auto r = sample_interest_path(p, rng, 5);
  for (int t = 0; t < 5; ++t) EXPECT_NEAR(r[t], 0.02 + std::pow(0.75, t) * 0.02, 1e-15);
}

TEST(Financing, RevenueSplitsAndHigherContributionRaisesRevenuePerEnrollee) {
  FinancingParams f;
  f.subsidy_top_up_share = 0.1;
  f.central_share_of_subsidy = 0.6;
  f.provincial_share_of_subsidy = 0.15;
  f.city_share_of_subsidy = 0.125;
  ContributionYear c{2025, 400, 700};
  const Revenue r = contribution_revenue(f, c, 1000.0, 70.0);
  EXPECT_DOUBLE_EQ(r.individual, 400'000.0);
  EXPECT_DOUBLE_EQ(r.assistance_paid, 28'000.0);
  EXPECT_DOUBLE_EQ(r.subsidy, 770'000.0);        // 700 x 1.1 x 1000
  EXPECT_DOUBLE_EQ(r.subsidy_central, 420'000.0);  // 60% of the floor
  EXPECT_NEAR(r.subsidy_central + r.subsidy_provincial + r.subsidy_city + r.subsidy_county, r.subsidy, 1e-9);
  ContributionYear higher = c;
  higher.individual_yuan = 450;
  EXPECT_GT(contribution_revenue(f, higher, 1000.0, 70.0).total(), r.total());
}

// Collection calendar (跨年征缴): with collection_lag_share s, fund year N books (1 - s) x the
// notice standard of N + s x that of N-1 (individual contributions only; subsidies follow their own
// year), and the schedule rules still run on the notice-year standards.
TEST(Financing, CollectionCalendarBlendsTheNoticeYears) {
  FinancingParams f;
  f.individual_contribution_yuan.values = {{2020, 280}, {2021, 320}, {2022, 350}};
  f.individual_contribution_yuan.after = Schedule::After::increment;
  f.individual_contribution_yuan.per_year = 20;
  f.fiscal_subsidy_yuan.values = {{2020, 550}, {2021, 580}, {2022, 610}};
  for (double s : {0.0, 0.25, 1.0}) {
    f.collection_lag_share = s;
    ContributionPath path(f);
    const double expect[][3] = {{2021, 320, 280}, {2022, 350, 320}, {2023, 370, 350}, {2024, 390, 370}};
    for (const auto& e : expect) {
      const ContributionYear c = path.next(static_cast<int>(e[0]), 20000.0);
      EXPECT_DOUBLE_EQ(c.notice_individual_yuan, e[1]) << s << " " << e[0];
      EXPECT_DOUBLE_EQ(c.individual_yuan, (1 - s) * e[1] + s * e[2]) << s << " " << e[0];
      EXPECT_DOUBLE_EQ(c.subsidy_yuan, f.fiscal_subsidy_yuan.at(static_cast<int>(e[0]))) << s << " " << e[0];
    }
  }
}

}  // namespace
}  // namespace fundsim
