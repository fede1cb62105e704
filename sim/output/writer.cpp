#include "output/writer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fund/financing_rule.hpp"
#include "fundsim_version.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

namespace fs = std::filesystem;

std::string format_number(double x) {
  return fmt::format("{}", x);
}

std::string summary_csv(const std::vector<SummaryRow>& rows) {
  std::string s = "year,metric,mean,sd,p05,p25,p50,p75,p95\n";
  for (const auto& r : rows)
    s += fmt::format(
        "{},{},{},{},{},{},{},{},{}\n", r.year, metric_name(r.metric), format_number(r.stats.mean),
        format_number(r.stats.sd), format_number(r.stats.p05), format_number(r.stats.p25),
        format_number(r.stats.p50), format_number(r.stats.p75), format_number(r.stats.p95));
  return s;
}

std::string risk_csv(const std::vector<RiskRow>& rows) {
  std::string s =
      "year,p_current_deficit,p_depleted,p_months_below_3,p_months_below_6,months_payable_p05,"
      "months_payable_p50,months_payable_p95\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{},{},{},{},{},{}\n", r.year, format_number(r.p_current_deficit),
                     format_number(r.p_depleted), format_number(r.p_months_below_3),
                     format_number(r.p_months_below_6), format_number(r.months_payable_p05),
                     format_number(r.months_payable_p50), format_number(r.months_payable_p95));
  return s;
}

std::string depletion_csv(const std::vector<DepletionRow>& rows) {
  std::string s = "year,probability,cumulative_probability\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{}\n", r.year == 0 ? std::string("never") : std::to_string(r.year),
                     format_number(r.probability), format_number(r.cumulative_probability));
  return s;
}

// warning.csv of a run: the bands as above, plus the threshold on P(red or worse) and a flag (1) on
// the first year in which P(red or worse) exceeds it (0 elsewhere; no 1 if it never does).
std::string warning_csv(const std::vector<WarningRow>& rows, double red_probability_threshold) {
  const int first = first_red_year(rows, red_probability_threshold);
  std::string s =
      "year,p_exhausted,p_red,p_amber,p_target,p_comfortable,p_excessive,p_red_or_worse,"
      "p_current_deficit,red_probability_threshold,first_year_over_threshold\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", r.year, format_number(r.p_exhausted),
                     format_number(r.p_red), format_number(r.p_amber), format_number(r.p_target),
                     format_number(r.p_comfortable), format_number(r.p_excessive),
                     format_number(r.p_exhausted + r.p_red), format_number(r.p_current_deficit),
                     format_number(red_probability_threshold), r.year == first ? 1 : 0);
  return s;
}

std::string draws_csv(const RunResult& r) {
  std::string s = "draw,year";
  for (Metric m : r.metrics) s += "," + std::string(metric_name(m));
  s += "\n";
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 0; y < r.years; ++y) {
      s += fmt::format("{},{}", r.first_draw + d, r.first_year + y);
      for (Metric m : r.metrics) s += "," + format_number(r.value(d, y, m));
      s += "\n";
    }
  return s;
}

nlohmann::json manifest_json(const LoadedScenario& s, const RunResult& r, std::uint64_t seed,
                             const RunInfo& info) {
  nlohmann::json j;
  j["fundsim_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["scenario_path"] = s.path;
  j["scenario_chain"] = s.files;
  j["scenario_name"] = s.scenario.name;
  j["scenario_sha256"] = s.sha256;
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

std::string population_detail_csv(const RunResult& r) {
  std::string s = "year,sex,age,kind,mean,p05,p50,p95\n";
  if (r.detail_size == 0 || r.draws == 0 || r.years == 0) return s;
  const std::size_t per_year = r.detail_size / static_cast<std::size_t>(r.years);
  const std::size_t ages = per_year / 4;  // population and enrollees x 2 sexes
  std::vector<double> v(static_cast<std::size_t>(r.draws));
  for (int y = 0; y < r.years; ++y)
    for (int kind = 0; kind < 2; ++kind)
      for (int sex = 0; sex < 2; ++sex)
        for (std::size_t age = 0; age < ages; ++age) {
          const std::size_t off =
              static_cast<std::size_t>(y) * per_year +
              (static_cast<std::size_t>(kind) * 2 + static_cast<std::size_t>(sex)) * ages + age;
          for (std::int64_t d = 0; d < r.draws; ++d)
            v[static_cast<std::size_t>(d)] =
                r.detail[static_cast<std::size_t>(d) * r.detail_size + off];
          const Stats st = describe(v);
          s += fmt::format("{},{},{},{},{},{},{},{}\n", r.first_year + y,
                           sex == 0 ? "male" : "female", age,
                           kind == 0 ? "population" : "enrollees", format_number(st.mean),
                           format_number(st.p05), format_number(st.p50), format_number(st.p95));
        }
  return s;
}

void write_run_directory(const std::string& dir, bool force, const LoadedScenario& s,
                         const RunResult& r, std::uint64_t seed, const RunInfo& info,
                         bool keep_draws,
                         const std::vector<std::pair<std::string, std::string>>& extra_files,
                         const std::atomic<bool>* cancel) {
  AtomicDir out(dir, force);
  out.write("manifest.json", manifest_json(s, r, seed, info).dump(2) + "\n");
  out.write("scenario.resolved.yaml", s.resolved_yaml);
  out.write("summary.csv", summary_csv(summarise(r)));
  out.write("risk.csv", risk_csv(risk_table(r)));
  out.write("depletion.csv", depletion_csv(depletion_distribution(r)));
  out.write("warning.csv", warning_csv(warning_table(r, s.scenario.fund.warning),
                                       s.scenario.fund.warning.red_probability_threshold));
  if (keep_draws) out.write("draws.csv", draws_csv(r));
  for (const auto& [name, content] : extra_files) out.write(name, content);
  // An interrupt during summaries or writing: out's destructor removes the temporary directory.
  if (cancel && cancel->load()) throw std::runtime_error("cancelled");
  out.commit();
}

}  // namespace fundsim
