#include "calibration/model_factory.hpp"

#include "calibration/parameter_uncertainty_model.hpp"

namespace fundsim {

std::unique_ptr<Model> make_model(const Scenario& s) {
  // Calibrated parameters with their uncertainty: one inner engine per draw of the parameters.
  if (!s.run.parameter_draws_file.empty())
    return std::make_unique<calibration::ParameterUncertaintyModel>(s, make_engine_model);
  return make_engine_model(s);
}

}  // namespace fundsim
