// Parameter uncertainty in the Monte Carlo: a Model that holds one inner model per draw of the
// calibrated parameters (built once per run from run.parameter_draws_file) and sends draw d of
// the run to inner model splitmix64(stream_key(seed, d, Purpose::parameters)) % K: deterministic,
// independent of threads and ranks, and the same for every scenario run on the same seed (common
// random numbers across policy options). With run.parameter_uncertainty false, a single inner
// model with the point estimates.
//
// The calibrated keys of the file replace the built-in defaults, but not a value that a scenario
// file or --set gives explicitly (a policy option or a sensitivity; the run's manifest lists them as
// warnings).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "engine/factory.hpp"
#include "engine/model.hpp"
#include "scenario/scenario.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::calibration {

// The calibrated keys (of `keys`) that keep the scenario's own value: those listed in
// run.calibration_kept_keys, which the loader fills with the calibrated keys a scenario file or
// --set gave explicitly (and a resolved scenario carries, so that it reloads to the same run).
std::vector<std::string> user_set_keys(const Scenario& s, const std::vector<std::string>& keys);

// The parameter draw (of `count`) that Monte Carlo draw `draw` of a run on `seed` uses: the index
// ParameterUncertaintyModel::inner_index gives (also used by the sensitivity analysis to read the
// sampled value of each key per draw without building the model).
std::size_t parameter_draw_index(std::uint64_t seed, std::int64_t draw, std::size_t count);

using fundsim::ModelBuilder;

class ParameterUncertaintyModel final : public Model {
 public:
  // `build` makes an inner model from a scenario (run.parameter_draws_file already cleared).
  ParameterUncertaintyModel(const Scenario& s, const ModelBuilder& build);
  int first_year() const override { return inner_.front()->first_year(); }
  int years() const override { return inner_.front()->years(); }
  const std::vector<Metric>& metrics() const override { return inner_.front()->metrics(); }
  void project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const override;
  DetailLayout detail_layout() const override { return inner_.front()->detail_layout(); }
  void project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out, double* detail) const override;
  // The stepper of the inner model this draw uses (a province's pools share the parameter draw).
  std::unique_ptr<PathStepper> start(std::uint64_t seed, std::int64_t draw) const override;
  // The model's extra files (e.g. the driver decomposition of the central path) come from the
  // point estimates.
  std::vector<std::pair<std::string, std::string>> extra_files() const override;

  // Every inner model's financing variant, each inner scenario rebuilt from `s` with its parameter
  // draw as in the constructor; null if an inner model has none or `s` keeps other calibrated keys.
  std::unique_ptr<Model> financing_variant(const Scenario& s) const override;

  std::size_t inner_count() const { return inner_.size(); }
  // The inner model used for (seed, draw).
  std::size_t inner_index(std::uint64_t seed, std::int64_t draw) const;

 private:
  ParameterUncertaintyModel() = default;
  // Inner scenario k: `base` (the scenario without its parameter file) with set k's values applied.
  Scenario inner_scenario(const Scenario& base, std::size_t k) const;
  std::vector<std::unique_ptr<Model>> inner_;
  std::unique_ptr<Model> point_;  // point estimates (null when inner_ holds only them)
  // How each inner scenario was made (financing_variant makes its variant's the same way): the
  // file's keys, those the scenario keeps, the keys applied and their values per set (the point
  // estimates last), and where they are.
  std::vector<std::string> file_keys_, user_keys_, applied_keys_;
  std::vector<std::vector<double>> applied_values_;
  LocationMap locations_;
};

}  // namespace fundsim::calibration
