// fundsim burden: policy options on the same persons and draws (the person-level engine).
#include <gtest/gtest.h>

#include <cmath>

#include "app/burden_command.hpp"
#include "cli_support.hpp"
#include "scenario/errors.hpp"

namespace fundsim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kBase = source_path("scenarios/national-baseline.yaml");

BurdenCompareOptions small(std::vector<std::string> options) {
  BurdenCompareOptions o;
  o.baseline = kBase;
  o.options = std::move(options);
  o.sets = {"run.end_year=2027", "run.parameter_uncertainty=false"};
  o.draws = 6;
  o.persons = 20000;
  o.threads = 2;
  return o;
}

// An option file beside the baseline (extends it by its absolute path).
std::string option_file(const std::string& name, const std::string& body) {
  const fs::path p = temp_path(name + ".yaml");
  std::ofstream(p) << "extends: " << kBase << "\nname: " << name << "\n" << body;
  return p.string();
}

const TableColumn& column(const Table& t, const std::string& name) {
  for (const TableColumn& c : t.columns)
    if (c.name == name) return c;
  throw std::logic_error("no column " + name);
}

TEST(BurdenCompare, TheBaselineAgainstItselfDiffersByNothing) {
  const BurdenComparison c = compare_burden(small({kBase}));
  const Table& t = c.table;
  ASSERT_GT(t.rows(), 100u);
  for (std::size_t i = 0; i < t.rows(); ++i) {
    EXPECT_EQ(column(t, "difference_mean").numbers[i], 0.0) << column(t, "measure").text[i];
    EXPECT_EQ(column(t, "difference_se").numbers[i], 0.0);
  }
}

TEST(BurdenCompare, ALowerCatastrophicDeductibleLowersOutOfPocketInEveryDrawOnCommonPersons) {
  // The calibrated share of income is about 0.20 (calibration/national-params.yaml): 0.10 halves it.
  const std::string opt = option_file("lower-deductible", "benefits:\n  catastrophic:\n    deductible_income_share: 0.10\n");
  const BurdenComparison c = compare_burden(small({opt}));
  ASSERT_EQ(c.runs.size(), 2u);
  const RunResult &a = c.runs[0].result, &b = c.runs[1].result;
  for (std::int64_t d = 0; d < a.draws; ++d)
    for (int y = 0; y < a.years; ++y) {
      // The same persons' same costs: enrollees equal, out of pocket lower, catastrophic claims higher.
      EXPECT_EQ(a.value(d, y, m_enrollees), b.value(d, y, m_enrollees));
      EXPECT_EQ(a.value(d, y, m_total_cost), b.value(d, y, m_total_cost));
      EXPECT_LT(b.value(d, y, m_out_of_pocket), a.value(d, y, m_out_of_pocket));
      EXPECT_GT(b.value(d, y, m_catastrophic_claims), a.value(d, y, m_catastrophic_claims));
    }
  // Common random numbers: the difference's standard error is far below the independent one.
  const Table& t = c.table;
  int checked = 0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (column(t, "measure").text[i] != "out_of_pocket_yuan") continue;
    EXPECT_LT(column(t, "difference_mean").numbers[i], 0.0);
    EXPECT_LT(column(t, "difference_se").numbers[i], 0.5 * column(t, "difference_se_independent").numbers[i]);
    ++checked;
  }
  EXPECT_EQ(checked, 3);  // 2025-2027
}

TEST(BurdenCompare, OptionsMustProjectTheSamePersons) {
  const std::string opt = option_file("other-horizon", "run:\n  end_year: 2030\n");
  BurdenCompareOptions o = small({opt});
  o.sets = {"run.parameter_uncertainty=false"};
  try {
    compare_burden(o);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("run.end_year"), std::string::npos) << e.what();
  }
}

TEST(BurdenCli, WritesTheComparisonAndEachRunsBurden) {
  const fs::path out = temp_path("burden-out");
  const auto r = run_command(fundsim_binary() + " burden " + kBase + " --compare " +
                             source_path("scenarios/assistance-limit-60k.yaml") +
                             " --persons 5000 --draws 3 --threads 2 --set run.end_year=2026 --year 2026 --out " +
                             out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "comparison.csv"));
  EXPECT_TRUE(fs::exists(out / "baseline-national-baseline" / "burden.csv"));
  EXPECT_TRUE(fs::exists(out / "option-1-assistance-limit-60k" / "burden.csv"));
  const std::string csv = read_file(out / "comparison.csv");
  EXPECT_EQ(csv.find(",2025,"), std::string::npos) << "--year 2026 keeps only 2026";
  EXPECT_NE(csv.find("assistance-limit-60k,2026,fund,all,assistance_spending_yuan,"), std::string::npos);
}

TEST(BurdenCli, BadInputExitsWithTwoAndWritesNothing) {
  const fs::path out = temp_path("burden-bad");
  const std::string cmd = fundsim_binary() + " burden " + kBase + " --persons 5000 --draws 3 --out " + out.string();
  auto r = run_command(cmd + " --compare " + source_path("scenarios/no-such-option.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no-such-option.yaml"), std::string::npos) << r.output;
  r = run_command(cmd + " --compare " + source_path("scenarios/assistance-limit-60k.yaml") + " --year 1990");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--year 1990"), std::string::npos) << r.output;
  r = run_command(cmd + " --compare " + source_path("scenarios/assistance-limit-60k.yaml") + " --draws 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace fundsim::testing
