// One-at-a-time sensitivity on common random numbers (`fundsim sensitivity`), and the share of the
// fan's variance that each sampled driver carries.
//
// Assumptions with a documented range:
//   - every key the parameter-uncertainty model samples per draw (the keys of the scenario's
//     run.parameter_draws_file, minus those the scenario or --set fixes). Its range, in order of
//     preference: the entry's declared `low`/`high` in the file's `parameters:` list; else
//     estimate +- 2 sd clipped to the entry's min/max (a calibrated parameter); else the entry's
//     min/max without an sd (a driver sampled from a declared prior, e.g. uniform[min, max]); else
//     the 2.5% and 97.5% quantiles of its sampled values (a driver declared only by its draws).
//     New sampled keys are picked up from the file without code changes;
//   - the keys the user names with --param KEY=LOW:HIGH.
// Each assumption is run at low and at high (fixed for every draw: the key is then kept out of the
// parameter draws, as any value given explicitly is), on the seed and draws of the base run, so the
// swing at_high - at_low carries no sampling noise from the other sources of randomness.
//
// Variance shares: first-order Sobol indices S_i = Var(E[Y | X_i]) / Var(Y) of each sampled key,
// estimated from the base run's own draws (no extra runs). Each Monte Carlo draw uses one of the K
// parameter vectors of the parameter file (ParameterUncertaintyModel), so the sampling units are
// those K vectors, not the draws: the vectors are sorted by X_i into B = floor(sqrt(K)) bins of
// (nearly) equal count, and S = (SS_between bins - (B-1)/(K-1) SS_between vectors) / SS_total,
// the subtracted term being the between-bin sum of squares expected when X_i does not matter (the
// other keys and the process noise still differ between vectors). Standard error: delete-a-group
// jackknife over min(20, K) groups of vectors (deterministic; no random resampling). With one vector
// per draw this is the usual binned estimator with the bias correction (B-1)/(n-1). The share of
// all sampled keys together (with their interactions) is SS_between vectors / SS_total - (K-1)/(n-1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/table.hpp"
#include "paths/evaluate.hpp"

namespace fundsim::paths {

struct Assumption {
  std::string key;
  double low = 0, high = 0;
  double base = 0;     // the point estimate / the scenario's value (for display)
  std::string kind;    // how the range was found (calibrated +- 2 sd, declared range, ...) or "--param"
  bool sampled = false;  // varies per draw in the base run (has a variance share)
};

// An output: `p_exhausted_by` (P(cumulative balance < 0 in any year up to `year`)), a metric's
// mean, or a metric's median (METRIC_p50), in `year`.
struct OutputSpec {
  std::string text;  // as typed, e.g. "months_payable_p50@2030"
  std::string metric;
  int year = 0;
  enum class Kind { p_exhausted_by, mean, median } kind = Kind::mean;
};

// Parses METRIC@YEAR; throws InputError naming the argument and the metrics available.
OutputSpec parse_output(const std::string& text);
// P(exhausted by 2035), P(exhausted by 2040), median months payable 2030, mean cumulative balance
// 2035.
std::vector<OutputSpec> default_outputs();

// Parses KEY=LOW:HIGH (--param).
Assumption parse_param(const std::string& text);

// The sampled keys of the scenario's parameter-uncertainty model and their documented ranges.
std::vector<Assumption> sampled_assumptions(const LoadedScenario& s);

struct TornadoRow {
  std::string parameter, kind;
  double low = 0, high = 0;
  std::string output;
  double base = 0, at_low = 0, at_high = 0, swing = 0;  // swing = |at_high - at_low|
};

struct VarianceShare {
  std::string driver, output;
  double share = 0, se = 0;
  int bins = 0;
  std::int64_t draws = 0;
};

struct SensitivityOptions {
  std::vector<OutputSpec> outputs;     // empty = default_outputs()
  std::vector<Assumption> params;      // --param ranges
  bool sampled = true;                 // include the sampled / calibrated keys
};

struct Sensitivity {
  std::string scenario, scenario_name, financing_rule;
  std::uint64_t seed = 0;
  std::int64_t draws = 0;
  std::vector<OutputSpec> outputs;
  std::vector<Assumption> assumptions;
  std::vector<TornadoRow> rows;  // sorted by swing, largest first
  std::vector<VarianceShare> shares;
  std::vector<std::string> notes;
  int runs = 0;
};

// Value of an output on a run's draws, and per draw (indicator, or the metric's value).
double output_value(const RunResult& r, const OutputSpec& o);
std::vector<double> output_per_draw(const RunResult& r, const OutputSpec& o);

// First-order share of Var(y) explained by x (binned estimator above), and its jackknife se: draw d
// belongs to unit unit_of_draw[d], whose value of the key is x_unit[unit]; or one unit per draw.
std::pair<double, double> first_order_share(const std::vector<double>& x_unit,
                                            const std::vector<std::size_t>& unit_of_draw,
                                            const std::vector<double>& y);
std::pair<double, double> first_order_share(const std::vector<double>& x, const std::vector<double>& y);
// Share of Var(y) between the units (all keys of a unit together), bias-corrected, with its se.
std::pair<double, double> between_units_share(std::size_t units, const std::vector<std::size_t>& unit_of_draw,
                                              const std::vector<double>& y);

// Runs the base and every low/high variant on the draws of `opt`. Throws InputError on bad input
// (unknown key, output year outside the projection) before any variant is run.
Sensitivity sensitivity(const EvalOptions& opt, const SensitivityOptions& so);

// The tables of tornado.csv and variance_shares.csv (one layout each, written by the CSV sink of
// engine/table.hpp).
Table tabulate_tornado(const std::vector<TornadoRow>& rows);
Table tabulate_variance_shares(const std::vector<VarianceShare>& rows);
std::string tornado_csv(const std::vector<TornadoRow>& rows);
std::string variance_shares_csv(const std::vector<VarianceShare>& rows);
void write_sensitivity_directory(const std::string& dir, bool force, const Sensitivity& s,
                                 const std::string& command_line);
// The one-screen summary: the top rows of the tornado, the variance shares.
std::string sensitivity_summary(const Sensitivity& s, std::size_t top = 10);

}  // namespace fundsim::paths
