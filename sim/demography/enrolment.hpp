// Enrolment: how each (sex, age, state) cell splits between the employee scheme (UEBMI), non
// enrolment (structural and voluntary opt-out) and the resident scheme (general and assisted).
#pragma once

#include <algorithm>
#include <array>
#include <vector>

#include "demography/cells.hpp"
#include "demography/demography_params.hpp"

namespace fundsim {

struct EnrolmentYear {
  std::vector<double> enrolled_general;   // kCells, persons in the resident scheme, general group
  std::vector<double> enrolled_assisted;  // kCells, assisted groups (contribution paid by MA)
  double employee_scheme_persons = 0.0;   // in UEBMI
  double not_enrolled_persons = 0.0;      // structural non-coverage + voluntary opt-out
  double optout_persons = 0.0;            // of which voluntary opt-out
  double enrolled_persons = 0.0;          // resident-scheme total (general + assisted)
  double assisted_contribution_paid_share = 1.0;
  double burden = 0.0;                    // individual contribution / rural income
  double exposure_factor = 1.0;           // mean benefit exposure of enrollees (waiting period)
};

// The resident-scheme enrollees of one cell by group. The assisted share (特困, 低保, ...: the
// groups whose contribution medical assistance pays) is clamped to [0, 1]; assisted = enrolled x
// share and general = enrolled - assisted, so the two add up to `enrolled` (to rounding), general is
// exactly `enrolled` at share 0 and assisted exactly `enrolled` at share 1.
struct EnrolledByGroup {
  double general = 0.0;
  double assisted = 0.0;
};
inline EnrolledByGroup split_by_group(double enrolled, double assisted_share) {
  EnrolledByGroup g;
  g.assisted = enrolled * std::clamp(assisted_share, 0.0, 1.0);
  g.general = enrolled - g.assisted;
  return g;
}

class EnrolmentModel {
 public:
  // `base_mix` (kCells, optional): the state mix that defines the selection normalisation: the
  // opt-out of state s in a (sex, age) is optout x r_s / sum_s' w_s' r_s' with w the base mix of
  // that (sex, age) and r_0 = 1, r_chronic = 1 - strength (1 - chronic_rel), r_severe = 1 -
  // strength (1 - severe_rel). Without it (or for an empty (sex, age)) the normaliser is 1.
  explicit EnrolmentModel(const EnrolmentParams& params,
                          const PopulationByState* base_mix = nullptr);

  // Employee-scheme share of an age in a year: ceiling - (ceiling - base)(1 - c)^(year - base).
  double employee_share(int age, int year) const;
  // Structural non-coverage share in a year.
  double structural_share(int year) const;
  // Cell-average voluntary opt-out share of an age band at burden b (non-decreasing in b).
  double optout_share(int band, double burden) const;
  // Relative opt-out factor of a state before normalisation (1 for state 0).
  double selection_factor(int state) const;
  // Benefit exposure factor of enrollees in a year (1 before the waiting period applies).
  double exposure_factor(int year) const;

  // The split of `pop` (persons by cell, end of year) in `year` given the individual contribution
  // and the rural per-capita disposable income (the burden's denominator).
  EnrolmentYear compute(const PopulationByState& pop, int year,
                        double individual_contribution_yuan, double rural_income_yuan) const;
  // The same into `out`, whose storage is reused (the year step: no allocation, no clearing).
  void compute(const PopulationByState& pop, int year, double individual_contribution_yuan,
               double rural_income_yuan, EnrolmentYear& out) const;
  // The contribution burden: the individual contribution over rural income (1e6 with no income).
  static double burden(double individual_contribution_yuan, double rural_income_yuan);
  // Each band's opt-out share at a burden (what compute uses).
  std::array<double, kEnrolmentBands> optout_shares(double burden) const;
  // The split given each band's cell-average opt-out share (compute: at optout_shares(burden)).
  // burden is left 0.
  EnrolmentYear split(const PopulationByState& pop, int year,
                      const std::array<double, kEnrolmentBands>& optout) const;
  void split(const PopulationByState& pop, int year, const std::array<double, kEnrolmentBands>& optout,
             EnrolmentYear& out) const;
  // Enrolment is linear in each band's opt-out share o_b as long as no cell's opt-out share
  // o_b x r_s / norm reaches 1 (o_b x max_selection_ratio(b) <= 1): split(o) = split(0) - sum_b o_b
  // x optout_derivative(b). optout_derivative(b) holds the enrollees (by cell and group) one unit of
  // band b's opt-out share removes, and in optout_persons, not_enrolled_persons and
  // enrolled_persons their total (added to the first two, taken from the third); cells of other
  // bands are 0, employee_scheme_persons is 0.
  EnrolmentYear optout_derivative(const PopulationByState& pop, int year, int band) const;
  double max_selection_ratio(int band) const;

 private:
  // (1 - convergence)^(year - base year): the remaining gap to the employee-scheme ceiling.
  double employee_gap(int year) const;
  double employee_share_in_band(int band, double gap) const;
  // A year with nobody enrolled: the cell vectors at 0, the year's constants set.
  EnrolmentYear empty_year(int year) const;
  // The year's fields of `out` other than the cells: totals and burden 0, the assisted paid share and
  // exposure factor of the year; the cell vectors sized kCells (their values left as they are).
  void start_year(int year, EnrolmentYear& out) const;
  EnrolmentParams p_;
  std::array<double, kStates> r_{};
  std::vector<double> norm_;  // kSexes * kAges
};

}  // namespace fundsim
