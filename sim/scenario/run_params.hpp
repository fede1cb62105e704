// Run-level, financing and fund parameters (the parts of a scenario owned by the fund stage).
#pragma once

#include <string>

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

struct RunParams {
  int jump_off_year = 2022;
  int end_year = 2060;
  int draws = 1000;
  int seed = 20250101;
  std::string engine = "cell";
  bool process_noise = false;
  // Calibrated parameters (sim/calibration): a parameter file written by `fundsim calibrate`.
  std::string parameter_draws_file;
  bool parameter_uncertainty = true;
  std::string calibration_kept_keys;  // computed by the loader unless given

  template <class V>
  void visit(V& v) {
    v("jump_off_year", jump_off_year,
      Meta{.unit = "year", .doc = "last year of observed data; projection starts the year after",
           .min = 2019, .max = 2100});
    v("end_year", end_year, Meta{.unit = "year", .doc = "last projected year", .min = 2020, .max = 2200});
    v("draws", draws, Meta{.unit = "draws", .doc = "Monte Carlo draws (overridden by --draws)", .min = 1,
                           .max = 10000000});
    v("seed", seed, Meta{.unit = "", .doc = "base seed of every random stream (overridden by --seed)",
                         .min = 0, .max = 2147483647});
    v("engine", engine,
      Meta{.doc = "cell: cohort-component cell model; trend: aggregate enrollee/cost trend model",
           .choices = "cell|trend"});
    v("process_noise", process_noise,
      Meta{.doc = "add claims process noise (finite numbers of persons and claims; cell engine): "
                  "normal with the exact per-person variance x enrollees; matters for small pools"});
    v("parameter_draws_file", parameter_draws_file,
      Meta{.doc = "parameter file of `fundsim calibrate` (path relative to the scenario file that sets it; "
                  "empty = none): its point estimates, or with parameter_uncertainty one posterior draw per "
                  "Monte Carlo draw, override the scenario's values of the calibrated keys"});
    v("calibration_kept_keys", calibration_kept_keys,
      Meta{.doc = "calibrated keys (comma-separated) that keep the scenario's own value instead of the "
                  "calibration's: computed by the loader from the keys a scenario file or --set gives "
                  "explicitly, unless a file gives this key (as a resolved scenario does)"});
    v("parameter_uncertainty", parameter_uncertainty,
      Meta{.doc = "with a parameter_draws_file: true = sample the calibrated parameters per draw "
                  "(Purpose::parameters); false = use the point estimates"});
  }
  template <class C>
  void check(C& c) const {
    c.require(end_year > jump_off_year, "end_year", "a year after run.jump_off_year");
    c.require(end_year - jump_off_year <= 120, "end_year", "a horizon of at most 120 years");
  }
};

// Financing per enrollee: the national floors (or a region's standards) and how they grow after the
// last legislated year.
struct FinancingParams {
  Schedule individual_contribution_yuan = Schedule::constant(400, 2024);
  Schedule fiscal_subsidy_yuan = Schedule::constant(700, 2025);
  double subsidy_top_up_share = 0.0;
  double central_share_of_subsidy = 0.6;
  double provincial_share_of_subsidy = 0.15;
  double city_share_of_subsidy = 0.125;
  double collection_lag_share = 0.0;

  template <class V>
  void visit(V& v) {
    v("individual_contribution_yuan", individual_contribution_yuan,
      Meta{.unit = "yuan/enrollee/year", .doc = "individual contribution standard",
           .source = "national_financing_standards.csv (医保发〔2020〕24号 ... 医保发〔2024〕19号)", .min = 0,
           .max = 1e6});
    v("fiscal_subsidy_yuan", fiscal_subsidy_yuan,
      Meta{.unit = "yuan/enrollee/year", .doc = "fiscal subsidy standard (national floor)",
           .source = "national_financing_standards.csv", .min = 0, .max = 1e6});
    v("subsidy_top_up_share", subsidy_top_up_share,
      Meta{.unit = "share of fiscal_subsidy_yuan",
           .doc = "average local subsidy above the national floor (provinces and cities top up)",
           .source = "calibrated: 2022 revenue per enrollee above the floors", .min = 0, .max = 5});
    v("central_share_of_subsidy", central_share_of_subsidy,
      Meta{.unit = "share", .doc = "central government's share of the subsidy (80% west, 60% central)",
           .source = "医保发〔2020〕24号", .min = 0, .max = 1});
    v("provincial_share_of_subsidy", provincial_share_of_subsidy,
      Meta{.unit = "share", .doc = "provincial share of the subsidy (the rest is city and county)",
           .min = 0, .max = 1});
    v("city_share_of_subsidy", city_share_of_subsidy,
      Meta{.unit = "share", .doc = "city share of the subsidy (county = 1 - central - province - city)",
           .min = 0, .max = 1});
    v("collection_lag_share", collection_lag_share,
      Meta{.unit = "share of individual contributions",
           .doc = "collection calendar (跨年征缴): share of fund year N's individual contributions collected "
                  "in the autumn of N-1 at notice year N-1's standard (0: every notice year's standard funds "
                  "its own year; 1: notice year N's standard funds fund year N+1). Subsidies follow their own "
                  "year's standard",
           .source = "Zigong, Guangxi, Zhengzhou 2021 notices (320 yuan collected in 2021 for 2022); the "
                     "national share is calibrated on the 2020-2024 revenue series (calibration/national.yaml)",
           .min = 0, .max = 1});
  }
  template <class C>
  void check(C& c) const {
    c.require(central_share_of_subsidy + provincial_share_of_subsidy + city_share_of_subsidy <= 1.0 + 1e-12,
              "city_share_of_subsidy", "central + provincial + city shares of the subsidy at most 1");
  }
};

struct InterestParams {
  double mean_rate = 0.015;
  double initial_rate = 0.015;
  double reversion_per_year = 0.3;
  double sigma = 0.003;

  template <class V>
  void visit(V& v) {
    v("mean_rate", mean_rate,
      Meta{.unit = "per year", .doc = "long-run interest rate credited on the fund balance",
           .source = "assumption: one-year time-deposit and agreement-deposit mix (~1.5%)", .min = -0.05,
           .max = 0.5});
    v("initial_rate", initial_rate, Meta{.unit = "per year", .doc = "rate in the first projected year",
                                         .min = -0.05, .max = 0.5});
    v("reversion_per_year", reversion_per_year,
      Meta{.unit = "per year", .doc = "mean-reversion speed of the rate (AR(1): 1 - phi)", .min = 0, .max = 1});
    v("sigma", sigma, Meta{.unit = "per year", .doc = "annual volatility of the rate", .min = 0, .max = 0.2});
  }
};

// Warning bands on months of payable spending (DESIGN §2).
struct WarningParams {
  double red_months = 3;
  double amber_months = 6;
  double target_months = 9;
  double excessive_months = 15;
  double red_probability_threshold = 0.2;

  template <class V>
  void visit(V& v) {
    v("red_months", red_months, Meta{.unit = "months", .doc = "0 to red_months: red", .min = 0, .max = 120});
    v("amber_months", amber_months, Meta{.unit = "months", .doc = "red to amber_months: amber", .min = 0, .max = 120});
    v("target_months", target_months,
      Meta{.unit = "months", .doc = "amber to target_months: target; to excessive_months: comfortable",
           .source = "NHSA: 6-9 months target; 8.5 months (2023) 'safe and stable'", .min = 0, .max = 120});
    v("excessive_months", excessive_months,
      Meta{.unit = "months", .doc = "above: excessive reserve", .min = 0, .max = 240});
    v("red_probability_threshold", red_probability_threshold,
      Meta{.unit = "probability", .doc = "first year with P(red or worse) above this is flagged", .min = 0, .max = 1});
  }
  template <class C>
  void check(C& c) const {
    c.require(red_months < amber_months, "amber_months", "amber_months above red_months");
    c.require(amber_months < target_months, "target_months", "target_months above amber_months");
    c.require(target_months < excessive_months, "excessive_months", "excessive_months above target_months");
  }
};

struct FundParams {
  double initial_balance_yuan = 7534.13e8;
  InterestParams interest;
  WarningParams warning;

  template <class V>
  void visit(V& v) {
    v("initial_balance_yuan", initial_balance_yuan,
      Meta{.unit = "yuan", .doc = "cumulative balance at the end of the jump-off year",
           .source = "NHSA 2022 statistical bulletin: 7,534.13 亿 yuan", .min = -1e15, .max = 1e15});
    v("interest", interest);
    v("warning", warning);
  }
};

// The foundation's aggregate model (engine: trend): enrollees follow a trend with uncertainty;
// spending per enrollee grows with prices plus a mean-reverting excess medical trend.
struct TrendModelParams {
  double enrollees_jump_off = 983.49e6;
  double enrollee_growth_mean = -0.01;
  double enrollee_growth_long_run = -0.004;
  double enrollee_growth_sigma = 0.005;
  double spending_per_enrollee_jump_off_yuan = 951.05;
  Schedule price_inflation = Schedule::constant(0.02, 2023);
  double excess_trend_initial = 0.04;
  double excess_trend_long_run = 0.01;
  double excess_trend_reversion = 0.15;
  double excess_trend_sigma = 0.015;

  template <class V>
  void visit(V& v) {
    v("enrollees_jump_off", enrollees_jump_off,
      Meta{.unit = "persons", .doc = "enrollees at the end of the jump-off year",
           .source = "NHSA 2022 bulletin: 98,349万", .min = 0, .max = 2e9});
    v("enrollee_growth_mean", enrollee_growth_mean,
      Meta{.unit = "per year", .doc = "enrollee growth in the first projected year",
           .source = "2020-2022 average: -1.6%/yr, of which part one-off (duplicates removed)", .min = -0.5,
           .max = 0.5});
    v("enrollee_growth_long_run", enrollee_growth_long_run,
      Meta{.unit = "per year", .doc = "long-run enrollee growth (population decline)", .min = -0.5, .max = 0.5});
    v("enrollee_growth_sigma", enrollee_growth_sigma,
      Meta{.unit = "per year", .doc = "volatility of enrollee growth", .min = 0, .max = 0.5});
    v("spending_per_enrollee_jump_off_yuan", spending_per_enrollee_jump_off_yuan,
      Meta{.unit = "yuan/enrollee", .doc = "spending per enrollee in the jump-off year",
           .source = "2022: 9,353.44亿 / 98,349万", .min = 0, .max = 1e6});
    v("price_inflation", price_inflation,
      Meta{.unit = "per year", .doc = "general price inflation", .min = -0.2, .max = 1.0});
    v("excess_trend_initial", excess_trend_initial,
      Meta{.unit = "per year", .doc = "excess medical trend in the first projected year", .min = -0.5, .max = 1.0});
    v("excess_trend_long_run", excess_trend_long_run,
      Meta{.unit = "per year", .doc = "long-run excess medical trend", .min = -0.5, .max = 1.0});
    v("excess_trend_reversion", excess_trend_reversion,
      Meta{.unit = "per year", .doc = "mean-reversion speed (1 - AR coefficient)", .min = 0, .max = 1});
    v("excess_trend_sigma", excess_trend_sigma,
      Meta{.unit = "per year", .doc = "volatility of the excess trend", .min = 0, .max = 1});
  }
};

}  // namespace fundsim
