// Fund accounts: the identity balance(t) = balance(t-1) + revenue(t) - spending(t), interest, and
// months of payable spending. One place for these rules, used by every model.
#pragma once

#include <vector>

#include "random/streams.hpp"
#include "fund/fund_params.hpp"

namespace fundsim {

struct FundYear {
  double revenue_interest = 0.0;
  double revenue_total = 0.0;
  double balance_current = 0.0;     // revenue_total - spending_total (this year's surplus)
  double balance_cumulative = 0.0;  // end-of-year reserve
  double months_payable = 0.0;
};

// Months of payable spending are bounded to +-kMonthsPayableBound (100 years) so that a pool with
// no spending reports a finite number.
inline constexpr double kMonthsPayableBound = 1200.0;

double months_payable(double balance_cumulative, double spending_total);

// One year of fund accounts. Interest is credited on a positive opening balance only (a depleted
// fund earns nothing; its deficit is not charged interest: it is financed by fiscal top-ups that
// the model does not price).
FundYear fund_step(double balance_prev, double revenue_contributions, double spending_total,
                   double interest_rate);

// A transfer between a pool and a province's adjustment fund (sim/province) moves the reserve but is
// neither revenue nor spending: balance_cumulative becomes balance_cumulative + transfer_in (so
// balance_cumulative - balance_prev = balance_current + transfer_in) and months payable follow.
FundYear with_transfer(FundYear year, double transfer_in, double spending_total);

// Interest rate path: AR(1) around the long-run mean, one value per projected year.
std::vector<double> sample_interest_path(const InterestParams& p, Rng& rng, int years);

}  // namespace fundsim
