// The cell model (run.engine: cell): cohort-component population by single age, sex and health
// state; enrolment by cell (employee scheme, opt-out with adverse selection, assisted groups);
// utilisation and cost per cell and service; exact expected payments of every benefit tier from
// the cell's cost distribution; revenue, interest and the fund accounts.
//
// Order within a projected year t (written down once, here):
//   1. health transitions (incidence, remission) on the population at the end of t-1;
//   2. deaths (Lee-Carter q split over health states), ageing, births, migration -> end of t;
//   3. contribution standards of t (schedule or path rule; driver: rural income of t);
//   4. enrolment of the end-of-t population given the burden of t;
//   5. claims inputs per cell (utilisation, unit costs of t), benefit rules of t (catastrophic
//      deductible from national income of t-1), expected payments per cell, summed over cells;
//   6. catastrophic financing (premium and corridor), revenue, interest, fund accounts.
// Years from the population base year to the jump-off are projected once, on the mean paths
// (they are history); draws differ from the first projected year on.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "costs/cost_model.hpp"
#include "demography/demography_model.hpp"
#include "demography/enrolment.hpp"
#include "demography/income.hpp"
#include "engine/model.hpp"
#include "engine/person_population.hpp"
#include "health/health_model.hpp"
#include "scenario/scenario.hpp"

namespace fundsim {

// The population step of a projected year, shared by the history years, the projection and any
// engine: health transitions on the population at the end of t-1, then the cohort-component year
// (DemographyModel::project_year) with the deaths split over health states by relative risk.
// scratch.q holds the year's q by sex and age afterwards.
void advance_population(const DemographyModel& dem, const HealthModel& health, PopulationByState& pop, int year,
                        const DemographyPath& dp, const HealthPath& hp, DemographyModel::YearScratch& scratch);

// Per-year detail of a projection kept for reports (population by age and sex, the driver
// decomposition inputs). Only filled when requested.
struct CellYearDetail {
  int year = 0;
  std::vector<double> population;          // kCells
  std::vector<double> enrollees;           // kCells (general + assisted)
  std::vector<double> gross_cost_year;     // kCells, expected gross cost per enrollee at year-t factors
  std::vector<double> gross_cost_base_uc;  // kCells, same at base-year unit costs (year-t utilisation)
};

// The part of a cell model that depends only on demography (but enrolment and income), health and
// the run's years: the demography and health models and the jump-off population (the history years
// projected). The models of a run's parameter draws differ in costs, enrolment, benefits and
// financing only, so they share one (CellBaseCache): built once instead of once per draw.
struct CellPopulationBase {
  std::unique_ptr<DemographyModel> dem;
  std::unique_ptr<HealthModel> health;
  PopulationByState pop_base;  // end of the base year over health states (the enrolment model's mix)
  PopulationByState pop_jump;  // end of the jump-off year
};
std::shared_ptr<const CellPopulationBase> make_cell_population_base(const Scenario& s);

// Bases by what they are built from (the resolved demography and health parameters and the years);
// thread-safe. Lives while the models are built; the models keep their base.
class CellBaseCache {
 public:
  std::shared_ptr<const CellPopulationBase> get(const Scenario& s);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const CellPopulationBase>> bases_;
};

// Each draw's claims basis for financing variants (cell_model.cpp): built once per (seed, draw),
// shared by a model and its variants; thread-safe.
class FinancingBasisCache;

class CellModel final : public Model {
 public:
  // With a cache, the population base is shared with every model built from the same demography,
  // health and years (bit-identical to building it here).
  explicit CellModel(const Scenario& s, CellBaseCache* cache = nullptr);
  ~CellModel() override;
  int first_year() const override { return first_year_; }
  int years() const override { return years_; }
  const std::vector<Metric>& metrics() const override { return metrics_; }
  void project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const override;
  // Detail: population and enrollees by year, sex and single age; with run.engine micro, the burden
  // measures of persons by year, group and income quintile (burden_measure_names()).
  DetailLayout detail_layout() const override;
  static const std::vector<std::string>& burden_measure_names();
  void project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out, double* detail) const override;
  std::unique_ptr<PathStepper> start(std::uint64_t seed, std::int64_t draw) const override;
  // decomposition.csv: the driver decomposition of the central path (see cell_model.cpp).
  std::vector<std::pair<std::string, std::string>> extra_files() const override;
  // This model with the financing of `s` (every other part of `s` must equal this model's scenario:
  // the caller checks it; run.end_year included). Nothing else of a projection depends on the
  // financing but through the contribution, and enrolment depends on that only through each age
  // band's opt-out share, linearly as long as no cell's opt-out share is capped. So each draw's
  // claims are kept once as their value at no opt-out and their change per unit of each band's
  // opt-out share (the draw's basis, built by the first variant that projects the draw and shared
  // with every other), and a variant projects a draw from that basis: contributions, opt-out
  // shares, claims as the linear combination, waiting period, catastrophic financing, fund. A draw
  // in which some cell's opt-out share would be capped is projected in full. The figures equal a
  // full projection's up to the order of summation (tests/engine/financing_variant_test.cpp).
  // Null for the person-level engine.
  std::unique_ptr<Model> financing_variant(const Scenario& s) const override;
  // The variant's projection of a draw from its basis; false (out partly written) if some cell's
  // opt-out share would be capped in some year. Exposed for tests.
  bool project_from_basis(std::uint64_t seed, std::int64_t draw, DrawTable& out) const;

  // The central projection (every innovation zero), with per-year detail (jump-off year first).
  void project_central(DrawTable& out, std::vector<CellYearDetail>* detail) const;

  const PopulationByState& jump_off_population() const { return base_->pop_jump; }
  // run.engine micro: the path of (seed, draw) with persons, and each year's totals by batch of
  // persons (person id mod batches; PersonBatchTotals) in `batches_by_year` (the validation against
  // the cell engine). Returns the person-years followed (persons in the sample, summed over the
  // years). Throws std::logic_error for the cell engine.
  std::int64_t project_persons(std::uint64_t seed, std::int64_t draw, DrawTable& out, int batches,
                       std::vector<std::vector<PersonBatchTotals>>& batches_by_year) const;
  bool person_level() const { return micro_; }
  // The person income distribution of a year and the burden thresholds of it (run.engine micro).
  IncomeYear income_year(const IncomePath& path, int year) const;
  benefits::BurdenThresholds burden_thresholds(const IncomeYear& income) const;
  // The cost model the projection uses (for the calibration's derived quantities and the benefit
  // command's sampler check, so that neither builds its own).
  const CostModel& cost_model() const { return *costs_; }

 private:
  struct Paths;
  class Stepper;
  Paths sample_paths(std::uint64_t seed, std::int64_t draw) const;
  // The year step over the stage functions: advance the population -> enrol -> claims -> finance ->
  // record (cell_model.cpp).
  void run_path(Paths paths, std::uint64_t seed, std::int64_t draw, DrawTable& out,
                std::vector<CellYearDetail>* detail, double* age_detail = nullptr) const;
  // The decomposition inputs of one year (en null: the jump-off year, enrolled here).
  CellYearDetail year_detail(const Paths& paths, int year, const PopulationByState& pop, const EnrolmentYear* en) const;

  CellModel(const CellModel& base, const Scenario& s);  // financing_variant
  struct DrawBasis;
  friend class FinancingBasisCache;
  DrawBasis build_basis(std::uint64_t seed, std::int64_t draw) const;

  Scenario s_;
  std::shared_ptr<const CellPopulationBase> base_;
  std::shared_ptr<FinancingBasisCache> basis_cache_;
  bool variant_ = false;  // a financing variant: project() reads each draw's basis
  std::array<double, kEnrolmentBands> max_selection_ratio_{};  // a variant's, by age band
  int first_year_ = 0;
  int years_ = 0;
  std::vector<Metric> metrics_;
  const DemographyModel* dem_ = nullptr;  // base_'s
  const HealthModel* health_ = nullptr;   // base_'s
  // Shared with the model's financing variants.
  std::shared_ptr<const CostModel> costs_;
  std::shared_ptr<const EnrolmentModel> enrol_;
  std::shared_ptr<const IncomeModel> income_;
  int income_first_year_ = 0;
  // The person-level engine (run.engine: micro).
  bool micro_ = false;
  IncomeMixture income_reference_;  // fitted to micro.income_quintile_means_yuan
  double rural_reference_yuan_ = 0, urban_reference_yuan_ = 0;
  std::unique_ptr<PersonPopulation> make_persons(std::uint64_t seed, std::int64_t draw) const;
};

}  // namespace fundsim
