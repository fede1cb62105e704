// The distribution of per-capita disposable income across persons (groundwork of the person-level
// engine, issue 17): a mixture of two lognormals, rural and urban residents, whose means are the
// published rural and urban per-capita incomes and whose log-sds are fitted to the published group
// means of the national income quintiles (NBS: the mean income of each fifth of residents ranked by
// income). The urban weight is the share of residents that makes the national mean the mixture of
// the two (s = (national - rural) / (urban - rural)).
//
// The quintile group means of a distribution F with quantiles x_q = F^-1(q / 5):
//   mean_q = 5 x E[X; x_{q-1} < X <= x_q],
// computed from lognormal partial moments; their average is the overall mean (a check the tests
// make).
#pragma once

#include <array>

namespace fundsim {

struct LogNormalIncome {
  double mu = 0, sigma = 0;  // of ln income
  double mean() const;
};

struct IncomeMixture {
  double urban_share = 0.5;  // weight of the urban component
  LogNormalIncome rural, urban;

  double cdf(double yuan) const;
  // The income at cumulative share p in (0, 1) (bisection on ln income; relative accuracy 1e-12).
  double quantile(double p) const;
  double mean() const;
  // E[X; a < X <= b] (a >= 0; b may be +infinity).
  double partial_mean(double a, double b) const;
  std::array<double, 5> quintile_means() const;
  // The quintile (1-5) of an income.
  int quintile_of(double yuan) const;
};

// The mixture with the given component means and urban share whose log-sds minimise the squared
// log errors of the five quintile group means. Throws InputError on non-positive or non-finite
// input, or means that do not allow a mixture (rural mean >= urban mean, urban share outside (0, 1)).
struct IncomeFit {
  IncomeMixture mixture;
  std::array<double, 5> fitted_means{};
  double max_abs_log_error = 0;  // over the five quintiles
};
IncomeFit fit_income_mixture(const std::array<double, 5>& quintile_means, double rural_mean_yuan,
                             double urban_mean_yuan, double urban_share);

// The urban share that makes `national` the mixture of `rural` and `urban` means.
double urban_share_from_means(double national_yuan, double rural_yuan, double urban_yuan);

}  // namespace fundsim
