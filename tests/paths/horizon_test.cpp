// A run's years do not depend on its horizon: every sampled path (demography, health, costs, the
// pool's own trend deviation, income, interest, process noise, the parameter draw) is drawn year by
// year, so a run to an earlier end year is, bit for bit, the first years of a longer one. The
// solver relies on it: its search runs stop at the target year (sim/paths/solver.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/metrics.hpp"
#include "paths/evaluate.hpp"
#include "paths/solver.hpp"

namespace fundsim::paths {
namespace {

std::string src(const std::string& rel) { return std::string(FUNDSIM_SOURCE_DIR) + "/" + rel; }

EvalOptions small(const std::vector<std::string>& sets) {
  EvalOptions o;
  o.scenario = src("tests/paths/small-cell.yaml");
  o.sets = sets;
  o.draws = 24;
  o.threads = 2;
  return o;
}

// Every metric of every draw in the years both runs have.
void expect_same_years(const RunResult& shorter, const RunResult& longer) {
  ASSERT_EQ(shorter.first_year, longer.first_year);
  ASSERT_LT(shorter.years, longer.years);
  ASSERT_EQ(shorter.draws, longer.draws);
  for (std::int64_t d = 0; d < shorter.draws; ++d)
    for (int y = 0; y < shorter.years; ++y)
      for (Metric m : shorter.metrics)
        ASSERT_EQ(shorter.value(d, y, m), longer.value(d, y, m))
            << "draw " << d << ", year " << shorter.first_year + y << ", " << metric_name(m);
}

TEST(Horizon, AShorterRunIsTheFirstYearsOfALongerOne) {
  // Parameter draws, process noise and a pool's own trend deviation on: every stream is exercised.
  const std::vector<std::string> sets = {"run.process_noise=true", "run.pool=horizon-test",
                                         "costs.local_trend_deviation_sd_per_year=0.02"};
  PathSpec full;
  full.name = full.rule = "scenario";
  PathSpec cut = full;
  cut.sets = {"run.end_year=2031"};
  const PathRun a = evaluate_path(small(sets), cut);
  const PathRun b = evaluate_path(small(sets), full);
  ASSERT_EQ(a.result.first_year + a.result.years - 1, 2031);
  expect_same_years(a.result, b.result);
}

TEST(Horizon, SolverFiguresEqualThoseOfTheFullHorizon) {
  // The solver's search runs stop at by_year; its answer is run over the full horizon, and the
  // figures assessed there are the search's own.
  Family f = find_family("individual-increment");
  f.lo = 0;
  f.hi = 160;
  f.step = 40;
  Targets t;
  t.by_year = 2032;
  t.max_p_depleted = 0.2;
  const EvalOptions o = small({});
  const Solution s = solve(o, f, t);
  ASSERT_FALSE(s.evaluations.empty());
  // The answer keeps its search run (to 2032) and the scenario's whole horizon (scenario.solved.yaml).
  EXPECT_EQ(s.solved_run.loaded.scenario.run.end_year, 2042);
  // Its figures are those of the answer projected on its own over the whole horizon (not through
  // the search's shared claims): assessed there they are the search's, and year by year they agree
  // up to the order of summation (below).
  PathSpec full = s.solved_run.spec;
  full.name = "answer, whole horizon";
  const PathRun whole = evaluate_path(o, full);
  const RunResult& r = whole.result;
  EXPECT_EQ(r.first_year + r.years - 1, 2042);
  const Evaluation again = assess(r, t, s.solved.value, {});
  EXPECT_EQ(again.p_depleted_by, s.solved.p_depleted_by);
  EXPECT_EQ(again.depleted, s.solved.depleted);
  EXPECT_EQ(again.meets, s.solved.meets);
  const RunResult& kept = s.solved_run.result;
  EXPECT_EQ(kept.first_year + kept.years - 1, 2032);
  // Within 1e-12 of each metric's scale (its largest absolute value; a balance is a difference of
  // totals of that scale): the search's claims are sums in another order (Model::financing_variant).
  for (Metric m : kept.metrics) {
    double scale = 0.0;
    for (std::int64_t d = 0; d < kept.draws; ++d)
      for (int y = 0; y < kept.years; ++y) scale = std::max(scale, std::abs(r.value(d, y, m)));
    for (std::int64_t d = 0; d < kept.draws; ++d)
      for (int y = 0; y < kept.years; ++y)
        EXPECT_LE(std::abs(kept.value(d, y, m) - r.value(d, y, m)), 1e-12 * scale)
            << metric_name(m) << ", draw " << d << ", year " << kept.first_year + y;
  }
}

}  // namespace
}  // namespace fundsim::paths
