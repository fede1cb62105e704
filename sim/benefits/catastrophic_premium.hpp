// The catastrophic layer's financing year by year (大病保险): the premium per enrollee the fund pays
// the insurer, from the schedule, or experience-rated on last year's claims per enrollee
// (premium_rule: experience) from the second projected year, never falling; and the fund's cost of
// the layer (catastrophic_fund_cost). Holds the experience-rating state of one projection.
#pragma once

#include <algorithm>

#include "benefits/aggregate.hpp"
#include "benefits/benefit_params.hpp"

namespace fundsim::benefits {

class CatastrophicPremium {
 public:
  // The premium per enrollee of `year` (the years must be visited in order, once each).
  double premium(int year, const CatastrophicFinancing& fin) const {
    double p = fin.premium_per_enrollee_yuan.at(year);
    if (fin.premium_rule == "experience" && has_history_)
      p = std::max(last_premium_, last_claims_per_enrollee_ * (1.0 + fin.experience_loading_share));
    return p;
  }
  // The fund's cost of the layer in `year` given the enrollees and the layer's claims, and the
  // experience recorded for next year.
  double fund_cost(int year, double enrollees, double claims, const CatastrophicFinancing& fin) {
    const double p = premium(year, fin);
    const double cost = catastrophic_fund_cost(fin.mode == "self_insured", enrollees, p, fin.insurer_profit_cap_share,
                                               fin.fund_loss_share, claims);
    last_premium_ = p;
    last_claims_per_enrollee_ = enrollees > 0 ? claims / enrollees : 0.0;
    has_history_ = true;
    return cost;
  }

 private:
  bool has_history_ = false;
  double last_premium_ = 0.0, last_claims_per_enrollee_ = 0.0;
};

// The waiting period (等待期): re-entrants' benefits are reduced; the enrolment stage gives the mean
// exposure x of enrollees (clamped to [0, 1]). The fund pays the share x of the claims, the members
// the rest.
struct WaitingPeriodShares {
  double fund = 1.0, member = 0.0;
};
inline WaitingPeriodShares waiting_period(double exposure) {
  const double x = std::clamp(exposure, 0.0, 1.0);
  return {x, 1.0 - x};
}

}  // namespace fundsim::benefits
