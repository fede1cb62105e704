// Single-year life tables from abridged death rates, and life expectancy.
#pragma once

#include <vector>

#include "demography/cells.hpp"

namespace fundsim {

// Single-year central death rates m_x, x = 0..100 (100 = 100+), from abridged rates at ages
// 0, 1, 5, 10, ..., 95, 100+ (22 values). Method: m_0 is the abridged infant rate; ages 1-4 take
// the 1-4 rate; from age 5 on, ln m is interpolated linearly in age between the mid-points of
// the 5-year groups (x + 0.5 against 5g + 2.5), taken flat within 5-9 below its mid-point, and
// linearly toward the 100+ rate placed at age 100.5 above the 95-99 mid-point; m_100 is the
// open-group rate. Log-linear interpolation does not preserve each group's mean rate exactly
// (the bias is second order, well under 1% of the rate between mid-points).
std::vector<double> single_year_mx(const std::vector<double>& abridged);

// Single-year weights from abridged weights (ages 0, 1-4, 5-9, ..., 95-99, 100+), piecewise
// constant, normalised to sum 1 over ages 0..100. Returns zeros if all weights are zero.
std::vector<double> single_year_weights(const std::vector<double>& abridged);

// Probability of dying within the year under a constant force: q = 1 - exp(-m).
double q_from_m(double m);

struct LifeTable {
  std::vector<double> m, q, l, L, e;  // size kAges; l_0 = 1
};

// Life table from single-year death probabilities q[0..100] (q[100] applies to the open group:
// its force of mortality is -ln(1 - q100)). Constant force within each year:
// L_x = l_x q_x / m_x (= l_x when m_x = 0). Finite for any q in [0, 1].
LifeTable life_table_from_q(const double* q);

// e_0 of life_table_from_q(q).
double life_expectancy_at_birth(const double* q);

}  // namespace fundsim
