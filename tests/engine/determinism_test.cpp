// Reproducibility: the same seed gives identical files; 1 and 2 threads give identical files;
// another seed gives different numbers. Through the same engine API as the command line.
#include <gtest/gtest.h>

#include "app/commands.hpp"
#include "calibration/model_factory.hpp"
#include "engine/summary.hpp"
#include "output/writer.hpp"

namespace fundsim {
namespace {

struct Files {
  std::string summary, risk, depletion, draws;
};

Files run_files(const std::string& scenario, std::uint64_t seed, int threads, std::int64_t draws) {
  const LoadedScenario s = load_scenario(std::string(FUNDSIM_SOURCE_DIR) + "/" + scenario);
  const RunOutcome o = run_scenario(s, draws, seed, threads);
  return {summary_csv(summarise(o.result)), risk_csv(risk_table(o.result, s.scenario.fund.warning), s.scenario.fund.warning),
          depletion_csv(depletion_distribution(o.result)), draws_csv(o.result)};
}

class Determinism : public ::testing::TestWithParam<const char*> {};

TEST_P(Determinism, SameSeedAndAnyThreadCountGiveIdenticalFiles) {
  const Files a = run_files(GetParam(), 7, 1, 24);
  const Files b = run_files(GetParam(), 7, 2, 24);
  const Files c = run_files(GetParam(), 7, 2, 24);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.risk, b.risk);
  EXPECT_EQ(a.depletion, b.depletion);
  EXPECT_EQ(a.draws, b.draws);
  EXPECT_EQ(b.draws, c.draws);
  const Files d = run_files(GetParam(), 8, 2, 24);
  EXPECT_NE(a.draws, d.draws) << "a different seed must give different draws";
}

INSTANTIATE_TEST_SUITE_P(Engines, Determinism,
                         ::testing::Values("tests/scenarios/valid/small-trend.yaml",
                                           "tests/scenarios/valid/small-cell.yaml"),
                         [](const auto& info) { return std::string(info.param).find("cell") != std::string::npos
                                                           ? std::string("cell")
                                                           : std::string("trend"); });

TEST(Determinism, DrawsAreIndependentOfTheirBlock) {
  // Draw k's values do not depend on which other draws run with it (MPI blocks, path runs).
  const LoadedScenario s = load_scenario(std::string(FUNDSIM_SOURCE_DIR) + "/tests/scenarios/valid/small-cell.yaml");
  const auto model = make_model(s.scenario);
  auto run = [&](std::int64_t first, std::int64_t count) {
    RunOptions o;
    o.draws = 12;
    o.seed = 3;
    o.first_draw = first;
    o.draw_count = count;
    o.threads = 2;
    return run_draws(*model, o);
  };
  const RunResult all = run(0, 12), block = run(5, 4);
  ASSERT_EQ(block.draws, 4);
  const std::size_t stride = static_cast<std::size_t>(all.years) * kMetricCount;
  for (std::int64_t k = 0; k < 4; ++k)
    for (std::size_t i = 0; i < stride; ++i)
      ASSERT_EQ(block.data[static_cast<std::size_t>(k) * stride + i],
                all.data[static_cast<std::size_t>(5 + k) * stride + i]);
}

}  // namespace
}  // namespace fundsim
