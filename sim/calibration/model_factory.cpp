#include "calibration/model_factory.hpp"

#include "calibration/parameter_uncertainty_model.hpp"
#include "engine/cell_model.hpp"

namespace fundsim {

std::unique_ptr<Model> make_model(const Scenario& s) {
  // Calibrated parameters with their uncertainty: one inner engine per draw of the parameters.
  // The inner models share their population base (they differ in costs, enrolment, benefits and
  // financing only): built once, not once per parameter draw.
  if (!s.run.parameter_draws_file.empty()) {
    CellBaseCache cache;
    return std::make_unique<calibration::ParameterUncertaintyModel>(
        s, [&cache](const Scenario& si) { return make_engine_model(si, &cache); });
  }
  return make_engine_model(s);
}

}  // namespace fundsim
