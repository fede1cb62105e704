// The fitted model's prediction of each calibration target, and the objective.
//
// Prediction = the cell engine's central path (every innovation zero; CellModel::project_central)
// of the start scenario with the free parameters applied (the --set machinery), run from
// `jump_off_year` (the population base year, end of 2020 = census) with the end-2020 balance:
//   - years after the jump-off: the engine's metrics; hospitalisation_rate and inpatient_policy_ratio
//     from the cells (enrollees by cell from the projection detail x the cost model's inputs);
//   - the jump-off year itself (2020, flows not projected by the engine): enrollees of the census
//     population under the 2020 standards (the engine's enrolment of the jump-off year), revenue
//     = those enrollees x the 2020 standards (fund/financing) + interest on the opening balance
//     (history.balance_before_first_flow_year_yuan), spending = 2020 gross cost of the cells x the
//     next year's fund share of gross cost (non-catastrophic) + the 2020 catastrophic cost
//     (approximation: 2021 benefit rules' effective payment share applied to 2020 costs);
//   - years before the jump-off cannot be predicted (no population): such targets are rejected.
// Objective = 1/2 sum_i w_i ((pred_i - obs_i) / (se_share_i |obs_i|))^2 + 1/2 sum_priors ((theta -
// mean) / sd)^2: a Gaussian negative log-likelihood (posterior with priors).
#pragma once

#include <string>
#include <vector>

#include "calibration/calibration_config.hpp"
#include "scenario/loader.hpp"

namespace fundsim::calibration {

class Evaluator {
 public:
  // `last_year`: the last year the model projects (the fit window's end, or later for holdouts).
  Evaluator(const LoadedCalibration& cal, int last_year);

  const CalibrationConfig& config() const { return cal_.config; }
  const LoadedScenario& base() const { return base_; }

  // The start scenario with parameter values applied (keys as in config().parameters).
  Scenario scenario_with(const std::vector<double>& theta) const;

  // Predicted value of each target (same order). Throws InputError for a target the model cannot
  // predict (before the jump-off year or after last_year).
  std::vector<double> predict(const std::vector<double>& theta, const std::vector<Target>& targets) const;

  // Standardised residuals r_i = sqrt(w_i) (pred - obs) / (se |obs|) of the targets, then one per
  // prior (theta - mean) / sd, for the given observed values and prior means (bootstrap replaces them).
  // With a target covariance (LoadedCalibration::target_covariance) the target part is L^-1 (pred -
  // obs) over the targets of weight > 0 (L L' = the covariance; weights are then 0 or 1).
  std::vector<double> residuals(const std::vector<double>& theta, const std::vector<double>& observed,
                                const std::vector<double>& prior_means) const;

  std::vector<double> observed() const;
  std::vector<double> prior_means() const;

 private:
  LoadedCalibration cal_;
  LoadedScenario base_;
  int last_year_;
  LocationMap base_locations_;  // resolved_locations(base_.scenario): the keys every evaluation counts as set
  std::vector<double> chol_;  // row-major lower Cholesky factor of cal_.target_covariance (empty: none)
};

// Applies "key=value" overrides (the --set machinery) to a scenario and runs its cross-field checks.
void apply_overrides(Scenario& s, const std::vector<std::string>& keys, const std::vector<double>& values);
// The same with the scenario's keys already located (resolved_locations of a scenario of the same
// shape): the emit and parse of the whole scenario is done once for many sets of values.
void apply_overrides(Scenario& s, const std::vector<std::string>& keys, const std::vector<double>& values,
                     LocationMap locs);
// Every key of a resolved scenario, located in its emitted YAML (counts as set for the checks).
LocationMap resolved_locations(const Scenario& s);

}  // namespace fundsim::calibration
