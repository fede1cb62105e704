// Driver decomposition of the change in total spending between a jump-off year 0 and a year t.
//
// Over cells grouped in age-sex groups g of `states_per_group` cells (health states k):
//   total = N x sum_g a_g sum_k s_gk u_gk c_gk
// with N the number of persons, a_g = N_g / N the age-sex structure, s_gk = N_gk / N_g the state
// mix within the group, u_gk the utilisation (expected use per person, e.g. expected gross cost at
// base-year unit costs) and c_gk the unit cost (e.g. cost at year prices / cost at base prices).
// The five factors' contributions are Shapley values over the 5! orders of switching each factor
// from its year-0 to its year-t value (computed from the 32 subsets with weights
// |S|! (4 - |S|)! / 5!), or sequential contributions in a given order. Both add up exactly to
// total_t - total_0 (telescoping). A group empty in one year takes its state mix from the other
// year (uniform if empty in both): its weight a_g is 0 there, so totals are unaffected.
#pragma once

#include <array>
#include <vector>

#include "costs/cost_model.hpp"
#include "demography/cells.hpp"

namespace fundsim {

enum DriverFactor : int { kPopulationSize = 0, kAgeing, kPrevalence, kUtilisation, kUnitCost, kDriverFactors };

struct DecompositionYear {
  std::vector<double> persons;      // per cell
  std::vector<double> utilisation;  // per cell, use per person
  std::vector<double> unit_cost;    // per cell, cost per unit of use
};

struct SpendingDecomposition {
  double total_0 = 0, total_t = 0;
  std::array<double, kDriverFactors> contribution{};  // indexed by DriverFactor
  double change() const { return total_t - total_0; }
  double sum() const {
    double s = 0;
    for (double x : contribution) s += x;
    return s;
  }
};

// Total spending N x sum a s u c of one year.
double decomposition_total(const DecompositionYear& y, int states_per_group = kStates);

// Shapley decomposition over the five factors.
SpendingDecomposition decompose_spending(const DecompositionYear& y0, const DecompositionYear& yt,
                                         int states_per_group = kStates);
// Sequential decomposition: factors switched to year t in `order` (a permutation of the five).
SpendingDecomposition decompose_spending_sequential(const DecompositionYear& y0, const DecompositionYear& yt,
                                                    const std::array<int, kDriverFactors>& order,
                                                    int states_per_group = kStates);

// Builds a year from persons by cell and the per-cell expected gross cost per person evaluated at
// base-year unit costs (utilisation) and at the year's unit costs: u = cost at base unit costs,
// c = cost at year unit costs / u (1 where u = 0).
DecompositionYear make_decomposition_year(const std::vector<double>& persons,
                                          const std::vector<double>& cost_at_base_unit_costs,
                                          const std::vector<double>& cost_at_year_unit_costs);

}  // namespace fundsim
