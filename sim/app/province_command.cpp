#include "app/province_command.hpp"

#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <iostream>

#include "output/province_writer.hpp"
#include "province/province.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

int cmd_run_province(const RunCommand& cmd, std::ostream& out, const std::atomic<bool>* cancel,
                     const Distribution* dist) {
  if (!cmd.detail.empty()) throw InputError("--detail: not available for a province (run a pool for its detail)");
  const province::LoadedProvince lp = province::load_province(cmd.scenario, cmd.sets);
  const std::string dir = cmd.out.empty() ? default_out_dir(cmd.scenario) : cmd.out;
  const bool root = !dist || dist->rank == 0;
  if (root) check_output_dir(dir, cmd.force);
  const Scenario& s0 = lp.pools.front().scenario;
  const std::int64_t draws = cmd.draws.value_or(s0.run.draws);
  const std::uint64_t seed = cmd.seed.value_or(static_cast<std::uint64_t>(s0.run.seed));
  if (draws < 1) throw InputError("--draws: expected at least 1 draw");
  const bool progress = root && !cmd.quiet && ::isatty(STDERR_FILENO);
  const std::string start = utc_now();
  const auto model = province::build_province_model(lp);
  const province::ProvinceResult r = province::run_province(*model, draws, seed, cmd.threads, cancel, progress, dist);
  if (!root) return 0;
  const LoadedScenario ps = province_as_scenario(lp);
  RunInfo info;
  info.engine = "cell (province of " + std::to_string(lp.pools.size()) + " pools)";
  info.threads = cmd.threads > 0 ? cmd.threads : omp_get_max_threads();
  info.mpi_ranks = dist ? dist->size : 1;
  info.start_time_utc = start;
  info.wall_seconds = r.wall_seconds;
  info.command_line = cmd.command_line;
  info.warnings = run_warnings(ps, r.province);
  for (const LoadedScenario& p : lp.pools)  // each names its pool
    info.warnings.insert(info.warnings.end(), p.warnings.begin(), p.warnings.end());
  if (!cmd.quiet)
    for (const auto& w : info.warnings) std::cerr << "warning: " << w << "\n";
  write_province_directory(dir, cmd.force, lp, r, seed, info, cmd.keep_draws, cancel);
  if (cmd.quiet) return 0;
  std::vector<std::string> names;
  for (const LoadedScenario& p : lp.pools) names.push_back(p.scenario.run.pool);
  out << headline(ps, r.province);
  const auto risk = province_risk_columns(r);
  const HeadlineFigures f = headline_figures(r.province, s0.fund.warning);
  out << fmt::format("  adjustment fund: {} ({})\n", lp.config.adjustment_fund.name, lp.config.adjustment_fund.mode);
  std::string any = "  P(any pool exhausted) by", fund = "  P(adjustment fund exhausted) by";
  for (const auto& [y, p] : f.p_depleted_by) {
    (void)p;
    const auto t = static_cast<std::size_t>(y - r.province.first_year);
    any += fmt::format("  {}: {:.1f}%", y, 100.0 * risk[1].numbers[t]);
    fund += fmt::format("  {}: {:.1f}%", y, 100.0 * risk[3].numbers[t]);
  }
  out << any << "\n" << fund << "\n";
  const int year = f.p_depleted_by.empty() ? f.last_year : f.p_depleted_by.size() > 1 ? f.p_depleted_by[1].first
                                                                                       : f.p_depleted_by[0].first;
  if (lp.config.adjustment_fund.mode == "full_pooling") {
    out << "  pools hold no reserve of their own (full pooling): the province's fund is the one at risk\n";
  } else {
    const auto ranked = pools_by_risk(r, names, year);
    std::string top = fmt::format("  pools most at risk, P(exhausted by {}):", year);
    for (std::size_t i = 0; i < std::min<std::size_t>(3, ranked.size()); ++i)
      top += fmt::format("  {} {:.1f}%", ranked[i].first, 100.0 * ranked[i].second);
    out << top << "\n";
  }
  out << "  results: " << dir << "\n";
  return 0;
}

int cmd_validate_province(const std::string& path, const std::vector<std::string>& sets, std::ostream& out) {
  const province::LoadedProvince lp = province::load_province(path, sets);
  for (const LoadedScenario& p : lp.pools)
    for (const auto& w : p.warnings) std::cerr << "warning: " << w << "\n";
  out << "# " << path << ": valid province of " << lp.pools.size() << " pools (sha256 " << lp.sha256 << ")\n";
  out << "# inheritance:";
  for (const auto& f : lp.files) out << " " << f;
  out << "\n" << lp.resolved_yaml;
  return 0;
}

}  // namespace fundsim
