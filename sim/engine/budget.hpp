// Next year's budget as a view of a run (`fundsim budget`): the budget year's annual flows of every
// draw split into the budget's items, spread over the months by the scenario's monthly profile
// (fund/monthly.hpp), with the month-end balances, and summarised into the budget table and the
// monthly table. Nothing here is inside the draw loop.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "fund/actuals.hpp"
#include "fund/monthly.hpp"
#include "scenario/scenario.hpp"

namespace fundsim {

// Every draw's budget year.
struct BudgetDraws {
  int year = 0;
  std::int64_t draws = 0;
  std::vector<FlowYear> annual;     // per draw: annual flow of each item (yuan)
  std::vector<FlowMonths> months;   // per draw: monthly flows (sum to `annual`)
  std::vector<double> opening;      // per draw: cumulative balance at the end of year - 1
  std::vector<double> closing;      // per draw: the engine's balance_cumulative of the year
  std::vector<Months> balance;      // per draw: month-end cumulative balance
};

// The budget year `year` of a run; throws InputError if the run does not project that year.
//
// `opening_yuan`: last year's actual closing balance, when known (the history or the user). The year
// then opens from it in every draw instead of from the model's projection of year - 1, and the
// interest is credited on it (the draw's interest rate x the opening balance if positive, as
// fund/accounts.hpp credits it): revenue_interest, revenue_total, the balances and months payable
// change accordingly; every other flow is the run's.
BudgetDraws budget_draws(const RunResult& r, const Scenario& s, int year,
                         std::optional<double> opening_yuan = std::nullopt);

// Mean and quantiles (type 7) over draws.
struct Band {
  double mean = 0, p50 = 0, p10 = 0, p90 = 0, p05 = 0, p95 = 0;
};
Band band_of(std::vector<double> values);

// The display unit: 亿元 (1e8 yuan) when the mean annual revenue is at least 100亿 (a national or
// provincial fund), else 万元 (1e4 yuan, a pool).
struct MoneyUnit {
  std::string name;
  double yuan = 1.0;
};
MoneyUnit money_unit(const BudgetDraws& b);

// One row of budget.csv. Money in `unit` (converted from yuan here, in one place).
struct BudgetRow {
  std::string item, label, unit;
  Band band;
  bool probability = false;  // a probability: only `mean` is meaningful
  std::optional<double> last_year_actual;  // history row of year - 1, in `unit`
};
std::vector<BudgetRow> budget_table(const BudgetDraws& b, const MoneyUnit& u, const FundHistory* history);

// One row of monthly.csv (month 1-12).
struct MonthlyRow {
  int month = 0;
  std::string item, unit;
  Band band;
  bool probability = false;
};
std::vector<MonthlyRow> monthly_table(const BudgetDraws& b, const MoneyUnit& u);

}  // namespace fundsim
