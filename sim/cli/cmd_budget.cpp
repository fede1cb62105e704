// `fundsim budget SCENARIO --year Y`: next year's budget (budget.csv, monthly.csv).
#include <iostream>

#include "app/budget_commands.hpp"
#include "cli/cli.hpp"

namespace fundsim::cli {

namespace {
struct BudgetState {
  BudgetOptions opt;
  OutputOptions out;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
};
}  // namespace

// Options shared with `monitor`.
void add_budget_options(CLI::App* c, BudgetOptions& opt, OutputOptions& out, std::int64_t& draws,
                        std::uint64_t& seed) {
  c->add_option("scenario", opt.scenario, "scenario YAML file")->required();
  c->add_option("--year", opt.year, "the budget year (a projected year of the scenario)")->required();
  c->add_option("--draws", draws, "number of Monte Carlo draws (default: run.draws)")->check(CLI::PositiveNumber);
  c->add_option("--seed", seed, "base seed (default: run.seed)");
  c->add_option("--threads", opt.threads, "OpenMP threads (default: all cores)")->check(CLI::NonNegativeNumber);
  c->add_option("--set", opt.sets, "override a parameter: key.path=value (repeatable)");
  c->add_option("--history", opt.history,
                "CSV of the fund's annual actuals (default: budget.history_file of the scenario; 'none' = no history)");
  c->add_option("--out", out.out, "output directory (default: results/<scenario>-budget-<year>)");
  c->add_flag("--force", out.force, "replace an existing output directory");
  c->add_flag("--quiet", out.quiet, "print nothing");
}

Registered register_budget(CLI::App& app, const Context& ctx) {
  auto st = std::make_shared<BudgetState>();
  st->out.command_line = ctx.command_line;
  auto* c = app.add_subcommand("budget", "next year's budget: revenue by source, spending by category, balances, "
                                         "monthly cash flow (budget.csv, monthly.csv)");
  add_budget_options(c, st->opt, st->out, st->draws, st->seed);
  Context cx = ctx;
  return {c, [st, c, cx]() {
            if (c->count("--draws")) st->opt.draws = st->draws;
            if (c->count("--seed")) st->opt.seed = st->seed;
            return cmd_budget(st->opt, st->out, std::cout, cx.cancel);
          }};
}

}  // namespace fundsim::cli
