#pragma once

#include <functional>
#include <memory>

#include "engine/model.hpp"
#include "scenario/scenario.hpp"

namespace fundsim {

// Builds a model from a scenario (injected where a run needs one: run_scenario, the calibration's
// parameter-uncertainty wrapper).
using ModelBuilder = std::function<std::unique_ptr<Model>(const Scenario&)>;

// The engine named by scenario.run.engine (trend or cell), without the calibration's parameter
// uncertainty: that wrapper lives in calibration/ (calibration/model_factory.hpp: make_model).
std::unique_ptr<Model> make_engine_model(const Scenario& s);

class CellBaseCache;  // engine/cell_model.hpp
// As above; cell models built with the same cache share their population base (the models of one
// run's parameter draws).
std::unique_ptr<Model> make_engine_model(const Scenario& s, CellBaseCache* cache);

}  // namespace fundsim
