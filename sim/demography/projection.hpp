// Cohort-component projection on the (sex, age, state) cell layout.
#pragma once

#include "demography/cells.hpp"

namespace fundsim {

struct Births {
  double male = 0.0;
  double female = 0.0;
};

// Advances `pop` (persons at the end of year t-1) to the end of year t:
//  - every cell (sex, a, s) survives with 1 - q_cells[cell(sex, a, s)] and moves to age a+1 in the
//    same state (health transitions are the health stage's job); ages 99 and 100+ both land in
//    100+;
//  - newborns enter age 0, state 0: births x (1 - infant_separation_share x q_cells[cell(sex,0,0)])
//    (the share of first-year deaths that falls in the calendar year of birth);
//  - net migrants (may be null; indexed sex * kAges + age, age at the end of the year) are added
//    after survival, spread over the states of the cell in proportion to its persons (all to
//    state 0 if the cell is empty); emigration never takes a cell below zero.
// q_cells has kCells entries in [0, 1].
void advance_one_year(PopulationByState& pop, const double* q_cells, const Births& births,
                      const double* net_migrants, double infant_separation_share);

// Reverse survival of one year (the standard back-projection of a census age structure; no
// migration, no births): the persons at age a+1 at the end of year t came from age a at the end of
// t-1, divided by the survival probability 1 - q(sex, a) of year t (q_sex_age of year t); the open
// group 100+ is split over ages 99 and 100+ in proportion to them. Returns the end of t-1 in state 0
// (the caller re-initialises the health states).
PopulationByState back_project_one_year(const PopulationByState& end, const double* q_sex_age);

// Fills q_cells[cell(sex, age, s)] = q_sex_age[sex * kAges + age] for every state s.
void uniform_state_q(const double* q_sex_age, double* q_cells);

}  // namespace fundsim
