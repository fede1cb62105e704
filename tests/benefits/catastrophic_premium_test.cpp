// The catastrophic layer's premium year by year (benefits/catastrophic_premium.hpp) and the waiting
// period's split.
#include "benefits/catastrophic_premium.hpp"

#include <gtest/gtest.h>

namespace fundsim::benefits {
namespace {

CatastrophicFinancing schedule_financing() {
  CatastrophicFinancing f;
  f.mode = "premium";
  f.premium_per_enrollee_yuan.values = {{2023, 60}, {2025, 70}};
  f.experience_loading_share = 0.1;
  return f;
}

TEST(CatastrophicPremium, ScheduleRuleFollowsTheSchedule) {
  const CatastrophicFinancing f = schedule_financing();
  CatastrophicPremium p;
  for (int year = 2023; year <= 2027; ++year) {
    EXPECT_EQ(p.premium(year, f), f.premium_per_enrollee_yuan.at(year)) << year;
    p.fund_cost(year, 1000.0, 1e6, f);  // large claims: ignored by the schedule rule
  }
}

TEST(CatastrophicPremium, ExperienceRuleRatesOnLastYearsClaimsAndNeverFalls) {
  CatastrophicFinancing f = schedule_financing();
  f.premium_rule = "experience";
  CatastrophicPremium p;
  EXPECT_EQ(p.premium(2023, f), 60.0);  // first projected year: the schedule
  p.fund_cost(2023, 1000.0, 80'000.0, f);  // 80 per enrollee
  EXPECT_DOUBLE_EQ(p.premium(2024, f), 88.0);  // 80 x 1.1
  p.fund_cost(2024, 1000.0, 50'000.0, f);  // claims fall to 50: 55 < 88, the premium holds
  EXPECT_DOUBLE_EQ(p.premium(2025, f), 88.0);
  p.fund_cost(2025, 0.0, 0.0, f);  // no enrollees: 0 claims per enrollee, still never falling
  EXPECT_DOUBLE_EQ(p.premium(2026, f), 88.0);
}

TEST(CatastrophicPremium, FundCostIsTheAggregateLayersCost) {
  const CatastrophicFinancing f = schedule_financing();
  CatastrophicPremium p;
  const double cost = p.fund_cost(2025, 2000.0, 120'000.0, f);
  EXPECT_EQ(cost, catastrophic_fund_cost(false, 2000.0, 70.0, f.insurer_profit_cap_share, f.fund_loss_share, 120'000.0));
}

TEST(WaitingPeriod, SplitsClaimsBetweenFundAndMembers) {
  EXPECT_EQ(waiting_period(1.0).fund, 1.0);
  EXPECT_EQ(waiting_period(1.0).member, 0.0);
  EXPECT_EQ(waiting_period(0.9).fund + waiting_period(0.9).member, 1.0);
  EXPECT_EQ(waiting_period(1.7).fund, 1.0);   // clamped
  EXPECT_EQ(waiting_period(-0.2).fund, 0.0);  // clamped
}

}  // namespace
}  // namespace fundsim::benefits
