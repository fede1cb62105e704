// A calibrated parameter file replaces built-in defaults, but not a value that a scenario or --set
// changed (a sensitivity on a calibrated key must move the result), and a resolved scenario written
// by a run reloads to the same results.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/commands.hpp"
#include "calibration/fit.hpp"
#include "calibration/parameter_uncertainty_model.hpp"
#include "output/writer.hpp"

namespace fundsim {
namespace {

const std::string kScenario = std::string(FUNDSIM_SOURCE_DIR) + "/tests/scenarios/valid/small-cell.yaml";

std::string run_summary(const LoadedScenario& s) {
  return summary_csv(summarise(run_scenario(s, 8, 11, 2).result));
}

TEST(CalibrationPrecedence, UserValueOfACalibratedKeyIsKept) {
  const LoadedScenario base = load_scenario(kScenario);
  ASSERT_FALSE(base.scenario.run.parameter_draws_file.empty()) << "the small scenario must use the calibration";
  const auto file = calibration::read_parameter_file(base.scenario.run.parameter_draws_file);
  EXPECT_TRUE(calibration::user_set_keys(base.scenario, file.keys).empty());
  const LoadedScenario sens = load_scenario(kScenario, {"demography.enrolment.optout_elasticity=0"});
  const auto user = calibration::user_set_keys(sens.scenario, file.keys);
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0], "demography.enrolment.optout_elasticity");
  // Elasticity 0 removes the burden response: the results must differ from the calibrated run.
  EXPECT_NE(run_summary(base), run_summary(sens));
}

TEST(CalibrationPrecedence, ResolvedScenarioReloadsToTheSameResults) {
  const LoadedScenario base = load_scenario(kScenario);
  const auto dir = std::filesystem::temp_directory_path() / ("fundsim-precedence-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto resolved = dir / "resolved.yaml";
  {
    std::ofstream out(resolved);
    out << base.resolved_yaml;
  }
  const LoadedScenario again = load_scenario(resolved.string());
  EXPECT_EQ(run_summary(base), run_summary(again));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fundsim
