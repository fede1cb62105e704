// fundsim paths: several contribution growth paths on the same draws (common random numbers).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <set>

#include "app/commands.hpp"
#include "cli/cli.hpp"
#include "cli/eval_options.hpp"
#include "output/writer.hpp"
#include "paths/evaluate.hpp"
#include "paths/output.hpp"
#include "scenario/errors.hpp"

namespace fundsim::cli {

namespace {

struct PathsState : EvalArgs {
  std::vector<std::string> paths;
};

std::string paths_summary(const std::vector<paths::PathRun>& runs) {
  std::string s;
  if (runs.empty()) return s;
  const RunResult& r0 = runs.front().result;
  const int last = r0.first_year + r0.years - 1;
  std::vector<int> years;
  for (int y : {2030, 2035, 2040, 2050, 2060})
    if (y >= r0.first_year && y <= last) years.push_back(y);
  s += fmt::format("fundsim paths: {} — {} draws, seed {}, common random numbers\n",
                   runs.front().loaded.scenario.name, r0.draws, runs.front().seed);
  for (const auto& run : runs) {
    const auto rows = paths::path_rows(run);
    s += fmt::format("  {:<16} ({})\n", run.spec.name,
                     run.spec.rule.empty() ? "scenario" : run.spec.rule);
    std::string a = "    individual yuan:", b = "    P(depleted by):", c = "    rural burden:   ";
    bool burden = false;
    for (int y : years) {
      const auto& row = rows[static_cast<std::size_t>(y - r0.first_year)];
      a += fmt::format("  {}: {:.0f}", y, row.individual_contribution);
      b += fmt::format("  {}: {:.1f}%", y, 100 * row.p_depleted_by_year);
      if (row.contribution_burden_rural) {
        burden = true;
        c += fmt::format("  {}: {:.2f}%", y, 100 * *row.contribution_burden_rural);
      }
    }
    s += a + "\n" + b + "\n" + (burden ? c + "\n" : "");
  }
  if (runs.size() > 1) {
    s += fmt::format(
        "  difference from '{}' in P(depleted by year), percentage points (se on common draws; "
        "se if drawn independently):\n",
        runs.front().spec.name);
    for (std::size_t i = 1; i < runs.size(); ++i) {
      const auto diff = paths::difference_rows(runs.front(), runs[i]);
      std::string line = fmt::format("    {:<14}", runs[i].spec.name);
      for (int y : years)
        for (const auto& d : diff)
          if (d.year == y && d.quantity == "p_depleted_by_year")
            line += fmt::format("  {}: {:+.1f} ({:.1f}; {:.1f})", y, 100 * d.mean, 100 * d.se,
                                100 * d.se_independent);
      s += line + "\n";
    }
  }
  return s;
}

}  // namespace

Registered register_paths(CLI::App& app, const Context& ctx) {
  auto st = std::make_shared<PathsState>();
  auto* c =
      app.add_subcommand("paths", "compare contribution growth paths on the same random draws");
  c->add_option("scenario", st->scenario, "scenario YAML file")->required();
  c->add_option("--path", st->paths, "a path NAME=RULE (repeatable; the first is the reference)")
      ->required();
  add_eval_options(c, *st, "override a parameter for every path: key.path=value (repeatable)", "-paths",
                   "no summary on standard output");
  c->footer(
      "\n" + paths::rule_syntax_help() +
      "\nQuote rules containing ';' in the shell. Writes DIR/paths.csv (one row per path and "
      "year),\n"
      "DIR/paths_diff.csv (each path minus the first, draw by draw, with its Monte Carlo standard\n"
      "error and the standard error independent draws would give) and DIR/paths.json.\n"
      "See docs/paths.md.");
  Context cx = ctx;
  return {c, [st, c, cx]() {
            std::vector<paths::PathSpec> specs;
            std::set<std::string> names;
            for (const auto& a : st->paths) {
              specs.push_back(paths::parse_path_argument(a));
              if (!names.insert(specs.back().name).second)
                throw InputError(
                    fmt::format("--path {}: path name '{}' used twice", a, specs.back().name));
            }
            const std::string dir = checked_out_dir(*st, "-paths");
            paths::EvalOptions opt = eval_options(*st, c, cx);
            // The scenario read once, every path validated before any runs (bad input costs no
            // time), financing-only paths sharing each draw's claims.
            const std::vector<paths::PathRun> runs = paths::evaluate_paths(opt, specs);
            paths::write_paths_directory(dir, st->force, runs, cx.command_line);
            if (!st->quiet) std::cout << paths_summary(runs) << "  results: " << dir << "\n";
            return 0;
          }};
}

}  // namespace fundsim::cli
