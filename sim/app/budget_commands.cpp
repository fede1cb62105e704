#include "app/budget_commands.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "app/commands.hpp"
#include "output/budget_writer.hpp"
#include "output/writer.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

namespace fs = std::filesystem;

namespace {

// The history file: --history, else budget.history_file (a data table, already resolved against
// the file that set it).
std::string history_path(const BudgetOptions& o, const LoadedScenario& l) {
  if (o.history == "none") return "";
  if (!o.history.empty()) return o.history;
  return l.scenario.budget.history_file.path;
}

double unit_yuan(const std::string& unit, const MoneyUnit& budget_unit, std::string& name) {
  if (unit.empty()) {
    name = budget_unit.name;
    return budget_unit.yuan;
  }
  if (unit == "yuan" || unit == "元") return name = "元", 1.0;
  if (unit == "wan" || unit == "万元") return name = "万元", 1e4;
  if (unit == "yi" || unit == "亿元") return name = "亿元", 1e8;
  throw InputError("--unit: expected yuan, wan (万元) or yi (亿元), found '" + unit + "'");
}

}  // namespace

BudgetOutcome compute_budget(const BudgetOptions& o, const std::atomic<bool>* cancel) {
  const LoadedScenario loaded = load_scenario(o.scenario, o.sets);
  const RunParams& rp = loaded.scenario.run;
  if (o.year <= rp.jump_off_year || o.year > rp.end_year)
    throw InputError(fmt::format("--year: expected a projected year of {} ({}-{}), found {}", o.scenario,
                                 rp.jump_off_year + 1, rp.end_year, o.year));
  BudgetOutcome b;
  b.history_source = history_path(o, loaded);
  if (!b.history_source.empty()) b.history = read_history(b.history_source);  // fail before the run
  const std::int64_t draws = o.draws.value_or(loaded.scenario.run.draws);
  if (draws < 1) throw InputError("--draws: expected at least 1 draw");
  const std::uint64_t seed = o.seed.value_or(static_cast<std::uint64_t>(loaded.scenario.run.seed));
  b.run = run_scenario(loaded, draws, seed, o.threads, cancel);
  // A history inherited from another fund (a pool scenario over the national baseline) would compare
  // and open the year with the wrong fund's accounts: its last year must be on this fund's scale.
  if (auto it = b.history.find(o.year - 1); it != b.history.end() && it->second.count("revenue_total")) {
    const BudgetDraws plain = budget_draws(b.run.result, loaded.scenario, o.year);
    double model = 0.0;
    for (const auto& a : plain.annual) model += a[f_revenue_total];
    model /= static_cast<double>(std::max<std::int64_t>(plain.draws, 1));
    const double hist = it->second.at("revenue_total");
    if (!(hist > 0.5 * model && hist < 2.0 * model))
      throw InputError(fmt::format(
          "{}: the revenue of {} ({:.4g} yuan) is not on the scale of this scenario's {} revenue ({:.4g} yuan): "
          "the history of another fund? Set budget.history_file to this fund's history, or --history none",
          b.history_source, o.year - 1, hist, o.year, model));
  }
  std::optional<double> opening = o.opening_balance_yuan;
  if (opening) {
    b.opening_source = "given";
  } else if (auto it = b.history.find(o.year - 1); it != b.history.end() && it->second.count("balance_cumulative")) {
    opening = it->second.at("balance_cumulative");
    b.opening_source = fmt::format("{} (year {})", b.history_source, o.year - 1);
  } else {
    b.opening_source = fmt::format("the model's projection of {}", o.year - 1);
  }
  b.opening_known = opening.has_value();
  b.draws = budget_draws(b.run.result, loaded.scenario, o.year, opening);
  b.unit = money_unit(b.draws);
  b.table = budget_table(b.draws, b.unit, b.history_source.empty() ? nullptr : &b.history);
  b.monthly = monthly_table(b.draws, b.unit);
  return b;
}

MonitorOutcome compute_monitor(const MonitorOptions& o, const std::atomic<bool>* cancel) {
  // A bad file fails before anything runs.
  MonthlyActuals raw = o.actuals_text ? parse_actuals(*o.actuals_text, o.actuals) : read_actuals(o.actuals);
  if (!o.unit.empty()) {
    std::string ignored;
    unit_yuan(o.unit, MoneyUnit{}, ignored);  // check the unit before the run
  }
  MonitorOutcome m;
  m.budget = compute_budget(o.budget, cancel);
  const double k = unit_yuan(o.unit, m.budget.unit, m.actuals_unit);
  MonitorInput in;
  in.actuals = raw;
  for (auto& item : in.actuals.value)
    for (auto& v : item)
      if (v) *v *= k;
  if (o.opening_balance) {  // given in the actuals' unit: the budget year opens from it
    BudgetOutcome& b = m.budget;
    b.draws = budget_draws(b.run.result, b.run.loaded.scenario, o.budget.year, *o.opening_balance * k);
    b.opening_source = "--opening-balance";
    b.opening_known = true;
    b.table = budget_table(b.draws, b.unit, b.history_source.empty() ? nullptr : &b.history);
    b.monthly = monthly_table(b.draws, b.unit);
  }
  if (m.budget.opening_known) in.opening_balance_yuan = m.budget.draws.opening.empty() ? 0.0 : m.budget.draws.opening.front();
  m.result = monitor_year(m.budget.draws, m.budget.run.loaded.scenario, in, m.budget.unit);
  return m;
}

namespace {

RunInfo run_info(const BudgetOutcome& b, const OutputOptions& w, int threads, const std::string& start) {
  RunInfo info;
  info.engine = b.run.loaded.scenario.run.engine;
  info.threads = threads > 0 ? threads : omp_get_max_threads();
  info.start_time_utc = start;
  info.wall_seconds = b.run.wall_seconds;
  info.command_line = w.command_line;
  info.warnings = run_warnings(b.run.loaded, b.run.result);
  return info;
}

std::string default_dir(const std::string& scenario, const char* kind, int year) {
  return default_out_dir(scenario) + fmt::format("-{}-{}", kind, year);
}

std::string line_of(const BudgetRow& r) {
  if (r.probability) return fmt::format("  {:<34} {:>9.1f}%\n", r.item, 100 * r.band.mean);
  std::string s = fmt::format("  {:<34} {:>11.1f}  [80%: {:.1f} to {:.1f}]  {}", r.item, r.band.mean, r.band.p10,
                              r.band.p90, r.unit);
  if (r.last_year_actual) s += fmt::format("   last year {:.1f} ({:+.1f}%)", *r.last_year_actual,
                                           *r.last_year_actual != 0 ? 100 * (r.band.mean / *r.last_year_actual - 1) : 0.0);
  return s + "\n";
}

}  // namespace

int cmd_budget(const BudgetOptions& o, const OutputOptions& w, std::ostream& out, const std::atomic<bool>* cancel) {
  const std::string dir = w.out.empty() ? default_dir(o.scenario, "budget", o.year) : w.out;
  check_output_dir(dir, w.force);
  const std::string start = utc_now();
  const BudgetOutcome b = compute_budget(o, cancel);
  AtomicDir d(dir, w.force);
  d.write("manifest.json", manifest_json(b.run.loaded, b.run.result, b.run.seed, run_info(b, w, o.threads, start)).dump(2) + "\n");
  d.write("scenario.resolved.yaml", b.run.loaded.resolved_yaml);
  d.write("budget.csv", budget_csv(o.year, b.table, b.history_source));
  d.write("monthly.csv", monthly_csv(o.year, b.monthly));
  if (cancel && cancel->load()) throw std::runtime_error("cancelled");
  d.commit();
  if (!w.quiet) {
    out << fmt::format("fundsim budget: {} — {}, {} draws (mean, 80% interval; unit {})\n", b.run.loaded.scenario.name,
                       o.year, b.draws.draws, b.unit.name);
    for (const auto& r : b.table)
      if (r.item == "revenue_total" || r.item == "spending_total" || r.item == "balance_current" ||
          r.item == "balance_cumulative" || r.item == "months_payable" || r.item == "balance_lowest_month" ||
          r.item == "p_balance_below_zero_some_month" || r.item == "p_current_deficit")
        out << line_of(r);
    if (b.history_source.empty()) out << "  (no history file: no comparison with last year's actuals)\n";
    out << "  opening balance from " << b.opening_source << "\n";
    out << "  results: " << dir << "\n";
  }
  return 0;
}

int cmd_monitor(const MonitorOptions& o, const OutputOptions& w, std::ostream& out, const std::atomic<bool>* cancel) {
  const std::string dir = w.out.empty() ? default_dir(o.budget.scenario, "monitor", o.budget.year) : w.out;
  check_output_dir(dir, w.force);
  const std::string start = utc_now();
  const MonitorOutcome m = compute_monitor(o, cancel);
  const BudgetOutcome& b = m.budget;
  AtomicDir d(dir, w.force);
  d.write("manifest.json", manifest_json(b.run.loaded, b.run.result, b.run.seed, run_info(b, w, o.budget.threads, start)).dump(2) + "\n");
  d.write("scenario.resolved.yaml", b.run.loaded.resolved_yaml);
  d.write("budget.csv", budget_csv(o.budget.year, b.table, b.history_source));
  d.write("monthly.csv", monthly_csv(o.budget.year, b.monthly));
  d.write("monitor.csv", monitor_csv(o.budget.year, m.result));
  d.write("monitor_year_end.csv", monitor_year_end_csv(o.budget.year, m.result));
  d.write("monitor_warning.csv", monitor_warning_csv(m.result));
  if (cancel && cancel->load()) throw std::runtime_error("cancelled");
  d.commit();
  if (!w.quiet) {
    out << fmt::format("fundsim monitor: {} — {}; actuals {} in {}; opening balance from {}\n",
                       b.run.loaded.scenario.name, o.budget.year, o.actuals, m.actuals_unit, b.opening_source);
    int flagged = 0;
    for (const auto& r : m.result.months)
      if (!r.flag.empty()) {
        ++flagged;
        out << fmt::format("  month {:>2} {:<28} actual {:.1f} {} outside the budget's 90% band [{:.1f}, {:.1f}] ({})\n",
                           r.month, r.item, *r.actual, r.unit, r.budget.p05, r.budget.p95, r.flag);
      }
    if (!flagged) out << "  every month seen is inside the budget's 90% band\n";
    for (const auto& r : m.result.year_end)
      out << fmt::format("  year end {:<20} {:>11.1f} [90%: {:.1f} to {:.1f}] {}   (budget {:.1f})\n", r.item,
                         r.forecast.mean, r.forecast.p05, r.forecast.p95, r.unit, r.budget.mean);
    out << "  warning: " << m.result.warning.line << "\n";
    out << "  results: " << dir << "\n";
  }
  return 0;
}

}  // namespace fundsim
