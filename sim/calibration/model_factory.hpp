// The model of a run: the engine (engine/factory.hpp), wrapped in the parameter-uncertainty model
// when the scenario names a calibration parameter file. The wrapper is injected here, above the
// engine, so that engine/ does not depend on calibration/.
#pragma once

#include <memory>

#include "engine/factory.hpp"

namespace fundsim {

std::unique_ptr<Model> make_model(const Scenario& s);

}  // namespace fundsim
