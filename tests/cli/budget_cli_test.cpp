// End to end: `fundsim budget` and `fundsim monitor` write their files; bad actuals are refused
// with exit code 2, file:line:column and what was expected, and nothing is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_support.hpp"

namespace fundsim::testing {
namespace {

const std::string kScenario = "tests/scenarios/valid/small-trend.yaml";

TEST(BudgetCli, WritesBudgetAndMonthlyFiles) {
  const auto out = temp_path("budget-ok");
  const CommandResult r = run_command(fundsim_binary() + " budget " + source_path(kScenario) +
                                      " --year 2025 --draws 20 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string b = read_file(out / "budget.csv"), m = read_file(out / "monthly.csv");
  EXPECT_EQ(b.substr(0, b.find('\n')),
            "year,item,label,unit,mean,p50,p10,p90,p05,p95,last_year,last_year_actual,change,change_pct,source");
  EXPECT_NE(b.find("\n2025,spending_total,"), std::string::npos);
  EXPECT_NE(m.find("\n2025,12,balance_cumulative,"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out / "manifest.json"));
}

TEST(BudgetCli, YearOutsideTheProjectionIsRefused) {
  const auto out = temp_path("budget-year");
  const CommandResult r = run_command(fundsim_binary() + " budget " + source_path(kScenario) +
                                      " --year 2022 --draws 4 --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--year: expected a projected year"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

struct BadActuals {
  const char* name;
  const char* text;
  const char* expected;  // after "<file>:"
};

TEST(MonitorCli, BadActualsAreRefusedWithFileLineColumnAndNothingWritten) {
  const BadActuals cases[] = {
      {"unknown-item", "month,item,value\n1,spending_total,900\n2,spending_hospital,900\n",
       ":3:3: expected an item ("},
      {"month-13", "month,item,value\n13,spending_total,900\n", ":2:1: expected a month 1-12, found '13'"},
      {"missing-value", "month,item,value\n1,revenue_total,\n", ":2:17: expected a value (a number), found nothing"},
      {"text-in-number", "month,item,value\n1,revenue_total,12o0\n",
       ":2:17: expected a finite decimal number, found '12o0'"},
  };
  for (const auto& c : cases) {
    const auto file = temp_path(std::string("actuals-") + c.name + ".csv");
    std::ofstream(file) << c.text;
    const auto out = temp_path(std::string("monitor-") + c.name);
    const CommandResult r = run_command(fundsim_binary() + " monitor " + source_path(kScenario) +
                                        " --year 2025 --draws 4 --actuals " + file.string() + " --out " +
                                        out.string());
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(file.string() + c.expected), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.name;
  }
}

TEST(MonitorCli, WritesTheReforecastAndAWarningLine) {
  const auto file = temp_path("actuals-ok.csv");
  std::ofstream(file) << "month,item,value\n1,spending_total,900\n1,revenue_total,700\n2,spending_total,880\n"
                         "2,revenue_total,650\n";
  const auto out = temp_path("monitor-ok");
  const CommandResult r = run_command(fundsim_binary() + " monitor " + source_path(kScenario) +
                                      " --year 2025 --draws 20 --unit yi --actuals " + file.string() + " --out " +
                                      out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: 2025 year end (2 months of spending, 2 of revenue seen)"), std::string::npos)
      << r.output;
  for (const char* f : {"monitor.csv", "monitor_year_end.csv", "monitor_warning.csv", "budget.csv", "monthly.csv"})
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
}

}  // namespace
}  // namespace fundsim::testing
