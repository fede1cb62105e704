// The population step shared by the history years and the projection (engine/cell_model.hpp:
// advance_population) is the sequence it replaced, bit for bit: health transitions, q of the year,
// deaths split over states, births, migration, ageing.
#include <gtest/gtest.h>

#include "engine/cell_model.hpp"
#include "scenario/loader.hpp"

namespace fundsim {
namespace {

TEST(PopulationStep, EqualsTheStepsItComposes) {
  const LoadedScenario s = load_scenario("tests/scenarios/valid/small-cell.yaml", {"run.parameter_draws_file=\"\""});
  const DemographyModel dem(s.scenario.demography);
  const int y0 = dem.base_year() + 1;
  const DemographyPath dp = dem.mean_path(y0, y0 + 3);
  std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges);
  dem.death_probabilities(dp, y0, q.data());
  HealthModel health(s.scenario.health, q);
  const HealthPath hp = health.neutral_path(y0, y0 + 3);
  PopulationByState a = dem.base_population_by_state();
  health.initialise(a);
  PopulationByState b = a;
  DemographyModel::YearScratch scratch;
  for (int year = y0; year <= y0 + 3; ++year) {
    advance_population(dem, health, a, year, dp, hp, scratch);
    // The sequence written out.
    std::vector<double> qq(static_cast<std::size_t>(kSexes) * kAges), qc(kCells), mig(static_cast<std::size_t>(kSexes) * kAges);
    health.transition(b, year, hp);
    dem.death_probabilities(dp, year, qq.data());
    health.state_death_probabilities(b, qq.data(), qc.data());
    const Births births = dem.births(b, dp, year);
    dem.migrants(dp, year, mig.data());
    advance_one_year(b, qc.data(), births, mig.data(), dem.infant_separation_share());
    ASSERT_EQ(a, b) << year;
    ASSERT_EQ(scratch.q, qq) << year;
  }
}

}  // namespace
}  // namespace fundsim
