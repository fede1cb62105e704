#include "fund/financing.hpp"

#include <algorithm>

namespace fundsim {

ContributionYear ContributionPath::next(int year, double rural_income_yuan) {
  ContributionYear c;
  c.year = year;
  const Schedule& ind = p_.individual_contribution_yuan;
  const Schedule& sub = p_.fiscal_subsidy_yuan;
  const double ind_last = last_individual_ >= 0 ? last_individual_ : ind.at(std::min(year - 1, ind.last_year()));
  const double sub_last = last_subsidy_ >= 0 ? last_subsidy_ : sub.at(std::min(year - 1, sub.last_year()));
  const bool ind_ratio = ind.needs_context(year) && ind.after == Schedule::After::ratio;
  const bool sub_ratio = sub.needs_context(year) && sub.after == Schedule::After::ratio;
  if (ind_ratio && !sub_ratio) {
    // The individual standard follows the subsidy: the subsidy first.
    c.subsidy_yuan = sub.at_with(year, rural_income_yuan, 0.0, 0.0, sub_last);
    c.individual_yuan = ind.at_with(year, rural_income_yuan, c.subsidy_yuan, sub_last, ind_last);
  } else {
    // The subsidy follows the individual standard (or neither follows the other). Both ratio rules
    // at once refer to each other: the individual standard then moves against last year's subsidy.
    c.individual_yuan = ind.at_with(year, rural_income_yuan, sub_last, sub_last, ind_last);
    c.subsidy_yuan = sub.at_with(year, rural_income_yuan, c.individual_yuan, ind_last, sub_last);
  }
  c.individual_yuan = std::max(0.0, c.individual_yuan);
  c.subsidy_yuan = std::max(0.0, c.subsidy_yuan);
  last_individual_ = c.individual_yuan;
  last_subsidy_ = c.subsidy_yuan;
  // Collection calendar (跨年征缴): a share of fund year N's individual contributions was collected
  // in the autumn of N-1 at notice year N-1's standard. The rules above run on notice-year
  // standards; only the amount booked in fund year N is blended.
  c.notice_individual_yuan = c.individual_yuan;
  const double lag = std::clamp(p_.collection_lag_share, 0.0, 1.0);
  c.individual_yuan = (1.0 - lag) * c.individual_yuan + lag * std::max(0.0, ind_last);
  return c;
}

Revenue contribution_revenue(const FinancingParams& p, const ContributionYear& c, double enrollees,
                             double assisted_paid_persons) {
  Revenue r;
  r.individual = enrollees * c.individual_yuan;
  r.assistance_paid = assisted_paid_persons * c.individual_yuan;
  const double floor_total = enrollees * c.subsidy_yuan;
  r.subsidy = floor_total * (1.0 + p.subsidy_top_up_share);
  // The central government pays its share of the national floor; local governments pay the rest of
  // the floor and the whole top-up.
  r.subsidy_central = floor_total * p.central_share_of_subsidy;
  const double local = r.subsidy - r.subsidy_central;
  const double local_floor_share = 1.0 - p.central_share_of_subsidy;
  if (local_floor_share > 0.0) {
    r.subsidy_provincial = local * p.provincial_share_of_subsidy / local_floor_share;
    r.subsidy_city = local * p.city_share_of_subsidy / local_floor_share;
  }
  r.subsidy_county = r.subsidy - r.subsidy_central - r.subsidy_provincial - r.subsidy_city;
  return r;
}

}  // namespace fundsim
