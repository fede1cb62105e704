// Utilisation and unit costs per cell (sex, age, state) and service, and their growth.
//
// Per draw-year the engine calls `factors(year, path)` once (a handful of exp/pow) and then
// `cell_inputs` / `all_cells` (multiplications of precomputed base arrays), producing exactly the
// inputs of the benefits claims model (sim/benefits/aggregate.hpp):
//   inpatient:  N ~ Poisson(lambda); given n >= 1, one level L ~ w, annual cost LogNormal with
//               median median_yuan[L] x n^theta and log-sd sigma;
//   outpatient, chronic_special: user with probability p_use, annual cost LogNormal(median, sigma);
//   two_diseases_hypertension / _diabetes: p_use is the user probability AMONG PERSONS WHO DO NOT
//               USE chronic/special (a chronic/special user's 两病 drugs are inside that cost).
// All money is nominal yuan of the year.
//
// Growth: unit-cost index(service, y) = price(y)/price(base) x exp(sum of excess growth g from
// base+1 to y) x policy(service, y)/policy(service, base); g follows an AR(1) around its long-run
// mean (Purpose::medical_trend). Utilisation index = exp(sum of (drift + noise)) (Purpose::
// utilisation_trend) x COVID-type shock(y)/shock(base) x policy; it applies to inpatient admissions
// and general-outpatient use; chronic/special and 两病 use follow prevalence and treated shares.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "costs/cost_params.hpp"
#include "demography/cells.hpp"
#include "health/health_model.hpp"
#include "random/streams.hpp"

namespace fundsim {

enum Service : int { kInpatientService = 0, kOutpatientService, kChronicSpecialService, kTwoDiseasesHypertension,
                     kTwoDiseasesDiabetes, kServices };
inline constexpr int kHospitalLevels = 3;  // primary, secondary, tertiary

struct InpatientInputs {
  double lambda = 0;                           // admissions per person-year
  double w[kHospitalLevels] = {0, 0, 0};       // level probabilities (sum 1)
  double median_yuan[kHospitalLevels] = {0, 0, 0};  // median annual cost at n = 1, by level
  double theta = 1;                            // median x n^theta
  double sigma = 1;                            // lognormal log-sd
  double sigma_extra[kHospitalLevels] = {0, 0, 0};  // added to sigma by level (tail by level)
  double sigma_of(int l) const { return sigma + sigma_extra[l]; }
};

struct ServiceInputs {
  double p_use = 0;        // user probability (see the header note for 两病)
  double median_yuan = 0;  // median annual cost of a user
  double sigma = 1;        // lognormal log-sd
};

struct CellClaimInputs {
  InpatientInputs inpatient;
  ServiceInputs outpatient;
  ServiceInputs chronic_special;
  ServiceInputs two_diseases_hypertension;
  ServiceInputs two_diseases_diabetes;
};

// One draw's stochastic cost path; index k = year - (base_year + 1).
struct CostPath {
  int base_year = 2022;
  std::vector<double> excess_growth;        // g_y, y = base+1 ..
  std::vector<double> log_excess_index;     // sum of g up to y
  std::vector<double> log_utilisation_index;
};

struct YearFactors {
  int year = 0;
  std::array<double, kServices> utilisation{};  // multiplies lambda / p_use (inpatient, outpatient)
  std::array<double, kServices> unit_cost{};    // multiplies medians
  double treated_hypertension = 0;              // share of prevalent H treated
  double treated_diabetes = 0;
};

// Expected gross cost per person of a cell by service (users and non-users), yuan.
struct ExpectedCost {
  std::array<double, kServices> by_service{};
  double total() const {
    double t = 0;
    for (double x : by_service) t += x;
    return t;
  }
};

struct CellRates {
  std::vector<double> inpatient_lambda, outpatient, chronic_special, two_hypertension, two_diabetes;  // kCells
};

class CostModel {
 public:
  CostModel(const CostParams& p, const HealthModel& health);
  const CostParams& params() const { return p_; }

  // Per-draw path from base_year + 1 to last_year (first_year earlier than base_year + 1 is
  // ignored: the path always starts after the base year so the index is 1 there).
  CostPath sample_path(Rng& medical_trend, Rng& utilisation_trend, int last_year) const;
  CostPath sample_path(std::uint64_t seed, std::uint64_t draw, int last_year) const;
  // Adds the pool's own deviation of the excess growth (local_trend_deviation_*) from first_year on:
  // `province` gives the provincial part, `pool` the pool's own. Nothing is drawn when the sd is 0.
  void add_local_deviation(CostPath& path, int first_year, Rng& province, Rng& pool) const;
  // The mean-free path: no innovations (excess growth follows its expected path, utilisation its drift).
  CostPath expected_path(int last_year) const;

  YearFactors factors(int year, const CostPath& path) const;

  CellClaimInputs cell_inputs(std::size_t c, const YearFactors& f) const;
  // Fills out[0..kCells).
  void all_cells(const YearFactors& f, CellClaimInputs* out) const;
  // Invariant: within a year, the medians, level weights, theta and log-sds of cell_inputs(c) depend
  // only on the cell's cost class (cost_class of its health state: severe or not); only lambda and
  // the p_use fields vary by cell (cell_rates). class_inputs is cell_inputs of a representative cell
  // of the class (male, 40), whose lambda / p_use must not be used.
  // (tests/costs/costs_test.cpp: CostModel.ClassInputsAreTheSameForEveryCellOfTheClass.)
  CellClaimInputs class_inputs(int cost_class, const YearFactors& f) const;
  // What varies by cell within a year, as arrays over cells: equal to the p_use / lambda fields of
  // cell_inputs. For the projection's cell loop.
  void cell_rates(const YearFactors& f, CellRates& out) const;

  // Components of the indices, exposed for tests and reports.
  double price_index(int year) const;  // relative to base year
  double policy_multiplier(int service, bool unit_cost, int year) const;  // relative to base year
  double shock_multiplier(int year) const;                               // relative to base year

 private:
  CostParams p_;
  HealthModel health_;
  double price_base_ = 1, shock_base_ = 1, case_mix_base_ = 1;
  std::vector<double> lambda_;                                     // kCells, base year
  std::vector<std::array<double, kHospitalLevels>> inpatient_median_;  // kCells
  std::vector<double> outpatient_p_;                               // kCells
  // User probabilities of chronic/special and 两病 for a health state and adulthood (all that they
  // depend on within a year): {chronic/special, hypertension, diabetes}.
  std::array<double, 3> chronic_probabilities(int state, bool adult, const YearFactors& f) const;
  std::array<double, kHospitalLevels> w_, w_severe_;
  double policy_raw(int service, bool unit_cost, int year) const;
};

// E[gross cost] per person of a cell: inpatient lambda-mixture sum_L w_L m_L e^{sigma^2/2} E[N^theta];
// services p x median x e^{sigma^2/2}; 两病 weighted by (1 - p_use of chronic/special).
ExpectedCost expected_cost(const CellClaimInputs& in);

// E[N^theta] for N ~ Poisson(lambda) (exact lambda when theta = 1).
double poisson_power_moment(double lambda, double theta);

// The cost class of a health state: 1 if severe, else 0 (see CostModel::class_inputs).
inline constexpr int kCostClasses = 2;
constexpr int cost_class(int state) { return (state & kSevere) ? 1 : 0; }

// Index 0..6 of the age groups 0-4, 5-14, 15-44, 45-59, 60-69, 70-79, 80+.
int cost_age_group(int age);

}  // namespace fundsim
