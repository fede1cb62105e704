#include "demography/projection.hpp"

#include <algorithm>

namespace fundsim {

void advance_one_year(PopulationByState& pop, const double* q_cells, const Births& births,
                      const double* net_migrants, double infant_separation_share) {
  for (int sex = 0; sex < kSexes; ++sex) {
    // Top down, in place: the target age a is written only after ages a and a-1 were read.
    for (int s = 0; s < kStates; ++s) {
      const std::size_t top = cell(sex, kMaxAge, s);
      const std::size_t below = cell(sex, kMaxAge - 1, s);
      pop[top] = pop[top] * (1.0 - q_cells[top]) + pop[below] * (1.0 - q_cells[below]);
    }
    for (int a = kMaxAge - 1; a >= 1; --a)
      for (int s = 0; s < kStates; ++s) {
        const std::size_t from = cell(sex, a - 1, s);
        pop[cell(sex, a, s)] = pop[from] * (1.0 - q_cells[from]);
      }
    const double b = sex == kMale ? births.male : births.female;
    const double q0 = q_cells[cell(sex, 0, 0)];
    pop[cell(sex, 0, 0)] = std::max(0.0, b * (1.0 - infant_separation_share * q0));
    for (int s = 1; s < kStates; ++s) pop[cell(sex, 0, s)] = 0.0;

    if (net_migrants == nullptr) continue;
    for (int a = 0; a < kAges; ++a) {
      const double m = net_migrants[sex * kAges + a];
      if (m == 0.0) continue;
      const double total = age_sex_total(pop, sex, a);
      if (total <= 0.0) {
        if (m > 0.0) pop[cell(sex, a, 0)] += m;
        continue;
      }
      const double f = std::max(0.0, 1.0 + m / total);  // new total / old total, >= 0
      for (int s = 0; s < kStates; ++s) pop[cell(sex, a, s)] *= f;
    }
  }
}

void uniform_state_q(const double* q_sex_age, double* q_cells) {
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a)
      for (int s = 0; s < kStates; ++s) q_cells[cell(sex, a, s)] = q_sex_age[sex * kAges + a];
}

PopulationByState back_project_one_year(const PopulationByState& end, const double* q_sex_age) {
  PopulationByState prev = make_population();
  for (int sex = 0; sex < kSexes; ++sex) {
    const double* qs = q_sex_age + static_cast<std::size_t>(sex) * kAges;
    const double t99 = age_sex_total(end, sex, kMaxAge - 1), t100 = age_sex_total(end, sex, kMaxAge);
    const double share99 = t99 + t100 > 0 ? t99 / (t99 + t100) : 0.5;
    for (int age = 0; age < kMaxAge; ++age) {
      // Age `age` at the end of year-1 survives to age+1 (or 100+) at the end of `year`.
      const double from =
          age + 1 < kMaxAge ? age_sex_total(end, sex, age + 1) : age_sex_total(end, sex, kMaxAge) * share99;
      prev[cell(sex, age, 0)] = from / std::max(1e-12, 1.0 - qs[age]);
    }
    prev[cell(sex, kMaxAge, 0)] =
        age_sex_total(end, sex, kMaxAge) * (1.0 - share99) / std::max(1e-12, 1.0 - qs[kMaxAge]);
  }
  return prev;
}

}  // namespace fundsim
