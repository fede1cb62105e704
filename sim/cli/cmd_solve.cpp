// fundsim solve: the lowest member of a one-parameter path family that meets a risk target.
#include <fmt/format.h>

#include <iostream>

#include "app/commands.hpp"
#include "cli/cli.hpp"
#include "cli/eval_options.hpp"
#include "fund/financing_rule.hpp"
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
  double max_enrollee_loss = 0, max_burden = 0, max_subsidy_growth = 0, ratio = 0;
};

std::string describe(const paths::Evaluation& e, const paths::Targets& t) {
  std::string s = fmt::format("P(depleted by {}) = {:.2f}%", t.by_year, 100 * e.p_depleted_by);
  if (t.months)
    s += fmt::format(", P(months < {:g} by {}) = {:.2f}%", *t.months, t.by_year,
                     100 * e.p_months_below_by);
  return s;
}

// The constrained measures of an evaluation, each beside its limit when one is set.
std::string measures(const paths::Evaluation& e, const paths::Targets& t) {
  std::string s = fmt::format("enrollee loss {:.1f}%", 100 * e.enrollee_loss);
  if (t.max_enrollee_loss) s += fmt::format(" (max {:g}%)", 100 * *t.max_enrollee_loss);
  if (e.burden) s += fmt::format(", burden {:.2f}%", 100 * *e.burden);
  if (t.max_burden) s += fmt::format(" (max {:g}%)", 100 * *t.max_burden);
  s += fmt::format(", subsidy growth {:.2f}%/yr", 100 * e.subsidy_growth);
  if (t.max_subsidy_growth) s += fmt::format(" (max {:g}%)", 100 * *t.max_subsidy_growth);
  return s;
}

// Enrolment, burden and fiscal consequences in the target year, beside the scenario's own path.
std::string consequences(const paths::Evaluation& e, const paths::Evaluation& ref, int year) {
  std::string s = fmt::format(
      "  in {}: individual {:.0f} yuan, subsidy {:.0f} yuan (scenario's own path: {:.0f}, {:.0f})\n", year,
      e.individual_by, e.subsidy_by, ref.individual_by, ref.subsidy_by);
  s += fmt::format("    enrollees {:.1f} M (own path {:.1f} M, {:+.1f}%)", e.enrollees_by / 1e6,
                   ref.enrollees_by / 1e6, 100 * (e.enrollees_by / ref.enrollees_by - 1));
  if (e.burden_by && ref.burden_by)
    s += fmt::format("; median burden {:.2f}% of rural income (own path {:.2f}%)", 100 * *e.burden_by,
                     100 * *ref.burden_by);
  s += fmt::format("\n    fiscal cost {:.0f} 亿 yuan (own path {:.0f} 亿, {:+.1f}%)\n", e.fiscal_cost_by / 1e8,
                   ref.fiscal_cost_by / 1e8, 100 * (e.fiscal_cost_by / ref.fiscal_cost_by - 1));
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
  c->add_option("--max-enrollee-loss", st->max_enrollee_loss,
                "constraint: mean enrollees in every year through --by at least (1 - SHARE) x those of the "
                "scenario's own path on the same draws")
      ->check(CLI::Range(0.0, 1.0));
  c->add_option("--max-burden", st->max_burden,
                "constraint: median contribution_burden_rural (share of rural income) in every year "
                "through --by at most SHARE")
      ->check(CLI::Range(0.0, 1.0));
  c->add_option("--max-subsidy-growth", st->max_subsidy_growth,
                "constraint: average yearly growth of the fiscal subsidy standard, first projected year "
                "to --by, at most RATE")
      ->check(CLI::Range(-1.0, 10.0));
  c->add_option("--ratio", st->ratio,
                "joint families: subsidy / individual ratio (default: the last legislated one)")
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
            "reproduces the figures) and DIR/frontier.csv (every grid value evaluated). Exit code 3\n"
            "(solution.json and frontier.csv only) if no value meets the target within the constraints:\n"
            "the closest path and the binding constraint are reported, never a relaxed answer.\n"
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
        if (c->count("--max-enrollee-loss")) t.max_enrollee_loss = st->max_enrollee_loss;
        if (c->count("--max-burden")) t.max_burden = st->max_burden;
        if (c->count("--max-subsidy-growth")) t.max_subsidy_growth = st->max_subsidy_growth;
        if (c->count("--ratio")) {
          if (!fam.joint)
            throw InputError(fmt::format("--ratio: only for the joint families, not {}", fam.name));
          fam.ratio = st->ratio;
        }
        const std::string dir = checked_out_dir(*st, "-solve");
        const paths::EvalOptions opt = eval_options(*st, c, cx);
        const bool quiet = st->quiet;
        const paths::Solution s = paths::solve(opt, fam, t, [&](const paths::Evaluation& e) {
          if (!quiet)
            std::cout << fmt::format("  {} = {:<10g} {}  {}; {}{}\n", fam.parameter, e.value,
                                     describe(e, t), e.meets ? "meets" : "fails", measures(e, t),
                                     e.within_constraints ? "" : " VIOLATED")
                      << std::flush;
        });
        paths::write_solve_directory(dir, st->force, s, cx.command_line);
        const std::string joint =
            fam.joint ? fmt::format(" (subsidy at {:g} x the individual)", s.family.ratio) : "";
        if (!s.feasible) {
          std::string binding = s.binding;  // "a, b" -> "a, --b" (printed after "--")
          for (std::size_t at = binding.find(", "); at != std::string::npos; at = binding.find(", ", at + 4))
            binding.replace(at, 2, ", --");
          std::cout << fmt::format("fundsim solve: INFEASIBLE — no {}{} in {:g}:{:g} meets {} within the "
                                   "constraints ({} draws, seed {})\n",
                                   fam.name, joint, fam.lo, fam.hi,
                                   fmt::format("P(depleted by {}) <= {:g}%", t.by_year, 100 * t.max_p_depleted),
                                   s.draws, s.seed);
          if (s.binding == "search range")
            std::cout << fmt::format("  binding: the search range; even {:g} gives {}\n", fam.hi,
                                     describe(s.solved, t));
          else if (s.target_path)
            std::cout << fmt::format(
                "  binding constraint: --{}; the lowest value meeting the target, {:g}, gives {}\n",
                binding, s.target_path->value, measures(*s.target_path, t));
          else
            std::cout << fmt::format("  binding constraint: --{} (the target is not met even at {:g})\n",
                                     binding, fam.hi);
          std::cout << fmt::format("  closest path within the constraints: {} = {:g} ({}): {}; {}\n", fam.name,
                                   s.solved.value, paths::family_rule(s.family, s.solved.value),
                                   describe(s.solved, t), measures(s.solved, t));
          std::cout << consequences(s.solved, s.reference, t.by_year);
          std::cout << fmt::format("  financing of the closest path: {}\n  results: {}\n",
                                   financing_rule(s.solved_run.loaded.scenario), dir);
          return 3;
        }
        std::cout << fmt::format("fundsim solve: {} = {:g} {}{} ({} draws, seed {}): {}\n", fam.name,
                                 s.solved.value, fam.unit, joint, s.draws, s.seed, describe(s.solved, t));
        std::cout << "  financing: " << financing_rule(s.solved_run.loaded.scenario) << "\n";
        std::cout << "  constraints: " << measures(s.solved, t) << "\n";
        std::cout << consequences(s.solved, s.reference, t.by_year);
        if (s.next_lower) {
          std::cout << fmt::format("  one step lower, {:g}: {} (fails)\n", s.next_lower->value,
                                   describe(*s.next_lower, t));
          const paths::MonteCarloError& m = *s.mc;
          std::cout << fmt::format(
              "  Monte Carlo: P = {:.2f}% (se {:.2f}) at {:g}, {:.2f}% (se {:.2f}) at {:g}; difference {:.2f} "
              "pt, se {:.2f} on common draws",
              100 * s.solved.p_depleted_by, 100 * m.se_chosen, s.solved.value, 100 * s.next_lower->p_depleted_by,
              100 * m.se_below, s.next_lower->value, 100 * m.difference, 100 * m.se_difference);
          if (m.distinguishable)
            std::cout << ": the two steps are told apart\n";
          else if (m.draws_to_separate)
            std::cout << fmt::format(
                ": NOT told apart at {} draws; about {} draws would separate them (95%)\n", s.draws,
                *m.draws_to_separate);
          else
            std::cout << fmt::format(": NOT told apart at {} draws (no draw differs between them; a coarser "
                                     "--step would)\n",
                                     s.draws);
        } else {
          std::cout << fmt::format("  {:g} is the bottom of the search range\n", s.solved.value);
        }
        std::cout << "  results: " << dir << "\n";
        return 0;
      }};
}

}  // namespace fundsim::cli
