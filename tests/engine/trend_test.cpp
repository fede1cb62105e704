// The aggregate trend engine (sim/engine/trend_model.hpp).
#include "engine/trend_model.hpp"

#include <gtest/gtest.h>

#include "demography/income.hpp"
#include "scenario/loader.hpp"

namespace fundsim {
namespace {

// An individual contribution indexed to rural income: the trend engine must pass the sampled rural
// income path (the cell engine's, same stream) to the contribution path, not 0 (issue 22: indexed
// contributions became 0 after the legislated years).
TEST(TrendModel, IndexedContributionFollowsRuralIncome) {
  const LoadedScenario s = load_scenario(
      "tests/scenarios/valid/small-trend.yaml",
      {"financing.individual_contribution_yuan={values: {2025: 400}, after: {rule: indexed, share: 0.02}}",
       "run.parameter_uncertainty=false", "run.end_year=2032"});
  const TrendModel model(s.scenario);
  std::vector<double> buf(static_cast<std::size_t>(model.years()) * kMetricCount);
  DrawTable t(buf.data(), model.years());
  const std::uint64_t seed = 7;
  const std::int64_t draw = 3;
  model.project(seed, draw, t);

  Rng rng = make_rng(seed, static_cast<std::uint64_t>(draw), Purpose::income);
  const IncomePath income = IncomeModel(s.scenario.demography.income)
                                .sample_income_path(rng, s.scenario.run.jump_off_year, s.scenario.run.end_year);
  int checked = 0;
  for (int y = 0; y < model.years(); ++y) {
    const int year = model.first_year() + y;
    if (year <= 2025) {  // the legislated years: the schedule
      EXPECT_EQ(t.at(y, m_individual_contribution), s.scenario.financing.individual_contribution_yuan.at(year)) << year;
      continue;
    }
    EXPECT_GT(t.at(y, m_individual_contribution), 0.0) << year;
    EXPECT_NEAR(t.at(y, m_individual_contribution), 0.02 * income.rural(year), 1e-9 * income.rural(year)) << year;
    EXPECT_NEAR(t.at(y, m_revenue_individual), t.at(y, m_enrollees) * 0.02 * income.rural(year),
                1e-9 * t.at(y, m_revenue_individual))
        << year;
    ++checked;
  }
  EXPECT_EQ(checked, 2032 - 2025);
}

}  // namespace
}  // namespace fundsim
