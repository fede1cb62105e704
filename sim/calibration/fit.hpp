// The fit (NLopt, derivative-free, bounded; deterministic: fixed start, no random restarts),
// parameter uncertainty, and the parameter file.
//
// Uncertainty (config uncertainty.method):
//   laplace   - Gauss-Newton approximation of the posterior at the optimum: H = J'J with J the
//               Jacobian of the standardised residuals (central differences), covariance H^-1;
//               draws theta_k = theta_hat + L z_k (L L' = H^-1, z_k ~ N(0, I) from the stream
//               (seed, k, Purpose::parameters)), redrawn (up to 100 times) until inside the bounds.
//   bootstrap - parametric bootstrap: observed values y_i (1 + se_i z_ik) and prior means
//               mu_j + sd_j z_jk, refit from theta_hat; one refit per draw (parallel over draws,
//               each draw's result at its own index, so thread counts do not change the file).
// Either way the file lists point estimates and K draws keyed by scenario key paths.
#pragma once

#include <string>
#include <vector>

#include "calibration/calibration_config.hpp"
#include "calibration/objective.hpp"

namespace fundsim::calibration {

struct PointFit {
  std::vector<double> theta;
  double objective = 0.0;
  int evaluations = 0;
  std::string status;
};

struct CalibrationResult {
  PointFit fit;
  std::vector<double> predicted;          // per target
  std::vector<double> holdout_predicted;  // per holdout target
  std::vector<double> sd;                 // posterior / bootstrap sd per parameter
  std::vector<std::vector<double>> correlation;
  std::vector<std::vector<double>> draws;  // K x parameters
  std::vector<std::vector<double>> driver_draws;  // K x drivers (prior samples, config.drivers)
  int holdout_last_year = 0;
};

// Stratified prior draws of the config's drivers: K x drivers (see Driver in calibration_config.hpp).
std::vector<std::vector<double>> sample_drivers(const CalibrationConfig& c, int draws);

// What the data cannot separate: parameter pairs with |posterior correlation| >= 0.9, and
// parameters whose posterior sd is not narrower than their prior (a normal prior's sd; without a
// prior, the sd of a uniform over the bounds). One line per warning.
std::vector<std::string> identification_warnings(const CalibrationConfig& c, const CalibrationResult& r);

PointFit fit_point(const Evaluator& ev, const std::vector<double>& observed, const std::vector<double>& prior_means,
                   const std::vector<double>& start);

// The whole calibration: point fit, uncertainty, holdout projection.
CalibrationResult run_calibration(const LoadedCalibration& cal, int threads = 0);

// The parameter file (YAML): header, parameters with estimate and sd, point_estimate and draws
// keyed by scenario key paths. Numbers with 17 significant digits (read back bit-identical).
std::string parameter_file_yaml(const LoadedCalibration& cal, const CalibrationResult& r);

// The fit table and parameter table as Markdown (also printed by the command).
std::string fit_report_markdown(const LoadedCalibration& cal, const CalibrationResult& r);

struct ParameterFile {
  std::vector<std::string> keys;
  std::vector<double> point;
  std::vector<std::vector<double>> draws;  // K x keys
};
// Reads a parameter file; throws InputError naming file, line and key on malformed content.
ParameterFile read_parameter_file(const std::string& path);
// The point estimates only (draws empty; the draws section is not parsed): for a run without
// parameter uncertainty.
ParameterFile read_parameter_point(const std::string& path);

}  // namespace fundsim::calibration
