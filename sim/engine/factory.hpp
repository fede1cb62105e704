#pragma once

#include <memory>

#include "engine/model.hpp"
#include "scenario/scenario.hpp"

namespace fundsim {

// The model named by scenario.run.engine, built once per run.
std::unique_ptr<Model> make_model(const Scenario& s);

}  // namespace fundsim
