// Every malformed scenario under tests/scenarios/malformed/ is refused with exit code 2, a message
// naming the file, line and key path, and no output directory.
#include <gtest/gtest.h>

#include <unistd.h>

#include "cli_support.hpp"

namespace fundsim::testing {
namespace {

struct Case {
  const char* file;
  const char* expected;  // substring of the message: "<file>:<line>: <key path>: <what>"
};

const Case kCases[] = {
    {"unknown_key.yaml", "unknown_key.yaml:3: financing.individual_contribution: unknown key (did you mean "
                         "'financing.individual_contribution_yuan'?)"},
    {"wrong_type.yaml", "wrong_type.yaml:3: run.draws: expected a whole number from 1 to 10000000"},
    {"rate_above_one.yaml", "rate_above_one.yaml:3: financing.central_share_of_subsidy: expected a number from 0 to 1"},
    {"negative_cost.yaml", "negative_cost.yaml:3: trend.spending_per_enrollee_jump_off_yuan: expected a number from 0"},
    {"schedule_out_of_order.yaml",
     "schedule_out_of_order.yaml:3: financing.individual_contribution_yuan: schedule years must increase; 2023 "
     "follows 2024"},
    {"missing_section.yaml", "missing_section.yaml:1: fund: missing required section"},
    {"broken_yaml.yaml", "broken_yaml.yaml:4: invalid YAML"},
    {"bad_extends.yaml", "bad_extends.yaml:1: extends: expected an existing scenario file"},
    {"extends_cycle.yaml", "extends_cycle.yaml:1: extends: a scenario that does not extend itself"},
    {"unknown_section.yaml", "unknown_section.yaml:2: fundd: unknown key (did you mean 'fund'?)"},
    {"bad_schedule_rule.yaml",
     "bad_schedule_rule.yaml:5: financing.fiscal_subsidy_yuan.after.rule: expected one of "
     "flat|increment|growth|indexed|ratio, found 'exponential'"},
    {"end_before_jump_off.yaml", "end_before_jump_off.yaml:3: run.end_year: expected a year after run.jump_off_year"},
    {"warning_bands_out_of_order.yaml",
     "warning_bands_out_of_order.yaml:4: fund.warning.amber_months: expected amber_months above red_months"},
    {"schedule_rule_typo.yaml",
     "schedule_rule_typo.yaml:5: financing.individual_contribution_yuan.after.rule: expected one of "
     "flat|increment|growth|indexed|ratio, found 'incremnt' (did you mean 'increment'?)"},
    {"bad_engine_choice.yaml", "bad_engine_choice.yaml:3: run.engine: expected one of cell|micro|trend, found 'agent'"},
    {"micro_thresholds_reversed.yaml",
     "micro_thresholds_reversed.yaml:4: micro.oop_share_of_income_high: expected a share at or above "
     "oop_share_of_income_low"},
    {"micro_quintiles_not_increasing.yaml",
     "micro_quintiles_not_increasing.yaml:3: micro.income_quintile_means_yuan: expected five positive means, each "
     "above the one before (lowest quintile first)"},
    {"subsidy_shares_over_one.yaml",
     "subsidy_shares_over_one.yaml:5: financing.city_share_of_subsidy: expected central + provincial + city shares "
     "of the subsidy at most 1"},
    {"schedule_bad_year.yaml",
     "schedule_bad_year.yaml:4: financing.fiscal_subsidy_yuan: expected a year (1900-2300) as schedule key, found "
     "'twenty'"},
    {"section_not_mapping.yaml", "section_not_mapping.yaml:2: fund: expected a mapping of parameters, found '5'"},
    {"schedule_missing_rate.yaml",
     "schedule_missing_rate.yaml:5: financing.fiscal_subsidy_yuan.after.rate: required for rule 'growth'"},
    {"negative_volatility.yaml", "negative_volatility.yaml:4: fund.interest.sigma: expected a number from 0 to 0.2"},
    // A key the chosen engine does not read is refused, not silently ignored (issue 14).
    {"trend_key_on_cell.yaml",
     "trend_key_on_cell.yaml:3: trend.price_inflation: not read by engine cell: used only by engine: trend"},
    {"cap_below_deductible.yaml",
     "cap_below_deductible.yaml:5: benefits.outpatient.annual_cap_yuan: expected an annual cap at or above "
     "deductible_yuan in every year"},
};

class Malformed : public ::testing::TestWithParam<Case> {};

TEST_P(Malformed, RefusedWithExitCode2AndNothingWritten) {
  const Case& c = GetParam();
  const std::string file = source_path(std::string("tests/scenarios/malformed/") + c.file);
  const auto out = temp_path(std::string("malformed-") + c.file);
  for (const char* cmd : {"run", "validate"}) {
    std::string line = fundsim_binary() + " " + cmd + " " + file;
    if (std::string(cmd) == "run") line += " --draws 2 --quiet --out " + out.string();
    const CommandResult r = run_command(line);
    EXPECT_EQ(r.exit_code, 2) << cmd << ": " << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos)
        << cmd << " message:\n  " << r.output << "expected to contain:\n  " << c.expected;
    EXPECT_FALSE(std::filesystem::exists(out)) << "output directory was created";
  }
}

INSTANTIATE_TEST_SUITE_P(AllFiles, Malformed, ::testing::ValuesIn(kCases), [](const auto& info) {
  std::string n = info.param.file;
  return n.substr(0, n.find('.'));
});

TEST(Malformed, EveryFileHasACase) {
  // A malformed file without an expected message would silently go untested.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(source_path("tests/scenarios/malformed"))) {
    ++files;
    bool found = false;
    for (const Case& c : kCases) found = found || e.path().filename() == c.file;
    EXPECT_TRUE(found) << e.path();
  }
  EXPECT_GE(files, 15);
}

TEST(SetOverride, BadOverridesAreRefused) {
  const std::string base = fundsim_binary() + " validate " + source_path("tests/scenarios/valid/small-trend.yaml");
  struct {
    const char* set;
    const char* expected;
  } cases[] = {
      {"financing.individual_contribution_yaun=400", "did you mean 'financing.individual_contribution_yuan'?"},
      {"run.draws=abc", "run.draws: expected a whole number"},
      {"fund.interest.mean_rate=0.9", "fund.interest.mean_rate: expected a number from -0.05 to 0.5"},
      {"run.draws", "--set run.draws: expected key.path=value"},
  };
  for (const auto& c : cases) {
    const CommandResult r = run_command(base + " --set " + c.set);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output << "expected: " << c.expected;
  }
}

// --set of a key the chosen engine does not read: exit 2 naming the key and the engine that reads
// it, both ways (a trend key on a cell scenario; a cell-only key on a trend scenario).
TEST(SetOverride, KeyOfAnotherEngineIsRefused) {
  struct {
    const char* scenario;
    const char* set;
    const char* expected;
  } cases[] = {
      {"scenarios/national-baseline.yaml", "trend.price_inflation=0.10",
       "trend.price_inflation: not read by engine cell: used only by engine: trend"},
      {"tests/scenarios/valid/small-trend.yaml", "costs.inpatient_sigma=1.2",
       "costs.inpatient_sigma: not read by engine trend: used only by engine: cell"},
  };
  for (const auto& c : cases) {
    const CommandResult r = run_command(fundsim_binary() + " validate " + source_path(c.scenario) + " --set " + c.set);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output << "expected: " << c.expected;
  }
  // The same keys on the engine that reads them are accepted.
  EXPECT_EQ(run_command(fundsim_binary() + " validate " + source_path("tests/scenarios/valid/small-trend.yaml") +
                        " --set trend.price_inflation=0.10").exit_code, 0);
}

TEST(SetOverride, ValidOverrideChangesTheResolvedScenario) {
  const CommandResult r = run_command(fundsim_binary() + " validate " +
                                      source_path("tests/scenarios/valid/small-trend.yaml") +
                                      " --set financing.individual_contribution_yuan.after.per_year=55");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("rule: increment, per_year: 55"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace fundsim::testing
