// fundsim sensitivity: one-at-a-time low/high runs on common random numbers (tornado.csv) and the
// variance shares of the sampled drivers.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.hpp"
#include "cli/eval_options.hpp"
#include "paths/sensitivity.hpp"

namespace fundsim::cli {

namespace {
struct SensitivityState : EvalArgs {
  std::vector<std::string> params, outputs;
  bool no_sampled = false;
};
}  // namespace

Registered register_sensitivity(CLI::App& app, const Context& ctx) {
  auto st = std::make_shared<SensitivityState>();
  auto* c = app.add_subcommand(
      "sensitivity", "tornado: each assumption with a documented range at low and high, on the same draws");
  c->add_option("scenario", st->scenario, "scenario YAML file")->required();
  c->add_option("--param", st->params, "also vary KEY between LOW and HIGH: KEY=LOW:HIGH (repeatable)");
  c->add_option("--output", st->outputs,
                "an output METRIC@YEAR (repeatable; replaces the defaults): p_exhausted_by@Y, a metric's "
                "mean (balance_cumulative@2035) or median (months_payable_p50@2030)");
  c->add_flag("--no-sampled", st->no_sampled, "vary only the --param keys, not the sampled/calibrated keys");
  add_eval_options(c, *st, "override a parameter of the base and every variant: key.path=value (repeatable)",
                   "-sensitivity", "no summary on standard output");
  c->footer(
      "\nAssumptions: every key the scenario's parameter draws sample per draw (its declared range, or the\n"
      "calibrated estimate +- 2 sd, or the 2.5-97.5% of its draws) and each --param. Default outputs:\n"
      "p_exhausted_by@2035, p_exhausted_by@2040, months_payable_p50@2030, balance_cumulative@2035.\n"
      "Writes DIR/tornado.csv (parameter,low,high,output,base,at_low,at_high,swing; grouped by output,\n"
      "largest swing first), DIR/variance_shares.csv (first-order shares of the sampled keys from the\n"
      "base run's draws, binned estimator with jackknife se) and DIR/sensitivity.json.");
  Context cx = ctx;
  return {c, [st, c, cx]() {
            paths::SensitivityOptions so;
            for (const auto& o : st->outputs) so.outputs.push_back(paths::parse_output(o));
            for (const auto& p : st->params) so.params.push_back(paths::parse_param(p));
            so.sampled = !st->no_sampled;
            const std::string dir = checked_out_dir(*st, "-sensitivity");
            const paths::EvalOptions opt = eval_options(*st, c, cx);
            const paths::Sensitivity s = paths::sensitivity(opt, so);
            paths::write_sensitivity_directory(dir, st->force, s, cx.command_line);
            if (!st->quiet) std::cout << paths::sensitivity_summary(s) << "  results: " << dir << "\n";
            return 0;
          }};
}

}  // namespace fundsim::cli
