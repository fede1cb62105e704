// Chronic-disease states per (sex, age) cell: base prevalence, incidence/remission, excess
// mortality split, awareness x treatment.
//
// Order within a projection year (the engine's contract):
//   1. HealthModel::transition(pop, year, path)    incidence and remission, in place;
//   2. HealthModel::state_death_probabilities(...)  split q(sex, age) over states by relative risk;
//   3. deaths and ageing (demography stage).
//
// Base prevalence and incidence are derived together in the constructor so that the base
// profile is stationary under the base mortality. Target marginal prevalences by (sex, age) for H,
// D and S come from the parameters (age gradients, sex split). A cohort is then followed from
// age 0 (everyone in state 0): at each age the incidences of H, D and S are solved (fixed point
// on the survival ratios, closed form per condition) so that after one transition and the
// state-specific deaths the cohort has exactly the target marginals of the next age; the
// survivors' joint mix *defines* the base joint mix of the next age. Hence every age below 100
// keeps its full base joint mix year after year under base incidence and mortality. The open
// group 100+ gets the stationary mix of inflow plus survivors. Associations are structural:
// S incidence is higher with H/D (severe_incidence_rr_*), and the common incidence RR of H given
// D and of D given H is solved (bisection) to give the H-D odds-ratio parameter at ages 45-74.
// Required incidences below 0 (a prevalence falling faster with age than excess mortality
// explains) are clamped at 0 and counted in `clamped_incidences()` (none with the defaults).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "demography/cells.hpp"
#include "health/health_params.hpp"
#include "random/streams.hpp"

namespace fundsim {

inline constexpr int kConditions = 3;  // 0 = hypertension, 1 = diabetes, 2 = severe

// One draw's stochastic incidence trend: multiplier per condition per year (1 = no deviation),
// indexed by year - first_year; years outside the range use the nearest end.
struct HealthPath {
  int first_year = 0;
  std::array<std::vector<double>, kConditions> incidence_multiplier;
  double multiplier(int condition, int year) const;
};

using StateShares = std::array<double, kStates>;

class HealthModel {
 public:
  // `base_q` holds the base-year probability of dying within the year, index sex * kAges + age
  // (size kSexes * kAges), used to derive the stationary incidence.
  HealthModel(const HealthParams& p, const std::vector<double>& base_q);

  const HealthParams& params() const { return p_; }

  // Base-year share of each state within (sex, age); sums to 1.
  const StateShares& base_shares(int sex, int age) const { return base_[idx(sex, age)]; }
  // Base-year marginal prevalence of a condition (0 = H, 1 = D, 2 = S) in (sex, age).
  double base_prevalence(int sex, int age, int condition) const;

  // Distributes each (sex, age) total of `pop` over the states at the base shares.
  void initialise(PopulationByState& pop) const;

  // Base (stationary) yearly incidence of condition c for a person of (sex, age) in state 0;
  // state-specific incidence multiplies by the relative risks.
  double base_incidence(int sex, int age, int condition) const { return inc_[idx(sex, age)][condition]; }
  int clamped_incidences() const { return clamped_; }
  // Solved relative risk of hypertension incidence given diabetes and vice versa (see the
  // odds-ratio parameter).
  double incidence_rr_given_other() const { return rho_; }
  // Pooled H-D odds ratio of the base mix at ages 45-74 (both sexes, each age weighted equally).
  double pooled_odds_ratio() const;

  // Per-draw stochastic incidence trend (log random walk per condition), Purpose::incidence.
  HealthPath sample_path(Rng& rng, int first_year, int last_year) const;
  // Same with the generator make_rng(seed, draw, Purpose::incidence).
  HealthPath sample_path(std::uint64_t seed, std::uint64_t draw, int first_year, int last_year) const;
  // A path with no stochastic deviation.
  HealthPath neutral_path(int first_year, int last_year) const;

  // One year of incidence and remission in place (before deaths and ageing).
  void transition(PopulationByState& pop, int year, const HealthPath& path) const;
  // Same with explicit incidence multipliers per condition (trend x path), used by tests and by
  // the derivation.
  void transition_with(PopulationByState& pop, const std::array<double, kConditions>& mult) const;

  // The incidence multipliers of `year` (scheduled trend x the draw's path), as transition uses them.
  std::array<double, kConditions> year_multipliers(int year, const HealthPath& path) const;
  // One row of the year's transition matrix: to[s'] = P(state s' at the end of the transition |
  // state `from` before it) for a person of (sex, age), with the multipliers of year_multipliers.
  // transition() moves cell populations by these same rows (the person-level engine draws them).
  void transition_row(int sex, int age, int from, const std::array<double, kConditions>& mult,
                      double to[kStates]) const;
  // Mortality relative risk of a state (product of the condition risks).
  double death_rr(int state) const { return death_rr_[state]; }
  // Splits q(sex, age) (index sex * kAges + age) into q per cell so that the state mix of `pop`
  // reproduces q(sex, age) exactly: q_s = k q_x RR_s, k = 1 / sum_s share_s RR_s; a q_s above 1 is
  // capped at 1 and the excess deaths are redistributed over the other states in proportion to
  // RR_s (so the total is still exact whenever q_x <= 1). Empty (sex, age) use the base shares.
  void state_death_probabilities(const PopulationByState& pop, const double* q_sex_age,
                                 double* q_cell) const;

  // Share of prevalent hypertension / diabetes treated (awareness x treatment) in `year`:
  // t(y) = c - (c - t0) (1 - g / (c - t0))^(y - y0) for y >= y0 (initial yearly gain g, ceiling
  // c), linear back-extrapolation t0 - g (y0 - y) before (floored at 0).
  double treated_share_hypertension(int year) const;
  double treated_share_diabetes(int year) const;

  // Scheduled incidence trend multiplier of condition c in `year` (relative to base_year).
  double trend_multiplier(int condition, int year) const;

 private:
  static std::size_t idx(int sex, int age) { return static_cast<std::size_t>(sex) * kAges + age; }
  // Transition of one (sex, age) state vector with given incidences (already multiplied).
  void transition_cell(const double* in, double* out, const std::array<double, kConditions>& inc) const;
  void split_q(const double* shares_or_counts, double q_x, double* q_out) const;
  // Cohort recursion from age 0 (state 0) with incidence solved age by age; sets base_ and inc_.
  // `solve_open_group`: iterate the 100+ mix to its stationary point (skipped while solving rho,
  // which only looks at ages 45-74).
  void build(double rho, bool solve_open_group);
  int solve_incidence(const StateShares& pa, const std::array<double, kConditions>& next_marg, double qx,
                      std::array<double, kConditions>& th) const;

  HealthParams p_;
  std::vector<double> q_;                                // base q(sex, age)
  std::vector<std::array<double, kConditions>> marg_;    // target marginal prevalences
  double rho_ = 1.0;
  std::vector<StateShares> base_;                        // kSexes * kAges
  std::vector<std::array<double, kConditions>> inc_;     // kSexes * kAges
  std::array<double, kStates> death_rr_{};
  std::array<double, kStates> rr_h_inc_{}, rr_d_inc_{}, rr_s_inc_{};
  int clamped_ = 0;
};

// Persons of age 18+ in `pop` with condition c (0 = H, 1 = D, 2 = S) divided by persons 18+.
double adult_prevalence(const PopulationByState& pop, int condition);

}  // namespace fundsim
