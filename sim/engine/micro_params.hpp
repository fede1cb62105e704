// Settings of the person-level engine (run.engine: micro): the income distribution of persons and
// the thresholds of the burden measures (benefits/burden.hpp). The number of persons is run.persons.
#pragma once

#include <vector>

#include "scenario/param.hpp"

namespace fundsim {

struct MicroParams {
  // The income distribution: a rural/urban lognormal mixture (demography/income_distribution.hpp)
  // whose component means are demography.income's rural and urban incomes of the reference year and
  // whose log-sds are fitted to that year's national quintile group means; each component then grows
  // with its own income path.
  int income_reference_year = 2023;
  std::vector<double> income_quintile_means_yuan = {9215, 20442, 32195, 50220, 95055};
  // Lines of the burden measures, as shares of the year's rural per-capita disposable income.
  double low_income_line_share_of_rural_income = 0.30;
  double subsistence_share_of_rural_income = 0.30;
  double oop_share_of_income_low = 0.10;
  double oop_share_of_income_high = 0.25;
  double oop_share_of_capacity_to_pay = 0.40;

  template <class V>
  void visit(V& v) {
    v("income_reference_year", income_reference_year,
      Meta{.unit = "year", .doc = "year of the quintile means below (and of the rural and urban means taken from "
                                  "demography.income)",
           .min = 2000, .max = 2100});
    v("income_quintile_means_yuan", income_quintile_means_yuan,
      Meta{.unit = "yuan/person/year",
           .doc = "mean per-capita disposable income of each fifth of national residents ranked by income, "
                  "lowest first (the fitted person income distribution's target)",
           .source = "calibration/data/economy/income_quintiles_national.csv (NBS statistical communique 2023)",
           .min = 0, .length = 5});
    v("low_income_line_share_of_rural_income", low_income_line_share_of_rural_income,
      Meta{.unit = "share",
           .doc = "low-income line of the impoverishment measures, per person per year, as a share of the year's "
                  "rural per-capita disposable income (so it grows with it)",
           .source = "ASSUMPTION: about the national average rural minimum-living (低保) standard, roughly 7,000 "
                     "yuan in 2023 against rural income 21,691; UNICEF China atlas 2015: the rural 低保 line is "
                     "about 37% of rural consumption spending",
           .min = 0, .max = 10});
    v("subsistence_share_of_rural_income", subsistence_share_of_rural_income,
      Meta{.unit = "share",
           .doc = "subsistence spending per person per year (capacity to pay = income minus it), as a share of "
                  "the year's rural per-capita disposable income",
           .source = "ASSUMPTION: set equal to the low-income line (WHO uses households' food spending at the "
                     "45th-55th percentile, not in the data here)",
           .min = 0, .max = 10});
    v("oop_share_of_income_low", oop_share_of_income_low,
      Meta{.unit = "share", .doc = "lower catastrophic-spending threshold: out of pocket above this share of income",
           .source = "SDG indicator 3.8.2 (10%)", .min = 1e-9, .max = 1});
    v("oop_share_of_income_high", oop_share_of_income_high,
      Meta{.unit = "share", .doc = "upper catastrophic-spending threshold (at least the lower one)",
           .source = "SDG indicator 3.8.2 (25%)", .min = 1e-9, .max = 1});
    v("oop_share_of_capacity_to_pay", oop_share_of_capacity_to_pay,
      Meta{.unit = "share", .doc = "out of pocket above this share of capacity to pay (income - subsistence)",
           .source = "WHO (Xu et al. 2003: 40% of capacity to pay)", .min = 1e-9, .max = 1});
  }
  template <class C>
  void check(C& c) const {
    c.require(oop_share_of_income_high >= oop_share_of_income_low, "oop_share_of_income_high",
              "a share at or above oop_share_of_income_low");
    bool increasing = income_quintile_means_yuan.size() == 5;
    for (std::size_t q = 1; increasing && q < income_quintile_means_yuan.size(); ++q)
      increasing = income_quintile_means_yuan[q] > income_quintile_means_yuan[q - 1];
    c.require(increasing && income_quintile_means_yuan.front() > 0, "income_quintile_means_yuan",
              "five positive means, each above the one before (lowest quintile first)");
  }
};

}  // namespace fundsim
