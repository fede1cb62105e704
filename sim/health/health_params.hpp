// Parameters of the chronic-disease state model (hypertension, diabetes, severe condition).
//
// Sources are in calibration/data/health/ (labels V = verified, U = recalled/unverified as there);
// derivations of the multipliers are in calibration/health/README.md and tests/health/.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

namespace health_detail {
inline Schedule growth_from(int year, double value, double rate) {
  Schedule s;
  s.values[year] = value;
  s.after = Schedule::After::growth;
  s.rate = rate;
  return s;
}
}  // namespace health_detail

struct HealthParams {
  int base_year = 2022;

  // --- base-year prevalence -------------------------------------------------------------------
  // Age groups 18-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+ (hypertension_by_age_approx.csv).
  std::vector<double> hypertension_group_prevalence_share = {0.04, 0.06, 0.15, 0.30, 0.45, 0.56, 0.60};
  double hypertension_prevalence_multiplier = 0.935;
  double hypertension_male_excess_young_share = 0.15;
  double hypertension_male_excess_old_share = -0.05;
  // Age groups 18-29, 30-39, 40-49, 50-59, 60-69, 70+.
  std::vector<double> diabetes_group_prevalence_share = {0.03, 0.06, 0.11, 0.17, 0.24, 0.27};
  double diabetes_prevalence_multiplier = 1.0;
  double diabetes_male_excess_share = 0.05;
  double hypertension_diabetes_odds_ratio = 2.5;
  double severe_prevalence_at_20_share = 0.004;
  double severe_prevalence_growth_per_year_of_age = 0.055;

  // --- incidence, remission ---------------------------------------------------------------------
  double severe_incidence_rr_hypertension = 1.8;
  double severe_incidence_rr_diabetes = 1.8;
  double severe_remission_per_year = 0.10;
  Schedule hypertension_incidence_multiplier = Schedule::constant(1.0);
  Schedule diabetes_incidence_multiplier = health_detail::growth_from(2022, 1.0, 0.01);
  Schedule severe_incidence_multiplier = Schedule::constant(1.0);
  double incidence_trend_volatility_per_year = 0.01;

  // --- excess mortality -------------------------------------------------------------------------
  double death_rr_hypertension = 1.3;
  double death_rr_diabetes = 1.8;
  double death_rr_severe = 3.0;

  // --- awareness x treatment --------------------------------------------------------------------
  int treatment_reference_year = 2018;
  double hypertension_treated_share_reference = 0.346;
  double hypertension_treated_gain_per_year = 0.0062;
  double diabetes_treated_share_reference = 0.329;
  double diabetes_treated_gain_per_year = 0.004;
  double treated_ceiling_share = 0.70;

  template <class V>
  void visit(V& v) {
    v("base_year", base_year,
      Meta{.unit = "year", .doc = "jump-off year whose prevalence the base profile describes",
           .source = "fund series end in 2022 (calibration/data/fund)", .min = 2000, .max = 2100});
    v("hypertension_group_prevalence_share", hypertension_group_prevalence_share,
      Meta{.unit = "share",
           .doc = "hypertension prevalence at ages 18-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+ "
                  "(age gradient; interpolated linearly between group mid-ages, ramp from 0 at age 10)",
           .source = "calibration/data/health/hypertension_by_age_approx.csv (U, China Hypertension "
                     "Survey 2012-15 gradient)",
           .min = 0, .max = 1, .length = 7});
    v("hypertension_prevalence_multiplier", hypertension_prevalence_multiplier,
      Meta{.unit = "ratio",
           .doc = "scales the gradient so that adult (18+) prevalence is 0.25 in 2022 (between "
                  "0.232 in 2012-15 and 0.278 in 2013-14)",
           .source = "derived: tests/health/prevalence_test.cpp weights the profile with the 2020 "
                     "census 18+ structure: the raw gradient gives 0.267, x 0.935 = 0.250",
           .min = 0, .max = 1.6});
    v("hypertension_male_excess_young_share", hypertension_male_excess_young_share,
      Meta{.unit = "share",
           .doc = "male prevalence = p x (1 + d), female = p x (1 - d), d at ages <= 55 (men above "
                  "women below 60); d moves linearly to the old value between 55 and 65",
           .source = "README: men exceed women below 60; survey crude 24.5% vs 21.9% (U)",
           .min = -0.9, .max = 0.9});
    v("hypertension_male_excess_old_share", hypertension_male_excess_old_share,
      Meta{.unit = "share", .doc = "d at ages >= 65 (women slightly above men at old ages)",
           .source = "assumption (common finding in Chinese surveys, U)", .min = -0.9, .max = 0.9});
    v("diabetes_group_prevalence_share", diabetes_group_prevalence_share,
      Meta{.unit = "share",
           .doc = "diabetes prevalence at ages 18-29, 30-39, 40-49, 50-59, 60-69, 70+ (interpolated "
                  "between mid-ages, ramp from 0 at age 10)",
           .source = "assumption shaped to README (60+ roughly 20-30%, U) and scaled to adult 0.124 "
                     "in 2018 (Wang JAMA 2021, V); gives 0.131 on 2020 census adults, i.e. 2022 "
                     "target 0.13 = 0.124 + 1.5 points/decade drift (half the 2013-18 pace)",
           .min = 0, .max = 1, .length = 6});
    v("diabetes_prevalence_multiplier", diabetes_prevalence_multiplier,
      Meta{.unit = "ratio", .doc = "scales the diabetes gradient", .source = "see gradient", .min = 0,
           .max = 3});
    v("diabetes_male_excess_share", diabetes_male_excess_share,
      Meta{.unit = "share", .doc = "male = p x (1 + d), female = p x (1 - d) at every age",
           .source = "assumption: men slightly above women in the 2018 surveillance (U)", .min = -0.9,
           .max = 0.9});
    v("hypertension_diabetes_odds_ratio", hypertension_diabetes_odds_ratio,
      Meta{.unit = "odds ratio",
           .doc = "pooled odds ratio between hypertension and diabetes at ages 45-74 in the base mix; "
                  "the model solves the common relative risk of each disease's incidence given the "
                  "other that produces it (the joint mix is the stationary cohort outcome)",
           .source = "assumption: about half of diabetics are hypertensive (U)", .min = 0.05, .max = 20});
    v("severe_prevalence_at_20_share", severe_prevalence_at_20_share,
      Meta{.unit = "share",
           .doc = "severe-state prevalence (stroke/heart disease, cancer, ESRD) at ages 5-20 (ramp "
                  "from 0 at birth); higher with H/D through severe_incidence_rr_*",
           .source = "assumption (U): gives ~3% of adults, ~10-20% at 80+", .min = 0, .max = 0.5});
    v("severe_prevalence_growth_per_year_of_age", severe_prevalence_growth_per_year_of_age,
      Meta{.unit = "1/year of age", .doc = "exponential age gradient above 20 (capped at 0.5)",
           .source = "assumption (U): about doubling every 12.6 years of age", .min = 0, .max = 0.2});
    v("severe_incidence_rr_hypertension", severe_incidence_rr_hypertension,
      Meta{.unit = "ratio", .doc = "severe-state incidence ratio if hypertensive",
           .source = "assumption, equal to the prevalence ratio (U)", .min = 0, .max = 20});
    v("severe_incidence_rr_diabetes", severe_incidence_rr_diabetes,
      Meta{.unit = "ratio", .doc = "severe-state incidence ratio if diabetic",
           .source = "assumption, equal to the prevalence ratio (U)", .min = 0, .max = 20});
    v("severe_remission_per_year", severe_remission_per_year,
      Meta{.unit = "1/year",
           .doc = "share of severe-state survivors leaving the state each year (end of treatment)",
           .source = "assumption (U)", .min = 0, .max = 1});
    v("hypertension_incidence_multiplier", hypertension_incidence_multiplier,
      Meta{.unit = "ratio", .doc = "trend multiplier on base (stationary) hypertension incidence",
           .source = "assumption: no trend", .min = 0, .max = 10});
    v("diabetes_incidence_multiplier", diabetes_incidence_multiplier,
      Meta{.unit = "ratio",
           .doc = "trend multiplier on base diabetes incidence (obesity-driven drift)",
           .source = "assumption: +1%/year from 2022 (adult prevalence rose 0.109 -> 0.124 2013-18)",
           .min = 0, .max = 10});
    v("severe_incidence_multiplier", severe_incidence_multiplier,
      Meta{.unit = "ratio", .doc = "trend multiplier on base severe incidence",
           .source = "assumption: no trend", .min = 0, .max = 10});
    v("incidence_trend_volatility_per_year", incidence_trend_volatility_per_year,
      Meta{.unit = "log points/year",
           .doc = "s.d. of the yearly step of the per-draw log random walk on each incidence",
           .source = "assumption (U)", .min = 0, .max = 0.5});
    v("death_rr_hypertension", death_rr_hypertension,
      Meta{.unit = "ratio", .doc = "mortality ratio if hypertensive (multiplies with the others)",
           .source = "assumption (U, cohort studies 1.2-1.5)", .min = 0.01, .max = 20});
    v("death_rr_diabetes", death_rr_diabetes,
      Meta{.unit = "ratio", .doc = "mortality ratio if diabetic",
           .source = "China Kadoorie Biobank ~2.0 (Bragg JAMA 2017, U); 1.8 after overlap with H",
           .min = 0.01, .max = 20});
    v("death_rr_severe", death_rr_severe,
      Meta{.unit = "ratio", .doc = "mortality ratio in the severe state", .source = "assumption (U)",
           .min = 0.01, .max = 50});
    v("treatment_reference_year", treatment_reference_year,
      Meta{.unit = "year", .doc = "year of the treated shares below", .source = "Zhang BMJ 2023; Wang JAMA 2021",
           .min = 1990, .max = 2100});
    v("hypertension_treated_share_reference", hypertension_treated_share_reference,
      Meta{.unit = "share", .doc = "share of prevalent hypertension treated in the reference year",
           .source = "0.346 in 2018, Zhang BMJ 2023 (V)", .min = 0, .max = 1});
    v("hypertension_treated_gain_per_year", hypertension_treated_gain_per_year,
      Meta{.unit = "share/year",
           .doc = "initial yearly gain of the treated share (approaches the ceiling exponentially)",
           .source = "(0.346 - 0.259) / 14, 2004-2018, Zhang BMJ 2023 (V)", .min = 0, .max = 0.2});
    v("diabetes_treated_share_reference", diabetes_treated_share_reference,
      Meta{.unit = "share", .doc = "share of prevalent diabetes treated in the reference year",
           .source = "0.329 in 2018, Wang JAMA 2021 (V)", .min = 0, .max = 1});
    v("diabetes_treated_gain_per_year", diabetes_treated_gain_per_year,
      Meta{.unit = "share/year", .doc = "initial yearly gain of the diabetes treated share",
           .source = "assumption: between the slow 2013-18 diabetic gain (~0.001, U) and hypertension",
           .min = 0, .max = 0.2});
    v("treated_ceiling_share", treated_ceiling_share,
      Meta{.unit = "share", .doc = "ceiling of the treated shares",
           .source = "assumption: best high-income countries treat ~60-70% (NCD-RisC 2021, U)",
           .min = 0, .max = 1});
  }

  template <class C>
  void check(C& c) const {
    c.require(treated_ceiling_share >= hypertension_treated_share_reference &&
                  treated_ceiling_share >= diabetes_treated_share_reference,
              "treated_ceiling_share", "a ceiling at or above both reference treated shares");
    double hmax = 0;
    for (double x : hypertension_group_prevalence_share) hmax = std::max(hmax, x);
    c.require(hmax * hypertension_prevalence_multiplier * (1 + std::abs(hypertension_male_excess_young_share) +
                                                              std::abs(hypertension_male_excess_old_share)) <
                  1.0,
              "hypertension_prevalence_multiplier", "scaled prevalence below 1 at every age");
  }
};

}  // namespace fundsim
