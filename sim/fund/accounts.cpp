#include "fund/accounts.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>

namespace fundsim {

double months_payable(double balance_cumulative, double spending_total) {
  if (spending_total <= 0.0) {
    if (balance_cumulative > 0.0) return kMonthsPayableBound;
    if (balance_cumulative < 0.0) return -kMonthsPayableBound;
    return 0.0;
  }
  return std::clamp(balance_cumulative / (spending_total / 12.0), -kMonthsPayableBound, kMonthsPayableBound);
}

FundYear fund_step(double balance_prev, double revenue_contributions, double spending_total,
                   double interest_rate) {
  FundYear y;
  y.revenue_interest = balance_prev > 0.0 ? balance_prev * interest_rate : 0.0;
  y.revenue_total = revenue_contributions + y.revenue_interest;
  y.balance_current = y.revenue_total - spending_total;
  y.balance_cumulative = balance_prev + y.balance_current;
  y.months_payable = months_payable(y.balance_cumulative, spending_total);
  return y;
}

FundYear with_transfer(FundYear year, double transfer_in, double spending_total) {
  if (transfer_in == 0.0) return year;
  year.balance_cumulative += transfer_in;
  year.months_payable = months_payable(year.balance_cumulative, spending_total);
  return year;
}

std::vector<double> sample_interest_path(const InterestParams& p, Rng& rng, int years) {
  std::vector<double> r(static_cast<std::size_t>(std::max(years, 0)));
  boost::random::normal_distribution<double> z(0.0, 1.0);
  const double phi = 1.0 - p.reversion_per_year;
  double x = p.initial_rate;
  for (int t = 0; t < years; ++t) {
    if (t > 0) x = p.mean_rate + phi * (x - p.mean_rate) + p.sigma * z(rng);
    r[static_cast<std::size_t>(t)] = std::max(x, -0.05);
  }
  return r;
}

}  // namespace fundsim
