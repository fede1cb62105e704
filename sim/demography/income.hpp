// Per-capita disposable income (national, urban, rural): data years, then stochastic growth.
#pragma once

#include <algorithm>
#include <vector>

#include "demography/demography_params.hpp"
#include "random/streams.hpp"

namespace fundsim {

struct IncomePath {
  int first_year = 0;
  int last_year = -1;
  std::vector<double> national_yuan, urban_yuan, rural_yuan;  // by year first..last
  double national(int year) const { return national_yuan.at(year - first_year); }
  double urban(int year) const { return urban_yuan.at(year - first_year); }
  double rural(int year) const { return rural_yuan.at(year - first_year); }
  // The year itself inside the path, else the path's nearest end (incomes held beyond its years).
  int nearest_year(int year) const { return std::clamp(year, first_year, last_year); }
};

class IncomeModel {
 public:
  // Throws InputError if a series is empty.
  explicit IncomeModel(const IncomeParams& params);

  // Data years (up to each series' last schedule entry) are reproduced exactly. After them:
  //   national growth g_t = national_growth_rate(t) + u_t, u_t = rho u_{t-1} + sigma e_t (u = 0
  //   in the last data year); urban growth = g_t - national_minus_urban_growth; rural growth =
  //   urban growth + rural_minus_urban_growth. Growth is floored at -50% so incomes stay
  //   positive. One normal variate is drawn per year after the national data. first_year must
  //   not precede the first data year of every series (InputError).
  IncomePath sample_income_path(Rng& rng, int first_year, int last_year) const;
  // The same with every innovation zero.
  IncomePath mean_income_path(int first_year, int last_year) const;

 private:
  IncomePath make(Rng* rng, int first_year, int last_year) const;
  IncomeParams p_;
};

}  // namespace fundsim
