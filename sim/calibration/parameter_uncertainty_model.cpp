#include "calibration/parameter_uncertainty_model.hpp"

#include "calibration/fit.hpp"
#include "calibration/objective.hpp"
#include "random/streams.hpp"
#include "scenario/errors.hpp"

#include <stdexcept>
#include <string>

namespace fundsim::calibration {

ParameterUncertaintyModel::ParameterUncertaintyModel(const Scenario& s, const ModelBuilder& build) {
  const ParameterFile f = read_parameter_file(s.run.parameter_draws_file);
  Scenario base = s;
  base.run.parameter_draws_file.clear();
  std::vector<std::vector<double>> sets;
  const bool with_draws = s.run.parameter_uncertainty && !f.draws.empty();
  if (with_draws) sets = f.draws;
  sets.push_back(f.point);  // last: the point estimates
  // Inner models are independent: built in parallel, each at its own index (order-independent).
  inner_.resize(sets.size());
  std::string error;
  bool input_error = false;
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t k = 0; k < sets.size(); ++k) {
    try {
      Scenario si = base;
      apply_overrides(si, f.keys, sets[k]);
      inner_[k] = build(si);
    } catch (const std::exception& e) {
#pragma omp critical
      {
        error = std::string(e.what()) + " [" + s.run.parameter_draws_file + "]";
        input_error = dynamic_cast<const InputError*>(&e) != nullptr;
      }
    }
  }
  if (!error.empty()) {
    if (input_error) throw InputError(error);
    throw std::runtime_error(error);
  }
  if (with_draws) {
    point_ = std::move(inner_.back());
    inner_.pop_back();
  }
}

void ParameterUncertaintyModel::project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out,
                                               double* detail) const {
  inner_[inner_index(seed, draw)]->project_detail(seed, draw, out, detail);
}

std::vector<std::pair<std::string, std::string>> ParameterUncertaintyModel::extra_files() const {
  return (point_ ? point_ : inner_.front())->extra_files();
}

std::size_t ParameterUncertaintyModel::inner_index(std::uint64_t seed, std::int64_t draw) const {
  if (inner_.size() == 1) return 0;
  return static_cast<std::size_t>(splitmix64(stream_key(seed, static_cast<std::uint64_t>(draw), Purpose::parameters)) %
                                  inner_.size());
}

void ParameterUncertaintyModel::project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const {
  inner_[inner_index(seed, draw)]->project(seed, draw, out);
}

}  // namespace fundsim::calibration
