#include "engine/monitor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/summary.hpp"
#include "fund/accounts.hpp"

namespace fundsim {

std::string warning_band_name(double m, const WarningParams& w) {
  return kWarningBandNames[warning_band(m, w)];
}

namespace {

double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}
double var_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean_of(v);
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  return ss / static_cast<double>(v.size() - 1);
}
// Standardised values (0 where there is no spread).
std::vector<double> standardised(const std::vector<double>& v) {
  const double m = mean_of(v), sd = std::sqrt(var_of(v));
  std::vector<double> z(v.size(), 0.0);
  if (sd > 0.0)
    for (std::size_t i = 0; i < v.size(); ++i) z[i] = (v[i] - m) / sd;
  return z;
}
// mean + sd * z over draws, as a band.
Band affine_band(double mean, double sd, const std::vector<double>& z) {
  std::vector<double> v(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) v[i] = mean + sd * z[i];
  Band b = band_of(std::move(v));
  if (sd == 0.0) b = {mean, mean, mean, mean, mean, mean};  // exact: no rounding from mean + 0 * z
  return b;
}
Band scaled(const Band& b, double k) { return {b.mean / k, b.p50 / k, b.p10 / k, b.p90 / k, b.p05 / k, b.p95 / k}; }

constexpr FlowItem kRevenueParts[] = {f_revenue_individual, f_revenue_subsidy, f_revenue_interest, f_revenue_other};
constexpr FlowItem kSpendingParts[] = {f_spending_inpatient,       f_spending_outpatient,   f_spending_two_diseases,
                                       f_spending_chronic_special, f_spending_catastrophic, f_spending_other};

}  // namespace

MonitorResult monitor_year(const BudgetDraws& b, const Scenario& s, const MonitorInput& in, const MoneyUnit& u) {
  MonitorResult res;
  const auto n = static_cast<std::size_t>(b.draws);
  // Annual values per item across draws, their means and the seasonal shares.
  std::array<std::vector<double>, kFlowItemCount> annual;
  FlowYear mean{};
  for (int i = 0; i < kFlowItemCount; ++i) {
    auto& v = annual[static_cast<std::size_t>(i)];
    v.resize(n);
    for (std::size_t d = 0; d < n; ++d) v[d] = b.annual[d][static_cast<std::size_t>(i)];
    mean[static_cast<std::size_t>(i)] = mean_of(v);
  }
  const auto shares = item_calendars(s.budget.monthly, mean);

  // Actuals per item; a side's total for a month may come from all its parts.
  auto actual = in.actuals.value;
  auto fill_total = [&](FlowItem total, std::initializer_list<FlowItem> parts) {
    for (std::size_t m = 0; m < 12; ++m) {
      if (actual[total][m]) continue;
      double x = 0.0;
      bool all = true;
      for (FlowItem p : parts) {
        if (actual[p][m]) x += *actual[p][m];
        else if (mean[p] != 0.0) all = false;
      }
      if (all) actual[total][m] = x;
    }
  };
  fill_total(f_revenue_total, {kRevenueParts[0], kRevenueParts[1], kRevenueParts[2], kRevenueParts[3]});
  fill_total(f_spending_total, {kSpendingParts[0], kSpendingParts[1], kSpendingParts[2], kSpendingParts[3],
                                kSpendingParts[4], kSpendingParts[5]});
  // fill_total on the subsidy's levels would need every level; the subsidy total is read as given.

  auto forecaster = [&](int i, bool with_actuals) {
    const auto k = static_cast<std::size_t>(i);
    LevelForecast f;
    f.mean_annual = mean[k];
    f.prior_var = mean[k] != 0.0 ? var_of(annual[k]) / (mean[k] * mean[k]) : 0.0;
    const double cv = kFlowItems[k].revenue ? s.budget.monitor.revenue_month_cv : s.budget.monitor.spending_month_cv;
    f.noise_var = cv * cv / 12.0;
    f.share = shares[k];
    if (with_actuals) f.actual = actual[k];
    return f;
  };

  const LevelForecast R = forecaster(f_revenue_total, true), S = forecaster(f_spending_total, true);
  const LevelForecast R0 = forecaster(f_revenue_total, false), S0 = forecaster(f_spending_total, false);
  res.revenue_level_mean = R.level_mean();
  res.revenue_level_sd = std::sqrt(R.level_var());
  res.spending_level_mean = S.level_mean();
  res.spending_level_sd = std::sqrt(S.level_var());

  // Opening balance: known, or the draws' (with their spread).
  const bool opening_known = in.opening_balance_yuan.has_value();
  const double b0_mean = opening_known ? *in.opening_balance_yuan : mean_of(b.opening);
  const double b0_var = opening_known ? 0.0 : var_of(b.opening);
  const double budget_b0_mean = mean_of(b.opening), budget_b0_var = var_of(b.opening);

  // Items shown by month: the totals, the balance, and every item with actuals.
  std::vector<int> shown = {f_revenue_total, f_spending_total};
  for (int i = 0; i < kFlowItemCount; ++i) {
    bool any = false;
    for (const auto& x : in.actuals.value[static_cast<std::size_t>(i)]) any = any || x.has_value();
    if (any && i != f_revenue_total && i != f_spending_total) shown.push_back(i);
  }
  auto flag_of = [](double a, const Band& band) {
    return a > band.p95 ? std::string("above") : a < band.p05 ? std::string("below") : std::string();
  };
  for (std::size_t m = 0; m < 12; ++m) {
    const int month = static_cast<int>(m) + 1;
    for (int i : shown) {
      const auto k = static_cast<std::size_t>(i);
      const LevelForecast f = forecaster(i, true), f0 = forecaster(i, false);
      const auto z = standardised(annual[k]);
      MonitorRow row;
      row.month = month;
      row.item = std::string(kFlowItems[k].name);
      row.unit = u.name;
      row.forecast = scaled(affine_band(f.month_mean(static_cast<int>(m)), f.month_sd(static_cast<int>(m)), z), u.yuan);
      row.budget = scaled(affine_band(f0.month_mean(static_cast<int>(m)), f0.month_sd(static_cast<int>(m)), z), u.yuan);
      row.status = actual[k][m] ? "actual" : "forecast";
      if (actual[k][m]) {
        row.actual = *actual[k][m] / u.yuan;
        row.flag = flag_of(*row.actual, row.budget);
      }
      res.months.push_back(std::move(row));
    }
    // Month-end cumulative balance.
    std::vector<double> bal_m(n);
    for (std::size_t d = 0; d < n; ++d) bal_m[d] = b.balance[d][m];
    const auto zb = standardised(bal_m);
    const int mi = static_cast<int>(m);
    const double mean_b = b0_mean + R.cumulative_mean(mi) - S.cumulative_mean(mi);
    const double sd_b = std::sqrt(b0_var + R.cumulative_sd(mi) * R.cumulative_sd(mi) + S.cumulative_sd(mi) * S.cumulative_sd(mi));
    const double mean_b0 = budget_b0_mean + R0.cumulative_mean(mi) - S0.cumulative_mean(mi);
    const double sd_b0 = std::sqrt(budget_b0_var + R0.cumulative_sd(mi) * R0.cumulative_sd(mi) +
                                   S0.cumulative_sd(mi) * S0.cumulative_sd(mi));
    MonitorRow row;
    row.month = month;
    row.item = "balance_cumulative";
    row.unit = u.name;
    row.forecast = scaled(affine_band(mean_b, sd_b, zb), u.yuan);
    row.budget = scaled(affine_band(mean_b0, sd_b0, zb), u.yuan);
    bool seen = opening_known;
    for (std::size_t j = 0; j <= m; ++j) seen = seen && actual[f_revenue_total][j] && actual[f_spending_total][j];
    row.status = seen ? "actual" : "forecast";
    if (seen) {
      row.actual = mean_b / u.yuan;
      row.flag = flag_of(*row.actual, row.budget);
    }
    res.months.push_back(std::move(row));
  }

  // Year end, per draw: revenue, spending, balances and months payable.
  const auto zr = standardised(annual[f_revenue_total]), zs = standardised(annual[f_spending_total]);
  std::vector<double> cur(n), closing(n);
  for (std::size_t d = 0; d < n; ++d) {
    cur[d] = annual[f_revenue_total][d] - annual[f_spending_total][d];
    closing[d] = b.closing[d];
  }
  const auto zc = standardised(cur), zk = standardised(closing);
  const double r_mean = R.cumulative_mean(11), r_sd = R.cumulative_sd(11);
  const double s_mean = S.cumulative_mean(11), s_sd = S.cumulative_sd(11);
  const double c_mean = r_mean - s_mean, c_sd = std::sqrt(r_sd * r_sd + s_sd * s_sd);
  const double k_mean = b0_mean + c_mean, k_sd = std::sqrt(b0_var + c_sd * c_sd);
  const double c0_sd = std::hypot(R0.cumulative_sd(11), S0.cumulative_sd(11));
  auto ye = [&](std::string item, std::string unit, double scale, double fm, double fs, double bm, double bs,
                const std::vector<double>& z) {
    res.year_end.push_back({std::move(item), std::move(unit), scaled(affine_band(fm, fs, z), scale),
                            scaled(affine_band(bm, bs, z), scale)});
  };
  ye("revenue_total", u.name, u.yuan, r_mean, r_sd, R0.cumulative_mean(11), R0.cumulative_sd(11), zr);
  ye("spending_total", u.name, u.yuan, s_mean, s_sd, S0.cumulative_mean(11), S0.cumulative_sd(11), zs);
  ye("balance_current", u.name, u.yuan, c_mean, c_sd, R0.cumulative_mean(11) - S0.cumulative_mean(11), c0_sd, zc);
  ye("balance_cumulative", u.name, u.yuan, k_mean, k_sd,
     budget_b0_mean + R0.cumulative_mean(11) - S0.cumulative_mean(11), std::sqrt(budget_b0_var + c0_sd * c0_sd), zk);
  // Months payable per draw from the draw's year-end balance and spending.
  std::vector<double> mp(n), mp0(n);
  std::int64_t c[6] = {0, 0, 0, 0, 0, 0}, deficit = 0;
  const WarningParams& w = s.fund.warning;
  for (std::size_t d = 0; d < n; ++d) {
    const double bal = k_mean + k_sd * zk[d];
    const double sp = s_sd == 0.0 ? s_mean : s_mean + s_sd * zs[d];
    mp[d] = months_payable(bal, sp);
    const double bal0 = budget_b0_mean + R0.cumulative_mean(11) - S0.cumulative_mean(11) +
                        std::sqrt(budget_b0_var + c0_sd * c0_sd) * zk[d];
    mp0[d] = months_payable(bal0, S0.cumulative_mean(11) + S0.cumulative_sd(11) * zs[d]);
    const int idx = warning_band(mp[d], w);
    ++c[idx];
    deficit += (c_sd == 0.0 ? c_mean : c_mean + c_sd * zc[d]) < 0.0 ? 1 : 0;
  }
  {
    Band f = band_of(mp), b0 = band_of(mp0);
    res.year_end.push_back({"months_payable", "months", f, b0});
  }
  MonitorWarning& wr = res.warning;
  wr.year = b.year;
  for (std::size_t m = 0; m < 12; ++m) {
    wr.revenue_months_seen += actual[f_revenue_total][m] ? 1 : 0;
    wr.spending_months_seen += actual[f_spending_total][m] ? 1 : 0;
  }
  const Band mpb = band_of(mp);
  wr.months_payable_p50 = mpb.p50;
  wr.months_payable_p05 = mpb.p05;
  wr.months_payable_p95 = mpb.p95;
  wr.band = warning_band_name(mpb.p50, w);
  const double nn = n > 0 ? static_cast<double>(n) : 1.0;
  wr.p_exhausted = static_cast<double>(c[0]) / nn;
  wr.p_red = static_cast<double>(c[1]) / nn;
  wr.p_amber = static_cast<double>(c[2]) / nn;
  wr.p_target = static_cast<double>(c[3]) / nn;
  wr.p_comfortable = static_cast<double>(c[4]) / nn;
  wr.p_excessive = static_cast<double>(c[5]) / nn;
  wr.p_current_deficit = static_cast<double>(deficit) / nn;
  const Band cb = scaled(affine_band(c_mean, c_sd, zc), u.yuan);
  wr.line = fmt::format(
      "{} year end ({} months of spending, {} of revenue seen): months payable {:.1f} [90%: {:.1f}-{:.1f}], band "
      "{}; P(exhausted) {:.1f}%, P(red) {:.1f}%, P(amber) {:.1f}%; spending level {:.3f} x budget (sd {:.3f}); "
      "current balance (median) {:.1f} {} [90%: {:.1f} to {:.1f}], P(current deficit) {:.1f}%",
      b.year, wr.spending_months_seen, wr.revenue_months_seen, mpb.p50, mpb.p05, mpb.p95, wr.band,
      100 * wr.p_exhausted, 100 * wr.p_red, 100 * wr.p_amber, res.spending_level_mean, res.spending_level_sd, cb.p50,
      u.name, cb.p05, cb.p95, 100 * wr.p_current_deficit);
  return res;
}

}  // namespace fundsim
