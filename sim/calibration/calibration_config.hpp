// Calibration configuration (`fundsim calibrate CONFIG.yaml`): the scenario to start from, the free
// parameters (scenario key paths with bounds and optional priors), the targets (observed values
// with relative standard errors), the fit window, the optimiser and the uncertainty settings.
//
// Declared with `visit` like every parameter struct, so the YAML reader reports unknown keys,
// wrong types and out-of-range values with file, line and key path.
//
// The fit-window rule is enforced by construction: every entry of `targets` must have a year
// inside [fit_window.first_year, fit_window.last_year] (load_calibration_config refuses the file
// otherwise); entries of `holdout` must lie after the window and are only ever compared with the
// projection, never passed to the objective.
#pragma once

#include <string>
#include <vector>

#include "scenario/param.hpp"

namespace fundsim::calibration {

struct FitParameter {
  std::string key;  // scenario key path, e.g. costs.inpatient_admissions_scale_per_person_year
  double min = 0.0;
  double max = 1.0;
  double start = 0.0;
  bool has_prior = false;
  double prior_mean = 0.0;
  double prior_sd = 1.0;
  std::string source;

  template <class V>
  void visit(V& v) {
    v("key", key, Meta{.doc = "scenario key path (as for --set; schedule years as .values.YYYY)", .required = true});
    v("min", min, Meta{.doc = "lower bound", .required = true});
    v("max", max, Meta{.doc = "upper bound", .required = true});
    v("start", start, Meta{.doc = "starting value of the optimiser", .required = true});
    v("has_prior", has_prior, Meta{.doc = "add a normal prior (penalty) on this parameter"});
    v("prior_mean", prior_mean, Meta{.doc = "prior mean"});
    v("prior_sd", prior_sd, Meta{.doc = "prior standard deviation", .min = 1e-12});
    v("source", source, Meta{.doc = "why this parameter is free and what identifies it"});
  }
  template <class C>
  void check(C& c) const {
    c.require(min < max, "max", "a bound above min");
    c.require(start >= min && start <= max, "start", "a starting value within [min, max]");
  }
};

// An unfitted driver of the long run (no in-window data identifies it): a documented prior range,
// sampled once per parameter draw (stratified: each driver's K draws fall one in each of K equal-
// probability strata, in an order shuffled by (seed, driver, Purpose::drivers)), independently of
// the posterior draws and of each other. The parameter file lists it with the fitted parameters, so
// run.parameter_draws_file applies it per Monte Carlo draw, and a scenario value or --set fixes it
// (run.calibration_kept_keys) as for a calibrated key.
struct Driver {
  std::string key;
  std::string distribution = "uniform";
  double low = 0.0;
  double high = 1.0;
  double central = 0.0;
  std::string source;

  template <class V>
  void visit(V& v) {
    v("key", key, Meta{.doc = "scenario key path (as for --set)", .required = true});
    v("distribution", distribution,
      Meta{.doc = "uniform on [low, high], or triangular with mode `central`", .choices = "uniform|triangular"});
    v("low", low, Meta{.doc = "lower end of the prior range", .required = true});
    v("high", high, Meta{.doc = "upper end of the prior range", .required = true});
    v("central", central, Meta{.doc = "value of the point-estimate run (and the triangular mode)", .required = true});
    v("source", source, Meta{.doc = "why this range (documented assumption)", .required = true});
  }
  template <class C>
  void check(C& c) const {
    c.require(low < high, "high", "a value above low");
    c.require(central >= low && central <= high, "central", "a value within [low, high]");
  }
};

// What the model predicts for a target: a metric of the engine (metrics.hpp names), or one of the
// derived quantities computed by the calibration from the cells:
//   hospitalisation_rate      admissions per enrollee in the year
//   inpatient_policy_ratio    basic-fund inpatient payments / policy-scope inpatient costs
//   cost_per_admission        gross inpatient cost / admissions in the year (yuan)
struct Target {
  std::string name;
  std::string quantity;
  int year = 2022;
  double observed = 0.0;
  double se_share = 0.01;
  double weight = 1.0;
  std::string source;

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "label in the fit table", .required = true});
    v("quantity", quantity,
      Meta{.doc = "engine metric name, or hospitalisation_rate / inpatient_policy_ratio", .required = true});
    v("year", year, Meta{.unit = "year", .doc = "year of the observation", .min = 1990, .max = 2200, .required = true});
    v("observed", observed, Meta{.doc = "observed value in the metric's unit (yuan, persons, share)", .required = true});
    v("se_share", se_share,
      Meta{.unit = "share of observed", .doc = "standard error (measurement + model error) as a share of |observed|",
           .min = 1e-6, .max = 10});
    v("weight", weight,
      Meta{.doc = "weight in the objective (0 = reported only, not fitted)", .min = 0, .max = 1e6});
    v("source", source, Meta{.doc = "where the observed value comes from"});
  }
};

struct FitWindow {
  int first_year = 2019;
  int last_year = 2022;
  template <class V>
  void visit(V& v) {
    v("first_year", first_year, Meta{.unit = "year", .doc = "first year of data used", .min = 1990, .max = 2200});
    v("last_year", last_year,
      Meta{.unit = "year", .doc = "last year of data used: no target after it enters the objective",
           .min = 1990, .max = 2200});
  }
  template <class C>
  void check(C& c) const {
    c.require(last_year >= first_year, "last_year", "a year at or after first_year");
  }
};

// History the model needs but does not predict (the opening balance of the first fitted flow year).
struct HistoryInputs {
  double balance_before_first_flow_year_yuan = 0.0;
  template <class V>
  void visit(V& v) {
    v("balance_before_first_flow_year_yuan", balance_before_first_flow_year_yuan,
      Meta{.unit = "yuan",
           .doc = "cumulative balance at the end of the year before the population base year "
                  "(interest credited in the base year)"});
  }
};

struct OptimiserSettings {
  std::string algorithm = "LN_BOBYQA";
  int max_evaluations = 600;
  double xtol_rel = 1e-7;
  double ftol_rel = 1e-10;
  // After the NLopt search, a bounded Levenberg-Marquardt polish of the least-squares objective
  // (sim/calibration/fit.cpp): a derivative-free search can stop at its budget short of the optimum
  // along directions the data hardly separate; the polish finds the stationary point the Laplace
  // posterior is centred on, to a tolerance far below the posterior sd.
  std::string polish = "levenberg_marquardt";
  int polish_max_iterations = 100;
  template <class V>
  void visit(V& v) {
    v("algorithm", algorithm,
      Meta{.doc = "NLopt derivative-free local algorithm", .choices = "LN_BOBYQA|LN_NELDERMEAD|LN_SBPLX|LN_COBYLA"});
    v("max_evaluations", max_evaluations, Meta{.doc = "evaluation budget per fit", .min = 1, .max = 1000000});
    v("xtol_rel", xtol_rel, Meta{.doc = "relative tolerance on the (scaled) parameters", .min = 0, .max = 1});
    v("ftol_rel", ftol_rel, Meta{.doc = "relative tolerance on the objective", .min = 0, .max = 1});
    v("polish", polish,
      Meta{.doc = "after the search: levenberg_marquardt (bounded, finite-difference Jacobian) or none",
           .choices = "levenberg_marquardt|none"});
    v("polish_max_iterations", polish_max_iterations,
      Meta{.doc = "iteration limit of the polish (each: one Jacobian, 2 evaluations per parameter)", .min = 1,
           .max = 100000});
  }
};

struct UncertaintySettings {
  std::string method = "laplace";
  int draws = 50;
  template <class V>
  void visit(V& v) {
    v("method", method,
      Meta{.doc = "laplace: Gauss-Newton Hessian at the optimum, normal draws (truncated to the bounds); "
                  "bootstrap: parametric bootstrap of targets and priors with a refit per draw",
           .choices = "laplace|bootstrap"});
    v("draws", draws, Meta{.doc = "parameter draws written to the parameter file", .min = 1, .max = 100000});
  }
};

struct CalibrationConfig {
  std::string name = "calibration";
  std::string description;
  std::string scenario;  // relative to the config file
  int jump_off_year = 2020;
  int seed = 20250101;
  FitWindow fit_window;
  HistoryInputs history;
  OptimiserSettings optimiser;
  UncertaintySettings uncertainty;
  std::vector<FitParameter> parameters;
  std::vector<Target> targets;
  std::vector<Target> holdout;
  std::vector<Driver> drivers;

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "name of the calibration", .required = true});
    v("description", description, Meta{.doc = "what is fitted to what"});
    v("scenario", scenario, Meta{.doc = "scenario to start from (path relative to this file)", .required = true});
    v("jump_off_year", jump_off_year,
      Meta{.unit = "year", .doc = "jump-off of the fitting runs (the population base year, 2020)", .min = 2000,
           .max = 2200});
    v("seed", seed, Meta{.doc = "seed of the parameter draws (Purpose::parameters)", .min = 0, .max = 2147483647});
    v("fit_window", fit_window, Meta{.doc = "years of data used", .required = true});
    v("history", history, Meta{.doc = "history inputs that are not predicted"});
    v("optimiser", optimiser, Meta{.doc = "NLopt settings"});
    v("uncertainty", uncertainty, Meta{.doc = "parameter uncertainty"});
    v("parameters", parameters, Meta{.doc = "free parameters", .required = true});
    v("targets", targets, Meta{.doc = "observations inside the fit window", .required = true});
    v("holdout", holdout, Meta{.doc = "observations after the fit window, compared with the projection only"});
    v("drivers", drivers,
      Meta{.doc = "unfitted long-run drivers: prior ranges sampled per parameter draw (not fitted)"});
  }
};

struct LoadedCalibration {
  CalibrationConfig config;
  std::string path;           // the config file
  std::string scenario_path;  // resolved relative to the config file (a scenario file or a pool directory)
  // Set by a pool calibration (pool_calibration.hpp), empty for a config file:
  //   fixed_keys/fixed_values: applied to the start scenario before the free parameters (the
  //     national point estimates of every calibrated key that is not free, the opening balance);
  //   target_covariance: the targets' error covariance (absolute units, targets x targets, every
  //     target with weight > 0): the objective's residuals are then L^-1 (pred - obs) with L L' the
  //     covariance (generalised least squares), instead of (pred - obs) / (se_share |obs|).
  std::vector<std::string> fixed_keys;
  std::vector<double> fixed_values;
  std::vector<std::vector<double>> target_covariance;
};

// Reads and validates a config; throws InputError (file:line: key: expected ...) on bad input,
// including a target outside the fit window or a holdout inside it.
LoadedCalibration load_calibration_config(const std::string& path);

}  // namespace fundsim::calibration
