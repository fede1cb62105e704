// The population of the person-level engine (run.engine: micro): a weighted sample of persons
// followed year by year through the cell engine's own stages. It replaces the cell population in
// stages 1-2 (health, deaths, ageing, births, migration), realises stage 4 (enrolment) person by
// person and replaces stage 5 (claims) by settling each enrolled person-year through the benefit
// calculator; stages 3 and 6 (contributions, financing, the fund) are the cell engine's
// (CellModel::Stepper, cell_model.cpp).
//
// The sample. Persons are drawn from the jump-off population by cell (sex, single age, health
// state): round(N x persons of the cell / population) persons per non-empty cell (at least one),
// each weighted so that the weights of a cell add up to its persons exactly. Each person carries
// lasting traits drawn once from its own stream (Purpose::person_traits): an income rank v, a
// residence (urban with the urban share of the income mixture), and an enrolment rank u.
//
// A year (the order of the cell engine, cell_model.hpp):
//  1. health: each person moves from its state by the row of the year's transition matrix
//     (HealthModel::transition_row, the rows that move the cell populations);
//  2. deaths: q by sex and age of the year split over states by HealthModel::state_death_probabilities
//     on the persons' own state mix; a person dies with its cell's q; survivors age one year (99 and
//     100+ land in 100+). Births are DemographyModel::births of the persons' start-of-year population;
//     the year's surviving newborns of each sex (births x (1 - infant separation x q_0)) enter as
//     round(them / the sample's mean weight) persons (randomised rounding) sharing that total. Net
//     migration rescales the weights of the persons of a (sex, age) by (1 + migrants / persons),
//     never below 0, exactly as the cell projection spreads migrants over a cell's states;
//  4. enrolment: the enrolment model's expected enrollees of each cell, computed on the persons'
//     population, are realised by the persons' ranks: a person is in an assisted group (特困, 低保;
//     contribution paid by medical assistance) if v < assisted share of its cell (so the assisted are
//     the poorest of their cell), otherwise enrolled if u < general share / (1 - assisted share)
//     (opt-out keeps the ranks, so the same persons stay out year after year; the sick stay, since
//     their cells have higher shares);
//  5. claims: each enrolled person-year's admissions, costs and service use are drawn under the
//     claims law of its cell (benefits/person_draw.hpp, the sampler's draw) and settled by
//     compute_benefits: basic insurance, then catastrophic insurance, then medical assistance.
// Every person's draws come from its own streams keyed by (seed, draw, purpose, pool, person, year)
// (PersonRng), and a year's sums run over persons in a fixed order, so a path's results do not
// depend on threads or ranks.
//
// Income. Person incomes are the household per-capita disposable income (benefits/burden.hpp states
// the unit): exp(mu_c + sigma_c z) with z = Phi^-1(v) in the person's component c (rural or urban)
// of the mixture fitted to the national income quintiles of micro.income_reference_year; each
// component's mu moves with the log change of its own income path (rural or urban per-capita
// income) since the reference year. Resident-scheme members are taken from the national distribution
// of residents (no income data of the scheme's members are in the data; employees, who are richer,
// are not removed: the burden shares are therefore if anything understated).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "benefits/benefit_params.hpp"
#include "benefits/burden.hpp"
#include "benefits/person_draw.hpp"
#include "costs/cost_model.hpp"
#include "demography/demography_model.hpp"
#include "demography/enrolment.hpp"
#include "demography/income_distribution.hpp"
#include "engine/cell_claims.hpp"
#include "health/health_model.hpp"

namespace fundsim {

// The stream keys of one path's persons: stream_key(seed, draw, purpose, pool key) per purpose.
struct PersonStreamKeys {
  std::uint64_t traits = 0, health = 0, survival = 0, claims = 0, births = 0;
  static PersonStreamKeys make(std::uint64_t seed, std::uint64_t draw, std::uint64_t pool_key);
};

// The year's income distribution of persons: the reference mixture moved by each component's growth
// (only mu moves: sigma is the reference's).
struct IncomeYear {
  double mu[2] = {}, sigma[2] = {};        // 0 rural, 1 urban
  std::array<double, 4> quintile_bounds{};  // national quintile bounds of the year's mixture
  double low_income_line_yuan = 0, subsistence_yuan = 0;
  int quintile_of(double income_yuan) const {
    int q = 1;
    for (double b : quintile_bounds) q += income_yuan > b ? 1 : 0;
    return q;
  }
};

// Per batch of persons (person id mod batches) and year: the totals that the validation against the
// cell engine compares (the batches are independent samples of the population, so their spread gives
// the sampling error of the totals).
struct PersonBatchTotals {
  enum Item : int {
    kEnrollees = 0,
    kBasicInpatient,
    kOutpatient,
    kChronicSpecial,
    kTwoDiseases,
    kCatastrophicClaims,
    kAssistance,
    kCatastrophicBeneficiaries,
    kOutOfPocket,
    kTotalCost,
    kItems
  };
  std::array<double, kItems> value{};
};

// The claims law of every cell (index cell(sex, age, state)) in a year: rates by cell, medians and
// log-sds by cost class, as the cell step integrates them (outpatient and 两病 costs from class 0,
// inpatient and chronic/special by class).
std::vector<benefits::PersonClaimsLaw> person_claims_laws(const CostModel& costs, const YearFactors& f);

class PersonPopulation {
 public:
  // `persons` >= 1 sampled from `jump_off` (cells with persons > 0). Throws InputError if the
  // population is empty.
  PersonPopulation(const PopulationByState& jump_off, std::int64_t persons, const IncomeMixture& income,
                   const PersonStreamKeys& keys);

  // Stages 1-2 of `year`; scratch.q holds the year's q by sex and age afterwards (as the cell step).
  void advance(const DemographyModel& dem, const HealthModel& health, int year, const DemographyPath& dp,
               const HealthPath& hp, DemographyModel::YearScratch& scratch);
  // The persons' population by cell (the weights summed): the end of the last advanced year.
  const PopulationByState& cells() const { return cells_; }
  // Stage 4: realises `en` (expected enrollees per cell, computed on cells()) person by person and
  // replaces its enrolled_general, enrolled_assisted and enrolled_persons with the persons' sums.
  void realise_enrolment(EnrolmentYear& en);
  // Stage 5 of `year`: every enrolled person-year drawn and settled; the burden of the year is kept
  // (burden()) and, with batches, the batch totals.
  cell_claims::YearClaims claims(const CostModel& costs, const YearFactors& f, const benefits::YearRules& rules,
                                 const IncomeYear& income, const benefits::BurdenThresholds& thresholds,
                                 cell_claims::YearCounts& n);
  const benefits::BurdenTable& burden() const { return burden_; }

  void set_batches(int batches) { batches_ = batches; }
  const std::vector<PersonBatchTotals>& batch_totals() const { return batch_; }
  std::size_t size() const { return weight_.size(); }
  // Persons followed through a year (stages 1-2), summed over the years advanced: the benchmark's
  // person-years.
  std::int64_t person_years() const { return person_years_; }

 private:
  void add_person(int sex, int age, int state, double weight);
  void aggregate();
  PersonStreamKeys keys_;
  double urban_share_ = 0.0;
  double income_sigma_[2] = {};  // log-sd of the rural and urban components
  double mean_weight_ = 1.0;  // of the jump-off sample (newborns' target weight)
  std::uint64_t next_id_ = 0;
  // Persons (structure of arrays, in id order).
  std::vector<std::uint64_t> id_;
  std::vector<std::uint8_t> sex_, age_, state_, urban_, group_;  // group_: 0 none, 1 general, 2 assisted
  // income_factor_: exp(sigma_c z), z = Phi^-1(v): a person's income in a year is exp(mu_c) times it.
  std::vector<double> weight_, rank_v_, rank_u_, income_factor_;
  PopulationByState cells_;
  benefits::BurdenTable burden_;
  int batches_ = 0;
  std::vector<PersonBatchTotals> batch_;
  std::int64_t person_years_ = 0;
};

}  // namespace fundsim
