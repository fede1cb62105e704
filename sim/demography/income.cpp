#include "demography/income.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <stdexcept>
#include <string>

#include "scenario/errors.hpp"

namespace fundsim {

IncomeModel::IncomeModel(const IncomeParams& p) : p_(p) {
  if (p_.national_yuan.empty() || p_.urban_yuan.empty() || p_.rural_yuan.empty())
    throw InputError("demography.income: the income series need at least one data year");
  if (p_.national_growth_rate.empty())
    throw InputError("demography.income.national_growth_rate: empty schedule");
}

IncomePath IncomeModel::make(Rng* rng, int first_year, int last_year) const {
  if (last_year < first_year) throw std::invalid_argument("IncomeModel: last < first year");
  const int data_first =
      std::max({p_.national_yuan.first_year(), p_.urban_yuan.first_year(),
                p_.rural_yuan.first_year()});
  if (first_year < data_first)
    throw InputError("demography.income: path starts before the first data year " +
                     std::to_string(data_first));
  IncomePath path;
  path.first_year = first_year;
  path.last_year = last_year;
  const int n = last_year - first_year + 1;
  path.national_yuan.resize(n);
  path.urban_yuan.resize(n);
  path.rural_yuan.resize(n);

  // Values start from the first data year so that every series has a running level.
  const int start = data_first;
  double nat = p_.national_yuan.at(start), urb = p_.urban_yuan.at(start),
         rur = p_.rural_yuan.at(start);
  boost::random::normal_distribution<double> z(0.0, 1.0);
  double u = 0.0;
  for (int t = start; t <= last_year; ++t) {
    if (t > p_.national_yuan.last_year()) {
      const double e = rng ? z(*rng) : 0.0;
      u = p_.growth_persistence * u + p_.growth_volatility * e;
    }
    const double g = p_.national_growth_rate.at(t) + u;
    const double gu = g - p_.national_minus_urban_growth;
    const double gr = gu + p_.rural_minus_urban_growth;
    nat = t <= p_.national_yuan.last_year() ? p_.national_yuan.at(t) : nat * (1.0 + std::max(g, -0.5));
    urb = t <= p_.urban_yuan.last_year() ? p_.urban_yuan.at(t) : urb * (1.0 + std::max(gu, -0.5));
    rur = t <= p_.rural_yuan.last_year() ? p_.rural_yuan.at(t) : rur * (1.0 + std::max(gr, -0.5));
    if (t >= first_year) {
      const int i = t - first_year;
      path.national_yuan[i] = nat;
      path.urban_yuan[i] = urb;
      path.rural_yuan[i] = rur;
    }
  }
  return path;
}

IncomePath IncomeModel::sample_income_path(Rng& rng, int first_year, int last_year) const {
  return make(&rng, first_year, last_year);
}

IncomePath IncomeModel::mean_income_path(int first_year, int last_year) const {
  return make(nullptr, first_year, last_year);
}

}  // namespace fundsim
