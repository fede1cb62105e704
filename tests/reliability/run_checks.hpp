// Property checks on a run's per-draw results, for any engine: every value finite, signs and
// ranges sane, and the accounting identities of docs/DESIGN.md §1 hold in every draw and year.
// Each check returns human-readable problems (empty = all good), so a failing test names the
// metric, draw and year.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "engine/runner.hpp"

namespace fundsim::testing {

// The documented bound on months payable (fund/accounts.hpp: +-100 years), restated here so a
// change of the bound is a deliberate change of the contract.
inline constexpr double kMonthsBound = 1200.0;

// Relative tolerance of the identities: the model computes them in double precision (a cell model
// sums many cells, possibly in another order than the categories), so 1e-10 of the largest term
// covers round-off (~1e-16 per operation) while a real error of one yuan in 1e10 still shows.
inline constexpr double kIdentityRel = 1e-10;

inline bool close(double a, double b, double scale) {
  return std::fabs(a - b) <= kIdentityRel * std::max({std::fabs(a), std::fabs(b), scale}) + 1e-300;
}

class RunChecker {
 public:
  RunChecker(const RunResult& r, double initial_balance) : r_(r), b0_(initial_balance) {
    for (Metric m : r.metrics) have_.insert(m);
  }

  std::vector<std::string> check() {
    for (std::int64_t d = 0; d < r_.draws; ++d) {
      for (int y = 0; y < r_.years; ++y) check_cell(d, y);
      if (problems_.size() > kMaxProblems) break;
    }
    return problems_;
  }

 private:
  static constexpr std::size_t kMaxProblems = 50;
  bool has(Metric m) const { return have_.count(m) > 0; }
  double v(std::int64_t d, int y, Metric m) const { return r_.value(d, y, m); }
  void fail(std::int64_t d, int y, const std::string& what) {
    if (problems_.size() <= kMaxProblems)
      problems_.push_back(fmt::format("draw {} year {}: {}", r_.first_draw + d, r_.first_year + y, what));
  }

  void check_cell(std::int64_t d, int y) {
    for (Metric m : r_.metrics)
      if (!std::isfinite(v(d, y, m))) fail(d, y, fmt::format("{} = {} is not finite", metric_name(m), v(d, y, m)));

    // Signs: counts of people and money flows that cannot be negative.
    static const Metric kNonNegative[] = {
        m_population,        m_enrollees,           m_enrollees_assisted,        m_two_disease_patients,
        m_revenue_subsidy,   m_revenue_individual,  m_revenue_assistance_paid,   m_spending_total,
        m_spending_inpatient, m_spending_outpatient, m_spending_two_diseases,    m_spending_chronic_special,
        m_individual_contribution, m_fiscal_subsidy, m_contribution_burden_rural, m_assistance_spending,
        m_out_of_pocket,     m_subsidy_central,     m_subsidy_provincial,        m_subsidy_city,
        m_subsidy_county,    m_employee_scheme_members, m_life_expectancy_at_birth, m_disposable_income_rural,
        m_catastrophic_claims, m_spending_per_enrollee, m_total_cost, m_catastrophic_beneficiaries};
    for (Metric m : kNonNegative)
      if (has(m) && v(d, y, m) < 0.0) fail(d, y, fmt::format("{} = {} is negative", metric_name(m), v(d, y, m)));
    static const Metric kShares[] = {m_share_65_plus, m_share_65_plus_enrollees, m_prevalence_hypertension,
                                     m_prevalence_diabetes};
    for (Metric m : kShares)
      if (has(m) && !(v(d, y, m) >= 0.0 && v(d, y, m) <= 1.0))
        fail(d, y, fmt::format("{} = {} is not a share in [0, 1]", metric_name(m), v(d, y, m)));
    auto at_most = [&](Metric part, Metric whole) {
      if (has(part) && has(whole) && v(d, y, part) > v(d, y, whole) * (1.0 + kIdentityRel) + 1e-6)
        fail(d, y, fmt::format("{} = {} exceeds {} = {}", metric_name(part), v(d, y, part), metric_name(whole),
                               v(d, y, whole)));
    };
    at_most(m_enrollees, m_population);
    at_most(m_catastrophic_beneficiaries, m_enrollees);
    at_most(m_enrollees_assisted, m_enrollees);
    at_most(m_two_disease_patients, m_enrollees);
    at_most(m_revenue_assistance_paid, m_revenue_individual);
    if (has(m_months_payable) && std::fabs(v(d, y, m_months_payable)) > kMonthsBound)
      fail(d, y, fmt::format("months_payable = {} beyond the bound {}", v(d, y, m_months_payable), kMonthsBound));

    // revenue_total = subsidy + individual + interest.
    if (has(m_revenue_total) && has(m_revenue_subsidy) && has(m_revenue_individual) && has(m_revenue_interest)) {
      const double parts = v(d, y, m_revenue_subsidy) + v(d, y, m_revenue_individual) + v(d, y, m_revenue_interest);
      if (!close(v(d, y, m_revenue_total), parts, 0.0))
        fail(d, y, fmt::format("revenue_total = {} but subsidy + individual + interest = {}", v(d, y, m_revenue_total),
                               parts));
    }
    // spending_total = sum of the spending_* categories (when the model reports them).
    static const Metric kSpending[] = {m_spending_inpatient, m_spending_outpatient, m_spending_two_diseases,
                                       m_spending_chronic_special, m_spending_catastrophic};
    bool any = false;
    double sum = 0.0, scale = 0.0;
    for (Metric m : kSpending)
      if (has(m)) {
        any = true;
        sum += v(d, y, m);
        scale = std::max(scale, std::fabs(v(d, y, m)));
      }
    if (any && has(m_spending_total) && !close(v(d, y, m_spending_total), sum, scale))
      fail(d, y, fmt::format("spending_total = {} but the spending_* categories sum to {}", v(d, y, m_spending_total),
                             sum));
    // balance_current = revenue_total - spending_total.
    if (has(m_balance_current) && has(m_revenue_total) && has(m_spending_total)) {
      const double rev = v(d, y, m_revenue_total), sp = v(d, y, m_spending_total);
      if (!close(v(d, y, m_balance_current), rev - sp, std::max(std::fabs(rev), std::fabs(sp))))
        fail(d, y, fmt::format("balance_current = {} but revenue_total - spending_total = {}",
                               v(d, y, m_balance_current), rev - sp));
    }
    // balance_cumulative(t) = balance_cumulative(t-1) + balance_current(t); t-1 of the first year is
    // the scenario's initial balance.
    if (has(m_balance_cumulative) && has(m_balance_current)) {
      const double prev = y == 0 ? b0_ : v(d, y - 1, m_balance_cumulative);
      const double cur = v(d, y, m_balance_current);
      if (!close(v(d, y, m_balance_cumulative), prev + cur, std::max(std::fabs(prev), std::fabs(cur))))
        fail(d, y, fmt::format("balance_cumulative = {} but previous {} + current {} = {}",
                               v(d, y, m_balance_cumulative), prev, cur, prev + cur));
    }
    // months_payable = balance_cumulative / (spending_total / 12), within the documented bound.
    if (has(m_months_payable) && has(m_balance_cumulative) && has(m_spending_total)) {
      const double b = v(d, y, m_balance_cumulative), s = v(d, y, m_spending_total);
      double expected;
      if (s > 0.0) expected = std::clamp(b / (s / 12.0), -kMonthsBound, kMonthsBound);
      else expected = b > 0.0 ? kMonthsBound : (b < 0.0 ? -kMonthsBound : 0.0);
      if (!close(v(d, y, m_months_payable), expected, 0.0))
        fail(d, y, fmt::format("months_payable = {} but balance / (spending / 12) = {}", v(d, y, m_months_payable),
                               expected));
    }
  }

  const RunResult& r_;
  double b0_;
  std::set<Metric> have_;
  std::vector<std::string> problems_;
};

inline std::vector<std::string> check_run(const RunResult& r, double initial_balance) {
  return RunChecker(r, initial_balance).check();
}

}  // namespace fundsim::testing
