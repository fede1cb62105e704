#include "paths/output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "engine/summary.hpp"
#include "fundsim_version.hpp"
#include "output/writer.hpp"
#include "scenario/errors.hpp"

namespace fundsim::paths {

namespace {
std::string opt(const std::optional<double>& x) {
  return x ? format_number(*x) : std::string();
}

nlohmann::json evaluation_json(const Evaluation& e, const Targets& t) {
  nlohmann::json j;
  j["value"] = e.value;
  j["p_depleted_by"] = e.p_depleted_by;
  if (t.months) j["p_months_below_by"] = e.p_months_below_by;
  j["meets_target"] = e.meets;
  return j;
}

}  // namespace

std::string paths_csv(const std::vector<PathYearRow>& rows) {
  std::string s =
      "path,year,individual_contribution,fiscal_subsidy,enrollees,revenue_total,spending_total,"
      "p_current_deficit,p_depleted,months_payable_p50,contribution_burden_rural,fiscal_cost,"
      "p_depleted_by_year\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.path, r.year,
                     format_number(r.individual_contribution), format_number(r.fiscal_subsidy),
                     format_number(r.enrollees), format_number(r.revenue_total),
                     format_number(r.spending_total), format_number(r.p_current_deficit),
                     format_number(r.p_depleted), format_number(r.months_payable_p50),
                     opt(r.contribution_burden_rural), format_number(r.fiscal_cost),
                     format_number(r.p_depleted_by_year));
  return s;
}

std::string paths_diff_csv(const std::vector<DiffRow>& rows) {
  std::string s = "path,reference,year,quantity,mean,se,se_independent,p05,p50,p95\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", r.path, r.reference, r.year, r.quantity,
                     format_number(r.mean), format_number(r.se), format_number(r.se_independent),
                     opt(r.p05), opt(r.p50), opt(r.p95));
  return s;
}

nlohmann::json paths_json(const std::vector<PathRun>& runs, const std::string& command_line) {
  nlohmann::json j;
  j["fundsim_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["command_line"] = command_line;
  if (!runs.empty()) {
    j["scenario"] = runs.front().loaded.path;
    // The scenario the paths were applied to (as manifest.json's scenario_sha256 of `fundsim run`
    // with the same file and --set): `fundsim report --paths` checks it against the run's.
    j["scenario_sha256"] = runs.front().base_sha256;
    j["engine"] = runs.front().loaded.scenario.run.engine;
    j["seed"] = runs.front().seed;
    j["draws"] = runs.front().result.draws;
    j["reference_path"] = runs.front().spec.name;
  }
  j["common_random_numbers"] = "every path uses the same seed and draw indices";
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : runs)
    list.push_back({{"name", r.spec.name},
                    {"rule", r.spec.rule},
                    {"overrides", r.spec.sets},
                    {"resolved_scenario_sha256", r.loaded.sha256}});
  j["paths"] = list;
  return j;
}

nlohmann::json solution_json(const Solution& s, const std::string& command_line) {
  nlohmann::json j;
  j["fundsim_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["command_line"] = command_line;
  j["scenario"] = s.solved_run.loaded.path;
  j["engine"] = s.solved_run.loaded.scenario.run.engine;
  j["seed"] = s.seed;
  j["draws"] = s.draws;
  j["family"] = s.family.name;
  j["parameter"] = s.family.parameter;
  j["unit"] = s.family.unit;
  j["grid"] = {{"lo", s.family.lo}, {"hi", s.family.hi}, {"step", s.family.step}};
  nlohmann::json target;
  target["by_year"] = s.targets.by_year;
  target["max_p_depleted"] = s.targets.max_p_depleted;
  target["p_depleted_definition"] =
      "P(cumulative balance < 0 in any year up to and including by_year)";
  if (s.targets.months) {
    target["months"] = *s.targets.months;
    target["max_p_months_below"] = s.targets.max_p_months_below;
  }
  j["target"] = target;
  j["feasible"] = s.feasible;
  j["value"] = s.feasible ? nlohmann::json(s.solved.value) : nlohmann::json(nullptr);
  j["rule"] = family_rule(s.family, s.solved.value);
  j["achieved"] = evaluation_json(s.solved, s.targets);
  j["next_lower"] =
      s.next_lower ? evaluation_json(*s.next_lower, s.targets) : nlohmann::json(nullptr);
  // What the solved path implies in the target year (means over draws).
  const RunResult& r = s.solved_run.result;
  nlohmann::json at;
  at["year"] = s.targets.by_year;
  at["individual_contribution_yuan"] =
      r.mean(s.targets.by_year - r.first_year, m_individual_contribution);
  at["fiscal_subsidy_yuan"] = r.mean(s.targets.by_year - r.first_year, m_fiscal_subsidy);
  at["enrollees"] = r.mean(s.targets.by_year - r.first_year, m_enrollees);
  at["fiscal_cost_yuan"] = r.mean(s.targets.by_year - r.first_year, m_revenue_subsidy);
  const bool burden =
      std::find(r.metrics.begin(), r.metrics.end(), m_contribution_burden_rural) != r.metrics.end();
  at["contribution_burden_rural"] =
      burden ? nlohmann::json(r.mean(s.targets.by_year - r.first_year, m_contribution_burden_rural))
             : nlohmann::json(nullptr);
  j["at_by_year"] = at;
  nlohmann::json evals = nlohmann::json::array();
  for (const auto& e : s.evaluations) evals.push_back(evaluation_json(e, s.targets));
  j["evaluations"] = evals;
  return j;
}

std::string solved_scenario_yaml(const Solution& s) {
  Scenario sc = s.solved_run.loaded.scenario;
  if (s.seed > 2147483647ULL)
    throw InputError("--seed: expected at most 2147483647 to write scenario.solved.yaml");
  if (s.draws > 10000000)
    throw InputError("--draws: expected at most 10000000 to write scenario.solved.yaml");
  sc.run.draws = static_cast<int>(s.draws);
  sc.run.seed = static_cast<int>(s.seed);
  // The loader resolved the parameter file against the scenario's directory (or the working
  // directory); the solved file lives elsewhere, so it names the file by absolute path.
  if (std::string& f = sc.run.parameter_draws_file; !f.empty())
    f = std::filesystem::absolute(f).lexically_normal().string();
  const std::string header = fmt::format(
      "fundsim solve: {} = {} ({}), the lowest on a grid of step {} with P(depleted by {}) <= "
      "{}{}; run.draws "
      "and run.seed are the solver's",
      s.family.name, s.solved.value, s.family.unit, s.family.step, s.targets.by_year,
      s.targets.max_p_depleted,
      s.targets.months ? fmt::format(" and P(months payable < {} by {}) <= {}", *s.targets.months,
                                     s.targets.by_year, s.targets.max_p_months_below)
                       : std::string());
  return emit_scenario_yaml(sc, header);
}

void write_paths_directory(const std::string& dir, bool force, const std::vector<PathRun>& runs,
                           const std::string& command_line) {
  std::vector<PathYearRow> rows;
  for (const auto& r : runs) {
    auto pr = path_rows(r);
    rows.insert(rows.end(), pr.begin(), pr.end());
  }
  std::vector<DiffRow> diffs;
  for (std::size_t i = 1; i < runs.size(); ++i) {
    auto dr = difference_rows(runs.front(), runs[i]);
    diffs.insert(diffs.end(), dr.begin(), dr.end());
  }
  AtomicDir out(dir, force);
  out.write("paths.json", paths_json(runs, command_line).dump(2) + "\n");
  out.write("paths.csv", paths_csv(rows));
  out.write("paths_diff.csv", paths_diff_csv(diffs));
  out.commit();
}

void write_solve_directory(const std::string& dir, bool force, const Solution& s,
                           const std::string& command_line) {
  const std::string yaml = s.feasible ? solved_scenario_yaml(s) : std::string();
  AtomicDir out(dir, force);
  out.write("solution.json", solution_json(s, command_line).dump(2) + "\n");
  if (s.feasible) out.write("scenario.solved.yaml", yaml);
  out.commit();
}

}  // namespace fundsim::paths
