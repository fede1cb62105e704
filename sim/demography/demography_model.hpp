// The demography model of one run: base population, Lee-Carter mortality, fertility, migration.
// Built once per run; per draw-year calls touch only precomputed arrays.
#pragma once

#include <functional>

#include <array>
#include <vector>

#include "demography/cells.hpp"
#include "demography/demography_params.hpp"
#include "demography/projection.hpp"
#include "random/streams.hpp"

namespace fundsim {

// One draw of the systematic demographic drivers, by year first_year..last_year.
struct DemographyPath {
  int first_year = 0;
  int last_year = -1;
  std::vector<double> k;              // Lee-Carter period index
  std::vector<double> tfr;            // total fertility rate
  std::vector<double> net_migrants;   // net migrants (persons)
  int index(int year) const;          // throws std::out_of_range outside the path
};

class DemographyModel {
 public:
  explicit DemographyModel(const DemographyParams& params);

  int base_year() const { return base_year_; }
  // Base population (persons, end of the base year) by sex * kAges + age, single years from
  // Sprague, scaled to the base total if one is set.
  const std::vector<double>& base_population() const { return base_pop_; }
  // The base population with everyone in state 0 (the health stage redistributes over states).
  PopulationByState base_population_by_state() const;
  // Base single-year central death rates (k = 0), sex * kAges + age.
  const std::vector<double>& base_mx() const { return base_mx_; }
  // Normalised Lee-Carter b_x, sex * kAges + age (sums to 1 within each sex).
  const std::vector<double>& b() const { return b_; }
  // Normalised ASFR shape over single ages 0..100 (non-zero at 15..49, sums to 1).
  const std::vector<double>& asfr_shape() const { return asfr_; }
  double male_birth_share() const { return male_birth_share_; }
  double infant_separation_share() const { return infant_separation_; }

  // A random path: k_t = drift (t - reference_year) + sum of N(0, vol^2) innovations for years
  // >= mortality.stochastic_from_year; log TFR_t = log schedule(t) + u_t, u AR(1) from
  // fertility.stochastic_from_year (median on the schedule); migration = schedule(t) + N(0, sd^2).
  // One normal variate per year is drawn from each generator whatever the year, so changing a
  // stochastic_from_year setting does not shift the draws of other years.
  DemographyPath sample_path(Rng& mortality_rng, Rng& fertility_rng, Rng& migration_rng,
                             int first_year, int last_year) const;
  // The path with all innovations zero (drift and schedules only).
  DemographyPath mean_path(int first_year, int last_year) const;

  // q[sex * kAges + age] = 1 - exp(-m_base exp(b k_t)) for `year` of the path.
  void death_probabilities(const DemographyPath& path, int year, double* q) const;
  // Births in `year` from the women aged 15-49 in `pop` (start of year, all states).
  Births births(const PopulationByState& pop, const DemographyPath& path, int year) const;
  // Net migrants in `year`, out[sex * kAges + age] (kSexes * kAges entries).
  void migrants(const DemographyPath& path, int year, double* out) const;
  // e0 from one sex's q (kAges entries).
  static double life_expectancy_at_birth(const double* q);

  // Death probabilities per cell (kCells) from q by sex and age (kSexes * kAges) for the population
  // at the start of the year: uniform_state_q, or the health stage's split over states.
  using CellDeathRule = std::function<void(const PopulationByState& pop, const double* q_sex_age, double* q_cells)>;
  // Work arrays of project_year; after it, q holds the year's death probabilities by sex and age.
  struct YearScratch {
    std::vector<double> q = std::vector<double>(static_cast<std::size_t>(kSexes) * kAges);
    std::vector<double> q_cells = std::vector<double>(kCells);
    std::vector<double> migrants = std::vector<double>(static_cast<std::size_t>(kSexes) * kAges);
  };
  // One year of the cohort-component projection, the one population step of every engine: q of the
  // year, split over cells by `cell_q`, births from the start-of-year population, net migration,
  // survival and ageing (advance_one_year).
  void project_year(PopulationByState& pop, const DemographyPath& path, int year, YearScratch& scratch,
                    const CellDeathRule& cell_q) const;
  // Convenience: one year of the projection with state-independent mortality.
  void project_year(PopulationByState& pop, const DemographyPath& path, int year) const;

 private:
  DemographyPath make_path(Rng* mortality_rng, Rng* fertility_rng, Rng* migration_rng,
                           int first_year, int last_year) const;

  int base_year_;
  MortalityParams mort_;
  FertilityParams fert_;
  MigrationParams migr_;
  std::vector<double> base_pop_, base_mx_, b_, asfr_, migration_pattern_;
  double male_birth_share_;
  double infant_separation_;
};

}  // namespace fundsim
