#include "demography/projection.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "demography/demography_model.hpp"
#include "demography/life_table.hpp"

namespace fundsim {
namespace {

// A population with distinct values in every cell: 1 + cell index (so any misplacement shows).
PopulationByState distinct_population() {
  PopulationByState p = make_population();
  for (std::size_t i = 0; i < kCells; ++i) p[i] = 1.0 + static_cast<double>(i);
  return p;
}

TEST(Projection, NoEventsAgesEveryCohortByOneYear) {
  const PopulationByState before = distinct_population();
  PopulationByState pop = before;
  const std::vector<double> q(kCells, 0.0);
  advance_one_year(pop, q.data(), Births{}, nullptr, 0.85);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int s = 0; s < kStates; ++s) {
      EXPECT_EQ(pop[cell(sex, 0, s)], 0.0);
      for (int a = 1; a < kMaxAge; ++a)
        EXPECT_EQ(pop[cell(sex, a, s)], before[cell(sex, a - 1, s)]) << sex << " " << a << " " << s;
      EXPECT_EQ(pop[cell(sex, kMaxAge, s)],
                before[cell(sex, kMaxAge, s)] + before[cell(sex, kMaxAge - 1, s)]);
    }
}

TEST(Projection, DeathsOnlyFollowLifeTableSurvival) {
  const DemographyModel m{DemographyParams{}};
  const DemographyPath path = m.mean_path(2020, 2020);
  std::vector<double> q(kSexes * kAges), qc(kCells);
  m.death_probabilities(path, 2020, q.data());
  uniform_state_q(q.data(), qc.data());
  const PopulationByState before = distinct_population();
  PopulationByState pop = before;
  advance_one_year(pop, qc.data(), Births{}, nullptr, 0.85);
  for (int sex = 0; sex < kSexes; ++sex) {
    const LifeTable lt = life_table_from_q(q.data() + sex * kAges);
    for (int s = 0; s < kStates; ++s)
      for (int a = 1; a < kMaxAge; ++a) {
        const double ratio = pop[cell(sex, a, s)] / before[cell(sex, a - 1, s)];
        EXPECT_NEAR(ratio, lt.l[a] / lt.l[a - 1], 1e-13);
      }
  }
}

TEST(Projection, NewbornsEnterStateZeroWithSeparatedInfantDeaths) {
  PopulationByState pop = make_population();
  std::vector<double> qc(kCells, 0.0);
  qc[cell(kMale, 0, 0)] = 0.006;
  qc[cell(kFemale, 0, 0)] = 0.005;
  advance_one_year(pop, qc.data(), Births{1000.0, 900.0}, nullptr, 0.85);
  // newborns = births x (1 - 0.85 q0): 1000 (1 - 0.0051) = 994.9; 900 (1 - 0.00425) = 896.175.
  EXPECT_NEAR(pop[cell(kMale, 0, 0)], 994.9, 1e-9);
  EXPECT_NEAR(pop[cell(kFemale, 0, 0)], 896.175, 1e-9);
  for (int s = 1; s < kStates; ++s) EXPECT_EQ(pop[cell(kMale, 0, s)], 0.0);
}

TEST(Projection, MigrantsSpreadInProportionAndNeverGoNegative) {
  PopulationByState pop = make_population();
  // After ageing, (female, 31) holds 100 in state 0 and 300 in state 3 (from age 30).
  pop[cell(kFemale, 30, 0)] = 100.0;
  pop[cell(kFemale, 30, 3)] = 300.0;
  pop[cell(kMale, 40, 1)] = 50.0;  // -> (male, 41)
  std::vector<double> mig(kSexes * kAges, 0.0);
  mig[kFemale * kAges + 31] = 40.0;   // +10% of the cell
  mig[kMale * kAges + 41] = -80.0;    // more than the cell holds: cell emptied, not negative
  mig[kMale * kAges + 10] = 7.0;      // empty cell: all to state 0
  const std::vector<double> q(kCells, 0.0);
  advance_one_year(pop, q.data(), Births{}, mig.data(), 0.85);
  EXPECT_NEAR(pop[cell(kFemale, 31, 0)], 110.0, 1e-12);
  EXPECT_NEAR(pop[cell(kFemale, 31, 3)], 330.0, 1e-12);
  EXPECT_EQ(pop[cell(kMale, 41, 1)], 0.0);
  EXPECT_EQ(pop[cell(kMale, 10, 0)], 7.0);
}

TEST(Projection, DeterministicRunAndTiming) {
  // The base population projected on the mean path. Totals are printed for the report; the test
  // checks the accounting identity P(t+1) = P(t) - deaths + surviving newborns (no migration).
  const DemographyModel m{DemographyParams{}};
  const DemographyPath path = m.mean_path(2021, 2050);
  PopulationByState pop = m.base_population_by_state();
  auto total = [](const PopulationByState& p) {
    double t = 0.0;
    for (double v : p) t += v;
    return t;
  };
  std::printf("population (million) 2020: %.1f\n", total(pop) / 1e6);
  std::vector<double> q(kSexes * kAges), qc(kCells);
  for (int y = 2021; y <= 2050; ++y) {
    m.death_probabilities(path, y, q.data());
    uniform_state_q(q.data(), qc.data());
    double deaths = 0.0;
    for (std::size_t i = 0; i < kCells; ++i) deaths += pop[i] * qc[i];
    const Births b = m.births(pop, path, y);
    const double newborns = b.male * (1.0 - m.infant_separation_share() * qc[cell(kMale, 0, 0)]) +
                            b.female * (1.0 - m.infant_separation_share() * qc[cell(kFemale, 0, 0)]);
    const double before = total(pop);
    m.project_year(pop, path, y);
    EXPECT_NEAR(total(pop), before - deaths + newborns, 1e-6 * before);
    if (y == 2021 || y == 2022 || y == 2030 || y == 2035 || y == 2050)
      std::printf("%d: population %.1f million, births %.2f million, deaths %.2f million\n", y,
                  total(pop) / 1e6, (b.male + b.female) / 1e6, deaths / 1e6);
  }
}

}  // namespace
}  // namespace fundsim
