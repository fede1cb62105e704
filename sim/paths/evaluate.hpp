// Evaluating contribution paths on common random numbers: every path is run with the same seed and
// the same draw indices, so each draw sees the same mortality, cost trend, income and interest
// paths (streams are keyed by (seed, draw, purpose)); differences between paths are then computed
// draw by draw, which removes the common noise from them.
#pragma once

#include <atomic>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "paths/path_spec.hpp"
#include "scenario/loader.hpp"

namespace fundsim::paths {

// A base whose model serves every path that differs from it in `financing` only (its financing
// variant, Model::financing_variant: the draws' claims are projected once and shared). Built by
// make_shared_base from the scenario the paths start from, with the runs' horizon.
struct SharedBase {
  LoadedScenario loaded;
  std::unique_ptr<Model> model;
};
// `sets`: overrides of the base (e.g. the horizon of the runs) applied before the model is built.
std::unique_ptr<SharedBase> make_shared_base(const LoadedScenario& base, const std::vector<std::string>& sets);
// True if `path` is `base` with another financing section only: the resolved scenarios agree but
// for their top-level `financing` block (and comments), and read the same input files.
bool differs_in_financing_only(const LoadedScenario& base, const LoadedScenario& path);

struct EvalOptions {
  std::string scenario;           // scenario file
  std::vector<std::string> sets;  // --set overrides applied before each path's own
  std::int64_t draws = 0;         // 0 = the scenario's run.draws
  std::uint64_t seed = 0;         // used only if has_seed
  bool has_seed = false;          // otherwise the scenario's run.seed
  int threads = 0;
  const std::atomic<bool>* cancel = nullptr;
  // The scenario loaded once with `sets` (load_base); if set, paths apply their overrides to it and
  // the files are not read again, so a file edited during a long solve cannot mix two versions.
  const LoadedScenario* base = nullptr;
  // If set (with `base`), a path that differs from shared->loaded in its financing only runs as
  // the shared model's financing variant (same draws, same figures up to rounding).
  const SharedBase* shared = nullptr;
};

// Loads opt.scenario with opt.sets (the base every path starts from). A province file (sim/province)
// is loaded as a province and returned as the province's scenario (its hash covers every pool); its
// paths are then always loaded from the files with the path's overrides applied to every pool.
LoadedScenario load_base(const EvalOptions& opt);

struct PathRun {
  PathSpec spec;
  // A province (sim/province): its file and every override its pools took (the file's pool_sets,
  // the base's --set, then the path's); `loaded` is then the province as a scenario (output/province_writer.hpp) and
  // `result` the province's totals.
  std::string province_file;
  std::vector<std::string> province_sets;
  LoadedScenario loaded;    // the scenario with the path's overrides
  std::string base_sha256;  // SHA-256 of the scenario before the path's overrides (after --set)
  RunResult result;
  std::uint64_t seed = 0;
};

// Loads the scenario with the path's overrides and runs it on the draws of `opt`.
PathRun evaluate_path(const EvalOptions& opt, const PathSpec& spec);

// Every path on the same draws (`fundsim paths` and the Python module): the scenario read once
// (unless opt.base is given), every path's overrides validated before any runs (InputError naming the
// path), and the paths that change the financing only sharing each draw's claims (a SharedBase kept
// up to kMaxSharedDrawYears draw-years: about 2.3 KB each).
inline constexpr std::int64_t kMaxSharedDrawYears = 400000;
std::vector<PathRun> evaluate_paths(const EvalOptions& opt, const std::vector<PathSpec>& specs);

// P(an event in any year from the first projected year up to and including `by_year`), per draw
// and overall. Events: cumulative balance below 0 (depleted); months payable below `months`.
std::vector<char> depleted_by(const RunResult& r, int by_year);
std::vector<char> months_below_by(const RunResult& r, int by_year, double months);
double share_true(const std::vector<char>& v);

// One row of paths.csv: means over draws (probabilities for p_*), median for months payable.
struct PathYearRow {
  std::string path;
  int year = 0;
  double individual_contribution = 0, fiscal_subsidy = 0, enrollees = 0, revenue_total = 0,
         spending_total = 0;
  double p_current_deficit = 0, p_depleted = 0, p_depleted_by_year = 0, months_payable_p50 = 0;
  std::optional<double> contribution_burden_rural;  // empty if the model does not produce it
  double fiscal_cost = 0;                           // revenue_subsidy: all levels of government
};
std::vector<PathYearRow> path_rows(const PathRun& p);

// One row of paths_diff.csv: the draw-by-draw difference (path - reference) of a quantity.
// `se` is the Monte Carlo standard error of the mean difference on common random numbers;
// `se_independent` the one two independent runs of the same size would give
// (sqrt((var_path + var_reference) / n)). Quantiles only for continuous quantities.
struct DiffRow {
  std::string path, reference;
  int year = 0;
  std::string quantity;
  double mean = 0, se = 0, se_independent = 0;
  std::optional<double> p05, p50, p95;
};
std::vector<DiffRow> difference_rows(const PathRun& reference, const PathRun& path);

}  // namespace fundsim::paths
