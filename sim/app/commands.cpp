#include "app/commands.hpp"

#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "app/province_command.hpp"
#include "calibration/model_factory.hpp"
#include "province/province.hpp"
#include "engine/summary.hpp"
#include "fund/financing_rule.hpp"
#include "output/writer.hpp"

namespace fundsim {

namespace fs = std::filesystem;

std::string default_out_dir(const std::string& scenario_path) {
  // A pool directory given as "pools/zhengzhou/" is named by its last component.
  fs::path p = fs::path(scenario_path).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  return (fs::path("results") / p.stem()).string();
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<std::string> run_warnings(const LoadedScenario& s, const RunResult& r) {
  std::vector<std::string> w;
  if (r.draws < 200)
    w.push_back(fmt::format("{} draws: probabilities below about 5% are imprecise (standard error of a "
                            "probability p is sqrt(p(1-p)/draws))",
                            r.draws));
  if (s.scenario.run.engine == "trend")
    w.push_back("engine 'trend' is the aggregate benchmark model; the cell engine is the full model");
  // The loader's (a calibrated parameter that the scenario or --set overrides).
  w.insert(w.end(), s.warnings.begin(), s.warnings.end());
  std::int64_t bad = 0;
  for (double x : r.data) bad += std::isfinite(x) ? 0 : 1;
  if (bad > 0) w.push_back(fmt::format("{} non-finite values in the per-draw results", bad));
  return w;
}

std::string headline(const LoadedScenario& s, const RunResult& r) {
  const auto warn = warning_table(r, s.scenario.fund.warning);
  const HeadlineFigures f = headline_figures(r, s.scenario.fund.warning);
  std::string h = fmt::format("fundsim: {} — {} draws, {}-{}\n", s.scenario.name, r.draws, f.first_year, f.last_year);
  h += "  financing: " + financing_rule(s.scenario) + "\n";
  std::string dep = "  P(reserve exhausted) by";
  for (const auto& [y, p] : f.p_depleted_by) dep += fmt::format("  {}: {:.1f}%", y, 100.0 * p);
  h += dep + "\n";
  h += f.first_year_deficit_over_half
           ? fmt::format("  first year with P(current deficit) > 50%: {}\n", f.first_year_deficit_over_half)
           : std::string("  P(current deficit) stays at or below 50% in every year\n");
  std::string mp = "  median months payable:";
  for (const auto& [y, m] : f.months_payable_p50) mp += fmt::format("  {}: {:.1f}", y, m);
  h += mp + "\n";
  const double thr = f.red_probability_threshold;
  h += f.first_red_year ? fmt::format("  warning: P(red or exhausted, < {:g} months) first exceeds {:.0f}% in {}\n",
                                      f.red_months, 100 * thr, f.first_red_year)
                        : fmt::format("  warning: P(red or exhausted) stays below {:.0f}% through {}\n", 100 * thr,
                                      f.last_year);
  // The warning bands (docs/DESIGN.md §2) in the years shown above: the probability of each band.
  std::vector<int> with_first;
  for (const auto& ym : f.months_payable_p50) with_first.push_back(ym.first);
  const WarningParams& wp = s.scenario.fund.warning;
  h += fmt::format("  warning bands, % of draws: exhausted <0 | red <{:g} | amber <{:g} | target <{:g} | "
                   "comfortable <={:g} | excessive (months)\n",
                   wp.red_months, wp.amber_months, wp.target_months, wp.excessive_months);
  for (const auto& w : warn)
    if (std::find(with_first.begin(), with_first.end(), w.year) != with_first.end())
      h += fmt::format("    {}: {:5.1f} | {:5.1f} | {:5.1f} | {:5.1f} | {:5.1f} | {:5.1f}\n", w.year,
                       100 * w.p_exhausted, 100 * w.p_red, 100 * w.p_amber, 100 * w.p_target,
                       100 * w.p_comfortable, 100 * w.p_excessive);
  return h;
}

int cmd_run(const RunCommand& cmd, std::ostream& out, const std::atomic<bool>* cancel, const Distribution* dist) {
  if (province::is_province_file(cmd.scenario)) return cmd_run_province(cmd, out, cancel, dist);
  const LoadedScenario loaded = load_scenario(cmd.scenario, cmd.sets);
  const std::string dir = cmd.out.empty() ? default_out_dir(cmd.scenario) : cmd.out;
  const bool root = !dist || dist->rank == 0;
  if (root) check_output_dir(dir, cmd.force);  // fail before spending time on the run
  const std::int64_t draws = cmd.draws.value_or(loaded.scenario.run.draws);
  const std::uint64_t seed = cmd.seed.value_or(static_cast<std::uint64_t>(loaded.scenario.run.seed));
  if (draws < 1) throw InputError("--draws: expected at least 1 draw");
  const bool progress = root && !cmd.quiet && ::isatty(STDERR_FILENO);
  const std::string start = utc_now();
  bool detail_population = false;
  for (const auto& d : cmd.detail) {
    if (d == "population") detail_population = true;
    else throw InputError("--detail: expected 'population', found '" + d + "'");
  }
  // The person-level engine keeps its own detail (the burden measures; burden.csv is among its files).
  if (detail_population && loaded.scenario.run.engine == "micro")
    throw InputError("--detail population: the micro engine's per-draw detail is its burden (burden.csv); "
                     "run the cell engine for the population detail");
  RunOutcome o = run_scenario(loaded, draws, seed, cmd.threads, cancel, progress, dist, detail_population);
  if (detail_population && o.result.detail_size == 0)
    throw InputError("--detail population: the '" + loaded.scenario.run.engine + "' engine has no population detail");
  if (!root) return 0;
  RunInfo info;
  info.engine = loaded.scenario.run.engine;
  info.threads = cmd.threads > 0 ? cmd.threads : omp_get_max_threads();
  info.mpi_ranks = dist ? dist->size : 1;
  info.start_time_utc = start;
  info.wall_seconds = o.wall_seconds;
  info.command_line = cmd.command_line;
  info.warnings = run_warnings(loaded, o.result);
  for (const auto& w : info.warnings)
    if (!cmd.quiet) std::cerr << "warning: " << w << "\n";
  auto extra = o.extra_files;
  if (detail_population) extra.emplace_back("population_detail.csv", population_detail_csv(o.result));
  write_run_directory(dir, cmd.force, loaded, o.result, seed, info, cmd.keep_draws, extra, cancel);
  if (!cmd.quiet) out << headline(loaded, o.result) << "  results: " << dir << "\n";
  return 0;
}

int cmd_validate(const std::string& scenario, const std::vector<std::string>& sets, std::ostream& out) {
  if (province::is_province_file(scenario)) return cmd_validate_province(scenario, sets, out);
  const LoadedScenario loaded = load_scenario(scenario, sets);
  for (const auto& w : loaded.warnings) std::cerr << "warning: " << w << "\n";
  out << "# " << scenario << ": valid (sha256 " << loaded.sha256 << ")\n";
  out << "# inheritance:";
  for (const auto& f : loaded.files) out << " " << f;
  out << "\n"
      << emit_scenario_yaml(loaded.scenario,
                            "fundsim resolved scenario: every parameter used (unit; description; source)",
                            /*annotate=*/true);
  return 0;
}

}  // namespace fundsim
