#include "app/commands.hpp"

#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "calibration/fit.hpp"
#include "calibration/parameter_uncertainty_model.hpp"
#include "engine/factory.hpp"
#include "engine/summary.hpp"
#include "fund/financing_rule.hpp"
#include "output/writer.hpp"

namespace fundsim {

namespace fs = std::filesystem;

std::string default_out_dir(const std::string& scenario_path) {
  return (fs::path("results") / fs::path(scenario_path).stem()).string();
}

namespace {
std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

RunOutcome run_scenario(const LoadedScenario& loaded, std::int64_t draws, std::uint64_t seed, int threads,
                        const std::atomic<bool>* cancel, bool progress, const Distribution* dist, bool detail) {
  RunOutcome o;
  o.loaded = loaded;
  o.seed = seed;
  const auto t0 = std::chrono::steady_clock::now();
  auto model = make_model(loaded.scenario);
  RunOptions opt;
  opt.draws = draws;
  opt.seed = seed;
  opt.threads = threads;
  opt.cancel = cancel;
  opt.detail = detail;
  if (dist && dist->size > 1) {
    // Contiguous blocks of draws per rank; draw indices (hence streams) are global.
    const std::int64_t per = draws / dist->size, extra = draws % dist->size;
    opt.first_draw = dist->rank * per + std::min<std::int64_t>(dist->rank, extra);
    opt.draw_count = per + (dist->rank < extra ? 1 : 0);
  }
  if (progress) {
    opt.progress = [t0](std::int64_t done, std::int64_t total) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = secs > 0 ? static_cast<double>(done) / secs : 0.0;
      const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
      std::fprintf(stderr, "\r  draws %lld/%lld  %.0f draws/s  %.0f s left   ", static_cast<long long>(done),
                   static_cast<long long>(total), rate, left);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  o.result = run_draws(*model, opt);
  if (dist && dist->size > 1) dist->gather(o.result);
  if (!dist || dist->rank == 0) o.extra_files = model->extra_files();
  o.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return o;
}

std::vector<std::string> run_warnings(const LoadedScenario& s, const RunResult& r) {
  std::vector<std::string> w;
  if (r.draws < 200)
    w.push_back(fmt::format("{} draws: probabilities below about 5% are imprecise (standard error of a "
                            "probability p is sqrt(p(1-p)/draws))",
                            r.draws));
  if (s.scenario.run.engine == "trend")
    w.push_back("engine 'trend' is the aggregate benchmark model; the cell engine is the full model");
  if (!s.scenario.run.parameter_draws_file.empty()) {
    const auto f = calibration::read_parameter_file(s.scenario.run.parameter_draws_file);
    for (const auto& k : calibration::user_set_keys(s.scenario, f.keys))
      w.push_back("calibrated parameter " + k + " is set by the scenario or --set; that value is used "
                  "instead of the calibration");
  }
  std::int64_t bad = 0;
  for (double x : r.data) bad += std::isfinite(x) ? 0 : 1;
  if (bad > 0) w.push_back(fmt::format("{} non-finite values in the per-draw results", bad));
  return w;
}

std::string headline(const LoadedScenario& s, const RunResult& r) {
  const auto risk = risk_table(r);
  const auto warn = warning_table(r, s.scenario.fund.warning);
  auto at_year = [&](int year) -> const RiskRow* {
    for (const auto& x : risk)
      if (x.year == year) return &x;
    return nullptr;
  };
  std::string h = fmt::format("fundsim: {} — {} draws, {}-{}\n", s.scenario.name, r.draws, r.first_year,
                              r.first_year + r.years - 1);
  h += "  financing: " + financing_rule(s.scenario) + "\n";
  std::string dep = "  P(reserve exhausted) by";
  for (int y : {2030, 2035, 2040, 2050})
    if (const RiskRow* x = at_year(y)) dep += fmt::format("  {}: {:.1f}%", y, 100.0 * x->p_depleted);
  h += dep + "\n";
  int first_deficit = 0;
  for (const auto& x : risk)
    if (x.p_current_deficit > 0.5) {
      first_deficit = x.year;
      break;
    }
  h += first_deficit ? fmt::format("  first year with P(current deficit) > 50%: {}\n", first_deficit)
                     : std::string("  P(current deficit) stays at or below 50% in every year\n");
  std::string mp = "  median months payable:";
  for (int y : {r.first_year, 2030, 2035, 2040, 2050, 2060})
    if (const RiskRow* x = at_year(y)) mp += fmt::format("  {}: {:.1f}", y, x->months_payable_p50);
  h += mp + "\n";
  const double thr = s.scenario.fund.warning.red_probability_threshold;
  const int red = first_red_year(warn, thr);
  h += red ? fmt::format("  warning: P(red or exhausted, < {:g} months) first exceeds {:.0f}% in {}\n",
                         s.scenario.fund.warning.red_months, 100 * thr, red)
           : fmt::format("  warning: P(red or exhausted) stays below {:.0f}% through {}\n", 100 * thr,
                         r.first_year + r.years - 1);
  // The warning bands (DESIGN §2) in a few years: the probability of each band of months payable.
  const WarningParams& wp = s.scenario.fund.warning;
  h += fmt::format("  warning bands, % of draws: exhausted <0 | red <{:g} | amber <{:g} | target <{:g} | "
                   "comfortable <={:g} | excessive (months)\n",
                   wp.red_months, wp.amber_months, wp.target_months, wp.excessive_months);
  for (const auto& w : warn)
    if (w.year == r.first_year || w.year == 2030 || w.year == 2035 || w.year == 2040 || w.year == 2050 ||
        w.year == r.first_year + r.years - 1)
      h += fmt::format("    {}: {:5.1f} | {:5.1f} | {:5.1f} | {:5.1f} | {:5.1f} | {:5.1f}\n", w.year,
                       100 * w.p_exhausted, 100 * w.p_red, 100 * w.p_amber, 100 * w.p_target,
                       100 * w.p_comfortable, 100 * w.p_excessive);
  return h;
}

int cmd_run(const RunCommand& cmd, std::ostream& out, const std::atomic<bool>* cancel, const Distribution* dist) {
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
  const LoadedScenario loaded = load_scenario(scenario, sets);
  out << "# " << scenario << ": valid (sha256 " << loaded.sha256 << ")\n";
  out << "# inheritance:";
  for (const auto& f : loaded.files) out << " " << f;
  out << "\n" << loaded.resolved_yaml;
  return 0;
}

}  // namespace fundsim
