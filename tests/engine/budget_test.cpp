// The budget and monitor views of a run (engine/budget.hpp, engine/monitor.hpp, app/budget_commands.hpp).
#include "engine/budget.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "app/budget_commands.hpp"
#include "engine/monitor.hpp"
#include "engine/summary.hpp"
#include "output/budget_writer.hpp"
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

std::string source(const std::string& rel) { return std::string(FUNDSIM_SOURCE_DIR) + "/" + rel; }

BudgetOptions small(const char* scenario = "tests/scenarios/valid/small-trend.yaml", int year = 2025) {
  BudgetOptions o;
  o.scenario = source(scenario);
  o.year = year;
  o.draws = 40;
  o.threads = 2;
  return o;
}

const BudgetRow& row(const std::vector<BudgetRow>& rows, const std::string& item) {
  for (const auto& r : rows)
    if (r.item == item) return r;
  throw std::runtime_error("no row " + item);
}

// The budget's annual figures are the run's: the same draws as `fundsim run` (summary.csv).
TEST(Budget, AnnualFiguresAreTheRunsFigures) {
  BudgetOptions o = small();
  o.history = "none";  // the year opens from the model's projection, as in the run
  const BudgetOutcome b = compute_budget(o);
  const auto sum = summarise(b.run.result);
  for (const auto& [item, metric] : {std::pair<std::string, Metric>{"revenue_total", m_revenue_total},
                                     {"spending_total", m_spending_total},
                                     {"balance_cumulative", m_balance_cumulative}})
    for (const auto& s : sum)
      if (s.year == 2025 && s.metric == metric) {
        EXPECT_NEAR(row(b.table, item).band.mean * b.unit.yuan, s.stats.mean, 1e-9 * std::abs(s.stats.mean)) << item;
        EXPECT_NEAR(row(b.table, item).band.p50 * b.unit.yuan, s.stats.p50, 1e-9 * std::abs(s.stats.mean)) << item;
      }
  EXPECT_EQ(b.unit.name, "亿元");  // national scale
}

// Monthly flows add up exactly to the annual figures, in every draw and for every item; the
// December balance is the run's year-end balance; the lowest month is the minimum of the months.
TEST(Budget, MonthlyFlowsAddUpExactlyToTheYear) {
  for (const char* sc : {"tests/scenarios/valid/small-trend.yaml", "tests/scenarios/valid/small-cell.yaml"}) {
    BudgetOptions o = small(sc);
    o.draws = 8;
    const BudgetOutcome b = compute_budget(o);
    for (std::int64_t d = 0; d < b.draws.draws; ++d) {
      const auto k = static_cast<std::size_t>(d);
      for (int i = 0; i < kFlowItemCount; ++i) {
        double s = 0.0;
        for (double x : b.draws.months[k][static_cast<std::size_t>(i)]) s += x;
        EXPECT_EQ(s, b.draws.annual[k][static_cast<std::size_t>(i)]) << sc << " " << kFlowItems[static_cast<std::size_t>(i)].name;
      }
      EXPECT_NEAR(b.draws.balance[k][11], b.draws.closing[k], 1e-9 * std::abs(b.draws.closing[k]));
      // Revenue by source and spending by category add up to the totals.
      const FlowYear& a = b.draws.annual[k];
      EXPECT_NEAR(a[f_revenue_individual] + a[f_revenue_subsidy] + a[f_revenue_interest] + a[f_revenue_other],
                  a[f_revenue_total], 1e-12 * a[f_revenue_total]);
      EXPECT_NEAR(a[f_revenue_subsidy_central] + a[f_revenue_subsidy_provincial] + a[f_revenue_subsidy_city] +
                      a[f_revenue_subsidy_county],
                  a[f_revenue_subsidy], 1e-9 * a[f_revenue_subsidy]);
    }
    // The cell engine splits spending by category: nothing is left in "other".
    if (std::string(sc).find("cell") != std::string::npos) {
      EXPECT_EQ(row(b.table, "spending_other").band.mean, 0.0);
    }
    const auto& low = row(b.table, "balance_lowest_month");
    EXPECT_LE(low.band.mean, row(b.table, "balance_cumulative").band.mean);
  }
}

TEST(Budget, OneAndTwoThreadsGiveTheSameFiles) {
  BudgetOptions o1 = small(), o2 = small();
  o1.threads = 1;
  const BudgetOutcome a = compute_budget(o1), b = compute_budget(o2);
  EXPECT_EQ(budget_csv(2025, a.table, a.history_source), budget_csv(2025, b.table, b.history_source));
  EXPECT_EQ(monthly_csv(2025, a.monthly), monthly_csv(2025, b.monthly));
}

TEST(Budget, ComparesWithLastYearsActualsWhenTheHistoryHasThem) {
  const std::string h = ::testing::TempDir() + "/history.csv";
  std::ofstream(h) << "year,revenue_100m_yuan,expenditure_100m_yuan,cumulative_balance_100m_yuan\n"
                      "2024,11138.36,10619.38,8183.02\n";
  BudgetOptions o = small();
  o.history = h;
  const BudgetOutcome b = compute_budget(o);
  EXPECT_DOUBLE_EQ(*row(b.table, "revenue_total").last_year_actual, 11138.36);
  EXPECT_NEAR(*row(b.table, "balance_current").last_year_actual, 518.98, 1e-9);
  EXPECT_FALSE(row(b.table, "spending_inpatient").last_year_actual.has_value());
  // The year opens from the actual 2024 closing balance in every draw, with interest on it.
  EXPECT_TRUE(b.opening_known);
  const Band& open = row(b.table, "balance_opening").band;
  EXPECT_DOUBLE_EQ(open.p05, 8183.02);
  EXPECT_DOUBLE_EQ(open.p95, 8183.02);
  for (std::int64_t d = 0; d < b.draws.draws; ++d) {
    const auto k = static_cast<std::size_t>(d);
    const FlowYear& a = b.draws.annual[k];
    EXPECT_NEAR(b.draws.closing[k], 8183.02e8 + a[f_revenue_total] - a[f_spending_total], 1e-3);
    EXPECT_NEAR(a[f_revenue_interest], b.run.result.value(d, 2025 - b.run.result.first_year, m_interest_rate) * 8183.02e8, 1e-3);
    EXPECT_NEAR(b.draws.balance[k][11], b.draws.closing[k], 1e-9 * b.draws.closing[k]);
  }
  o.year = 2026;  // no 2025 row
  EXPECT_FALSE(compute_budget(o).table.front().last_year_actual.has_value());
}

// A history on another fund's scale (a pool scenario inheriting the national history) is refused.
TEST(Budget, AHistoryOfAnotherFundIsRefused) {
  const std::string h = ::testing::TempDir() + "/pool-history.csv";
  std::ofstream(h) << "year,revenue_100m_yuan,expenditure_100m_yuan\n2024,200.5,180.1\n";
  BudgetOptions o = small();
  o.draws = 4;
  o.history = h;
  try {
    compute_budget(o);
    FAIL() << "accepted a history on another scale";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not on the scale of this scenario's 2025 revenue"), std::string::npos)
        << e.what();
  }
}

// ---- monitor -----------------------------------------------------------------------------------

// One budget run shared by the monitor tests (computed once; read only).
const BudgetOutcome& shared_budget() {
  static const BudgetOutcome b = compute_budget(small());
  return b;
}

// Actuals made from the budget's own monthly means, spending scaled by `spending_factor`.
MonthlyActuals actuals_from(const BudgetOutcome& b, int months, double spending_factor) {
  MonthlyActuals a;
  for (int m = 0; m < months; ++m)
    for (FlowItem i : {f_revenue_total, f_spending_total}) {
      double s = 0.0;
      for (const auto& d : b.draws.months) s += d[i][static_cast<std::size_t>(m)];
      s /= static_cast<double>(b.draws.draws);
      a.value[i][static_cast<std::size_t>(m)] = i == f_spending_total ? s * spending_factor : s;
    }
  return a;
}

const YearEndRow& ye(const MonitorResult& r, const std::string& item) {
  for (const auto& x : r.year_end)
    if (x.item == item) return x;
  throw std::runtime_error("no year-end row " + item);
}

TEST(Monitor, TwelveMonthsGiveTheActualsExactlyWithAZeroWidthBand) {
  const BudgetOutcome& b = shared_budget();
  MonitorInput in;
  in.actuals = actuals_from(b, 12, 1.03);
  in.opening_balance_yuan = 8183.02e8;
  const MonitorResult r = monitor_year(b.draws, b.run.loaded.scenario, in, b.unit);
  double rev = 0.0, sp = 0.0;
  for (std::size_t m = 0; m < 12; ++m) {
    rev += *in.actuals.value[f_revenue_total][m];
    sp += *in.actuals.value[f_spending_total][m];
  }
  for (const auto& [item, v] : {std::pair<std::string, double>{"revenue_total", rev},
                                {"spending_total", sp},
                                {"balance_current", rev - sp},
                                {"balance_cumulative", 8183.02e8 + rev - sp}}) {
    const Band& f = ye(r, item).forecast;
    EXPECT_EQ(f.mean * b.unit.yuan, v / b.unit.yuan * b.unit.yuan) << item;
    EXPECT_EQ(f.p05, f.p95) << item;
    EXPECT_EQ(f.p10, f.p90) << item;
    EXPECT_EQ(f.p05, f.mean) << item;
  }
  EXPECT_EQ(r.warning.spending_months_seen, 12);
}

TEST(Monitor, BandNeverWidensAsMonthsAreAdded) {
  const BudgetOutcome& b = shared_budget();
  for (double factor : {0.9, 1.0, 1.03, 1.2}) {
    double prev_bal = INFINITY, prev_sp = INFINITY, prev_rev = INFINITY;
    for (int k = 0; k <= 12; ++k) {
      MonitorInput in;
      in.actuals = actuals_from(b, k, factor);
      in.opening_balance_yuan = 8183.02e8;
      const MonitorResult r = monitor_year(b.draws, b.run.loaded.scenario, in, b.unit);
      const Band &bal = ye(r, "balance_cumulative").forecast, &sp = ye(r, "spending_total").forecast,
                 &rev = ye(r, "revenue_total").forecast;
      EXPECT_LE(bal.p95 - bal.p05, prev_bal * (1 + 1e-12) + 1e-9) << factor << " " << k;
      EXPECT_LE(sp.p95 - sp.p05, prev_sp * (1 + 1e-12) + 1e-9) << factor << " " << k;
      EXPECT_LE(rev.p95 - rev.p05, prev_rev * (1 + 1e-12) + 1e-9) << factor << " " << k;
      prev_bal = bal.p95 - bal.p05;
      prev_sp = sp.p95 - sp.p05;
      prev_rev = rev.p95 - rev.p05;
    }
    EXPECT_EQ(prev_bal, 0.0);
  }
}

// Six months 3% above the budget on spending: the year's spending level is re-forecast between the
// budget (1) and the months' own level (1.03), nearer 1.03 the more the months weigh against the
// budget's spread; the year-end spending rises accordingly; the seen months equal the actuals.
TEST(Monitor, SixMonthsAboveBudgetRaiseTheForecast) {
  const BudgetOutcome& b = shared_budget();
  MonitorInput in;
  in.actuals = actuals_from(b, 6, 1.03);
  const MonitorResult r = monitor_year(b.draws, b.run.loaded.scenario, in, b.unit);
  EXPECT_GT(r.spending_level_mean, 1.0);
  EXPECT_LT(r.spending_level_mean, 1.03);
  EXPECT_NEAR(r.revenue_level_mean, 1.0, 1e-9);  // revenue exactly on budget
  const double budget_sp = ye(r, "spending_total").budget.mean, fc_sp = ye(r, "spending_total").forecast.mean;
  EXPECT_GT(fc_sp, budget_sp);
  EXPECT_LT(fc_sp, 1.03 * budget_sp);
  for (const auto& m : r.months)
    if (m.item == "spending_total" && m.month <= 6) {
      EXPECT_EQ(m.status, "actual");
      EXPECT_EQ(m.forecast.p05, m.forecast.p95);
    } else if (m.item == "spending_total") {
      EXPECT_EQ(m.status, "forecast");
      EXPECT_LT(m.forecast.p05, m.forecast.p95);
    }
  EXPECT_FALSE(r.warning.line.empty());
  EXPECT_EQ(r.warning.band, warning_band_name(r.warning.months_payable_p50, b.run.loaded.scenario.fund.warning));
}

TEST(Monitor, AMonthFarOutsideTheBudgetIsFlagged) {
  const BudgetOutcome& b = shared_budget();
  MonitorInput in;
  in.actuals = actuals_from(b, 3, 1.0);
  *in.actuals.value[f_spending_total][1] *= 1.5;
  const MonitorResult r = monitor_year(b.draws, b.run.loaded.scenario, in, b.unit);
  int flagged = 0;
  for (const auto& m : r.months)
    if (!m.flag.empty()) {
      ++flagged;
      EXPECT_EQ(m.item, "spending_total");
      EXPECT_EQ(m.month, 2);
      EXPECT_EQ(m.flag, "above");
    }
  EXPECT_EQ(flagged, 1);
}

// budget.csv from its layout: a probability keeps only its mean, a row without last year's actual
// leaves the last-year columns empty, and a label with a comma is quoted.
TEST(BudgetCsv, MissingValuesAreEmptyCellsAndALabelWithACommaIsQuoted) {
  BudgetRow money{"revenue_total", "total revenue, all", "yi", Band{10, 9, 8, 12, 7, 13}, false, 8.0};
  BudgetRow probability{"p_current_deficit", "P(deficit)", "probability", Band{0.25, 0, 0, 1, 0, 1}, true, {}};
  BudgetRow zero_last_year{"x", "x", "yi", Band{1, 1, 1, 1, 1, 1}, false, 0.0};
  EXPECT_EQ(budget_csv(2026, {money, probability, zero_last_year}, "history.csv"),
            "year,item,label,unit,mean,p50,p10,p90,p05,p95,last_year,last_year_actual,change,change_pct,source\n"
            "2026,revenue_total,\"total revenue, all\",yi,10,9,8,12,7,13,2025,8,2,0.25,history.csv\n"
            "2026,p_current_deficit,P(deficit),probability,0.25,,,,,,,,,,\n"
            "2026,x,x,yi,1,1,1,1,1,1,2025,0,1,,history.csv\n");
}

}  // namespace
}  // namespace fundsim
