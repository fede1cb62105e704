// Shared fixture for the benefits tests: simple round rules so that every case can be worked by hand.
#pragma once

#include <cmath>
#include <numbers>
#include <random>

#include "benefits/benefit_params.hpp"

namespace fundsim::benefits::testing {

// compliant share 0.8; inpatient deductibles 100 / 500 / 1,000 and ratios 0.9 / 0.8 / 0.6; cap 50,000;
// outpatient 100 / 0.5 / 300; chronic 200 / 0.7 / 5,000; 两病 0 / 0.5 / 300 / 480 / both 600;
// catastrophic deductible 0.5 x income (income 20,000 -> 10,000), tiers 0: 0.6, 30,000: 0.7,
// 60,000: 0.8, cap 100,000, assisted x0.5 / +0.05 / uncapped; assistance 0.7 up to 20,000.
inline BenefitRules hand_rules() {
  BenefitRules b;
  b.inpatient.compliant_share = Schedule::constant(0.8);
  b.inpatient.primary = {Schedule::constant(100), Schedule::constant(0.9)};
  b.inpatient.secondary = {Schedule::constant(500), Schedule::constant(0.8)};
  b.inpatient.tertiary = {Schedule::constant(1000), Schedule::constant(0.6)};
  b.inpatient.annual_cap_yuan = Schedule::constant(50000);
  b.outpatient = {Schedule::constant(100), Schedule::constant(0.5), Schedule::constant(300)};
  b.chronic_special = {Schedule::constant(200), Schedule::constant(0.7), Schedule::constant(5000)};
  b.two_diseases.deductible_yuan = Schedule::constant(0);
  b.two_diseases.ratio_share = Schedule::constant(0.5);
  b.two_diseases.cap_hypertension_yuan = Schedule::constant(300);
  b.two_diseases.cap_diabetes_yuan = Schedule::constant(480);
  b.two_diseases.cap_both_yuan = Schedule::constant(600);
  b.catastrophic.deductible_basis = "income_share";
  b.catastrophic.deductible_income_share = Schedule::constant(0.5);
  b.catastrophic.tiers = {{Schedule::constant(0), Schedule::constant(0.6)},
                          {Schedule::constant(30000), Schedule::constant(0.7)},
                          {Schedule::constant(60000), Schedule::constant(0.8)}};
  b.catastrophic.capped = true;
  b.catastrophic.cap_yuan = Schedule::constant(100000);
  b.assistance.share_of_remaining = Schedule::constant(0.7);
  b.assistance.annual_limit_yuan = Schedule::constant(20000);
  return b;
}

inline YearRules hand_year(double income = 20000) { return resolve(hand_rules(), 2025, income); }

// Simpson's rule for E[f(X)], X ~ LogNormal(mu, sigma), on z = ln x over mu +- 14 sigma with
// `panels` panels (even): calls visit(x, w) at every node with its weight w (Simpson weight x the
// normal density of z), so that the sum of w f(x) approximates E[f(X)]. The integrands of the
// benefits tests have kinks, so Simpson converges slowly: 200,000 panels give about 1e-6.
template <class Visit>
void simpson_lognormal(double mu, double sigma, int panels, Visit&& visit) {
  const double a = mu - 14 * sigma, b = mu + 14 * sigma, h = (b - a) / panels;
  for (int i = 0; i <= panels; ++i) {
    const double z = a + i * h;
    const double w = ((i == 0 || i == panels) ? 1 : (i % 2 ? 4 : 2)) * h / 3 *
                     std::exp(-0.5 * std::pow((z - mu) / sigma, 2)) / (sigma * std::sqrt(2 * std::numbers::pi));
    visit(std::exp(z), w);
  }
}

// A random rule set that moves every kink of the inpatient and catastrophic tiers (the ranges the
// aggregate tests cover); `assisted_cap` also draws whether assisted groups are uncapped.
template <class Rng>
void randomise_rules(YearRules& y, Rng& rng, bool assisted_cap) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  y.compliant_share = 0.5 + 0.5 * u(rng);
  for (int l = 0; l < kLevels; ++l) {
    y.inpatient_deductible_yuan[l] = 3000 * u(rng);
    y.inpatient_ratio[l] = u(rng);
  }
  y.inpatient_cap_yuan = u(rng) < 0.2 ? INFINITY : 5000 + 300000 * u(rng);
  y.catastrophic.deductible_yuan = 40000 * u(rng);
  y.catastrophic.from_yuan[1] = 10000 + 50000 * u(rng);
  y.catastrophic.from_yuan[2] = y.catastrophic.from_yuan[1] + 100000 * u(rng);
  for (int k = 0; k < 3; ++k) y.catastrophic.ratio[k] = u(rng);
  y.catastrophic.cap_yuan = u(rng) < 0.3 ? INFINITY : 200000 * u(rng);
  if (assisted_cap) y.catastrophic.assisted_uncapped = u(rng) < 0.5;
  y.assistance_share = u(rng);
  y.assistance_limit_yuan = u(rng) < 0.2 ? INFINITY : 30000 * u(rng);
}

}  // namespace fundsim::benefits::testing
