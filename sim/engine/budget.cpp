#include "engine/budget.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/summary.hpp"
#include "fund/accounts.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

namespace {
bool has(const RunResult& r, Metric m) { return std::find(r.metrics.begin(), r.metrics.end(), m) != r.metrics.end(); }
}  // namespace

BudgetDraws budget_draws(const RunResult& r, const Scenario& s, int year, std::optional<double> opening_yuan) {
  const int last = r.first_year + r.years - 1;
  if (year < r.first_year || year > last)
    throw InputError(fmt::format("--year: expected a projected year {}-{}, found {}", r.first_year, last, year));
  const int y = year - r.first_year;
  BudgetDraws b;
  b.year = year;
  b.draws = r.draws;
  const auto n = static_cast<std::size_t>(r.draws);
  b.annual.resize(n);
  b.months.resize(n);
  b.opening.resize(n);
  b.closing.resize(n);
  b.balance.resize(n);
  auto get = [&](std::int64_t d, Metric m) { return has(r, m) ? r.value(d, y, m) : 0.0; };
  for (std::int64_t d = 0; d < r.draws; ++d) {
    const auto k = static_cast<std::size_t>(d);
    FlowYear& a = b.annual[k];
    a[f_revenue_individual] = get(d, m_revenue_individual);
    a[f_revenue_assistance_paid] = get(d, m_revenue_assistance_paid);
    a[f_revenue_subsidy] = get(d, m_revenue_subsidy);
    a[f_revenue_subsidy_central] = get(d, m_subsidy_central);
    a[f_revenue_subsidy_provincial] = get(d, m_subsidy_provincial);
    a[f_revenue_subsidy_city] = get(d, m_subsidy_city);
    a[f_revenue_subsidy_county] = get(d, m_subsidy_county);
    a[f_revenue_interest] = get(d, m_revenue_interest);
    a[f_revenue_total] = get(d, m_revenue_total);
    a[f_revenue_other] = a[f_revenue_total] - a[f_revenue_individual] - a[f_revenue_subsidy] - a[f_revenue_interest];
    a[f_spending_inpatient] = get(d, m_spending_inpatient);
    a[f_spending_outpatient] = get(d, m_spending_outpatient);
    a[f_spending_two_diseases] = get(d, m_spending_two_diseases);
    a[f_spending_chronic_special] = get(d, m_spending_chronic_special);
    a[f_spending_catastrophic] = get(d, m_spending_catastrophic);
    a[f_spending_total] = get(d, m_spending_total);
    a[f_spending_other] = a[f_spending_total] - a[f_spending_inpatient] - a[f_spending_outpatient] -
                          a[f_spending_two_diseases] - a[f_spending_chronic_special] - a[f_spending_catastrophic];
    // Rounding leaves a residual of a few ulps of the total: that is not "other" spending.
    for (FlowItem o : {f_revenue_other, f_spending_other}) {
      const double total = o == f_revenue_other ? a[f_revenue_total] : a[f_spending_total];
      if (std::abs(a[o]) <= 1e-12 * std::abs(total)) a[o] = 0.0;
    }
    const double model_opening = y > 0 ? r.value(d, y - 1, m_balance_cumulative) : s.fund.initial_balance_yuan;
    b.opening[k] = model_opening;
    b.closing[k] = r.value(d, y, m_balance_cumulative);
    if (opening_yuan) {
      // Interest on the actual opening balance: the draw's rate, else the model's interest scaled.
      double interest = a[f_revenue_interest];
      if (has(r, m_interest_rate)) interest = *opening_yuan > 0.0 ? r.value(d, y, m_interest_rate) * *opening_yuan : 0.0;
      else if (model_opening > 0.0) interest = a[f_revenue_interest] * std::max(*opening_yuan, 0.0) / model_opening;
      a[f_revenue_total] += interest - a[f_revenue_interest];
      a[f_revenue_interest] = interest;
      b.opening[k] = *opening_yuan;
      b.closing[k] = *opening_yuan + (a[f_revenue_total] - a[f_spending_total]);
    }
    b.months[k] = spread_year(s.budget.monthly, a);
    double bal = b.opening[k];
    for (std::size_t m = 0; m < 12; ++m) {
      bal += b.months[k][f_revenue_total][m] - b.months[k][f_spending_total][m];
      b.balance[k][m] = bal;
    }
  }
  return b;
}

Band band_of(std::vector<double> v) {
  Band b;
  if (v.empty()) return b;
  double s = 0.0;
  for (double x : v) s += x;  // draw order
  b.mean = s / static_cast<double>(v.size());
  std::sort(v.begin(), v.end());
  b.p50 = quantile_sorted(v, 0.50);
  b.p10 = quantile_sorted(v, 0.10);
  b.p90 = quantile_sorted(v, 0.90);
  b.p05 = quantile_sorted(v, 0.05);
  b.p95 = quantile_sorted(v, 0.95);
  return b;
}

MoneyUnit money_unit(const BudgetDraws& b) {
  double s = 0.0;
  for (const auto& a : b.annual) s += a[f_revenue_total];
  const double mean = b.draws > 0 ? s / static_cast<double>(b.draws) : 0.0;
  return std::abs(mean) >= 1e10 ? MoneyUnit{"亿元", 1e8} : MoneyUnit{"万元", 1e4};
}

namespace {
Band scaled(const Band& b, double k) { return {b.mean / k, b.p50 / k, b.p10 / k, b.p90 / k, b.p05 / k, b.p95 / k}; }

template <class F>
std::vector<double> per_draw(const BudgetDraws& b, F f) {
  std::vector<double> v(static_cast<std::size_t>(b.draws));
  for (std::size_t d = 0; d < v.size(); ++d) v[d] = f(d);
  return v;
}
}  // namespace

std::vector<BudgetRow> budget_table(const BudgetDraws& b, const MoneyUnit& u, const FundHistory* history) {
  std::vector<BudgetRow> rows;
  const HistoryYear* last = nullptr;
  if (history)
    if (auto it = history->find(b.year - 1); it != history->end()) last = &it->second;
  auto money = [&](std::string item, std::string label, std::vector<double> v) {
    BudgetRow r{std::move(item), std::move(label), u.name, scaled(band_of(std::move(v)), u.yuan), false, {}};
    if (last)
      if (auto it = last->find(r.item); it != last->end()) r.last_year_actual = it->second / u.yuan;
    rows.push_back(std::move(r));
  };
  for (int i = 0; i < kFlowItemCount; ++i)
    money(std::string(kFlowItems[static_cast<std::size_t>(i)].name),
          std::string(kFlowItems[static_cast<std::size_t>(i)].label),
          per_draw(b, [&](std::size_t d) { return b.annual[d][static_cast<std::size_t>(i)]; }));
  money("balance_current", "current balance (当期结余) = revenue - spending",
        per_draw(b, [&](std::size_t d) { return b.annual[d][f_revenue_total] - b.annual[d][f_spending_total]; }));
  money("balance_opening", "cumulative balance at the start of the year (上年末累计结余)",
        per_draw(b, [&](std::size_t d) { return b.opening[d]; }));
  money("balance_cumulative", "year-end cumulative balance (年末累计结余)",
        per_draw(b, [&](std::size_t d) { return b.closing[d]; }));
  rows.push_back({"months_payable", "months of payable spending at year end (可支付月数)", "months",
                  band_of(per_draw(b, [&](std::size_t d) {
                    return months_payable(b.closing[d], b.annual[d][f_spending_total]);
                  })),
                  false, {}});
  money("balance_lowest_month", "lowest month-end cumulative balance of the year (月末最低累计结余)",
        per_draw(b, [&](std::size_t d) { return *std::min_element(b.balance[d].begin(), b.balance[d].end()); }));
  rows.push_back({"month_of_lowest_balance", "month of the lowest month-end balance (1-12)", "month",
                  band_of(per_draw(b, [&](std::size_t d) {
                    return static_cast<double>(std::min_element(b.balance[d].begin(), b.balance[d].end()) -
                                               b.balance[d].begin() + 1);
                  })),
                  false, {}});
  const auto below = per_draw(b, [&](std::size_t d) {
    return *std::min_element(b.balance[d].begin(), b.balance[d].end()) < 0.0 ? 1.0 : 0.0;
  });
  rows.push_back({"p_balance_below_zero_some_month", "P(the month-end balance is below zero in some month)",
                  "probability", band_of(below), true, {}});
  rows.push_back({"p_current_deficit", "P(current deficit: spending above revenue in the year)", "probability",
                  band_of(per_draw(b, [&](std::size_t d) {
                    return b.annual[d][f_revenue_total] < b.annual[d][f_spending_total] ? 1.0 : 0.0;
                  })),
                  true, {}});
  return rows;
}

std::vector<MonthlyRow> monthly_table(const BudgetDraws& b, const MoneyUnit& u) {
  std::vector<MonthlyRow> rows;
  for (std::size_t m = 0; m < 12; ++m) {
    const int month = static_cast<int>(m) + 1;
    for (int i = 0; i < kFlowItemCount; ++i)
      rows.push_back({month, std::string(kFlowItems[static_cast<std::size_t>(i)].name), u.name,
                      scaled(band_of(per_draw(b, [&](std::size_t d) { return b.months[d][static_cast<std::size_t>(i)][m]; })),
                             u.yuan),
                      false});
    rows.push_back({month, "balance_current", u.name,
                    scaled(band_of(per_draw(b, [&](std::size_t d) {
                             return b.months[d][f_revenue_total][m] - b.months[d][f_spending_total][m];
                           })),
                           u.yuan),
                    false});
    rows.push_back({month, "balance_cumulative", u.name,
                    scaled(band_of(per_draw(b, [&](std::size_t d) { return b.balance[d][m]; })), u.yuan), false});
    rows.push_back({month, "months_payable", "months",
                    band_of(per_draw(b, [&](std::size_t d) {
                      return months_payable(b.balance[d][m], b.annual[d][f_spending_total]);
                    })),
                    false});
    rows.push_back({month, "p_balance_below_zero", "probability",
                    band_of(per_draw(b, [&](std::size_t d) { return b.balance[d][m] < 0.0 ? 1.0 : 0.0; })), true});
  }
  return rows;
}

}  // namespace fundsim
