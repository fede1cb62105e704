#include "engine/factory.hpp"

#include "calibration/parameter_uncertainty_model.hpp"
#include "engine/cell_model.hpp"
#include "engine/trend_model.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

std::unique_ptr<Model> make_model(const Scenario& s) {
  // Calibrated parameters with their uncertainty (sim/calibration): one inner model per draw.
  if (!s.run.parameter_draws_file.empty())
    return std::make_unique<calibration::ParameterUncertaintyModel>(
        s, [](const Scenario& inner) { return make_model(inner); });
  if (s.run.engine == "trend") return std::make_unique<TrendModel>(s);
  if (s.run.engine == "cell") return std::make_unique<CellModel>(s);
  throw InputError("run.engine: the '" + s.run.engine + "' engine is not available in this build");
}

}  // namespace fundsim
