// Calibration of a pool to its own history (`fundsim calibrate DIR`, DIR a pool data package;
// method and assumptions: docs/pool-calibration.md).
//
// The pool's history.csv gives the targets (enrollees of every year from the census year; revenue,
// spending, cumulative balance and, where given, admissions -> hospitalisation rate and
// catastrophic claims of every later year). A few parameters a city's data can identify are free
// (PoolCalibrationSettings::parameters: cost level, admission scale, structural non-coverage,
// subsidy top-up); each has a normal prior centred on the estimate of the parameter file the pool
// would otherwise inherit (the base scenario's run.parameter_draws_file, "the national
// estimates") with sd = the assumed between-pool dispersion of that quantity. Every other key of
// that file is held at its national point estimate. The targets' errors are measurement error
// (a share of the observed value) plus the process noise of a pool of this size, measured from the
// cell engine (run.process_noise) as the covariance over K draws of (noisy - clean) projections on
// common random numbers, at the national estimates. The objective is then a Gaussian posterior
// (generalised least squares + the priors), and its Laplace approximation is the shrinkage
// estimator: a small pool's data weigh less and its estimates stay nearer the nation's.
//
// The pool's parameter file (pool_parameter_file_yaml) has every key of the national file: the free
// parameters' posterior (point estimate; draw k from the Laplace posterior) and the other keys as
// in the national file (point; draw k = the national file's draw k), so `calibration: <file>` in
// pool.yaml replaces the inherited file one for one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/calibration_config.hpp"
#include "calibration/fit.hpp"

namespace fundsim::calibration {

// A free parameter of a pool calibration: bounds and the prior sd (its mean is the national estimate).
struct PoolFreeParameter {
  std::string key;
  double min = 0.0;
  double max = 1.0;
  double prior_sd = 1.0;
  std::string source;

  template <class V>
  void visit(V& v) {
    v("key", key, Meta{.doc = "scenario key path; must be a key of the inherited parameter file", .required = true});
    v("min", min, Meta{.doc = "lower bound", .required = true});
    v("max", max, Meta{.doc = "upper bound", .required = true});
    v("prior_sd", prior_sd,
      Meta{.doc = "sd of the normal prior centred on the inherited (national) estimate: the between-pool "
                  "dispersion of the parameter (the shrinkage strength)",
           .min = 1e-12, .required = true});
    v("source", source, Meta{.doc = "where prior_sd comes from (a source, or labelled an assumption)", .required = true});
  }
  template <class C>
  void check(C& c) const {
    c.require(min < max, "max", "a bound above min");
  }
};

// Measurement error of each history.csv column, as a share of the observed value.
struct PoolMeasurementError {
  double enrollees = 0.005;
  double revenue = 0.01;
  double spending = 0.01;
  double balance = 0.01;
  double admissions = 0.02;
  double catastrophic_claims = 0.05;

  template <class V>
  void visit(V& v) {
    const char* src = "assumption: the national calibration's standard errors of the same series (calibration/national.yaml)";
    v("enrollees", enrollees, Meta{.unit = "share of observed", .doc = "enrollees", .source = src, .min = 1e-6, .max = 1});
    v("revenue", revenue, Meta{.unit = "share of observed", .doc = "revenue_yuan", .source = src, .min = 1e-6, .max = 1});
    v("spending", spending, Meta{.unit = "share of observed", .doc = "spending_yuan", .source = src, .min = 1e-6, .max = 1});
    v("balance", balance,
      Meta{.unit = "share of observed", .doc = "cumulative_balance_yuan", .source = src, .min = 1e-6, .max = 1});
    v("admissions", admissions,
      Meta{.unit = "share of observed", .doc = "admissions (the hospitalisation rate's error)", .source = src,
           .min = 1e-6, .max = 1});
    v("catastrophic_claims", catastrophic_claims,
      Meta{.unit = "share of observed", .doc = "catastrophic_claims_yuan", .source = src, .min = 1e-6, .max = 1});
  }
};

std::vector<PoolFreeParameter> default_pool_parameters();

struct PoolCalibrationSettings {
  int seed = 20250101;
  int process_noise_draws = 200;
  PoolMeasurementError measurement;
  OptimiserSettings optimiser{.algorithm = "LN_BOBYQA", .max_evaluations = 400, .xtol_rel = 1e-8, .ftol_rel = 1e-12};
  std::vector<PoolFreeParameter> parameters = default_pool_parameters();

  template <class V>
  void visit(V& v) {
    v("seed", seed,
      Meta{.doc = "seed of the process-noise draws (Purpose::claims) and the posterior draws (Purpose::parameters)",
           .min = 0, .max = 2147483647});
    v("process_noise_draws", process_noise_draws,
      Meta{.doc = "K: draws of (noisy - clean) engine projections whose covariance is the targets' process noise",
           .min = 20, .max = 100000});
    v("measurement", measurement, Meta{.doc = "measurement error of each history column (share of observed)"});
    v("optimiser", optimiser, Meta{.doc = "NLopt settings"});
    v("parameters", parameters, Meta{.doc = "free parameters (default: cost level, admission scale, "
                                            "structural non-coverage, subsidy top-up)"});
  }
};

// Reads settings over the defaults (an empty path: the defaults); InputError names file:line and key.
PoolCalibrationSettings load_pool_calibration_settings(const std::string& path);

// One target's error: measurement sd, process-noise sd (both absolute) and their root sum of squares.
struct TargetError {
  double measurement_sd = 0.0;
  double process_sd = 0.0;
  double total_sd = 0.0;
};

struct PoolCalibration {
  LoadedCalibration cal;           // the calibration the fit runs (targets, priors, covariance)
  PoolCalibrationSettings settings;
  std::string pool_dir, pool_name;
  std::string inherited_file;      // the parameter file the priors are centred on
  ParameterFile inherited;
  int census_year = 0, last_year = 0;
  double opening_balance_yuan = 0.0;  // end of the census year (history.csv)
  std::vector<TargetError> errors;    // per target of cal.config.targets
  std::vector<std::string> notes;     // what was not used, and why
};

// Builds the calibration of the pool in `dir` (validates the package as load_scenario does).
// Measures the process noise with `threads` threads (results do not depend on it).
PoolCalibration make_pool_calibration(const std::string& dir, const PoolCalibrationSettings& settings, int threads = 0);

// Process noise of the targets at parameter values `theta`: K x targets matrix of (noisy - clean)
// engine projections of draw k on (seed, k) (common random numbers; Purpose::claims for the noise),
// zero for quantities the engine does not perturb (enrollees; the hospitalisation rate, whose
// Poisson variance is added analytically).
std::vector<std::vector<double>> process_noise_draws(const PoolCalibration& pc, const std::vector<double>& theta,
                                                     std::uint64_t seed, int draws, int threads = 0);

// 95% interval of a parameter: estimate +- 1.96 sd (Laplace), clipped to the bounds.
std::pair<double, double> interval95(const PoolCalibration& pc, const CalibrationResult& r, std::size_t i);

std::string pool_parameter_file_yaml(const PoolCalibration& pc, const CalibrationResult& r);
std::string pool_report_markdown(const PoolCalibration& pc, const CalibrationResult& r);

// A synthetic history.csv for the pool (parameter recovery tests): the model's central path at
// `truth` (free parameters in settings order; the rest at the national estimates), plus, with
// `noise`, the engine's process noise of draw `draw` on `seed` (Purpose::claims), Poisson noise of
// admissions and measurement noise of every column (Purpose::test streams of (seed, draw)). The
// census year's balance is the pool's own (it opens the fitted years); census-year flows are the
// model's jump-off-year approximation (not fitted).
std::string synthetic_history_csv(const PoolCalibration& pc, const std::vector<double>& truth, std::uint64_t seed,
                                  int draw, bool noise);

}  // namespace fundsim::calibration
