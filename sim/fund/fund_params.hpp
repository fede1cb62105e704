// Financing, fund and warning-band parameters (the parts of a scenario owned by the fund stage).
#pragma once

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

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

// Warning bands on months of payable spending (docs/DESIGN.md §2).
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

}  // namespace fundsim
