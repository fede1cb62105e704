// Micro-benchmarks of one draw-year of the cell engine and of its pieces, on the national
// baseline (scenarios/national-baseline.yaml). Figures only; nothing is asserted.
//
//   build-h9/bench/fundsim_bench                                  # all
//   build-h9/bench/fundsim_bench --benchmark_filter=CellDraw      # one draw (38 draw-years)
#include <benchmark/benchmark.h>

#include <cmath>

#include <memory>
#include <string>
#include <vector>

#include "benefits/aggregate.hpp"
#include "costs/cost_model.hpp"
#include "demography/demography_model.hpp"
#include "demography/enrolment.hpp"
#include "engine/cell_model.hpp"
#include "calibration/model_factory.hpp"
#include "engine/runner.hpp"
#include "health/health_model.hpp"
#include "numeric/batch_math.hpp"
#include "scenario/loader.hpp"

namespace fundsim {
namespace {

const Scenario& baseline() {
  static const LoadedScenario s = load_scenario(FUNDSIM_SOURCE_DIR "/scenarios/national-baseline.yaml");
  return s.scenario;
}

const Model& baseline_model() {
  static const std::unique_ptr<Model> m = make_model(baseline());
  return *m;
}

// One full draw (every projected year) of the baseline's model.
void BM_CellDraw(benchmark::State& state) {
  const Model& m = baseline_model();
  std::vector<double> buf(static_cast<std::size_t>(m.years()) * kMetricCount);
  DrawTable t(buf.data(), m.years());
  std::int64_t draw = 0;
  for (auto _ : state) {
    m.project(baseline().run.seed, draw++, t);
    benchmark::DoNotOptimize(buf.data());
  }
  state.counters["draw_years/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * m.years(), benchmark::Counter::kIsRate);
  state.counters["s/draw_year"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * m.years(), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_CellDraw)->Unit(benchmark::kMillisecond);

// run_draws over 200 draws with 1 and 2 threads (wall time: compare the two for the scaling).
void BM_RunDraws(benchmark::State& state) {
  const Model& m = baseline_model();
  RunOptions o;
  o.draws = 200;
  o.seed = static_cast<std::uint64_t>(baseline().run.seed);
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    RunResult r = run_draws(m, o);
    benchmark::DoNotOptimize(r.data.data());
  }
  state.counters["draw_years/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 200.0 * m.years(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RunDraws)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// One draw of the person-level engine (run.engine: micro) with 1,000,000 persons, 2025-2060, no
// parameter uncertainty, on one thread: person-years (persons in the sample, summed over the years)
// per second, and person-years per draw (the sample shrinks with the national population).
void BM_MicroDraw(benchmark::State& state) {
  static const LoadedScenario s = load_scenario(FUNDSIM_SOURCE_DIR "/scenarios/national-baseline.yaml",
                                                {"run.engine=micro", "run.persons=1000000",
                                                 "run.parameter_uncertainty=false"});
  static const CellModel m(s.scenario);
  std::vector<double> buf(static_cast<std::size_t>(m.years()) * kMetricCount);
  DrawTable t(buf.data(), m.years());
  std::vector<std::vector<PersonBatchTotals>> batches;
  std::int64_t draw = 0;
  double person_years = 0.0;
  for (auto _ : state) {
    person_years += static_cast<double>(m.project_persons(s.scenario.run.seed, draw++, t, 0, batches));
    benchmark::DoNotOptimize(buf.data());
  }
  state.counters["person_years/s"] = benchmark::Counter(person_years, benchmark::Counter::kIsRate);
  state.counters["person_years/draw"] = person_years / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MicroDraw)->Unit(benchmark::kMillisecond)->Iterations(3);

// The pieces, at the baseline's parameters.
struct Pieces {
  std::unique_ptr<DemographyModel> dem;
  std::unique_ptr<HealthModel> health;
  std::unique_ptr<CostModel> costs;
  std::unique_ptr<EnrolmentModel> enrol;
  PopulationByState pop;
  DemographyPath path;
  std::vector<double> q;
  Pieces() {
    const Scenario& s = baseline();
    dem = std::make_unique<DemographyModel>(s.demography);
    path = dem->mean_path(dem->base_year() + 1, s.run.end_year);
    q.resize(static_cast<std::size_t>(kSexes) * kAges);
    dem->death_probabilities(path, dem->base_year() + 1, q.data());
    health = std::make_unique<HealthModel>(s.health, q);
    costs = std::make_unique<CostModel>(s.costs, *health);
    pop = dem->base_population_by_state();
    health->initialise(pop);
    enrol = std::make_unique<EnrolmentModel>(s.demography.enrolment, &pop);
  }
};
const Pieces& pieces() {
  static const Pieces p;
  return p;
}

void BM_HealthTransition(benchmark::State& state) {
  const Pieces& p = pieces();
  const HealthPath hp = p.health->neutral_path(2023, 2060);
  PopulationByState pop = p.pop;
  std::vector<double> qc(kCells);
  for (auto _ : state) {
    pop = p.pop;
    p.health->transition(pop, 2030, hp);
    p.health->state_death_probabilities(pop, p.q.data(), qc.data());
    benchmark::DoNotOptimize(qc.data());
  }
}
BENCHMARK(BM_HealthTransition)->Unit(benchmark::kMicrosecond);

void BM_Enrolment(benchmark::State& state) {
  const Pieces& p = pieces();
  for (auto _ : state) {
    EnrolmentYear e = p.enrol->compute(p.pop, 2030, 500.0, 30000.0);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_Enrolment)->Unit(benchmark::kMicrosecond);

void BM_CostAllCells(benchmark::State& state) {
  const Pieces& p = pieces();
  const CostPath cp = p.costs->expected_path(2060);
  std::vector<CellClaimInputs> in(kCells);
  for (auto _ : state) {
    const YearFactors f = p.costs->factors(2030, cp);
    p.costs->all_cells(f, in.data());
    benchmark::DoNotOptimize(in.data());
  }
}
BENCHMARK(BM_CostAllCells)->Unit(benchmark::kMicrosecond);

// What the projection's cell loop reads instead (CostModel::cell_rates).
void BM_CostCellRates(benchmark::State& state) {
  const Pieces& p = pieces();
  const CostPath cp = p.costs->expected_path(2060);
  CellRates r;
  for (auto _ : state) {
    const YearFactors f = p.costs->factors(2030, cp);
    p.costs->cell_rates(f, r);
    benchmark::DoNotOptimize(r.inpatient_lambda.data());
  }
}
BENCHMARK(BM_CostCellRates)->Unit(benchmark::kMicrosecond);

// Batch erfc over 1,000 normal-CDF arguments (sim/numeric; libmvec where available) against the
// scalar std::erfc loop.
void BM_Erfc1000(benchmark::State& state) {
  std::vector<double> x(1000), y(1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = -3.0 + 6.0 * static_cast<double>(i) / 1000.0;
  const bool batch = state.range(0) == 1;
  for (auto _ : state) {
    if (batch) numeric::erfc_n(x.data(), y.data(), x.size());
    else
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::erfc(x[i]);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetLabel(batch ? std::string("batch (") + numeric::batch_level_name(numeric::batch_level()) + ")"
                       : std::string("std::erfc"));
}
BENCHMARK(BM_Erfc1000)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// One inpatient table (16 admission counts x 3 levels of exact lognormal partial moments); the
// engine builds four per draw-year (plain/severe x general/assisted), with second moments only when
// the scenario has process noise. Args: group (0 general, 1 assisted), second moments (0, 1).
void BM_InpatientTable(benchmark::State& state) {
  const Pieces& p = pieces();
  const CostPath cp = p.costs->expected_path(2060);
  const YearFactors f = p.costs->factors(2030, cp);
  const CellClaimInputs in = p.costs->cell_inputs(cell(0, 40, 0), f);
  benefits::InpatientClaims ic;
  for (int l = 0; l < 3; ++l) {
    ic.level_weights[static_cast<std::size_t>(l)] = in.inpatient.w[l];
    ic.median_yuan[static_cast<std::size_t>(l)] = in.inpatient.median_yuan[l];
  }
  ic.theta = in.inpatient.theta;
  ic.sigma = in.inpatient.sigma;
  const benefits::YearRules rules = benefits::resolve(baseline().benefits, 2030, 60000.0);
  const Group g = state.range(0) == 0 ? kGeneral : kAssisted;
  const bool second = state.range(1) == 1;
  for (auto _ : state) {
    benefits::InpatientTable t(ic, rules, g, second);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_InpatientTable)->Args({0, 0})->Args({1, 0})->Args({0, 1})->Args({1, 1})->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fundsim

BENCHMARK_MAIN();
