#include "costs/decomposition.hpp"

#include <cmath>
#include <string>

#include "scenario/errors.hpp"

namespace fundsim {
namespace {

struct Factors {
  double n = 0;
  std::vector<double> a;  // per group
  std::vector<double> s;  // per cell
  const std::vector<double>* u = nullptr;
  const std::vector<double>* c = nullptr;
};

void validate(const DecompositionYear& y, std::size_t cells, int spg) {
  if (spg <= 0 || y.persons.empty() || y.persons.size() % static_cast<std::size_t>(spg) != 0)
    throw InputError("decomposition: persons must be a non-empty multiple of states_per_group");
  if (y.utilisation.size() != y.persons.size() || y.unit_cost.size() != y.persons.size() || y.persons.size() != cells)
    throw InputError("decomposition: persons, utilisation and unit_cost must have the same length in both years");
}

// Factors of both years (state mixes of empty groups borrowed from the other year).
std::array<Factors, 2> factors_of(const DecompositionYear& y0, const DecompositionYear& y1, int spg) {
  validate(y0, y0.persons.size(), spg);
  validate(y1, y0.persons.size(), spg);
  const std::size_t cells = y0.persons.size(), groups = cells / static_cast<std::size_t>(spg);
  std::array<Factors, 2> f;
  std::array<std::vector<double>, 2> ng;
  const DecompositionYear* ys[2] = {&y0, &y1};
  for (int t = 0; t < 2; ++t) {
    f[t].u = &ys[t]->utilisation;
    f[t].c = &ys[t]->unit_cost;
    ng[t].assign(groups, 0.0);
    for (std::size_t i = 0; i < cells; ++i) ng[t][i / spg] += ys[t]->persons[i];
    for (double x : ng[t]) f[t].n += x;
    f[t].a.assign(groups, 0.0);
    if (f[t].n > 0)
      for (std::size_t g = 0; g < groups; ++g) f[t].a[g] = ng[t][g] / f[t].n;
  }
  for (int t = 0; t < 2; ++t) {
    f[t].s.assign(cells, 1.0 / spg);
    for (std::size_t g = 0; g < groups; ++g) {
      const int src = ng[t][g] > 0 ? t : (ng[1 - t][g] > 0 ? 1 - t : -1);
      if (src < 0) continue;
      for (int k = 0; k < spg; ++k) {
        const std::size_t i = g * spg + k;
        f[t].s[i] = ys[src]->persons[i] / ng[src][g];
      }
    }
  }
  return f;
}

// Value with factor j taken from year t when bit j of `mask` is set, else from year 0.
double value(const std::array<Factors, 2>& f, unsigned mask, int spg) {
  const Factors& fn = f[(mask >> kPopulationSize) & 1];
  const Factors& fa = f[(mask >> kAgeing) & 1];
  const Factors& fs = f[(mask >> kPrevalence) & 1];
  const std::vector<double>& u = *f[(mask >> kUtilisation) & 1].u;
  const std::vector<double>& c = *f[(mask >> kUnitCost) & 1].c;
  double total = 0.0;
  const std::size_t groups = fa.a.size();
  for (std::size_t g = 0; g < groups; ++g) {
    if (fa.a[g] == 0.0) continue;
    double inner = 0.0;
    for (int k = 0; k < spg; ++k) {
      const std::size_t i = g * spg + k;
      inner += fs.s[i] * u[i] * c[i];
    }
    total += fa.a[g] * inner;
  }
  return fn.n * total;
}

}  // namespace

double decomposition_total(const DecompositionYear& y, int states_per_group) {
  auto f = factors_of(y, y, states_per_group);
  return value(f, 0u, states_per_group);
}

SpendingDecomposition decompose_spending(const DecompositionYear& y0, const DecompositionYear& yt,
                                         int states_per_group) {
  const auto f = factors_of(y0, yt, states_per_group);
  constexpr unsigned kAll = (1u << kDriverFactors) - 1;
  std::array<double, kAll + 1> v{};
  for (unsigned m = 0; m <= kAll; ++m) v[m] = value(f, m, states_per_group);
  // Shapley weights |S|! (n - |S| - 1)! / n! for n = 5.
  constexpr double kFact[6] = {1, 1, 2, 6, 24, 120};
  SpendingDecomposition d;
  d.total_0 = v[0];
  d.total_t = v[kAll];
  for (int j = 0; j < kDriverFactors; ++j) {
    double phi = 0.0;
    for (unsigned m = 0; m <= kAll; ++m) {
      if (m & (1u << j)) continue;
      const int size = __builtin_popcount(m);
      phi += kFact[size] * kFact[kDriverFactors - size - 1] / kFact[kDriverFactors] * (v[m | (1u << j)] - v[m]);
    }
    d.contribution[j] = phi;
  }
  return d;
}

SpendingDecomposition decompose_spending_sequential(const DecompositionYear& y0, const DecompositionYear& yt,
                                                    const std::array<int, kDriverFactors>& order,
                                                    int states_per_group) {
  unsigned seen = 0;
  for (int j : order) {
    if (j < 0 || j >= kDriverFactors || (seen & (1u << j)))
      throw InputError("decomposition: order must be a permutation of the five factors");
    seen |= 1u << j;
  }
  const auto f = factors_of(y0, yt, states_per_group);
  SpendingDecomposition d;
  unsigned mask = 0;
  double prev = value(f, 0u, states_per_group);
  d.total_0 = prev;
  for (int j : order) {
    mask |= 1u << j;
    const double now = value(f, mask, states_per_group);
    d.contribution[j] = now - prev;
    prev = now;
  }
  d.total_t = prev;
  return d;
}

DecompositionYear make_decomposition_year(const std::vector<double>& persons,
                                          const std::vector<double>& cost_at_base_unit_costs,
                                          const std::vector<double>& cost_at_year_unit_costs) {
  if (cost_at_base_unit_costs.size() != persons.size() || cost_at_year_unit_costs.size() != persons.size())
    throw InputError("decomposition: cost vectors must match persons");
  DecompositionYear y;
  y.persons = persons;
  y.utilisation = cost_at_base_unit_costs;
  y.unit_cost.resize(persons.size());
  for (std::size_t i = 0; i < persons.size(); ++i)
    y.unit_cost[i] = cost_at_base_unit_costs[i] > 0 ? cost_at_year_unit_costs[i] / cost_at_base_unit_costs[i] : 1.0;
  return y;
}

}  // namespace fundsim
