// fundsim solve: the lowest member of a one-parameter path family that meets a risk target.
#include <fmt/format.h>

#include <iostream>

#include "app/commands.hpp"
#include "cli/cli.hpp"
#include "cli/eval_options.hpp"
#include "output/writer.hpp"
#include "paths/output.hpp"
#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::cli {

namespace {

struct SolveState : EvalArgs {
  std::string family;
  int by = 0;
  double max_p_depleted = 0.05;
  std::string months_target;
  std::string range;
  double step = 0;
};

std::string describe(const paths::Evaluation& e, const paths::Targets& t) {
  std::string s = fmt::format("P(depleted by {}) = {:.2f}%", t.by_year, 100 * e.p_depleted_by);
  if (t.months)
    s += fmt::format(", P(months < {:g} by {}) = {:.2f}%", *t.months, t.by_year,
                     100 * e.p_months_below_by);
  return s;
}

}  // namespace

Registered register_solve(CLI::App& app, const Context& ctx) {
  auto st = std::make_shared<SolveState>();
  auto* c = app.add_subcommand(
      "solve", "find the lowest contribution path in a family that meets a risk target");
  c->add_option("scenario", st->scenario, "scenario YAML file")->required();
  std::string names;
  for (const auto& f : paths::families()) names += (names.empty() ? "" : "|") + f.name;
  c->add_option("--family", st->family, "path family: " + names)->required()->check(one_of(names));
  c->add_option("--by", st->by, "target year: P(depleted in any year up to and including it)")
      ->required();
  c->add_option("--max-p-depleted", st->max_p_depleted, "largest acceptable P(depleted by --by)")
      ->required()
      ->check(CLI::Range(0.0, 1.0));
  c->add_option("--max-p-months-below", st->months_target,
                "M:P, also require P(months payable < M in any year up to --by) <= P");
  c->add_option("--range", st->range,
                "LO:HI search range of the parameter (default: the family's)");
  c->add_option("--step", st->step, "grid step = tolerance of the answer (default: the family's)")
      ->check(CLI::PositiveNumber);
  add_eval_options(c, *st, "override a parameter: key.path=value (repeatable)", "-solve",
                   "no progress on standard output");
  std::string fam_help = "\nFamilies (parameter, unit, default grid lo:hi step):\n";
  for (const auto& f : paths::families())
    fam_help += fmt::format("  {:<22} {}=... ({}), {}:{} step {}\n", f.name, f.parameter, f.unit,
                            f.lo, f.hi, f.step);
  c->footer(fam_help +
            "The family sets the after-rule of one schedule (the other keeps the scenario's rule). "
            "The grid is\n"
            "bisected on common random numbers; the answer is the lowest grid value meeting the "
            "target and\n"
            "the value one step below is reported with its (failing) figures. Writes "
            "DIR/solution.json and\n"
            "DIR/scenario.solved.yaml (run.draws and run.seed set to the solver's, so `fundsim "
            "run` on it\n"
            "reproduces the figures). Exit code 3 (solution.json only) if even the top of the "
            "range fails.\n"
            "See docs/paths.md.");
  Context cx = ctx;
  return {
      c, [st, c, cx]() {
        paths::Family fam = paths::find_family(st->family);
        if (!st->range.empty()) {
          const auto colon = st->range.find(':');
          const auto lo =
              colon == std::string::npos ? std::nullopt : parse_number(st->range.substr(0, colon));
          const auto hi =
              colon == std::string::npos ? std::nullopt : parse_number(st->range.substr(colon + 1));
          if (!lo || !hi || !(*lo < *hi))
            throw InputError(
                fmt::format("--range {}: expected LO:HI with LO < HI, e.g. 0:200", st->range));
          fam.lo = *lo;
          fam.hi = *hi;
        }
        if (c->count("--step")) fam.step = st->step;
        paths::Targets t;
        t.by_year = st->by;
        t.max_p_depleted = st->max_p_depleted;
        if (!st->months_target.empty()) paths::parse_months_target(st->months_target, t);
        const std::string dir = checked_out_dir(*st, "-solve");
        const paths::EvalOptions opt = eval_options(*st, c, cx);
        const bool quiet = st->quiet;
        const paths::Solution s = paths::solve(opt, fam, t, [&](const paths::Evaluation& e) {
          if (!quiet)
            std::cout << fmt::format("  {} = {:<10g} {}  {}\n", fam.parameter, e.value,
                                     describe(e, t), e.meets ? "meets" : "fails")
                      << std::flush;
        });
        paths::write_solve_directory(dir, st->force, s, cx.command_line);
        if (!s.feasible) {
          std::cout << fmt::format(
              "fundsim solve: no {} up to {:g} meets the target ({}); see {}/solution.json\n",
              fam.name, fam.hi, describe(s.solved, t), dir);
          return 3;
        }
        std::cout << fmt::format("fundsim solve: {} = {:g} {} ({} draws, seed {}): {}\n", fam.name,
                                 s.solved.value, fam.unit, s.draws, s.seed, describe(s.solved, t));
        if (s.next_lower)
          std::cout << fmt::format("  one step lower, {:g}: {} (fails)\n", s.next_lower->value,
                                   describe(*s.next_lower, t));
        else
          std::cout << fmt::format("  {:g} is the bottom of the search range\n", s.solved.value);
        std::cout << "  results: " << dir << "\n";
        return 0;
      }};
}

}  // namespace fundsim::cli
