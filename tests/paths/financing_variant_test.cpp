// A path that changes the financing only runs as the base model's financing variant
// (Model::financing_variant): each draw's claims are projected once, as their value at no opt-out
// and their change per unit of each age band's opt-out share, and every variant reads them. The
// figures must be those of the option's own full projection up to the order of summation; a draw
// in which some cell's opt-out share would be capped is projected in full.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "calibration/model_factory.hpp"
#include "engine/cell_model.hpp"
#include "engine/metrics.hpp"
#include "engine/runner.hpp"
#include "paths/evaluate.hpp"
#include "paths/path_spec.hpp"
#include "scenario/loader.hpp"

namespace fundsim::paths {
namespace {

std::string src(const std::string& rel) { return std::string(FUNDSIM_SOURCE_DIR) + "/" + rel; }

RunResult run(const Model& m, std::int64_t draws, int threads) {
  RunOptions o;
  o.draws = draws;
  o.seed = 20250101;
  o.threads = threads;
  return run_draws(m, o);
}

// Every metric of every draw-year within `rel` of the larger of the value and the metric's largest
// absolute value over the run (its scale); returns the largest scaled difference.
double expect_close(const RunResult& a, const RunResult& b, double rel) {
  EXPECT_EQ(a.years, b.years);
  EXPECT_EQ(a.draws, b.draws);
  double worst = 0.0;
  for (Metric m : a.metrics) {
    double scale = 0.0;
    for (std::int64_t d = 0; d < a.draws; ++d)
      for (int y = 0; y < a.years; ++y) scale = std::max(scale, std::abs(b.value(d, y, m)));
    for (std::int64_t d = 0; d < a.draws; ++d)
      for (int y = 0; y < a.years; ++y) {
        const double x = a.value(d, y, m), z = b.value(d, y, m);
        EXPECT_TRUE(std::isfinite(x)) << metric_name(m);
        const double diff = scale > 0.0 ? std::abs(x - z) / scale : std::abs(x - z);
        worst = std::max(worst, diff);
        EXPECT_LE(diff, rel) << "draw " << d << ", year " << a.first_year + y << ", " << metric_name(m) << ": "
                             << x << " against " << z;
      }
  }
  return worst;
}

const std::vector<std::string> kNoisy = {"run.end_year=2036", "run.process_noise=true"};

// Options of the financing only: the scenario's own path, a steep individual increment (burden far
// above the reference: opt-out near its maximum), a lower one, and a subsidy change.
const std::vector<std::vector<std::string>> kOptions = {
    {},
    rule_to_sets("individual=increment:400", "test"),
    rule_to_sets("individual=increment:5", "test"),
    rule_to_sets("subsidy=increment:90", "test"),
    rule_to_sets("individual=indexed:0.05,subsidy=growth:0.05", "test"),
};

TEST(FinancingVariant, EqualsTheOptionsOwnProjection) {
  // Parameter draws (50 inner models, each with its own enrolment and costs) and process noise on.
  const LoadedScenario base = load_scenario(src("tests/paths/small-cell.yaml"), kNoisy);
  const std::unique_ptr<Model> model = make_model(base.scenario);
  for (const auto& sets : kOptions) {
    const LoadedScenario option = apply_overrides(base, sets);
    ASSERT_TRUE(differs_in_financing_only(base, option));
    const std::unique_ptr<Model> variant = model->financing_variant(option.scenario);
    ASSERT_NE(variant, nullptr);
    const std::unique_ptr<Model> direct = make_model(option.scenario);
    const double worst = expect_close(run(*variant, 30, 2), run(*direct, 30, 2), 1e-12);
    RecordProperty("worst_scaled_difference", std::to_string(worst));
  }
  // The variants read the bases (a cell model without parameter draws, to call it directly): every
  // option but the steep one is linear in every draw; the steep one (400 yuan a year: a burden near
  // 14% of rural income by 2030) caps the oldest band's opt-out share in some draws, which are then
  // projected in full.
  const LoadedScenario point = apply_overrides(base, {"run.parameter_uncertainty=false"});
  const CellModel cell(point.scenario);
  std::vector<double> data(static_cast<std::size_t>(cell.years()) * kMetricCount, 0.0);
  DrawTable table(data.data(), cell.years());
  for (std::size_t i = 0; i < kOptions.size(); ++i) {
    if (i == 1) continue;
    const std::unique_ptr<Model> variant = cell.financing_variant(apply_overrides(point, kOptions[i]).scenario);
    for (std::int64_t d = 0; d < 4; ++d)
      EXPECT_TRUE(dynamic_cast<const CellModel&>(*variant).project_from_basis(20250101, d, table)) << "option " << i;
  }
}

TEST(FinancingVariant, IdenticalOnOneAndTwoThreadsAndOnASecondRun) {
  const LoadedScenario base = load_scenario(src("tests/paths/small-cell.yaml"), kNoisy);
  const std::unique_ptr<Model> model = make_model(base.scenario);
  const std::unique_ptr<Model> variant = model->financing_variant(apply_overrides(base, kOptions[1]).scenario);
  const RunResult a = run(*variant, 16, 1);  // builds the bases
  const RunResult b = run(*variant, 16, 2);  // reads them
  EXPECT_EQ(a.data, b.data);
}

TEST(FinancingVariant, ACappedOptOutShareIsProjectedInFull) {
  // Opt-out up to 100% and strong selection: at a burden far above the reference the healthy
  // cells' opt-out share o x r / norm passes 1 and is capped, where enrolment is not linear.
  std::vector<std::string> sets = {"run.end_year=2032", "run.parameter_uncertainty=false",
                                   "demography.enrolment.optout_max_share=1", "demography.enrolment.selection_strength=1"};
  const LoadedScenario base = load_scenario(src("tests/paths/small-cell.yaml"), sets);
  const auto cell = std::make_unique<CellModel>(base.scenario);
  const LoadedScenario steep = apply_overrides(
      base, rule_to_sets("individual=increment:3000", "test"));
  const std::unique_ptr<Model> variant = cell->financing_variant(steep.scenario);
  ASSERT_NE(variant, nullptr);
  std::vector<double> data(static_cast<std::size_t>(variant->years()) * kMetricCount, 0.0);
  DrawTable table(data.data(), variant->years());
  EXPECT_FALSE(dynamic_cast<const CellModel&>(*variant).project_from_basis(20250101, 0, table));
  const std::unique_ptr<Model> direct = std::make_unique<CellModel>(steep.scenario);
  expect_close(run(*variant, 6, 2), run(*direct, 6, 2), 0.0);  // projected in full: bit for bit
  // The scenario's own path stays linear.
  const std::unique_ptr<Model> own = cell->financing_variant(base.scenario);
  EXPECT_TRUE(dynamic_cast<const CellModel&>(*own).project_from_basis(20250101, 0, table));
}

TEST(FinancingVariant, OnlyAFinancingChangeIsShared) {
  const LoadedScenario base = load_scenario(src("tests/paths/small-cell.yaml"), {"run.end_year=2036"});
  EXPECT_TRUE(differs_in_financing_only(base, apply_overrides(base, kOptions[1])));
  EXPECT_FALSE(differs_in_financing_only(base, apply_overrides(base, {"run.end_year=2037"})));
  EXPECT_FALSE(differs_in_financing_only(base, apply_overrides(base, {"costs.utilisation_drift_per_year=0.02"})));
  EXPECT_FALSE(differs_in_financing_only(base, apply_overrides(base, {"fund.initial_balance_yuan=1e9"})));
  // A person-level model has no variant.
  const LoadedScenario micro =
      load_scenario(src("tests/paths/small-cell.yaml"), {"run.engine=micro", "run.persons=2000", "run.parameter_uncertainty=false"});
  EXPECT_EQ(CellModel(micro.scenario).financing_variant(micro.scenario), nullptr);
}

TEST(FinancingVariant, EvaluatePathWithASharedBaseGivesTheSameFigures) {
  EvalOptions o;
  o.scenario = src("tests/paths/small-cell.yaml");
  o.draws = 20;
  o.threads = 2;
  const LoadedScenario base = load_base(o);
  o.base = &base;
  PathSpec spec;
  spec.name = "steep";
  spec.rule = "individual increment";
  spec.sets = kOptions[1];
  spec.sets.push_back("run.end_year=2034");
  const PathRun alone = evaluate_path(o, spec);
  const std::unique_ptr<SharedBase> shared = make_shared_base(base, {"run.end_year=2034"});
  o.shared = shared.get();
  const PathRun with_shared = evaluate_path(o, spec);
  expect_close(with_shared.result, alone.result, 1e-12);
  // A path that changes more than the financing is projected on its own: bit for bit.
  spec.sets.push_back("costs.utilisation_drift_per_year=0.02");
  const PathRun other_alone = evaluate_path(EvalOptions{o.scenario, {}, 20, 0, false, 2, nullptr, &base, nullptr}, spec);
  expect_close(evaluate_path(o, spec).result, other_alone.result, 0.0);
}

}  // namespace
}  // namespace fundsim::paths
