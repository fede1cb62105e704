#include "paths/output.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/summary.hpp"
#include "fundsim_version.hpp"
#include "output/writer.hpp"
#include "scenario/errors.hpp"

namespace fundsim::paths {

namespace {

using K = ColumnKind;

// The layouts of the files of `fundsim paths` and `fundsim solve`, each column declared once.
const Layout<PathYearRow>& paths_layout() {
  using R = PathYearRow;
  static const Layout<R> l = {
      text_column("path", &R::path),
      integer_column("year", &R::year),
      number_column("individual_contribution", &R::individual_contribution),
      number_column("fiscal_subsidy", &R::fiscal_subsidy),
      number_column("enrollees", &R::enrollees),
      number_column("revenue_total", &R::revenue_total),
      number_column("spending_total", &R::spending_total),
      number_column("p_current_deficit", &R::p_current_deficit),
      number_column("p_depleted", &R::p_depleted),
      number_column("months_payable_p50", &R::months_payable_p50),
      optional_number_column("contribution_burden_rural", &R::contribution_burden_rural),
      number_column("fiscal_cost", &R::fiscal_cost),
      number_column("p_depleted_by_year", &R::p_depleted_by_year),
  };
  return l;
}

const Layout<DiffRow>& paths_diff_layout() {
  using R = DiffRow;
  static const Layout<R> l = {
      text_column("path", &R::path),
      text_column("reference", &R::reference),
      integer_column("year", &R::year),
      text_column("quantity", &R::quantity),
      number_column("mean", &R::mean),
      number_column("se", &R::se),
      number_column("se_independent", &R::se_independent),
      optional_number_column("p05", &R::p05),
      optional_number_column("p50", &R::p50),
      optional_number_column("p95", &R::p95),
  };
  return l;
}

TableCell flag_cell(bool b) { return std::int64_t{b ? 1 : 0}; }

// Monte Carlo standard error of P(depleted by by_year), sqrt(p (1 - p) / n) over the evaluation's draws.
double se_p_depleted_by(const Evaluation& e) {
  const double n = static_cast<double>(std::max<std::size_t>(e.depleted.size(), 1));
  return std::sqrt(e.p_depleted_by * (1 - e.p_depleted_by) / n);
}

// frontier.csv: one row per grid value evaluated; the rule is the family's at that value.
Layout<Evaluation> frontier_layout(const Family& family) {
  using R = Evaluation;
  return {
      number_column("value", &R::value),
      {"rule", K::text, [family](const R& e) { return TableCell(family_rule(family, e.value)); }},
      number_column("p_depleted_by", &R::p_depleted_by),
      {"se_p_depleted_by", K::number, [](const R& e) { return TableCell(se_p_depleted_by(e)); }},
      number_column("p_months_below_by", &R::p_months_below_by),
      {"meets_target", K::integer, [](const R& e) { return flag_cell(e.meets); }},
      number_column("enrollees_by_year", &R::enrollees_by),
      number_column("enrollee_loss_max", &R::enrollee_loss),
      optional_number_column("burden_rural_p50_by_year", &R::burden_by),
      optional_number_column("burden_rural_p50_max", &R::burden),
      number_column("subsidy_growth_per_year", &R::subsidy_growth),
      number_column("fiscal_cost_by_year", &R::fiscal_cost_by),
      number_column("individual_contribution_by_year", &R::individual_by),
      number_column("fiscal_subsidy_by_year", &R::subsidy_by),
      {"within_constraints", K::integer, [](const R& e) { return flag_cell(e.within_constraints); }},
  };
}

nlohmann::json optional_json(const std::optional<double>& x) {
  return x ? nlohmann::json(*x) : nlohmann::json(nullptr);
}

nlohmann::json evaluation_json(const Evaluation& e, const Targets& t) {
  nlohmann::json j;
  j["value"] = std::isfinite(e.value) ? nlohmann::json(e.value) : nlohmann::json(nullptr);
  j["p_depleted_by"] = e.p_depleted_by;
  if (t.months) j["p_months_below_by"] = e.p_months_below_by;
  j["meets_target"] = e.meets;
  j["enrollee_loss_max"] = e.enrollee_loss;
  j["burden_rural_p50_max"] = optional_json(e.burden);
  j["subsidy_growth_per_year"] = e.subsidy_growth;
  j["within_constraints"] = e.within_constraints;
  j["constraints_violated"] = e.violated;
  j["in_by_year"] = {{"enrollees", e.enrollees_by},
                     {"contribution_burden_rural_p50", optional_json(e.burden_by)},
                     {"fiscal_cost_yuan", e.fiscal_cost_by},
                     {"individual_contribution_yuan", e.individual_by},
                     {"fiscal_subsidy_yuan", e.subsidy_by}};
  return j;
}

// Each target and constraint with its limit and the value achieved by `e`.
nlohmann::json checks_json(const Evaluation& e, const Targets& t) {
  nlohmann::json list = nlohmann::json::array();
  auto add = [&](const char* name, const char* kind, const std::string& definition, double limit,
                 const nlohmann::json& achieved, bool met) {
    list.push_back({{"name", name}, {"kind", kind}, {"definition", definition}, {"limit", limit},
                    {"achieved", achieved}, {"met", met}});
  };
  add("max-p-depleted", "target",
      fmt::format("P(cumulative balance < 0 in any year up to and including {})", t.by_year),
      t.max_p_depleted, e.p_depleted_by, e.p_depleted_by <= t.max_p_depleted);
  if (t.months)
    add("max-p-months-below", "target",
        fmt::format("P(months payable < {:g} in any year up to {})", *t.months, t.by_year),
        t.max_p_months_below, e.p_months_below_by, e.p_months_below_by <= t.max_p_months_below);
  auto violated = [&](const char* n) {
    return std::find(e.violated.begin(), e.violated.end(), n) != e.violated.end();
  };
  if (t.max_enrollee_loss)
    add("max-enrollee-loss", "constraint",
        fmt::format("largest shortfall of mean enrollees below the scenario's own path (same draws), "
                    "any year through {}",
                    t.by_year),
        *t.max_enrollee_loss, e.enrollee_loss, !violated("max-enrollee-loss"));
  if (t.max_burden)
    add("max-burden", "constraint",
        fmt::format("largest median contribution_burden_rural, any year through {}", t.by_year),
        *t.max_burden, optional_json(e.burden), !violated("max-burden"));
  if (t.max_subsidy_growth)
    add("max-subsidy-growth", "constraint",
        fmt::format("average yearly growth of the fiscal subsidy standard (mean over draws) from the first "
                    "projected year to {}",
                    t.by_year),
        *t.max_subsidy_growth, e.subsidy_growth, !violated("max-subsidy-growth"));
  return list;
}

}  // namespace

Table tabulate_paths(const std::vector<PathYearRow>& rows) { return make_table(paths_layout(), rows); }
Table tabulate_paths_diff(const std::vector<DiffRow>& rows) { return make_table(paths_diff_layout(), rows); }
std::string paths_csv(const std::vector<PathYearRow>& rows) { return to_csv(tabulate_paths(rows)); }
std::string paths_diff_csv(const std::vector<DiffRow>& rows) { return to_csv(tabulate_paths_diff(rows)); }

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
  if (s.family.joint) j["ratio_subsidy_to_individual"] = s.family.ratio;
  j["feasible"] = s.feasible;
  j["value"] = s.feasible ? nlohmann::json(s.solved.value) : nlohmann::json(nullptr);
  j["rule"] = s.feasible ? nlohmann::json(family_rule(s.family, s.solved.value)) : nlohmann::json(nullptr);
  j["checks"] = checks_json(s.solved, s.targets);
  j["achieved"] = evaluation_json(s.solved, s.targets);
  j["next_lower"] =
      s.next_lower ? evaluation_json(*s.next_lower, s.targets) : nlohmann::json(nullptr);
  if (s.mc) {
    const MonteCarloError& m = *s.mc;
    nlohmann::json mc;
    mc["se_p_depleted_by_chosen"] = m.se_chosen;
    mc["se_p_depleted_by_next_lower"] = m.se_below;
    mc["difference"] = m.difference;
    mc["se_difference_common_draws"] = m.se_difference;
    mc["distinguishable"] = m.distinguishable;
    mc["draws_to_separate"] =
        m.draws_to_separate ? nlohmann::json(*m.draws_to_separate) : nlohmann::json(nullptr);
    mc["definition"] =
        "se = sqrt(p (1 - p) / n) of each probability; the difference p(next lower) - p(chosen) and "
        "its se from the paired per-draw indicators (common random numbers); distinguishable when the "
        "difference exceeds 1.96 se; draws_to_separate = 1.96^2 var(paired difference) / difference^2";
    j["monte_carlo"] = mc;
  }
  if (!s.feasible) {
    j["binding"] = s.binding;
    j["closest"] = evaluation_json(s.solved, s.targets);
    j["closest_rule"] = family_rule(s.family, s.solved.value);
    j["target_path"] =
        s.target_path ? evaluation_json(*s.target_path, s.targets) : nlohmann::json(nullptr);
  }
  j["scenario_path_reference"] = evaluation_json(s.reference, s.targets);
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

Table tabulate_frontier(const Solution& s) {
  std::vector<Evaluation> ev = s.evaluations;
  std::sort(ev.begin(), ev.end(), [](const Evaluation& a, const Evaluation& b) { return a.value < b.value; });
  return make_table(frontier_layout(s.family), ev);
}

std::string frontier_csv(const Solution& s) { return to_csv(tabulate_frontier(s)); }

std::string solved_scenario_yaml(const Solution& s) {
  if (!s.solved_run.province_file.empty()) {
    // A province: the solved path is every pool's overrides, written as a province file over the one
    // solved (run it as it is; run.draws and run.seed set the solver's).
    YAML::Emitter e;
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s.solved_run.loaded.scenario.name;
    e << YAML::Key << "extends" << YAML::Value
      << std::filesystem::absolute(s.solved_run.province_file).lexically_normal().string();
    std::vector<std::string> sets = s.solved_run.province_sets;
    sets.push_back(fmt::format("run.draws={}", s.draws));
    sets.push_back(fmt::format("run.seed={}", s.seed));
    e << YAML::Key << "pool_sets" << YAML::Value << sets << YAML::EndMap;
    return fmt::format("# fundsim solve: {} = {} ({}), the lowest on a grid of step {} with P(depleted by {}) <= {}\n",
                       s.family.name, s.solved.value, s.family.unit, s.family.step, s.targets.by_year,
                       s.targets.max_p_depleted) +
           e.c_str() + "\n";
  }
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
  out.write("frontier.csv", frontier_csv(s));
  if (s.feasible) out.write("scenario.solved.yaml", yaml);
  out.commit();
}

}  // namespace fundsim::paths
