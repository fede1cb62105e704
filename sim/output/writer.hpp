// The output directory of one run (docs/DESIGN.md §1), written atomically: every file goes to a
// temporary sibling directory that is renamed into place at the end, so a failed or interrupted
// run leaves no half-written output. An existing directory is replaced only with `force`.
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "engine/table.hpp"
#include "scenario/loader.hpp"

namespace fundsim {

struct RunInfo {
  std::string engine;
  int threads = 1;
  int mpi_ranks = 1;
  std::string start_time_utc;
  double wall_seconds = 0.0;
  std::vector<std::string> warnings;
  std::string command_line;
};

// The run's table files (docs/DESIGN.md §1), each layout declared once in writer.cpp: as Tables (for every
// sink: the Python module takes their columns as arrays) and as CSV text.
Table tabulate_summary(const std::vector<SummaryRow>& rows);
Table tabulate_risk(const std::vector<RiskRow>& rows, const WarningParams& w);
Table tabulate_depletion(const std::vector<DepletionRow>& rows);
Table tabulate_warning(const std::vector<WarningRow>& rows, double red_probability_threshold);
Table tabulate_draws(const RunResult& r);

std::string summary_csv(const std::vector<SummaryRow>& rows);
std::string risk_csv(const std::vector<RiskRow>& rows, const WarningParams& w);
std::string depletion_csv(const std::vector<DepletionRow>& rows);
// The warning bands, the threshold on P(red or worse) and a 0/1 column flagging the first year above it.
std::string warning_csv(const std::vector<WarningRow>& rows, double red_probability_threshold);
std::string draws_csv(const RunResult& r);
// headline.json: the run's headline figures (engine/summary.hpp HeadlineFigures).
nlohmann::json headline_json(const HeadlineFigures& h);
// The keys that parameter draws vary (run.parameter_draws_file with parameter_uncertainty), what each
// is sampled from (the file's `sampled_from`: posterior, or a prior range for an unfitted driver),
// and whether the scenario or --set fixed it instead. Empty without parameter draws.
struct SampledParameter {
  std::string key, from;
  bool fixed = false;
};
std::vector<SampledParameter> sampled_parameters(const Scenario& s);
std::string sampled_parameters_csv(const std::vector<SampledParameter>& list);

nlohmann::json manifest_json(const LoadedScenario& s, const RunResult& r, std::uint64_t seed,
                             const RunInfo& info);

// A directory being written: files are added, then commit() renames it into place.
class AtomicDir {
 public:
  AtomicDir(std::string target, bool force);  // throws InputError if target exists and !force
  ~AtomicDir();                                // removes the temporary directory unless committed
  AtomicDir(const AtomicDir&) = delete;
  AtomicDir& operator=(const AtomicDir&) = delete;
  void write(const std::string& name, const std::string& content);
  void commit();
  const std::string& temp_path() const { return temp_; }

 private:
  std::string target_, temp_;
  bool force_, committed_ = false;
};

// Fails early (InputError) if the run would have to overwrite `dir` without force.
void check_output_dir(const std::string& dir, bool force);

// The standard files of a run (as write_run_directory) into `out` under `prefix` (e.g. "pools/x/"),
// with `risk_extra_columns` appended to risk.csv (a province's pool and fund risks).
void write_run_files(AtomicDir& out, const std::string& prefix, const LoadedScenario& s, const RunResult& r,
                     std::uint64_t seed, const RunInfo& info, bool keep_draws,
                     const std::vector<std::pair<std::string, std::string>>& extra_files = {},
                     const std::vector<TableColumn>& risk_extra_columns = {});

// Writes manifest.json, scenario.resolved.yaml, summary.csv, risk.csv, depletion.csv, warning.csv
// and, with keep_draws, draws.csv. If `cancel` is set (a signal arrived) before the directory is
// renamed into place, throws std::runtime_error("cancelled") and leaves no output (nor a temporary
// directory).
void write_run_directory(const std::string& dir, bool force, const LoadedScenario& s, const RunResult& r,
                         std::uint64_t seed, const RunInfo& info, bool keep_draws,
                         const std::vector<std::pair<std::string, std::string>>& extra_files = {},
                         const std::atomic<bool>* cancel = nullptr);

// Population and enrollees by year, sex and age across draws (from RunResult::detail of the cell
// engine): year,sex,age,kind,mean,p05,p50,p95.
Table tabulate_population_detail(const RunResult& r);
std::string population_detail_csv(const RunResult& r);
// burden.csv: engine/summary.hpp (tabulate_burden_detail, burden_csv; a run's own file).

}  // namespace fundsim
