#include "engine/trend_model.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>

#include "engine/fund_metrics.hpp"
#include "fund/accounts.hpp"
#include "fund/financing.hpp"

namespace fundsim {

TrendModel::TrendModel(const Scenario& s)
    : s_(s), first_year_(s.run.jump_off_year + 1), years_(s.run.end_year - s.run.jump_off_year) {
  metrics_ = {m_enrollees,         m_revenue_total,       m_revenue_subsidy,       m_revenue_individual,
              m_revenue_interest,  m_spending_total,      m_balance_current,       m_balance_cumulative,
              m_months_payable,    m_individual_contribution, m_fiscal_subsidy, m_subsidy_central,
              m_subsidy_provincial, m_subsidy_city,       m_subsidy_county,        m_spending_per_enrollee,
              m_interest_rate};
  const auto indexed = [](const Schedule& x) { return x.after == Schedule::After::indexed; };
  if (indexed(s.financing.individual_contribution_yuan) || indexed(s.financing.fiscal_subsidy_yuan)) {
    income_.emplace(s.demography.income);
    income_first_year_ = s.run.jump_off_year;
    for (const auto* series : {&s.demography.income.national_yuan, &s.demography.income.rural_yuan})
      if (!series->empty()) income_first_year_ = std::max(income_first_year_, series->first_year());
  }
}

void TrendModel::project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const {
  const auto d = static_cast<std::uint64_t>(draw);
  Rng enrol_rng = make_rng(seed, d, Purpose::enrollee_trend);
  Rng trend_rng = make_rng(seed, d, Purpose::medical_trend);
  Rng interest_rng = make_rng(seed, d, Purpose::interest);
  boost::random::normal_distribution<double> z(0.0, 1.0);
  const TrendModelParams& p = s_.trend;
  const std::vector<double> rates = sample_interest_path(s_.fund.interest, interest_rng, years_);
  IncomePath income;
  if (income_) {
    Rng income_rng = make_rng(seed, d, Purpose::income);
    income = income_->sample_income_path(income_rng, income_first_year_, s_.run.end_year);
  }

  double enrollees = p.enrollees_jump_off;
  double spend_pe = p.spending_per_enrollee_jump_off_yuan;
  double excess = p.excess_trend_initial;
  double growth = p.enrollee_growth_mean;
  double balance = s_.fund.initial_balance_yuan;
  ContributionPath contrib(s_.financing);
  for (int t = 0; t < years_; ++t) {
    const int year = first_year_ + t;
    // Enrollee growth reverts from its initial value to the long-run value (half-life ~3 years).
    if (t > 0) growth = p.enrollee_growth_long_run + 0.8 * (growth - p.enrollee_growth_long_run);
    enrollees *= std::max(0.0, 1.0 + growth + p.enrollee_growth_sigma * z(enrol_rng));
    if (t > 0)
      excess = p.excess_trend_long_run + (1.0 - p.excess_trend_reversion) * (excess - p.excess_trend_long_run) +
               p.excess_trend_sigma * z(trend_rng);
    spend_pe *= std::max(0.0, (1.0 + p.price_inflation.at(year)) * (1.0 + excess));

    const double rural = income_ ? income.rural(income.nearest_year(year)) : 0.0;
    const ContributionYear c = contrib.next(year, rural);
    const Revenue rev = contribution_revenue(s_.financing, c, enrollees, 0.0);
    const double spending = enrollees * spend_pe;
    const FundYear f = fund_step(balance, rev.total(), spending, rates[static_cast<std::size_t>(t)]);
    balance = f.balance_cumulative;

    record_fund_year(out, t, enrollees, c, rev, spending, f);
    out.at(t, m_interest_rate) = rates[static_cast<std::size_t>(t)];
  }
}

}  // namespace fundsim
