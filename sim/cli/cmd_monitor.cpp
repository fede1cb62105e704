// `fundsim monitor SCENARIO --year Y --actuals FILE`: the year re-forecast from the months seen.
#include <iostream>

#include "app/budget_commands.hpp"
#include "cli/cli.hpp"

namespace fundsim::cli {

void add_budget_options(CLI::App* c, BudgetOptions& opt, OutputOptions& out, std::int64_t& draws,
                        std::uint64_t& seed);

namespace {
struct MonitorState {
  MonitorOptions opt;
  OutputOptions out;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
  double opening = 0.0;
};
}  // namespace

Registered register_monitor(CLI::App& app, const Context& ctx) {
  auto st = std::make_shared<MonitorState>();
  st->out.command_line = ctx.command_line;
  auto* c = app.add_subcommand("monitor", "in-year monitoring: re-forecast the year-end from this year's monthly "
                                          "actuals (monitor.csv, monitor_year_end.csv, monitor_warning.csv)");
  add_budget_options(c, st->opt.budget, st->out, st->draws, st->seed);
  c->add_option("--actuals", st->opt.actuals, "CSV month,item,value of this year's months so far")->required();
  c->add_option("--unit", st->opt.unit, "unit of the actuals: yuan, wan (万元) or yi (亿元) (default: the budget's)");
  c->add_option("--opening-balance", st->opening,
                "last year's closing balance in --unit (default: the history's, else the model's)");
  Context cx = ctx;
  return {c, [st, c, cx]() {
            if (c->count("--draws")) st->opt.budget.draws = st->draws;
            if (c->count("--seed")) st->opt.budget.seed = st->seed;
            if (c->count("--opening-balance")) st->opt.opening_balance = st->opening;
            return cmd_monitor(st->opt, st->out, std::cout, cx.cancel);
          }};
}

}  // namespace fundsim::cli
