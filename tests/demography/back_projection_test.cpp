// Reverse survival (demography/projection.hpp: back_project_one_year) and the one population step
// (DemographyModel::project_year with a death rule).
#include <gtest/gtest.h>

#include <cmath>

#include "demography/demography_model.hpp"
#include "demography/projection.hpp"

namespace fundsim {
namespace {

// q rising with age, the same for ages 99 and 100+ (so the split of 100+ is exact).
std::vector<double> rising_q() {
  std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      q[static_cast<std::size_t>(sex * kAges + age)] = std::min(0.5, 0.001 * std::exp(0.07 * std::min(age, 99)) + 0.0002 * sex);
  return q;
}

TEST(BackProjection, InvertsOneYearOfSurvivalAndAgeing) {
  // Forward: survival and ageing only (no births, no migration), state 0. Back: every age 0..98
  // returns to its value; 99 and 100+ together keep their survivors.
  PopulationByState start = make_population();
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) start[cell(sex, age, 0)] = 1000.0 + 37.0 * age + 5.0 * sex;
  const std::vector<double> q = rising_q();
  std::vector<double> qc(kCells);
  uniform_state_q(q.data(), qc.data());
  PopulationByState end = start;
  advance_one_year(end, qc.data(), Births{}, nullptr, 0.0);
  const PopulationByState back = back_project_one_year(end, q.data());
  for (int sex = 0; sex < kSexes; ++sex) {
    for (int age = 0; age <= kMaxAge - 2; ++age)
      EXPECT_NEAR(back[cell(sex, age, 0)], start[cell(sex, age, 0)], 1e-12 * start[cell(sex, age, 0)]) << sex << " " << age;
    const double old_start = start[cell(sex, kMaxAge - 1, 0)] + start[cell(sex, kMaxAge, 0)];
    const double old_back = back[cell(sex, kMaxAge - 1, 0)] + back[cell(sex, kMaxAge, 0)];
    EXPECT_NEAR(old_back, old_start, 1e-12 * old_start) << sex;
    for (int st = 1; st < kStates; ++st) EXPECT_EQ(back[cell(sex, 40, st)], 0.0);
  }
}

TEST(BackProjection, EmptyOpenGroupSplitsEvenlyAndStaysFinite) {
  const PopulationByState end = make_population();
  const std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges, 1.0);  // certain death
  for (double x : back_project_one_year(end, q.data())) EXPECT_TRUE(std::isfinite(x));
}

}  // namespace
}  // namespace fundsim
