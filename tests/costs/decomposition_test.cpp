#include "costs/decomposition.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "random/streams.hpp"
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

DecompositionYear uniform_year(double persons_per_cell, double u, double c) {
  DecompositionYear y;
  y.persons.assign(kCells, persons_per_cell);
  y.utilisation.assign(kCells, u);
  y.unit_cost.assign(kCells, c);
  return y;
}

// Closed form with two factors: N 100 -> 120, c 1 -> 1.5, u = 2, same structure.
// total_0 = 100 x 2 = 200, total_t = 120 x 2 x 1.5 = 360. Shapley:
//   population = [(240 - 200) + (360 - 300)] / 2 = 50, unit cost = [(300 - 200) + (360 - 240)] / 2 = 110;
// sequential (population first): 40 and 120.
TEST(Decomposition, TwoFactorClosedForm) {
  const DecompositionYear y0 = uniform_year(100.0 / kCells, 2.0, 1.0), yt = uniform_year(120.0 / kCells, 2.0, 1.5);
  const SpendingDecomposition d = decompose_spending(y0, yt);
  EXPECT_NEAR(d.total_0, 200.0, 1e-9);
  EXPECT_NEAR(d.total_t, 360.0, 1e-9);
  EXPECT_NEAR(d.contribution[kPopulationSize], 50.0, 1e-9);
  EXPECT_NEAR(d.contribution[kUnitCost], 110.0, 1e-9);
  for (int j : {kAgeing, kPrevalence, kUtilisation}) EXPECT_NEAR(d.contribution[j], 0.0, 1e-9);
  const SpendingDecomposition s =
      decompose_spending_sequential(y0, yt, {kPopulationSize, kAgeing, kPrevalence, kUtilisation, kUnitCost});
  EXPECT_NEAR(s.contribution[kPopulationSize], 40.0, 1e-9);
  EXPECT_NEAR(s.contribution[kUnitCost], 120.0, 1e-9);
}

DecompositionYear random_year(Rng& rng, double scale) {
  DecompositionYear y;
  y.persons.resize(kCells);
  y.utilisation.resize(kCells);
  y.unit_cost.resize(kCells);
  for (std::size_t i = 0; i < kCells; ++i) {
    y.persons[i] = scale * static_cast<double>(rng() % 10000);
    y.utilisation[i] = 1.0 + static_cast<double>(rng() % 5000);
    y.unit_cost[i] = 0.5 + static_cast<double>(rng() % 1000) / 500.0;
  }
  // An age-sex group empty in this year only.
  for (int s = 0; s < kStates; ++s) y.persons[cell(1, 99, s)] = scale > 1 ? 0.0 : y.persons[cell(1, 99, s)];
  return y;
}

// Contributions add up to the total change (Shapley and any sequential order), and swapping the
// years negates every Shapley contribution (symmetry of the Shapley value).
TEST(Decomposition, AddsUpExactlyAndIsAntisymmetric) {
  Rng rng = make_rng(5, 0, Purpose::test);
  for (int rep = 0; rep < 5; ++rep) {
    const DecompositionYear y0 = random_year(rng, 1.0), yt = random_year(rng, 1.3);
    const SpendingDecomposition d = decompose_spending(y0, yt);
    EXPECT_NEAR(d.sum(), d.change(), 1e-9 * std::abs(d.change()));
    double direct0 = 0, directt = 0;
    for (std::size_t i = 0; i < kCells; ++i) {
      direct0 += y0.persons[i] * y0.utilisation[i] * y0.unit_cost[i];
      directt += yt.persons[i] * yt.utilisation[i] * yt.unit_cost[i];
    }
    EXPECT_NEAR(d.total_0, direct0, 1e-9 * direct0);
    EXPECT_NEAR(d.total_t, directt, 1e-9 * directt);
    const SpendingDecomposition r = decompose_spending(yt, y0);
    for (int j = 0; j < kDriverFactors; ++j)
      EXPECT_NEAR(r.contribution[j], -d.contribution[j], 1e-9 * std::abs(d.change()));
    const SpendingDecomposition s =
        decompose_spending_sequential(y0, yt, {kUnitCost, kPrevalence, kPopulationSize, kUtilisation, kAgeing});
    EXPECT_NEAR(s.sum(), s.change(), 1e-9 * std::abs(s.change()));
  }
}

// Dummy property: a factor that does not change gets exactly 0; a pure ageing change (age-sex
// structure only) and a pure prevalence change (state mix only) are attributed entirely.
TEST(Decomposition, PureAgeingAndPurePrevalence) {
  Rng rng = make_rng(6, 0, Purpose::test);
  const DecompositionYear y0 = random_year(rng, 1.0);
  DecompositionYear aged = y0;  // double everyone aged 60+, then rescale to the same N
  double n0 = 0, n1 = 0;
  for (double x : y0.persons) n0 += x;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 60; age < kAges; ++age)
      for (int s = 0; s < kStates; ++s) aged.persons[cell(sex, age, s)] *= 2;
  for (double x : aged.persons) n1 += x;
  for (double& x : aged.persons) x *= n0 / n1;
  const SpendingDecomposition a = decompose_spending(y0, aged);
  EXPECT_NEAR(a.contribution[kAgeing], a.change(), 1e-9 * std::abs(a.change()));
  for (int j : {kPopulationSize, kPrevalence, kUtilisation, kUnitCost}) EXPECT_NEAR(a.contribution[j], 0.0, 1e-12 * a.total_0);  // rounding of the N rescale

  DecompositionYear sicker = y0;  // within each group move half of state 0 to state 3, same totals
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const double move = 0.5 * sicker.persons[cell(sex, age, 0)];
      sicker.persons[cell(sex, age, 0)] -= move;
      sicker.persons[cell(sex, age, 3)] += move;
    }
  const SpendingDecomposition p = decompose_spending(y0, sicker);
  EXPECT_NEAR(p.contribution[kPrevalence], p.change(), 1e-9 * std::abs(p.change()));
  for (int j : {kPopulationSize, kAgeing, kUtilisation, kUnitCost}) EXPECT_NEAR(p.contribution[j], 0.0, 1e-12 * p.total_0);
}

TEST(Decomposition, RejectsBadInput) {
  DecompositionYear y = uniform_year(1.0, 1.0, 1.0), bad = y;
  bad.persons.resize(kCells - 1);
  EXPECT_THROW(decompose_spending(y, bad), InputError);
  EXPECT_THROW(decompose_spending_sequential(y, y, {0, 0, 1, 2, 3}), InputError);
}

}  // namespace
}  // namespace fundsim
