#include "calibration/parameter_uncertainty_model.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "scenario/loader.hpp"

#include "calibration/fit.hpp"
#include "calibration/objective.hpp"
#include "random/streams.hpp"
#include "scenario/errors.hpp"

#include <stdexcept>
#include <string>

namespace fundsim::calibration {

std::vector<std::string> user_set_keys(const Scenario& s, const std::vector<std::string>& keys) {
  std::set<std::string> kept;
  std::stringstream ss(s.run.calibration_kept_keys);
  std::string k;
  while (std::getline(ss, k, ','))
    if (!k.empty()) kept.insert(k);
  std::vector<std::string> out;
  for (const auto& key : keys)
    if (kept.count(key)) out.push_back(key);
  return out;
}

namespace {
// body(k) for k = 0..count-1 in parallel, each at its own index (order-independent); an exception in
// any is rethrown after the loop (InputError stays InputError), its text followed by `suffix`.
template <class Body>
void parallel_each(std::size_t count, const std::string& suffix, Body&& body) {
  std::string error;
  bool input_error = false;
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t k = 0; k < count; ++k) {
    try {
      body(k);
    } catch (const std::exception& e) {
#pragma omp critical
      {
        error = std::string(e.what()) + suffix;
        input_error = dynamic_cast<const InputError*>(&e) != nullptr;
      }
    }
  }
  if (!error.empty()) {
    if (input_error) throw InputError(error);
    throw std::runtime_error(error);
  }
}
}  // namespace

ParameterUncertaintyModel::ParameterUncertaintyModel(const Scenario& s, const ModelBuilder& build) {
  // Without parameter uncertainty only the point estimates are read (the draws are not parsed).
  const ParameterFile f = s.run.parameter_uncertainty ? read_parameter_file(s.run.parameter_draws_file)
                                                      : read_parameter_point(s.run.parameter_draws_file);
  Scenario base = s;
  base.run.parameter_draws_file.clear();
  std::vector<std::vector<double>> sets;
  const bool with_draws = s.run.parameter_uncertainty && !f.draws.empty();
  if (with_draws) sets = f.draws;
  sets.push_back(f.point);  // last: the point estimates
  file_keys_ = f.keys;
  user_keys_ = user_set_keys(s, f.keys);
  locations_ = resolved_locations(base);  // the same keys for every set of values
  // A calibrated key that the scenario or --set gave explicitly keeps that value (run.
  // calibration_kept_keys): sensitivities and policy options are not silently overridden.
  std::vector<std::size_t> applied;
  for (std::size_t i = 0; i < f.keys.size(); ++i)
    if (std::find(user_keys_.begin(), user_keys_.end(), f.keys[i]) == user_keys_.end()) {
      applied_keys_.push_back(f.keys[i]);
      applied.push_back(i);
    }
  applied_values_.resize(sets.size());
  for (std::size_t k = 0; k < sets.size(); ++k)
    for (std::size_t i : applied) applied_values_[k].push_back(sets[k][i]);
  inner_.resize(sets.size());
  parallel_each(sets.size(), " [" + s.run.parameter_draws_file + "]",
                [&](std::size_t k) { inner_[k] = build(inner_scenario(base, k)); });
  if (with_draws) {
    point_ = std::move(inner_.back());
    inner_.pop_back();
  }
}

Scenario ParameterUncertaintyModel::inner_scenario(const Scenario& base, std::size_t k) const {
  Scenario si = base;
  apply_overrides(si, applied_keys_, applied_values_[k], locations_);
  return si;
}

std::unique_ptr<Model> ParameterUncertaintyModel::financing_variant(const Scenario& s) const {
  if (user_set_keys(s, file_keys_) != user_keys_) return nullptr;
  Scenario base = s;
  base.run.parameter_draws_file.clear();
  auto v = std::unique_ptr<ParameterUncertaintyModel>(new ParameterUncertaintyModel());
  v->inner_.resize(inner_.size());
  const bool with_point = point_ != nullptr;
  parallel_each(inner_.size() + (with_point ? 1 : 0), "", [&](std::size_t k) {
    const Model& inner = k < inner_.size() ? *inner_[k] : *point_;
    (k < inner_.size() ? v->inner_[k] : v->point_) = inner.financing_variant(inner_scenario(base, k));
  });
  for (const auto& m : v->inner_)
    if (!m) return nullptr;
  if (with_point && !v->point_) return nullptr;
  v->file_keys_ = file_keys_;
  v->user_keys_ = user_keys_;
  v->applied_keys_ = applied_keys_;
  v->applied_values_ = applied_values_;
  v->locations_ = locations_;
  return v;
}

void ParameterUncertaintyModel::project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out,
                                               double* detail) const {
  inner_[inner_index(seed, draw)]->project_detail(seed, draw, out, detail);
}

std::vector<std::pair<std::string, std::string>> ParameterUncertaintyModel::extra_files() const {
  return (point_ ? point_ : inner_.front())->extra_files();
}

std::size_t parameter_draw_index(std::uint64_t seed, std::int64_t draw, std::size_t count) {
  if (count <= 1) return 0;
  return static_cast<std::size_t>(splitmix64(stream_key(seed, static_cast<std::uint64_t>(draw), Purpose::parameters)) %
                                  count);
}

std::size_t ParameterUncertaintyModel::inner_index(std::uint64_t seed, std::int64_t draw) const {
  return parameter_draw_index(seed, draw, inner_.size());
}

void ParameterUncertaintyModel::project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const {
  inner_[inner_index(seed, draw)]->project(seed, draw, out);
}

std::unique_ptr<PathStepper> ParameterUncertaintyModel::start(std::uint64_t seed, std::int64_t draw) const {
  return inner_[inner_index(seed, draw)]->start(seed, draw);
}

}  // namespace fundsim::calibration
