// The aggregate layer's claims (aggregate.hpp) of a cell of the cost model (costs/cost_model.hpp).
#pragma once

#include "benefits/aggregate.hpp"
#include "costs/cost_model.hpp"

namespace fundsim::benefits {

inline InpatientClaims inpatient_claims(const InpatientInputs& in) {
  InpatientClaims c;
  for (std::size_t l = 0; l < static_cast<std::size_t>(kLevels); ++l) {
    c.level_weights[l] = in.w[l];
    c.median_yuan[l] = in.median_yuan[l];
  }
  c.theta = in.theta;
  c.sigma = in.sigma;
  for (std::size_t l = 0; l < static_cast<std::size_t>(kLevels); ++l) c.sigma_extra[l] = in.sigma_extra[l];
  c.scale = 1.0;
  return c;
}

inline ServiceClaims service_claims(const ServiceInputs& in) { return {in.p_use, in.median_yuan, in.sigma}; }

}  // namespace fundsim::benefits
