// `fundsim budget` and `fundsim monitor` (and the Python module's budget() / monitor()): load the
// scenario, run the engine to the budget year (the run machinery of `fundsim run`), and take the
// budget year's view of the run (engine/budget.hpp, engine/monitor.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "engine/budget.hpp"
#include "engine/monitor.hpp"

namespace fundsim {

struct BudgetOptions {
  std::string scenario;
  std::vector<std::string> sets;
  int year = 0;
  std::optional<std::int64_t> draws;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string history;  // overrides budget.history_file (path as given); "none" = no history
  // Last year's closing balance (yuan); default: the history's row of year - 1, else the model's.
  std::optional<double> opening_balance_yuan;
};

struct BudgetOutcome {
  RunOutcome run;
  BudgetDraws draws;
  MoneyUnit unit;
  std::string history_source;  // the history file read ("" = none)
  std::string opening_source;  // where the opening balance comes from
  bool opening_known = false;  // given or from the history (not the model's projection)
  FundHistory history;
  std::vector<BudgetRow> table;
  std::vector<MonthlyRow> monthly;
};
// The scenario is run over its whole horizon, exactly as `fundsim run` runs it (the budget year's
// numbers equal those of the run's summary.csv; a shorter horizon would change them, because some
// precomputed tables span the horizon).
BudgetOutcome compute_budget(const BudgetOptions& o, const std::atomic<bool>* cancel = nullptr);

struct MonitorOptions {
  BudgetOptions budget;
  std::string actuals;  // path of the actuals CSV (or, with actuals_text, the name used in messages)
  std::optional<std::string> actuals_text;  // the CSV text itself (Python), instead of reading `actuals`
  std::string unit;     // unit of the actuals' values: yuan, 万元 (wan), 亿元 (yi); "" = the budget's unit
  std::optional<double> opening_balance;  // in `unit`; default: the history's year - 1, else the draws'
};

struct MonitorOutcome {
  BudgetOutcome budget;
  MonitorResult result;
  std::string actuals_unit;
};
// Reads the actuals first (a bad file fails before the run), then runs the budget and the monitor.
MonitorOutcome compute_monitor(const MonitorOptions& o, const std::atomic<bool>* cancel = nullptr);

struct OutputOptions {
  std::string out;  // default results/<scenario stem>-budget-<year> (or -monitor-<year>)
  bool force = false;
  bool quiet = false;
  std::string command_line;
};
int cmd_budget(const BudgetOptions& o, const OutputOptions& w, std::ostream& out, const std::atomic<bool>* cancel);
int cmd_monitor(const MonitorOptions& o, const OutputOptions& w, std::ostream& out, const std::atomic<bool>* cancel);

}  // namespace fundsim
