#include "demography/enrolment.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "demography/demography_model.hpp"

namespace fundsim {
namespace {

// Base population spread over states with an age-rising chronic/severe mix (state s gets weight
// w_s(age)): enough to exercise selection without the health stage.
PopulationByState mixed_population() {
  const DemographyModel m{DemographyParams{}};
  PopulationByState pop = make_population();
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a) {
      const double chronic = std::min(0.6, a / 150.0), severe = std::min(0.15, a / 600.0);
      const double w[kStates] = {1.0 - chronic - severe, chronic * 0.6, chronic * 0.2,
                                 chronic * 0.2, severe * 0.5, severe * 0.2, severe * 0.1,
                                 severe * 0.2};
      for (int s = 0; s < kStates; ++s)
        pop[cell(sex, a, s)] = m.base_population()[sex * kAges + a] * w[s];
    }
  return pop;
}

double sum(const std::vector<double>& v) {
  double t = 0.0;
  for (double x : v) t += x;
  return t;
}

TEST(Enrolment, AccountingAddsUp) {
  const PopulationByState pop = mixed_population();
  const EnrolmentModel m(EnrolmentParams{}, &pop);
  const EnrolmentYear e = m.compute(pop, 2030, 500.0, 30000.0);
  const double enrolled = sum(e.enrolled_general) + sum(e.enrolled_assisted);
  EXPECT_NEAR(enrolled, e.enrolled_persons, 1e-6 * enrolled);
  EXPECT_NEAR(enrolled + e.employee_scheme_persons + e.not_enrolled_persons, sum(pop),
              1e-9 * sum(pop));
  // Assisted share 7.3% of enrollees in every band by default.
  EXPECT_NEAR(sum(e.enrolled_assisted) / enrolled, 0.073, 1e-9);
  for (double v : e.enrolled_general) ASSERT_GE(v, 0.0);
}

TEST(Enrolment, HigherBurdenNeverRaisesEnrolment) {
  // Property over a grid of burdens, elasticities and selection strengths, cell by cell.
  const PopulationByState pop = mixed_population();
  for (double elasticity : {0.0, 0.5, 3.51, 10.0})
    for (double strength : {0.0, 0.5, 1.0}) {
      EnrolmentParams p;
      p.optout_elasticity = elasticity;
      p.selection_strength = strength;
      const EnrolmentModel m(p, &pop);
      EnrolmentYear prev = m.compute(pop, 2025, 0.0, 20000.0);
      for (double contribution = 50.0; contribution <= 20000.0; contribution *= 1.5) {
        const EnrolmentYear e = m.compute(pop, 2025, contribution, 20000.0);
        ASSERT_LE(e.enrolled_persons, prev.enrolled_persons * (1.0 + 1e-12));
        for (std::size_t c = 0; c < kCells; ++c)
          ASSERT_LE(e.enrolled_general[c] + e.enrolled_assisted[c],
                    (prev.enrolled_general[c] + prev.enrolled_assisted[c]) * (1.0 + 1e-12) + 1e-9);
        ASSERT_TRUE(std::isfinite(e.enrolled_persons));
        prev = e;
      }
    }
  // Extreme but legal inputs stay finite: zero income, huge contribution.
  const EnrolmentModel m(EnrolmentParams{}, &pop);
  for (auto [c, y] : {std::pair{1e9, 1.0}, {100.0, 0.0}, {0.0, 0.0}}) {
    const EnrolmentYear e = m.compute(pop, 2025, c, y);
    EXPECT_TRUE(std::isfinite(e.enrolled_persons));
    EXPECT_GE(e.enrolled_persons, 0.0);
  }
}

// Share of enrollees (or of the population) in chronic/severe states.
double sick_share(const std::vector<double>& v) {
  double sick = 0.0, all = 0.0;
  for (std::size_t c = 0; c < kCells; ++c) {
    all += v[c];
    if (c % kStates != 0) sick += v[c];
  }
  return sick / all;
}

TEST(Enrolment, SelectionMakesEnrolleesSickerAndKeepsTheAverageOptOut) {
  const PopulationByState pop = mixed_population();
  EnrolmentParams p;
  p.selection_strength = 1.0;
  const EnrolmentModel with(p, &pop);
  p.selection_strength = 0.0;
  const EnrolmentModel without(p, &pop);
  // Burden twice the reference: opt-out 4% x 2^3.51 x multiplier, large enough to matter.
  const EnrolmentYear a = with.compute(pop, 2025, 2.0 * 280.0, 17131.0);
  const EnrolmentYear b = without.compute(pop, 2025, 2.0 * 280.0, 17131.0);
  std::vector<double> ea(kCells), eb(kCells);
  for (std::size_t c = 0; c < kCells; ++c) {
    ea[c] = a.enrolled_general[c] + a.enrolled_assisted[c];
    eb[c] = b.enrolled_general[c] + b.enrolled_assisted[c];
  }
  EXPECT_GT(sick_share(ea), sick_share(pop) + 1e-4);
  // Without selection, the enrolled mix of each (sex, age) equals the population mix, so only
  // the age composition moves the overall sick share: compare cell by cell instead.
  for (int a_ = 20; a_ < 90; a_ += 10)
    EXPECT_NEAR(eb[cell(kMale, a_, 1)] / eb[cell(kMale, a_, 0)],
                pop[cell(kMale, a_, 1)] / pop[cell(kMale, a_, 0)], 1e-12);
  // Normalisation: at the base mix the cell-average opt-out (hence total enrolment) is unchanged.
  EXPECT_NEAR(a.enrolled_persons, b.enrolled_persons, 1e-9 * b.enrolled_persons);
  EXPECT_NEAR(a.optout_persons, b.optout_persons, 1e-6 * b.optout_persons);
}

TEST(Enrolment, OptOutFollowsThePowerLawUpToItsCap) {
  const EnrolmentParams p;
  const EnrolmentModel m(p);
  const int band = 2;  // 25-34, multiplier 1.5
  const double base = p.optout_base_share * p.optout_age_multiplier[band];
  EXPECT_NEAR(m.optout_share(band, p.burden_reference), base, 1e-15);
  EXPECT_NEAR(m.optout_share(band, 1.2 * p.burden_reference),
              base * std::pow(1.2, p.optout_elasticity), 1e-15);
  EXPECT_EQ(m.optout_share(band, 1e6), p.optout_max_share);
}

// The saturating response (issue 14): x(r) = M q r^e / (M + q (r^e - 1)). Equal to q at the
// reference burden, to the power law to first order near it (slope e q at r = 1, since
// dx/dr = M q e r^(e-1) (M - q) / (M + q (r^e - 1))^2 = e q (M - q) / M -> e q for q << M),
// non-decreasing, never above M (some never leave), M in the limit, 0 at no burden.
TEST(Enrolment, SaturatingOptOutIsBoundedMonotoneAndThroughTheReference) {
  EnrolmentParams p;
  p.optout_response = "saturating";
  p.optout_max_share = 0.15;
  const EnrolmentModel m(p);
  const int band = 2;
  const double q = p.optout_base_share * p.optout_age_multiplier[band], M = p.optout_max_share;
  EXPECT_NEAR(m.optout_share(band, p.burden_reference), q, 1e-15);
  const double h = 1e-6, r0 = p.burden_reference;
  const double slope = (m.optout_share(band, r0 * (1 + h)) - m.optout_share(band, r0 * (1 - h))) / (2 * h);
  EXPECT_NEAR(slope, p.optout_elasticity * q * (M - q) / M, 1e-6);
  double last = -1.0;
  for (double r = 0.0; r <= 20.0; r += 0.05) {
    const double x = m.optout_share(band, r * r0);
    EXPECT_GE(x, last) << r;
    EXPECT_LE(x, M) << r;
    last = x;
  }
  EXPECT_EQ(m.optout_share(band, 0.0), 0.0);
  EXPECT_NEAR(m.optout_share(band, 1e6), M, 1e-9);
  // Below the power curve above the reference (bounded response), above it never.
  const EnrolmentModel power{EnrolmentParams{}};
  for (double r : {1.2, 2.0, 3.0}) EXPECT_LT(m.optout_share(band, r * r0), power.optout_share(band, r * r0)) << r;
}

TEST(Enrolment, EmployeeShareConvergesToTheCeiling) {
  const EnrolmentParams p;
  const EnrolmentModel m(p);
  // share(t) = ceiling - (ceiling - base)(1 - c)^(t - 2020); 10 years for band 25-34.
  const double expect =
      p.employee_ceiling_share[2] - (p.employee_ceiling_share[2] - p.employee_base_share[2]) *
                                        std::pow(1.0 - p.employee_convergence_per_year, 10);
  EXPECT_NEAR(m.employee_share(30, 2030), expect, 1e-15);
  EXPECT_EQ(m.employee_share(5, 2030), 0.0);  // no children in UEBMI
  EXPECT_NEAR(m.employee_share(30, 3000), p.employee_ceiling_share[2], 1e-6);
}

TEST(Enrolment, WaitingPeriodExposure) {
  EnrolmentParams p;
  const EnrolmentModel m(p);
  EXPECT_EQ(m.exposure_factor(2024), 1.0);
  // 2025: 1% re-entrants wait 3 + 1 x 2 = 5 months: exposure 1 - 0.01 x 5/12.
  EXPECT_NEAR(m.exposure_factor(2025), 1.0 - 0.01 * 5.0 / 12.0, 1e-15);
  p.mean_gap_years = 40.0;  // capped at 12 months
  EXPECT_NEAR(EnrolmentModel(p).exposure_factor(2030), 1.0 - 0.01, 1e-15);
  p.waiting_period_enabled = false;
  EXPECT_EQ(EnrolmentModel(p).exposure_factor(2030), 1.0);
}

}  // namespace
}  // namespace fundsim
