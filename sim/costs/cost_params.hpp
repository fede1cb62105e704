// Parameters of utilisation, unit costs and cost growth (sim/costs).
//
// Sources: calibration/data/health/age_cost_profile.md, calibration/data/policy/
// typical_benefit_designs.md, calibration/data/fund/urrbmi_national_notes.md (labels V = verified,
// D = derived, U = recalled/unverified as there). Derivations: calibration/health/README.md and
// tests/costs/.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

// A scheduled policy effect: multiplier 1 + full_effect_share x min(1, (year - start_year + 1) /
// phase_in_years) from start_year on (1 before), applied relative to its value in the base year.
struct PolicyEffect {
  std::string name = "policy";
  std::string service = "inpatient";  // inpatient | outpatient | chronic_special | two_diseases | all
  std::string target = "unit_cost";   // unit_cost | utilisation
  int start_year = 2022;
  double full_effect_share = 0.0;
  int phase_in_years = 1;

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "label of the policy"});
    v("service", service,
      Meta{.doc = "service affected", .choices = "inpatient|outpatient|chronic_special|two_diseases|all"});
    v("target", target, Meta{.doc = "what the multiplier scales", .choices = "unit_cost|utilisation"});
    v("start_year", start_year, Meta{.unit = "year", .doc = "first year with an effect", .min = 1990, .max = 2200});
    v("full_effect_share", full_effect_share,
      Meta{.unit = "share", .doc = "effect once fully phased in (-0.05 = 5% lower)", .min = -0.95, .max = 5});
    v("phase_in_years", phase_in_years,
      Meta{.unit = "years", .doc = "years to reach the full effect (linear)", .min = 1, .max = 50});
  }
};

namespace cost_detail {
inline Schedule growth_from(int year, double value, double rate) {
  Schedule s;
  s.values[year] = value;
  s.after = Schedule::After::growth;
  s.rate = rate;
  return s;
}
inline Schedule covid_shock() {
  Schedule s;
  s.values = {{2019, 1.0}, {2020, 0.918}, {2021, 0.968}, {2022, 0.901}, {2023, 1.0}};
  return s;
}
inline std::vector<PolicyEffect> default_policies() {
  return {PolicyEffect{.name = "DRG/DIP payment reform", .service = "inpatient", .target = "unit_cost",
                       .start_year = 2022, .full_effect_share = -0.05, .phase_in_years = 4},
          PolicyEffect{.name = "volume-based procurement of drugs", .service = "two_diseases",
                       .target = "unit_cost", .start_year = 2019, .full_effect_share = -0.30,
                       .phase_in_years = 5}};
}
}  // namespace cost_detail

struct CostParams {
  int base_year = 2022;

  // --- inpatient -------------------------------------------------------------------------------
  // Age groups 0-4, 5-14, 15-44, 45-59, 60-69, 70-79, 80+.
  std::vector<double> relative_cost_by_age_group = {1.0, 0.4, 1.0, 1.8, 3.0, 4.5, 5.0};
  double inpatient_admissions_scale_per_person_year = 0.1141;
  double inpatient_rr_hypertension = 1.3;
  double inpatient_rr_diabetes = 1.5;
  double inpatient_rr_severe = 3.0;
  double inpatient_severe_cost_multiplier = 1.5;
  std::vector<double> inpatient_level_weights = {0.25, 0.40, 0.35};
  std::vector<double> inpatient_level_weights_severe = {0.10, 0.35, 0.55};
  std::vector<double> inpatient_mean_cost_per_admission_yuan_2018 = {2500, 6015, 13306};
  double inpatient_cost_growth_2018_to_base_per_year = 0.03;
  double inpatient_theta = 1.0;
  double inpatient_sigma = 1.05;
  double inpatient_sigma_tertiary_extra = 0.0;
  double inpatient_tertiary_shift_per_year = 0.0;

  // --- general outpatient ---------------------------------------------------------------------
  std::vector<double> outpatient_user_share_by_age_group = {0.60, 0.35, 0.30, 0.40, 0.50, 0.55, 0.55};
  double outpatient_user_rr_chronic = 1.3;
  double outpatient_median_yuan = 250;
  double outpatient_sigma = 1.0;

  // --- chronic/special outpatient and two-disease medication -----------------------------------
  double chronic_special_user_share_severe = 0.4;
  double chronic_special_user_share_other_adults = 0.01;
  double two_diseases_enrolment_share = 0.85;
  double chronic_special_median_yuan_severe = 5000;
  double chronic_special_sigma_severe = 1.2;
  double chronic_special_median_yuan_other = 1500;
  double chronic_special_sigma_other = 0.8;
  double two_diseases_hypertension_median_yuan = 400;
  double two_diseases_hypertension_sigma = 0.6;
  double two_diseases_diabetes_median_yuan = 700;
  double two_diseases_diabetes_sigma = 0.7;

  // --- growth ---------------------------------------------------------------------------------
  Schedule medical_price_index = cost_detail::growth_from(2022, 1.0, 0.01);
  double excess_trend_initial_per_year = 0.03;
  double excess_trend_long_run_per_year = 0.015;
  double excess_trend_reversion_speed = 0.2;
  double excess_trend_volatility_per_year = 0.01;
  double utilisation_drift_per_year = 0.01;
  double utilisation_volatility_per_year = 0.01;
  double local_trend_deviation_sd_per_year = 0.0;
  double local_trend_deviation_correlation = 0.5;
  std::vector<PolicyEffect> policy_effects = cost_detail::default_policies();
  Schedule utilisation_shock_multiplier = cost_detail::covid_shock();
  Schedule inpatient_case_mix_multiplier = Schedule::constant(1.0);

  template <class V>
  void visit(V& v) {
    v("base_year", base_year,
      Meta{.unit = "year", .doc = "year of the base cost arrays (indices are 1 in this year)",
           .source = "last year of the fund series", .min = 2000, .max = 2100});
    v("relative_cost_by_age_group", relative_cost_by_age_group,
      Meta{.unit = "ratio (15-44 = 1)",
           .doc = "relative per-capita inpatient cost at ages 0-4, 5-14, 15-44, 45-59, 60-69, 70-79, 80+ "
                  "at the base state mix (piecewise constant; carried by admission rates)",
           .source = "age_cost_profile.md suggested resident profile (U), consistent with the 2017 "
                     "sample (60-69 ~4x, 70+ ~7.6x under-60, employees included, V)",
           .min = 0, .max = 50, .length = 7});
    v("inpatient_admissions_scale_per_person_year", inpatient_admissions_scale_per_person_year,
      Meta{.unit = "admissions/person-year",
           .doc = "admission rate of age group 15-44 in state 0; other cells: x relative cost x state "
                  "RR, normalised so per-capita cost at the base mix follows relative_cost_by_age_group",
           .source = "derived: 0.163 admissions per enrollee in 2022 (age_cost_profile.md, D) on the "
                     "2020 census with resident enrolment shares 0.95 (<18), 0.60 (18-59), 0.72 (60+) "
                     "(tests/costs/costs_test.cpp)",
           .min = 0, .max = 5});
    v("inpatient_rr_hypertension", inpatient_rr_hypertension,
      Meta{.unit = "ratio", .doc = "admission rate ratio if hypertensive", .source = "assumption (U)",
           .min = 0, .max = 20});
    v("inpatient_rr_diabetes", inpatient_rr_diabetes,
      Meta{.unit = "ratio", .doc = "admission rate ratio if diabetic", .source = "assumption (U)", .min = 0,
           .max = 20});
    v("inpatient_rr_severe", inpatient_rr_severe,
      Meta{.unit = "ratio", .doc = "admission rate ratio in the severe state", .source = "assumption (U)",
           .min = 0, .max = 50});
    v("inpatient_severe_cost_multiplier", inpatient_severe_cost_multiplier,
      Meta{.unit = "ratio", .doc = "cost per admission ratio in the severe state (class multiplier)",
           .source = "assumption (U)", .min = 0.1, .max = 20});
    v("inpatient_level_weights", inpatient_level_weights,
      Meta{.unit = "share", .doc = "admissions at primary, secondary, tertiary level (not severe)",
           .source = "assumption (U): rural-heavy residents use township centres more than the "
                     "all-payer mix, where tertiary hospitals take ~40% of admissions",
           .min = 0, .max = 1, .length = 3});
    v("inpatient_level_weights_severe", inpatient_level_weights_severe,
      Meta{.unit = "share", .doc = "admissions by level in the severe state",
           .source = "assumption (U): severe conditions are treated higher up", .min = 0, .max = 1, .length = 3});
    v("inpatient_mean_cost_per_admission_yuan_2018", inpatient_mean_cost_per_admission_yuan_2018,
      Meta{.unit = "yuan (2018)", .doc = "mean cost per admission at primary, secondary, tertiary level",
           .source = "typical_benefit_designs.md: tertiary 13,306, secondary 6,015 (Hubei Jan-Oct 2018, V); "
                     "township centres 2,000-3,000 (U), midpoint 2,500",
           .min = 0, .max = 1e6, .length = 3});
    v("inpatient_cost_growth_2018_to_base_per_year", inpatient_cost_growth_2018_to_base_per_year,
      Meta{.unit = "1/year", .doc = "growth of cost per admission from 2018 to the base year",
           .source = "assumption (U): per-admission costs grew ~3%/year nominal in the late 2010s",
           .min = -0.2, .max = 0.5});
    v("inpatient_theta", inpatient_theta,
      Meta{.unit = "exponent", .doc = "median annual cost grows as n^theta with n admissions",
           .source = "assumption: 1 keeps the mean cost per admission independent of n", .min = 0, .max = 2});
    v("inpatient_sigma", inpatient_sigma,
      Meta{.unit = "log-sd", .doc = "lognormal sigma of annual inpatient cost given n and level",
           .source = "derived: with the level/admission mixture, top 10% of inpatients carry 49.6% of "
                     "inpatient spending (age_cost_profile.md, V; tests/costs)",
           .min = 0.01, .max = 4});
    v("inpatient_sigma_tertiary_extra", inpatient_sigma_tertiary_extra,
      Meta{.unit = "log-sd",
           .doc = "added to inpatient_sigma at tertiary level: a heavier cost tail where the catastrophic cases "
                  "are treated (the mean cost per admission of the level is kept; only its spread changes)",
           .source = "0 = one sigma for all levels; the national calibration fits it to the 2023 catastrophic "
                     "facts (11.56 M beneficiaries, 7,924 yuan average payment; urrbmi_national_notes.md)",
           .min = -1, .max = 3});
    v("inpatient_tertiary_shift_per_year", inpatient_tertiary_shift_per_year,
      Meta{.unit = "share of admissions/year",
           .doc = "hospital-level mix trend: each year after costs.base_year this share of admissions moves from "
                  "primary to tertiary level (before base_year, the other way), for the plain and severe mixes; "
                  "weights clamped at 0 and renormalised",
           .source = "assumption (U): the tertiary share of admissions has risen about 0.5-1 point a year "
                     "(siphoning to large hospitals); 0 = mix fixed at inpatient_level_weights",
           .min = -0.1, .max = 0.1});
    v("outpatient_user_share_by_age_group", outpatient_user_share_by_age_group,
      Meta{.unit = "share", .doc = "general-outpatient users by age group (groups as relative_cost)",
           .source = "assumption (U): ~0.4 users per enrollee, consistent with 17 亿 ordinary visits "
                     "for 9.8 亿 enrollees in 2022 (notes, V) at ~4 visits per user",
           .min = 0, .max = 1, .length = 7});
    v("outpatient_user_rr_chronic", outpatient_user_rr_chronic,
      Meta{.unit = "ratio", .doc = "user share ratio in any chronic state (capped at 0.95)",
           .source = "assumption (U)", .min = 0, .max = 10});
    v("outpatient_median_yuan", outpatient_median_yuan,
      Meta{.unit = "yuan", .doc = "median annual general-outpatient cost of a user (base year)",
           .source = "assumption (U): mean ~410 yuan = ~4 visits x ~100 yuan", .min = 0, .max = 1e5});
    v("outpatient_sigma", outpatient_sigma,
      Meta{.unit = "log-sd", .doc = "lognormal sigma of annual outpatient cost", .source = "assumption (U)",
           .min = 0.01, .max = 4});
    v("chronic_special_user_share_severe", chronic_special_user_share_severe,
      Meta{.unit = "share", .doc = "chronic/special outpatient users in the severe state",
           .source = "assumption (U), with the medians gives chronic/special ~8% of fund spending "
                     "(county example 7.9%, notes)",
           .min = 0, .max = 1});
    v("chronic_special_user_share_other_adults", chronic_special_user_share_other_adults,
      Meta{.unit = "share", .doc = "users among adults without H/D/S (other listed chronic diseases)",
           .source = "assumption (U)", .min = 0, .max = 1});
    v("two_diseases_enrolment_share", two_diseases_enrolment_share,
      Meta{.unit = "share",
           .doc = "of treated H/D patients (not severe), the share in the 两病 benefit; the rest (with "
                  "complications) are chronic/special users",
           .source = "assumption (U)", .min = 0, .max = 1});
    v("chronic_special_median_yuan_severe", chronic_special_median_yuan_severe,
      Meta{.unit = "yuan", .doc = "median annual chronic/special cost of a severe-state user",
           .source = "assumption (U): dialysis 60-80k/year, most others far less", .min = 0, .max = 1e6});
    v("chronic_special_sigma_severe", chronic_special_sigma_severe,
      Meta{.unit = "log-sd", .doc = "sigma for severe users", .source = "assumption (U)", .min = 0.01, .max = 4});
    v("chronic_special_median_yuan_other", chronic_special_median_yuan_other,
      Meta{.unit = "yuan", .doc = "median annual chronic/special cost of other users",
           .source = "assumption (U): local caps 2,000-10,000 (typical designs)", .min = 0, .max = 1e6});
    v("chronic_special_sigma_other", chronic_special_sigma_other,
      Meta{.unit = "log-sd", .doc = "sigma for other users", .source = "assumption (U)", .min = 0.01, .max = 4});
    v("two_diseases_hypertension_median_yuan", two_diseases_hypertension_median_yuan,
      Meta{.unit = "yuan", .doc = "median annual hypertension drug cost of a 两病 user",
           .source = "assumption (U): local caps 300-400 yuan (typical designs) bind for some users",
           .min = 0, .max = 1e5});
    v("two_diseases_hypertension_sigma", two_diseases_hypertension_sigma,
      Meta{.unit = "log-sd", .doc = "sigma", .source = "assumption (U)", .min = 0.01, .max = 4});
    v("two_diseases_diabetes_median_yuan", two_diseases_diabetes_median_yuan,
      Meta{.unit = "yuan", .doc = "median annual diabetes drug cost of a 两病 user",
           .source = "assumption (U): local caps 480-800 yuan", .min = 0, .max = 1e5});
    v("two_diseases_diabetes_sigma", two_diseases_diabetes_sigma,
      Meta{.unit = "log-sd", .doc = "sigma", .source = "assumption (U)", .min = 0.01, .max = 4});
    v("medical_price_index", medical_price_index,
      Meta{.unit = "index", .doc = "medical price level (divided by its base-year value)",
           .source = "assumption (U): health-care CPI ~1%/year", .min = 0, .max = 1e3});
    v("excess_trend_initial_per_year", excess_trend_initial_per_year,
      Meta{.unit = "log points/year", .doc = "excess medical cost growth over prices in the base year",
           .source = "assumption (U): total health expenditure grew ~6% nominal in 2023 (V) with "
                     "prices ~1%, ageing ~1.5% and utilisation ~1%",
           .min = -0.3, .max = 0.3});
    v("excess_trend_long_run_per_year", excess_trend_long_run_per_year,
      Meta{.unit = "log points/year",
           .doc = "long-run mean of the excess growth (income growth minus prices in the long run)",
           .source = "assumption (U): long-run nominal income growth ~3.5% minus medical prices ~1% "
                     "and the utilisation drift ~1%",
           .min = -0.3, .max = 0.3});
    v("excess_trend_reversion_speed", excess_trend_reversion_speed,
      Meta{.unit = "1/year", .doc = "AR(1) reversion speed k: g_t - mu = (1 - k)(g_{t-1} - mu) + sd e_t",
           .source = "assumption (U): half-life ~3 years", .min = 0, .max = 1});
    v("excess_trend_volatility_per_year", excess_trend_volatility_per_year,
      Meta{.unit = "log points/year", .doc = "s.d. of the AR(1) innovation", .source = "assumption (U)",
           .min = 0, .max = 0.3});
    v("local_trend_deviation_sd_per_year", local_trend_deviation_sd_per_year,
      Meta{.unit = "log points/year",
           .doc = "a pool's own deviation of the excess growth from the national path, from the first projected "
                  "year: d_y = sd (sqrt(rho) z_province,y + sqrt(1 - rho) z_pool,y), independent across years "
                  "(the pool's cost level relative to the nation is a random walk); z_province is shared by "
                  "the pools of a province (stream local_trend, sub 0), z_pool is the pool's own (sub = "
                  "run.pool). 0: no deviation (a national fund)",
           .source = "0 for the nation; pools: assumption (U), see the pool package", .min = 0, .max = 0.3});
    v("local_trend_deviation_correlation", local_trend_deviation_correlation,
      Meta{.unit = "correlation",
           .doc = "rho: correlation between two pools' deviations in a year (their common provincial part)",
           .source = "assumption (U): provincial rules, prices and procurement are shared by a province's pools",
           .min = 0, .max = 1});
    v("utilisation_drift_per_year", utilisation_drift_per_year,
      Meta{.unit = "log points/year", .doc = "deterministic drift of the utilisation index",
           .source = "assumption (U): older adults' admission rate 6.1% (1993) -> 24.9% (2018) (V) is "
                     "mostly ageing and coverage; residual drift taken as 1%/year",
           .min = -0.2, .max = 0.2});
    v("utilisation_volatility_per_year", utilisation_volatility_per_year,
      Meta{.unit = "log points/year", .doc = "s.d. of the yearly utilisation noise (random walk in logs)",
           .source = "assumption (U)", .min = 0, .max = 0.3});
    v("policy_effects", policy_effects,
      Meta{.doc = "scheduled policy multipliers (DRG/DIP reform, volume-based procurement)",
           .source = "assumption (U): DRG/DIP evaluations report 5-10% lower cost per case, rollout "
                     "2022-2025; VBP cut selected drug prices ~50%, ~60% of two-disease drugs"});
    v("utilisation_shock_multiplier", utilisation_shock_multiplier,
      Meta{.unit = "ratio",
           .doc = "utilisation level relative to a no-shock path (inpatient and general outpatient), "
                  "applied relative to the base year",
           .source = "derived from notes (V): spending -0.9% (2020), +13.9% (2021), +0.6% (2022) "
                     "against an assumed 8% underlying growth: 0.991/1.08 = 0.918, x 1.139/1.08 = "
                     "0.968, x 1.006/1.08 = 0.901; 1 from 2023; to be fitted by calibration",
           .min = 0, .max = 10});
    v("inpatient_case_mix_multiplier", inpatient_case_mix_multiplier,
      Meta{.unit = "ratio",
           .doc = "inpatient cost per admission relative to a path without a change of case mix, applied "
                  "relative to the base year (like the utilisation shock): the post-COVID surge of "
                  "admissions (hospitalisation rate 15.2% in 2021, 20.7% in 2023) came with spending "
                  "+12.5%, i.e. cheaper admissions on average",
           .source = "default 1 (no change); the national baseline fits its 2023 value (hospitalisation "
                     "rates 2021 and 2023, cost per admission 2023, spending; calibration/national.yaml)",
           .min = 0, .max = 10});
  }

  template <class C>
  void check(C& c) const {
    auto sums_to_one = [](const std::vector<double>& w) {
      double s = 0;
      for (double x : w) s += x;
      return std::abs(s - 1.0) < 1e-6;
    };
    c.require(sums_to_one(inpatient_level_weights), "inpatient_level_weights", "weights summing to 1");
    c.require(sums_to_one(inpatient_level_weights_severe), "inpatient_level_weights_severe", "weights summing to 1");
  }
};

}  // namespace fundsim
