#include "output/writer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "fund/financing_rule.hpp"
#include "fundsim_version.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

namespace fundsim {

namespace fs = std::filesystem;

namespace {

using K = ColumnKind;

TableCell year_cell(int year) { return static_cast<std::int64_t>(year); }

// The layouts of the run's table files, each column declared once (docs/DESIGN.md §1).
const Layout<SummaryRow>& summary_layout() {
  static const Layout<SummaryRow> l = {
      {"year", K::integer, [](const SummaryRow& r) { return year_cell(r.year); }},
      {"metric", K::text, [](const SummaryRow& r) { return TableCell(std::string(metric_name(r.metric))); }},
      {"mean", K::number, [](const SummaryRow& r) { return TableCell(r.stats.mean); }},
      {"sd", K::number, [](const SummaryRow& r) { return TableCell(r.stats.sd); }},
      {"p05", K::number, [](const SummaryRow& r) { return TableCell(r.stats.p05); }},
      {"p25", K::number, [](const SummaryRow& r) { return TableCell(r.stats.p25); }},
      {"p50", K::number, [](const SummaryRow& r) { return TableCell(r.stats.p50); }},
      {"p75", K::number, [](const SummaryRow& r) { return TableCell(r.stats.p75); }},
      {"p95", K::number, [](const SummaryRow& r) { return TableCell(r.stats.p95); }},
  };
  return l;
}

// The two months thresholds are the red and amber bands (docs/DESIGN.md §1 names them at their defaults,
// p_months_below_3 and p_months_below_6).
Layout<RiskRow> risk_layout(const WarningParams& w) {
  return {
      {"year", K::integer, [](const RiskRow& r) { return year_cell(r.year); }},
      {"p_current_deficit", K::number, [](const RiskRow& r) { return TableCell(r.p_current_deficit); }},
      {"p_depleted", K::number, [](const RiskRow& r) { return TableCell(r.p_depleted); }},
      {fmt::format("p_months_below_{:g}", w.red_months), K::number,
       [](const RiskRow& r) { return TableCell(r.p_months_below_red); }},
      {fmt::format("p_months_below_{:g}", w.amber_months), K::number,
       [](const RiskRow& r) { return TableCell(r.p_months_below_amber); }},
      {"months_payable_p05", K::number, [](const RiskRow& r) { return TableCell(r.months_payable_p05); }},
      {"months_payable_p50", K::number, [](const RiskRow& r) { return TableCell(r.months_payable_p50); }},
      {"months_payable_p95", K::number, [](const RiskRow& r) { return TableCell(r.months_payable_p95); }},
  };
}

const Layout<DepletionRow>& depletion_layout() {
  static const Layout<DepletionRow> l = {
      {"year", K::text,
       [](const DepletionRow& r) { return TableCell(r.year == 0 ? std::string("never") : std::to_string(r.year)); }},
      {"probability", K::number, [](const DepletionRow& r) { return TableCell(r.probability); }},
      {"cumulative_probability", K::number, [](const DepletionRow& r) { return TableCell(r.cumulative_probability); }},
      {"count", K::integer, [](const DepletionRow& r) { return TableCell(r.count); }},
      {"cumulative_count", K::integer, [](const DepletionRow& r) { return TableCell(r.cumulative_count); }},
  };
  return l;
}

// warning.csv: the bands, plus the threshold on P(red or worse) and a flag (1) on the first year in
// which P(red or worse) exceeds it (0 elsewhere; no 1 if it never does).
Layout<WarningRow> warning_layout(double threshold, int first) {
  return {
      {"year", K::integer, [](const WarningRow& r) { return year_cell(r.year); }},
      {"p_exhausted", K::number, [](const WarningRow& r) { return TableCell(r.p_exhausted); }},
      {"p_red", K::number, [](const WarningRow& r) { return TableCell(r.p_red); }},
      {"p_amber", K::number, [](const WarningRow& r) { return TableCell(r.p_amber); }},
      {"p_target", K::number, [](const WarningRow& r) { return TableCell(r.p_target); }},
      {"p_comfortable", K::number, [](const WarningRow& r) { return TableCell(r.p_comfortable); }},
      {"p_excessive", K::number, [](const WarningRow& r) { return TableCell(r.p_excessive); }},
      {"p_red_or_worse", K::number, [](const WarningRow& r) { return TableCell(r.p_red_or_worse); }},
      {"p_current_deficit", K::number, [](const WarningRow& r) { return TableCell(r.p_current_deficit); }},
      {"red_probability_threshold", K::number, [threshold](const WarningRow&) { return TableCell(threshold); }},
      {"first_year_over_threshold", K::integer,
       [first](const WarningRow& r) { return TableCell(std::int64_t{r.year == first ? 1 : 0}); }},
  };
}

}  // namespace

Table tabulate_summary(const std::vector<SummaryRow>& rows) { return make_table(summary_layout(), rows); }
Table tabulate_risk(const std::vector<RiskRow>& rows, const WarningParams& w) {
  return make_table(risk_layout(w), rows);
}
Table tabulate_depletion(const std::vector<DepletionRow>& rows) { return make_table(depletion_layout(), rows); }
Table tabulate_warning(const std::vector<WarningRow>& rows, double red_probability_threshold) {
  return make_table(warning_layout(red_probability_threshold, first_red_year(rows, red_probability_threshold)), rows);
}

Table tabulate_draws(const RunResult& r) {
  Table t;
  TableColumn& draw = t.add("draw", K::integer);
  TableColumn& year = t.add("year", K::integer);
  (void)draw;
  (void)year;
  for (Metric m : r.metrics) t.add(std::string(metric_name(m)), K::number);
  const std::size_t n = static_cast<std::size_t>(r.draws) * static_cast<std::size_t>(r.years);
  for (auto& c : t.columns) (c.kind == K::integer ? c.integers.reserve(n) : c.numbers.reserve(n));
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 0; y < r.years; ++y) {
      t.columns[0].integers.push_back(r.first_draw + d);
      t.columns[1].integers.push_back(r.first_year + y);
      for (std::size_t k = 0; k < r.metrics.size(); ++k) t.columns[k + 2].numbers.push_back(r.value(d, y, r.metrics[k]));
    }
  return t;
}

std::string summary_csv(const std::vector<SummaryRow>& rows) { return to_csv(tabulate_summary(rows)); }
std::string risk_csv(const std::vector<RiskRow>& rows, const WarningParams& w) { return to_csv(tabulate_risk(rows, w)); }
std::string depletion_csv(const std::vector<DepletionRow>& rows) { return to_csv(tabulate_depletion(rows)); }
std::string warning_csv(const std::vector<WarningRow>& rows, double red_probability_threshold) {
  return to_csv(tabulate_warning(rows, red_probability_threshold));
}
std::string draws_csv(const RunResult& r) { return to_csv(tabulate_draws(r)); }

nlohmann::json headline_json(const HeadlineFigures& h) {
  auto by_year = [](const std::vector<std::pair<int, double>>& v) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [y, x] : v) j[std::to_string(y)] = x;
    return j;
  };
  auto year_or_null = [](int y) { return y ? nlohmann::json(y) : nlohmann::json(nullptr); };
  nlohmann::json j;
  j["first_year"] = h.first_year;
  j["last_year"] = h.last_year;
  j["draws"] = h.draws;
  j["p_depleted_by"] = by_year(h.p_depleted_by);
  j["first_year_p_current_deficit_over_half"] = year_or_null(h.first_year_deficit_over_half);
  j["months_payable_p50"] = by_year(h.months_payable_p50);
  j["red_months"] = h.red_months;
  j["red_probability_threshold"] = h.red_probability_threshold;
  j["first_year_p_red_over_threshold"] = year_or_null(h.first_red_year);
  return j;
}

std::vector<SampledParameter> sampled_parameters(const Scenario& s) {
  std::vector<SampledParameter> out;
  if (s.run.parameter_draws_file.empty() || !s.run.parameter_uncertainty) return out;
  YAML::Node f;
  bool has_draws = false;  // the draws themselves are not parsed here (the model read them)
  try {
    f = read_yaml_file_without(s.run.parameter_draws_file, "parameter file", "draws", &has_draws);
  } catch (const std::exception&) {
    return out;
  }
  if (!has_draws || !(f["parameters"] && f["parameters"].IsSequence())) return out;
  std::set<std::string> kept;
  std::stringstream ss(s.run.calibration_kept_keys);
  for (std::string k; std::getline(ss, k, ',');)
    if (!k.empty()) kept.insert(k);
  for (const auto& item : f["parameters"]) {
    if (!item.IsMap() || !(item["key"] && item["key"].IsScalar())) continue;
    SampledParameter p;
    p.key = item["key"].Scalar();
    p.from = (item["sampled_from"] && item["sampled_from"].IsScalar()) ? item["sampled_from"].Scalar() : std::string("posterior draws");
    p.fixed = kept.count(p.key) > 0;
    out.push_back(std::move(p));
  }
  return out;
}

std::string sampled_parameters_csv(const std::vector<SampledParameter>& list) {
  static const Layout<SampledParameter> layout = {
      text_column("key", &SampledParameter::key),
      text_column("sampled_from", &SampledParameter::from),
      {"fixed_by_scenario", ColumnKind::integer,
       [](const SampledParameter& p) { return TableCell(std::int64_t{p.fixed ? 1 : 0}); }},
  };
  return to_csv(make_table(layout, list));
}

nlohmann::json manifest_json(const LoadedScenario& s, const RunResult& r, std::uint64_t seed,
                             const RunInfo& info) {
  nlohmann::json j;
  j["fundsim_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["scenario_path"] = s.path;
  j["scenario_chain"] = s.files;
  j["scenario_name"] = s.scenario.name;
  j["scenario_sha256"] = s.sha256;  // the resolved scenario and the content of every input file
  j["input_files"] = nlohmann::json::array();
  for (const auto& f : s.inputs) j["input_files"].push_back({{"key", f.key}, {"path", f.path}, {"sha256", f.sha256}});
  j["financing_rule"] = financing_rule(s.scenario);
  j["seed"] = seed;
  j["draws"] = r.draws;
  j["first_year"] = r.first_year;
  j["last_year"] = r.first_year + r.years - 1;
  j["threads"] = info.threads;
  j["mpi_ranks"] = info.mpi_ranks;
  j["engine"] = info.engine;
  j["start_time_utc"] = info.start_time_utc;
  j["wall_seconds"] = info.wall_seconds;
  j["warnings"] = info.warnings;
  j["command_line"] = info.command_line;
  // What each draw varies, and from what (run.parameter_draws_file; see sampled_parameters.csv).
  nlohmann::json sp = nlohmann::json::array();
  for (const auto& p : sampled_parameters(s.scenario))
    sp.push_back({{"key", p.key}, {"sampled_from", p.from}, {"fixed_by_scenario", p.fixed}});
  j["sampled_parameters"] = sp;
  // A pool data package: what it gives (and from which file), what it inherits from its base.
  if (s.pool) {
    const PoolOrigin& p = *s.pool;
    nlohmann::json given = nlohmann::json::array();
    for (const auto& [what, file] : p.given) given.push_back({{"what", what}, {"file", file}});
    j["pool"] = {{"name", p.name},
                 {"level", p.level},
                 {"parent", p.parent},
                 {"directory", p.directory},
                 {"base_scenario", p.base_scenario},
                 {"calibration", p.calibration},
                 {"given", given},
                 {"inherited", p.inherited}};
  }
  return j;
}

void check_output_dir(const std::string& dir, bool force) {
  if (fs::exists(dir) && !force)
    throw InputError(fmt::format("{}: output directory exists; use --force to replace it", dir));
}

AtomicDir::AtomicDir(std::string target, bool force) : target_(std::move(target)), force_(force) {
  check_output_dir(target_, force_);
  fs::path t(target_);
  fs::path parent = t.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent);
  temp_ = (parent / fmt::format(".{}.tmp-{}", t.filename().string(), ::getpid())).string();
  fs::remove_all(temp_);
  fs::create_directory(temp_);
}

AtomicDir::~AtomicDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void AtomicDir::write(const std::string& name, const std::string& content) {
  const fs::path p = fs::path(temp_) / name;
  if (p.has_parent_path()) fs::create_directories(p.parent_path());  // e.g. pools/<name>/
  std::ofstream out(p, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

void AtomicDir::commit() {
  std::error_code ec;
  fs::path old;
  if (fs::exists(target_)) {
    if (!force_)
      throw InputError(
          fmt::format("{}: output directory exists; use --force to replace it", target_));
    old = fs::path(temp_).string() + ".old";
    fs::rename(target_, old);
  }
  fs::rename(temp_, target_);
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

Table tabulate_population_detail(const RunResult& r) {
  Table t;
  t.add("year", ColumnKind::integer);
  t.add("sex", ColumnKind::text);
  t.add("age", ColumnKind::integer);
  t.add("kind", ColumnKind::text);
  for (const char* c : {"mean", "p05", "p50", "p95"}) t.add(c, ColumnKind::number);
  const DetailLayout& l = r.detail_layout;
  if (l.name != "population" || r.detail_size == 0 || r.draws == 0 || r.years == 0) return t;
  for (int y = 0; y < l.years; ++y)
    for (std::size_t kind = 0; kind < l.kinds.size(); ++kind)
      for (std::size_t sex = 0; sex < l.sexes.size(); ++sex)
        for (int age = 0; age < l.ages; ++age) {
          const Stats st = detail_stats(r, l.offset(y, kind, sex, age));
          t.append({static_cast<std::int64_t>(r.first_year + y), l.sexes[sex], static_cast<std::int64_t>(age),
                    l.kinds[kind], st.mean, st.p05, st.p50, st.p95});
        }
  return t;
}

std::string population_detail_csv(const RunResult& r) { return to_csv(tabulate_population_detail(r)); }

void write_run_files(AtomicDir& out, const std::string& prefix, const LoadedScenario& s, const RunResult& r,
                     std::uint64_t seed, const RunInfo& info, bool keep_draws,
                     const std::vector<std::pair<std::string, std::string>>& extra_files,
                     const std::vector<TableColumn>& risk_extra_columns) {
  out.write(prefix + "manifest.json", manifest_json(s, r, seed, info).dump(2) + "\n");
  out.write(prefix + "scenario.resolved.yaml", s.resolved_yaml);
  out.write(prefix + "headline.json", headline_json(headline_figures(r, s.scenario.fund.warning)).dump(2) + "\n");
  out.write(prefix + "sampled_parameters.csv", sampled_parameters_csv(sampled_parameters(s.scenario)));
  out.write(prefix + "summary.csv", summary_csv(summarise(r)));
  Table risk = tabulate_risk(risk_table(r, s.scenario.fund.warning), s.scenario.fund.warning);
  for (const TableColumn& c : risk_extra_columns) {
    if (c.size() != risk.rows()) throw std::logic_error("risk.csv: an extra column of another length");
    risk.columns.push_back(c);
  }
  out.write(prefix + "risk.csv", to_csv(risk));
  out.write(prefix + "depletion.csv", depletion_csv(depletion_distribution(r)));
  out.write(prefix + "warning.csv", warning_csv(warning_table(r, s.scenario.fund.warning),
                                                s.scenario.fund.warning.red_probability_threshold));
  if (keep_draws) out.write(prefix + "draws.csv", draws_csv(r));
  for (const auto& [name, content] : extra_files) out.write(prefix + name, content);
}

void write_run_directory(const std::string& dir, bool force, const LoadedScenario& s,
                         const RunResult& r, std::uint64_t seed, const RunInfo& info,
                         bool keep_draws,
                         const std::vector<std::pair<std::string, std::string>>& extra_files,
                         const std::atomic<bool>* cancel) {
  AtomicDir out(dir, force);
  write_run_files(out, "", s, r, seed, info, keep_draws, extra_files);
  // An interrupt during summaries or writing: out's destructor removes the temporary directory.
  if (cancel && cancel->load()) throw std::runtime_error("cancelled");
  out.commit();
}

}  // namespace fundsim
