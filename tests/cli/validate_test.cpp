// `fundsim validate` prints each parameter's unit, description and source as declared in `visit`
// (issue 21, item 3), and its output is still a scenario that reloads to the same parameters; a
// calibrated parameter set in a parent scenario is warned about with where it was set (item 4).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "cli_support.hpp"

namespace fundsim::testing {
namespace {

const std::string kSmall = source_path("tests/scenarios/valid/small-trend.yaml");

std::string sha_of(const std::string& validate_output) {
  std::smatch m;
  if (std::regex_search(validate_output, m, std::regex("valid \\(sha256 ([0-9a-f]{64})\\)")))
    return m[1];
  return {};
}

TEST(Validate, PrintsUnitDescriptionAndSource) {
  const CommandResult r = run_command(fundsim_binary() + " validate " + kSmall + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // fund.interest.mean_rate: Meta{.unit = "per year", .doc = "long-run interest rate credited on
  // the fund balance", .source = "assumption: one-year time-deposit ..."}.
  EXPECT_TRUE(std::regex_search(
      r.output, std::regex("mean_rate: 0\\.015 +# per year; long-run interest rate "
                           "credited on the fund balance; source: assumption: one-year")))
      << r.output;
  // A parameter without a source shows its unit and description only.
  EXPECT_TRUE(
      std::regex_search(r.output, std::regex("end_year: 2040 +# year; last projected year\n")))
      << r.output;
}

TEST(Validate, AnnotatedOutputReloadsToTheSameScenario) {
  const CommandResult r = run_command(fundsim_binary() + " validate " + kSmall + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string sha = sha_of(r.output);
  ASSERT_FALSE(sha.empty()) << r.output;
  const auto file = temp_path("validate-reload.yaml");
  std::ofstream(file) << r.output;
  const CommandResult again =
      run_command(fundsim_binary() + " validate " + file.string() + " 2>/dev/null");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(sha_of(again.output), sha);
}

// parent.yaml sets a calibrated key; child.yaml extends it. Returns the child's path.
std::filesystem::path parent_and_child(const std::string& name) {
  const auto dir = temp_path(name);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "parent.yaml")
      << "extends: " << source_path("scenarios/national-baseline.yaml") << "\n"
      << "name: parent\n"
      << "financing:\n"
      << "  subsidy_top_up_share: 0.2\n";
  std::ofstream(dir / "child.yaml")
      << "extends: parent.yaml\nname: child\nrun: {engine: trend, end_year: 2030}\n";
  return dir / "child.yaml";
}

TEST(CalibratedOverride, ParentScenarioValueIsWarnedWithWhereItWasSet) {
  const auto child = parent_and_child("calibrated-override");
  const std::string expected =
      "warning: calibrated parameter financing.subsidy_top_up_share is set by " +
      (child.parent_path() / "parent.yaml").string() +
      ":4; that value is used instead of the calibration (";
  const CommandResult v = run_command(fundsim_binary() + " validate " + child.string());
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_NE(v.output.find(expected), std::string::npos) << v.output;
  const auto out = child.parent_path() / "out";
  const CommandResult r =
      run_command(fundsim_binary() + " run " + child.string() + " --draws 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(expected), std::string::npos) << r.output;
  const std::string manifest = read_file(out / "manifest.json");
  EXPECT_NE(manifest.find(expected.substr(9)), std::string::npos)
      << manifest;  // without "warning: "
  // Without the parent's value there is nothing to warn about.
  const CommandResult plain = run_command(fundsim_binary() + " validate " + kSmall);
  EXPECT_EQ(plain.output.find("warning: calibrated parameter"), std::string::npos) << plain.output;
}

// The shipped scenarios that run on the national calibration keep every calibrated key: a value in
// the scenario would silently replace a fitted one in every projection (the national baseline once
// kept benefits.catastrophic.deductible_income_share at the rule's 0.5 against the fitted 0.200).
TEST(CalibratedOverride, ShippedScenariosKeepEveryCalibratedKey) {
  for (const char* s : {"scenarios/national-baseline.yaml", "scenarios/national-baseline-indexed.yaml",
                        "scenarios/national-backtest-2022.yaml"}) {
    const CommandResult v = run_command(fundsim_binary() + " validate " + source_path(s));
    EXPECT_EQ(v.exit_code, 0) << s << "\n" << v.output;
    EXPECT_EQ(v.output.find("warning: calibrated parameter"), std::string::npos) << s << "\n" << v.output.substr(0, 2000);
  }
}

}  // namespace
}  // namespace fundsim::testing
