// Health -> costs -> decomposition on a toy projection 2022 -> 2035 (reference enrollees, base
// mortality, births at 40% of the 2020 age-0 cohort, fewer than deaths, no migration or enrolment change).
#include <gtest/gtest.h>

#include <cstdio>

#include "../health/fixtures.hpp"
#include "costs/cost_model.hpp"
#include "costs/decomposition.hpp"
#include "health/health_model.hpp"

namespace fundsim {
namespace {

TEST(Pipeline, ProjectionDecompositionSigns) {
  const std::vector<double> q = testing::base_q_2020();
  HealthModel health(HealthParams{}, q);
  CostModel costs(CostParams{}, health);
  PopulationByState pop = testing::census_2020();
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) pop[cell(sex, age, 0)] *= age < 18 ? 0.95 : age < 60 ? 0.60 : 0.72;
  const double births[kSexes] = {0.4 * pop[cell(0, 0, 0)], 0.4 * pop[cell(1, 0, 0)]};
  health.initialise(pop);
  const HealthPath hpath = health.neutral_path(2023, 2035);
  const CostPath cpath = costs.expected_path(2035);

  auto year_of = [&](int year) {
    const YearFactors f = costs.factors(year, cpath);
    YearFactors base_prices = f;
    base_prices.unit_cost.fill(1.0);
    std::vector<double> at_base(kCells), at_year(kCells);
    for (std::size_t c = 0; c < kCells; ++c) {
      at_base[c] = expected_cost(costs.cell_inputs(c, base_prices)).total();
      at_year[c] = expected_cost(costs.cell_inputs(c, f)).total();
    }
    return make_decomposition_year(pop, at_base, at_year);
  };
  const DecompositionYear y0 = year_of(2022);
  std::vector<double> qc(kCells);
  for (int year = 2023; year <= 2035; ++year) {
    health.transition(pop, year, hpath);
    health.state_death_probabilities(pop, q.data(), qc.data());
    PopulationByState next = make_population();
    for (int sex = 0; sex < kSexes; ++sex)
      for (int age = 0; age < kAges; ++age)
        for (int s = 0; s < kStates; ++s)
          next[cell(sex, std::min(age + 1, kMaxAge), s)] += pop[cell(sex, age, s)] * (1 - qc[cell(sex, age, s)]);
    for (int sex = 0; sex < kSexes; ++sex) next[cell(sex, 0, 0)] += births[sex];
    pop.swap(next);
  }
  const DecompositionYear yt = year_of(2035);
  const SpendingDecomposition d = decompose_spending(y0, yt);
  std::printf("gross spending 2022 %.0f -> 2035 %.0f 亿 yuan; population %+.0f ageing %+.0f prevalence %+.0f "
              "utilisation %+.0f unit cost %+.0f\n",
              d.total_0 * 1000 / 1e8, d.total_t * 1000 / 1e8, d.contribution[kPopulationSize] * 1000 / 1e8,
              d.contribution[kAgeing] * 1000 / 1e8, d.contribution[kPrevalence] * 1000 / 1e8,
              d.contribution[kUtilisation] * 1000 / 1e8, d.contribution[kUnitCost] * 1000 / 1e8);
  EXPECT_NEAR(d.sum(), d.change(), 1e-9 * d.change());
  EXPECT_LT(d.contribution[kPopulationSize], 0.0);  // fewer births than deaths
  EXPECT_GT(d.contribution[kAgeing], 0.0);          // the population ages
  EXPECT_GT(d.contribution[kUtilisation], 0.0);     // drift + post-COVID rebound
  EXPECT_GT(d.contribution[kUnitCost], 0.0);        // prices + excess trend
}

}  // namespace
}  // namespace fundsim
