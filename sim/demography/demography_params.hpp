// Parameters of the demography stage: base population, mortality (Lee-Carter), fertility,
// migration, enrolment and disposable income. Defaults are the national defaults; every default
// states its source or reasoning in its Meta. No YAML here: the scenario loader fills these
// structs through their `visit` members.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

// Number of abridged mortality ages: 0, 1, 5, 10, ..., 95, 100+.
inline constexpr int kAbridgedAges = 22;
// Number of 5-year population groups: 0-4, ..., 95-99, 100+.
inline constexpr int kFiveYearGroups = 21;

struct BasePopulationParams {
  int year = 2020;
  std::vector<double> male_thousands = {
      42852.056, 48610.816, 45873.456, 42896.267, 44678.814, 52469.824, 63686.896,
      53131.552, 47690.53,  59332.571, 60113.908, 48492.379, 36659.844, 34340.758,
      21804.346, 13153.64,  8010.764,  3613.221,  935.439,   102.708,   1.824};
  std::vector<double> female_thousands = {
      37683.378, 41904.786, 39130.539, 36640.773, 38661.923, 46659.498, 58490.034,
      50071.839, 45607.561, 57635.144, 59488.132, 48935.688, 38373.381, 38096.605,
      24741.366, 15873.292, 10895.934, 6127.513,  2181.962,  422.299,   32.832};
  // The 5-year file sums to 1,426,106 thousand, 1.0% above the census count (it matches the UN WPP
  // estimate for 2020 rather than the census). National statistics and the NHSA enrollee counts
  // are on the census basis, so by default the age-sex shape of the file is scaled to this total.
  std::optional<double> total_thousands = 1411778.724;

  template <class V>
  void visit(V& v) {
    v("year", year,
      Meta{.unit = "year",
           .doc = "Base year. The census of 1 Nov 2020 is treated as the population at the end of "
                  "this year (a two-month approximation).",
           .source = "Seventh National Population Census (NBS 2021)",
           .min = 1990,
           .max = 2100});
    v("male_thousands", male_thousands,
      Meta{.unit = "thousand persons",
           .doc = "Male population by 5-year group 0-4 ... 95-99, 100+",
           .source = "calibration/data/population/china_2020_population_5y.csv",
           .min = 0,
           .length = kFiveYearGroups});
    v("female_thousands", female_thousands,
      Meta{.unit = "thousand persons",
           .doc = "Female population by 5-year group 0-4 ... 95-99, 100+",
           .source = "calibration/data/population/china_2020_population_5y.csv",
           .min = 0,
           .length = kFiveYearGroups});
    v("total_thousands", total_thousands,
      Meta{.unit = "thousand persons",
           .doc = "If set, the 5-year table is rescaled (shape kept) to this total; none = use the "
                  "table as is",
           .source = "Census total 1,411,778,724 (census communique no.5, "
                     "calibration/data/population/china_2020_census_summary.csv)",
           .min = 0});
  }
};

struct MortalityParams {
  // UN WPP 2024 abridged central death rates, period 2020-2025, ages 0,1,5,...,95,100+.
  std::vector<double> mx_male = {0.00617945, 0.0004244,  0.00028363, 0.00034746, 0.00043866,
                                 0.00068096, 0.00088927, 0.00103633, 0.00124095, 0.00200365,
                                 0.00316504, 0.00557292, 0.00815101, 0.01442388, 0.02268395,
                                 0.03629138, 0.0580327,  0.10220349, 0.17461498, 0.29908516,
                                 0.51846034, 0.82248322};
  std::vector<double> mx_female = {0.00523073, 0.00039958, 0.00024434, 0.00022171, 0.0002647,
                                   0.00043181, 0.00053499, 0.00060567, 0.00071765, 0.00103411,
                                   0.0015412,  0.00256259, 0.00376739, 0.00680534, 0.01121011,
                                   0.01970092, 0.03493009, 0.06716029, 0.12199021, 0.21867215,
                                   0.37047233, 0.55387104};
  // Year whose mortality the table represents (k = 0). The 2020-2025 period is centred on
  // mid-2022/early 2023; 2022 is the nearest calendar year.
  int reference_year = 2022;
  // Lee-Carter drift of k per year (b_x sums to 1 over single ages 0..100, so -drift is roughly
  // the sum over ages of the annual decline of ln m). Solved (tests/demography/
  // life_table_test.cpp, LeeCarter.DefaultDriftMatchesTargetGain) so that deterministic e0 (both
  // sexes) rises by 4.5 years from 2022 to 2050 (0.16 years/year), our recollection of the UN WPP
  // 2024 medium variant for China (about 78 in 2022 to about 82.5 in 2050; recalled, verify).
  // Model e0 (both sexes): 78.03 in 2022 -> 82.53 in 2050.
  double drift_per_year = -3.26;
  // Volatility of k: sd of annual innovations, set to half the absolute drift. Lee & Carter (1992)
  // found a ratio of ~1.8 for the US 1900-1989 (drift -0.365, sd 0.651), inflated by the 1918
  // influenza; fits on recent low-mortality periods give ratios well below 1 (assumption).
  double volatility_per_year = 1.63;
  int stochastic_from_year = 2023;
  // Relative b_x weights at abridged ages (0,1,5,...,100+): observed average annual improvement
  // between the WPP periods 2015-2020 and 2020-2025, floored at 0.003/year (old-age rates rose,
  // which no mainstream projection carries forward). calibration/demography/derive_defaults.py.
  std::vector<double> b_male = {0.04749, 0.01303, 0.04405, 0.05314, 0.03874, 0.02649,
                                0.01229, 0.00406, 0.01296, 0.02026, 0.01814, 0.00799,
                                0.00432, 0.00584, 0.00478, 0.00446, 0.00713, 0.00300,
                                0.00300, 0.00300, 0.00300, 0.01645};
  std::vector<double> b_female = {0.04979, 0.02768, 0.04657, 0.05273, 0.04412, 0.02685,
                                  0.00807, 0.00300, 0.00971, 0.02120, 0.01671, 0.01322,
                                  0.00470, 0.00468, 0.01256, 0.01476, 0.01247, 0.00911,
                                  0.00300, 0.00300, 0.00300, 0.00300};
  // Share of a birth cohort's first-year deaths that occur in the calendar year of birth
  // (separation factor; about 0.85-0.9 in low-mortality populations, HMD Methods Protocol).
  double infant_separation_share = 0.85;

  template <class V>
  void visit(V& v) {
    const char* wpp = "UN World Population Prospects 2024, "
                      "calibration/data/population/china_mx_5y_2015_2025.csv (mx_2020_2025)";
    v("mx_male", mx_male,
      Meta{.unit = "deaths per person-year",
           .doc = "Abridged central death rates, ages 0,1,5,...,95,100+, male",
           .source = wpp,
           .min = 0,
           .max = 10,
           .length = kAbridgedAges});
    v("mx_female", mx_female,
      Meta{.unit = "deaths per person-year",
           .doc = "Abridged central death rates, ages 0,1,5,...,95,100+, female",
           .source = wpp,
           .min = 0,
           .max = 10,
           .length = kAbridgedAges});
    v("reference_year", reference_year,
      Meta{.unit = "year",
           .doc = "Calendar year the mx table represents (Lee-Carter k = 0)",
           .source = "Midpoint of the WPP period 2020-2025 (2022.5), rounded down",
           .min = 1990,
           .max = 2100});
    v("drift_per_year", drift_per_year,
      Meta{.unit = "k units/year",
           .doc = "Lee-Carter drift of the period index k (b_x sums to 1 over ages 0..100)",
           .source = "Set so that deterministic e0 (both sexes) gains 4.5 years 2022-2050, as the "
                     "UN WPP 2024 medium variant for China (recalled: ~78 -> ~82.5); solved in "
                     "tests/demography/life_table_test.cpp",
           .min = -20,
           .max = 20});
    v("volatility_per_year", volatility_per_year,
      Meta{.unit = "k units/year",
           .doc = "Standard deviation of the annual innovation of k",
           .source = "Half the absolute drift (assumption; Lee & Carter 1992 US: ratio 1.8 incl. "
                     "1918, recent low-mortality periods well below 1)",
           .min = 0,
           .max = 20});
    v("stochastic_from_year", stochastic_from_year,
      Meta{.unit = "year",
           .doc = "First year with a random innovation in k (earlier years follow the drift only)",
           .source = "First year after the fund jump-off (end of 2022)",
           .min = 1990,
           .max = 2200});
    v("b_male", b_male,
      Meta{.unit = "relative weight",
           .doc = "Lee-Carter age pattern at abridged ages (normalised by the model to sum 1 over "
                  "single ages 0..100), male",
           .source = "Observed annual improvement WPP 2015-20 -> 2020-25, floored at 0.003 "
                     "(calibration/demography/derive_defaults.py)",
           .min = 0,
           .length = kAbridgedAges});
    v("b_female", b_female,
      Meta{.unit = "relative weight",
           .doc = "Lee-Carter age pattern at abridged ages (normalised by the model), female",
           .source = "Observed annual improvement WPP 2015-20 -> 2020-25, floored at 0.003 "
                     "(calibration/demography/derive_defaults.py)",
           .min = 0,
           .length = kAbridgedAges});
    v("infant_separation_share", infant_separation_share,
      Meta{.unit = "share",
           .doc = "Share of first-year deaths of a birth cohort occurring in the year of birth "
                  "(newborns at year end = births x (1 - share x q0))",
           .source = "Typical low-mortality separation factor (HMD Methods Protocol)",
           .min = 0,
           .max = 1});
  }
  template <class C>
  void check(C& c) const {
    double sm = 0, sf = 0;
    for (double b : b_male) sm += b;
    for (double b : b_female) sf += b;
    c.require(sm > 0, "b_male", "at least one positive weight");
    c.require(sf > 0, "b_female", "at least one positive weight");
  }
};

inline Schedule default_tfr_schedule() {
  Schedule s;
  s.values = {{2020, 1.24}, {2021, 1.12}, {2022, 1.03}, {2023, 1.00}};
  s.after = Schedule::After::increment;
  s.per_year = 0.005;
  return s;
}

struct FertilityParams {
  // TFR: history from the data, then +0.005/year (1.135 in 2050), a slow recovery of the kind in
  // the UN WPP 2024 medium variant (recalled: about 1.1-1.2 by mid-century; verify).
  Schedule tfr = default_tfr_schedule();
  double tfr_volatility = 0.04;  // sd of log TFR innovations
  double tfr_persistence = 0.8;  // AR(1) coefficient of log TFR deviations
  int stochastic_from_year = 2024;
  // ASFR shape by 5-year group 15-19 ... 45-49 (relative weights; per mille rates of the 2020
  // census tabulation as recalled: 6, 55, 98, 69, 29, 8, 2; mean age at birth about 29).
  std::vector<double> asfr_shape_5y = {6, 55, 98, 69, 29, 8, 2};
  double sex_ratio_at_birth = 1.11;  // males per female

  template <class V>
  void visit(V& v) {
    v("tfr", tfr,
      Meta{.unit = "children per woman",
           .doc = "Total fertility rate by year (mean path)",
           .source = "2020-2023: UN WPP 2024 estimates (calibration/data/population/"
                     "china_fertility_history.csv); after 2023 +0.005/year, an assumed slow "
                     "recovery of the kind in the WPP 2024 medium variant (recalled, verify)",
           .min = 0,
           .max = 10});
    v("tfr_volatility", tfr_volatility,
      Meta{.unit = "log points/year",
           .doc = "Standard deviation of the annual innovation of log TFR around the schedule",
           .source = "Assumption: year-to-year TFR changes of a few percent outside shocks "
                     "(China 2019-2023 fell 5-10%/year, a trend the schedule carries)",
           .min = 0,
           .max = 1});
    v("tfr_persistence", tfr_persistence,
      Meta{.unit = "1",
           .doc = "AR(1) coefficient of the log TFR deviation from the schedule",
           .source = "Assumption: fertility deviations persist for several years",
           .min = 0,
           .max = 1});
    v("stochastic_from_year", stochastic_from_year,
      Meta{.unit = "year",
           .doc = "First year with TFR noise (earlier years are data)",
           .source = "Last data year 2023 + 1",
           .min = 1990,
           .max = 2200});
    v("asfr_shape_5y", asfr_shape_5y,
      Meta{.unit = "relative weight",
           .doc = "Age pattern of fertility, 5-year groups 15-19 ... 45-49 (normalised by the "
                  "model; spread evenly within groups)",
           .source = "2020 census age-specific fertility (per mille, recalled: 6, 55, 98, 69, 29, "
                     "8, 2); approximate, verify",
           .min = 0,
           .length = 7});
    v("sex_ratio_at_birth", sex_ratio_at_birth,
      Meta{.unit = "males per female",
           .doc = "Sex ratio at birth",
           .source = "calibration/data/population/china_2020_census_summary.csv (1.11, approx.)",
           .min = 0.5,
           .max = 2});
  }
};

struct MigrationParams {
  Schedule net_migrants_persons = Schedule::constant(0.0);
  double volatility_persons = 0.0;  // sd of the annual level noise
  double male_share = 0.5;
  // Relative weights by 5-year group 0-4 ... 95-99, 100+ (stylised Rogers-Castro labour-migration
  // profile peaking at 20-29 with children following parents).
  std::vector<double> age_pattern_5y = {4,  3, 2, 8, 20, 20, 14, 9,   6,   4,  3,
                                        2,  2, 1.5, 1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.0};

  template <class V>
  void visit(V& v) {
    v("net_migrants_persons", net_migrants_persons,
      Meta{.unit = "persons/year",
           .doc = "Net migrants per year (mean level; negative = net emigration)",
           .source = "Zero at national level (international net migration of China is of order "
                     "-0.1 to -0.3 million/year, negligible for the fund); set for city pools",
           .min = -1e9,
           .max = 1e9});
    v("volatility_persons", volatility_persons,
      Meta{.unit = "persons/year",
           .doc = "Standard deviation of i.i.d. annual noise on the net migration level",
           .source = "Zero at national level (assumption)",
           .min = 0});
    v("male_share", male_share,
      Meta{.unit = "share",
           .doc = "Share of net migrants who are male",
           .source = "Assumption (balanced)",
           .min = 0,
           .max = 1});
    v("age_pattern_5y", age_pattern_5y,
      Meta{.unit = "relative weight",
           .doc = "Age pattern of net migrants by 5-year group 0-4 ... 100+ (normalised; spread "
                  "evenly within groups)",
           .source = "Stylised Rogers-Castro labour-migration profile (assumption)",
           .min = 0,
           .length = kFiveYearGroups});
  }
};

// Age bands used by enrolment: 0-17, 18-24, 25-34, 35-44, 45-54, 55-59, 60+.
inline constexpr int kEnrolmentBands = 7;
constexpr int enrolment_band(int age) {
  return age < 18 ? 0 : age < 25 ? 1 : age < 35 ? 2 : age < 45 ? 3 : age < 55 ? 4 : age < 60 ? 5 : 6;
}

struct EnrolmentParams {
  int base_year = 2020;
  // Employee-scheme (UEBMI) share by band in the base year, the ceiling it converges to, and the
  // yearly convergence rate (share of the gap closed per year). Fitted: see
  // tests/demography/enrolment_fit_test.cpp.
  std::vector<double> employee_base_share = {0.0, 0.164, 0.369, 0.369, 0.307, 0.246, 0.307};
  std::vector<double> employee_ceiling_share = {0.0, 0.30, 0.60, 0.60, 0.55, 0.50, 0.55};
  double employee_convergence_per_year = 0.0293;
  // Structural non-coverage (no hukou-linked registration, abroad, duplicates removed): level in
  // the base year, a drift per year (record de-duplication) up to an end year.
  double structural_noncoverage_share = 0.0108;
  double structural_noncoverage_drift_per_year = 0.0036;
  int structural_noncoverage_drift_end_year = 2023;
  // Voluntary opt-out: optout = min(max, base x multiplier(band) x (b / b_ref)^elasticity), with b
  // = individual contribution / rural disposable income.
  double optout_base_share = 0.04;
  double burden_reference = 280.0 / 17131.0;
  double optout_elasticity = 3.51;
  double optout_max_share = 0.9;
  std::string optout_response = "power";
  std::vector<double> optout_age_multiplier = {0.6, 1.6, 1.5, 1.1, 0.9, 0.8, 0.6};
  // Adverse selection: relative opt-out of chronic and severe states at selection_strength = 1.
  double selection_strength = 0.5;
  double chronic_relative_optout = 0.5;
  double severe_relative_optout = 0.2;
  // Assisted groups (特困, 低保, low-income rural) as a share of enrollees, by band.
  std::vector<double> assisted_share = {0.073, 0.073, 0.073, 0.073, 0.073, 0.073, 0.073};
  double assisted_contribution_paid_share = 1.0;
  // Waiting period for late or lapsed enrolment (国办发〔2024〕38号).
  bool waiting_period_enabled = true;
  int waiting_period_start_year = 2025;
  double waiting_base_months = 3.0;
  double waiting_months_per_gap_year = 1.0;
  double waiting_max_months = 12.0;
  double reentry_share_per_year = 0.01;
  double mean_gap_years = 2.0;

  template <class V>
  void visit(V& v) {
    v("base_year", base_year,
      Meta{.unit = "year", .doc = "Year of the base shares", .source = "Base population year",
           .min = 1990, .max = 2100});
    v("employee_base_share", employee_base_share,
      Meta{.unit = "share",
           .doc = "Share of each age band (0-17,18-24,25-34,35-44,45-54,55-59,60+) in the "
                  "employee scheme (UEBMI) in the base year",
           .source = "Shape: no children, working ages ~1/3, retirees ~0.3 (UEBMI 2022: ~266 "
                     "million workers, ~96 million retirees, recalled); level fitted to UEBMI "
                     "344.55 million in 2020 (NHSA 2020 bulletin, recalled)",
           .min = 0, .max = 1, .length = kEnrolmentBands});
    v("employee_ceiling_share", employee_ceiling_share,
      Meta{.unit = "share",
           .doc = "Long-run ceiling of the employee-scheme share by band (urbanisation)",
           .source = "Assumption: roughly the urban-employment share of working ages in a ~75% "
                     "urbanised China",
           .min = 0, .max = 1, .length = kEnrolmentBands});
    v("employee_convergence_per_year", employee_convergence_per_year,
      Meta{.unit = "1/year",
           .doc = "Share of the gap to the ceiling closed each year",
           .source = "Fitted to UEBMI 362.43 million in 2022 (calibration/data/fund/"
                     "urrbmi_national_notes.md)",
           .min = 0, .max = 1});
    v("structural_noncoverage_share", structural_noncoverage_share,
      Meta{.unit = "share",
           .doc = "Share of the non-employee population outside any scheme whatever the price, "
                  "base year",
           .source = "Fitted to 1,016.76 million resident enrollees in 2020 (urrbmi_national.csv)",
           .min = 0, .max = 1});
    v("structural_noncoverage_drift_per_year", structural_noncoverage_drift_per_year,
      Meta{.unit = "share/year",
           .doc = "Yearly rise of structural non-coverage (removal of duplicate records)",
           .source = "Assumption: NHSA attributes part of the 2020-2022 decline to de-duplication; "
                     "half of the decline not explained by the employee scheme",
           .min = -1, .max = 1});
    v("structural_noncoverage_drift_end_year", structural_noncoverage_drift_end_year,
      Meta{.unit = "year", .doc = "Last year of the de-duplication drift",
           .source = "Assumption: record clean-up completed by 2023", .min = 1990, .max = 2200});
    v("optout_base_share", optout_base_share,
      Meta{.unit = "share",
           .doc = "Voluntary opt-out share at the reference burden (before age multipliers)",
           .source = "Assumption (not identified separately from structural non-coverage by "
                     "2020-2022 totals)",
           .min = 0, .max = 1});
    v("burden_reference", burden_reference,
      Meta{.unit = "ratio",
           .doc = "Reference burden b_ref (individual contribution / rural disposable income)",
           .source = "2020: 280 / 17,131 (national_financing_standards.csv, "
                     "disposable_income.csv)",
           .min = 1e-6, .max = 10});
    v("optout_elasticity", optout_elasticity,
      Meta{.unit = "1",
           .doc = "Elasticity of the opt-out share with respect to the burden",
           .source = "Fitted to 983.49 million resident enrollees in 2022 "
                     "(tests/demography/enrolment_fit_test.cpp)",
           .min = 0, .max = 50});
    v("optout_max_share", optout_max_share,
      Meta{.unit = "share", .doc = "Upper bound of the opt-out share",
           .source = "Assumption: some enrol at any price", .min = 0, .max = 1});
    v("optout_response", optout_response,
      Meta{.doc = "power: optout = min(max, q (b / b_ref)^e); saturating: optout = M q r^e / (M + q (r^e - 1)) "
                  "with q = base x age multiplier, r = b / b_ref, M = optout_max_share: equal to q at the "
                  "reference burden, rising like the power curve at small burdens and levelling off at M "
                  "(some never leave; the response to price is bounded)",
           .source = "saturating: issue 14 (the power curve extrapolated to 2-3x the observed burden); power: "
                     "the earlier fit",
           .choices = "power|saturating"});
    v("optout_age_multiplier", optout_age_multiplier,
      Meta{.unit = "1",
           .doc = "Relative opt-out by band (healthy young adults opt out most, children least "
                  "as parents enrol them, the old least)",
           .source = "Assumption (qualitative NHSA statements: young healthy people first)",
           .min = 0, .length = kEnrolmentBands});
    v("selection_strength", selection_strength,
      Meta{.unit = "1",
           .doc = "0 = opt-out independent of health, 1 = full relative opt-out of chronic and "
                  "severe states as below",
           .source = "Assumption (adverse selection documented qualitatively)", .min = 0, .max = 1});
    v("chronic_relative_optout", chronic_relative_optout,
      Meta{.unit = "1", .doc = "Opt-out of chronic states relative to healthy at full strength",
           .source = "Assumption", .min = 0, .max = 1});
    v("severe_relative_optout", severe_relative_optout,
      Meta{.unit = "1", .doc = "Opt-out of the severe state relative to healthy at full strength",
           .source = "Assumption", .min = 0, .max = 1});
    v("assisted_share", assisted_share,
      Meta{.unit = "share",
           .doc = "Share of enrollees in assisted groups by band",
           .source = "73.08 million premiums paid by medical assistance in 2023 over ~960 million "
                     "enrollees = 7.6%; ~7.3% used as a flat default (urrbmi_national_notes.md)",
           .min = 0, .max = 1, .length = kEnrolmentBands});
    v("assisted_contribution_paid_share", assisted_contribution_paid_share,
      Meta{.unit = "share",
           .doc = "Share of the assisted groups' individual contribution paid by medical "
                  "assistance",
           .source = "Simplification: full payment (特困 fully, 低保 mostly)", .min = 0, .max = 1});
    v("waiting_period_enabled", waiting_period_enabled,
      Meta{.doc = "Apply the waiting period for late or lapsed enrolment",
           .source = "国办发〔2024〕38号"});
    v("waiting_period_start_year", waiting_period_start_year,
      Meta{.unit = "year", .doc = "First year the waiting period applies",
           .source = "Rule issued Aug 2024, applies from the 2025 enrolment year", .min = 1990,
           .max = 2200});
    v("waiting_base_months", waiting_base_months,
      Meta{.unit = "months", .doc = "Base waiting period", .source = "国办发〔2024〕38号",
           .min = 0, .max = 12});
    v("waiting_months_per_gap_year", waiting_months_per_gap_year,
      Meta{.unit = "months/year", .doc = "Extra waiting per year of gap",
           .source = "国办发〔2024〕38号", .min = 0, .max = 12});
    v("waiting_max_months", waiting_max_months,
      Meta{.unit = "months", .doc = "Cap on the waiting period within a year",
           .source = "A year has 12 months", .min = 0, .max = 12});
    v("reentry_share_per_year", reentry_share_per_year,
      Meta{.unit = "share", .doc = "Share of enrollees who re-enter after a gap each year",
           .source = "Assumption", .min = 0, .max = 1});
    v("mean_gap_years", mean_gap_years,
      Meta{.unit = "years", .doc = "Mean gap of re-entrants", .source = "Assumption", .min = 0,
           .max = 50});
  }
};

inline Schedule default_income_growth_schedule() {
  // Linear from 5.0% in 2025 to 4.0% in 2040, then flat.
  Schedule s;
  for (int y = 2025; y <= 2040; ++y) s.values[y] = 0.050 - 0.010 * (y - 2025) / 15.0;
  return s;
}

struct IncomeParams {
  Schedule national_yuan = [] {
    Schedule s;
    s.values = {{2015, 21966}, {2016, 23821}, {2017, 25974}, {2018, 28228}, {2019, 30733},
                {2020, 32189}, {2021, 35128}, {2022, 36883}, {2023, 39218}, {2024, 41314}};
    return s;
  }();
  Schedule urban_yuan = [] {
    Schedule s;
    s.values = {{2015, 31195}, {2016, 33616}, {2017, 36396}, {2018, 39251}, {2019, 42359},
                {2020, 43834}, {2021, 47412}, {2022, 49283}, {2023, 51821}, {2024, 54188}};
    return s;
  }();
  Schedule rural_yuan = [] {
    Schedule s;
    s.values = {{2015, 11422}, {2016, 12363}, {2017, 13432}, {2018, 14617}, {2019, 16021},
                {2020, 17131}, {2021, 18931}, {2022, 20133}, {2023, 21691}, {2024, 23119}};
    return s;
  }();
  Schedule national_growth_rate = default_income_growth_schedule();
  double national_minus_urban_growth = 0.008;
  double rural_minus_urban_growth = 0.015;
  double growth_volatility = 0.01;
  double growth_persistence = 0.5;

  template <class V>
  void visit(V& v) {
    const char* data = "calibration/data/economy/disposable_income.csv (NBS; 2024 verified, "
                       "earlier recalled)";
    v("national_yuan", national_yuan,
      Meta{.unit = "yuan/person/year", .doc = "National per-capita disposable income, data years",
           .source = data, .min = 0});
    v("urban_yuan", urban_yuan,
      Meta{.unit = "yuan/person/year", .doc = "Urban per-capita disposable income, data years",
           .source = data, .min = 0});
    v("rural_yuan", rural_yuan,
      Meta{.unit = "yuan/person/year", .doc = "Rural per-capita disposable income, data years",
           .source = data, .min = 0});
    v("national_growth_rate", national_growth_rate,
      Meta{.unit = "1/year",
           .doc = "Mean nominal growth of national per-capita disposable income after the data",
           .source = "5.0% in 2025 (2024: +5.3% nominal) falling linearly to 4.0% by 2040: real "
                     "per-capita growth slowing toward ~3% with ~1% inflation (assumption)",
           .min = -0.5, .max = 0.5});
    v("national_minus_urban_growth", national_minus_urban_growth,
      Meta{.unit = "1/year",
           .doc = "National growth minus urban growth (composition effect of urbanisation)",
           .source = "2015-2024 CAGR: national 7.27%, urban 6.33% (disposable_income.csv); "
                     "narrowed to 0.8 points as urbanisation slows",
           .min = -0.2, .max = 0.2});
    v("rural_minus_urban_growth", rural_minus_urban_growth,
      Meta{.unit = "1/year", .doc = "Rural growth minus urban growth",
           .source = "2015-2024 CAGR: rural 8.15%, urban 6.33% (1.8 points); 2024: 2.0 points; "
                     "1.5 points assumed as the gap narrows",
           .min = -0.2, .max = 0.2});
    v("growth_volatility", growth_volatility,
      Meta{.unit = "1/year", .doc = "Standard deviation of the AR(1) innovation of growth",
           .source = "Nominal growth 2016-2024 ranged 4.5%-9.1% around a declining trend "
                     "(assumption: 1 point)",
           .min = 0, .max = 0.5});
    v("growth_persistence", growth_persistence,
      Meta{.unit = "1", .doc = "AR(1) coefficient of the growth deviation",
           .source = "Assumption", .min = -1, .max = 1});
  }
};

struct DemographyParams {
  BasePopulationParams base_population;
  MortalityParams mortality;
  FertilityParams fertility;
  MigrationParams migration;
  EnrolmentParams enrolment;
  IncomeParams income;

  template <class V>
  void visit(V& v) {
    v("base_population", base_population, Meta{.doc = "base-year population by 5-year group"});
    v("mortality", mortality, Meta{.doc = "base mortality and Lee-Carter improvement"});
    v("fertility", fertility, Meta{.doc = "TFR path, noise, age pattern, sex ratio at birth"});
    v("migration", migration, Meta{.doc = "net migration level and age-sex pattern"});
    v("enrolment", enrolment, Meta{.doc = "employee scheme, opt-out, selection, assisted groups"});
    v("income", income, Meta{.doc = "per-capita disposable income data and growth"});
  }
};

}  // namespace fundsim
