// The fund's accounts of a projected year in the metrics every engine reports (metrics.hpp names):
// enrollees, revenue by source, spending, balances, months payable, the contribution standards and
// the subsidy split. The trend and cell engines both record their years through it.
#pragma once

#include "engine/metrics.hpp"
#include "engine/model.hpp"
#include "fund/accounts.hpp"
#include "fund/financing.hpp"

namespace fundsim {

inline void record_fund_year(DrawTable& out, int t, double enrollees, const ContributionYear& c, const Revenue& rev,
                             double spending, const FundYear& fy) {
  out.at(t, m_enrollees) = enrollees;
  out.at(t, m_revenue_total) = fy.revenue_total;
  out.at(t, m_revenue_subsidy) = rev.subsidy;
  out.at(t, m_revenue_individual) = rev.individual;
  out.at(t, m_revenue_interest) = fy.revenue_interest;
  out.at(t, m_spending_total) = spending;
  out.at(t, m_balance_current) = fy.balance_current;
  out.at(t, m_balance_cumulative) = fy.balance_cumulative;
  out.at(t, m_months_payable) = fy.months_payable;
  out.at(t, m_individual_contribution) = c.individual_yuan;
  out.at(t, m_fiscal_subsidy) = c.subsidy_yuan;
  out.at(t, m_subsidy_central) = rev.subsidy_central;
  out.at(t, m_subsidy_provincial) = rev.subsidy_provincial;
  out.at(t, m_subsidy_city) = rev.subsidy_city;
  out.at(t, m_subsidy_county) = rev.subsidy_county;
  out.at(t, m_spending_per_enrollee) = enrollees > 0 ? spending / enrollees : 0.0;
}

}  // namespace fundsim
