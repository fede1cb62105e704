// A one-line, human-readable statement of the financing path of a scenario (the individual
// contribution and fiscal subsidy standards after their last legislated year), recorded in
// manifest.json as `financing_rule` and printed in every run's headline, so that each headline
// probability names the financing rule it rests on.
#pragma once

#include <string>

#include "scenario/scenario.hpp"

namespace fundsim {

// e.g. "individual: legislated to 2025 (400 yuan), then +20 yuan/yr; subsidy: legislated to 2025
// (700 yuan), then +30 yuan/yr"
std::string financing_rule(const Scenario& s);

}  // namespace fundsim
