// Extreme but legal scenarios (tests/scenarios/extreme/<engine>/*.yaml) run to completion through
// the engine API with finite outputs, sane signs and the accounting identities of docs/DESIGN.md §1 in every
// draw and year; their output tables contain no nan or inf. A second group shows the checker
// itself catches a broken identity or a non-finite value (so a pass means something).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <regex>

#include "app/commands.hpp"
#include "engine/summary.hpp"
#include "output/writer.hpp"
#include "run_checks.hpp"

namespace fundsim::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> extreme_files() {
  std::vector<std::string> files;
  const fs::path root = fs::path(FUNDSIM_SOURCE_DIR) / "tests/scenarios/extreme";
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string case_name(const std::string& path) {
  const fs::path p(path);
  std::string n = p.parent_path().filename().string() + "_" + p.stem().string();
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

// "nan" or "inf" as a word (as fmt prints non-finite numbers), not inside e.g. "inflation".
bool has_nonfinite_text(const std::string& text) {
  static const std::regex kNonFinite("(^|[^a-z_])[-+]?(nan|inf|infinity)($|[^a-z_])", std::regex::icase);
  return std::regex_search(text, kNonFinite);
}

class Extreme : public ::testing::TestWithParam<std::string> {};

TEST_P(Extreme, FiniteSaneAndIdentitiesHold) {
  const LoadedScenario loaded = load_scenario(GetParam());
  const auto& s = loaded.scenario;
  const RunOutcome o = run_scenario(loaded, s.run.draws, static_cast<std::uint64_t>(s.run.seed), /*threads=*/0);
  const RunResult& r = o.result;
  ASSERT_EQ(r.draws, s.run.draws);
  ASSERT_EQ(r.years, s.run.end_year - s.run.jump_off_year);
  ASSERT_EQ(r.first_year, s.run.jump_off_year + 1);

  const auto problems = check_run(r, s.fund.initial_balance_yuan);
  std::string report;
  for (const auto& p : problems) report += "  " + p + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " problem(s) (first 50):\n" << report;

  // The tables written to the output directory: no nan/inf text, probabilities in [0, 1],
  // depletion probabilities summing to 1.
  const auto summary = summarise(r);
  EXPECT_EQ(summary.size(), static_cast<std::size_t>(r.years) * r.metrics.size());
  EXPECT_FALSE(has_nonfinite_text(summary_csv(summary)));
  const auto risk = risk_table(r, WarningParams{});
  EXPECT_FALSE(has_nonfinite_text(risk_csv(risk, WarningParams{})));
  for (const auto& x : risk)
    for (double p : {x.p_current_deficit, x.p_depleted, x.p_months_below_red, x.p_months_below_amber}) {
      EXPECT_GE(p, 0.0) << x.year;
      EXPECT_LE(p, 1.0) << x.year;
    }
  const auto dep = depletion_distribution(r);
  EXPECT_FALSE(has_nonfinite_text(depletion_csv(dep)));
  ASSERT_FALSE(dep.empty());
  EXPECT_EQ(dep.back().year, 0) << "last row is 'never'";
  EXPECT_NEAR(dep.back().cumulative_probability, 1.0, 1e-12);
  const auto warn = warning_table(r, s.fund.warning);
  EXPECT_FALSE(has_nonfinite_text(warning_csv(warn, s.fund.warning.red_probability_threshold)));
  for (const auto& w : warn)
    EXPECT_NEAR(w.p_exhausted + w.p_red + w.p_amber + w.p_target + w.p_comfortable + w.p_excessive, 1.0, 1e-12)
        << w.year;
  EXPECT_FALSE(has_nonfinite_text(headline(loaded, r)));
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Extreme, ::testing::ValuesIn(extreme_files()),
                         [](const auto& info) { return case_name(info.param); });

// The expected signs of a few cases, so "finite" is not the only claim.
RunResult run_file(const std::string& rel, std::int64_t draws = -1) {
  const LoadedScenario loaded = load_scenario(std::string(FUNDSIM_SOURCE_DIR) + "/" + rel);
  const auto& s = loaded.scenario;
  return run_scenario(loaded, draws > 0 ? draws : s.run.draws, static_cast<std::uint64_t>(s.run.seed), 0).result;
}

TEST(ExtremeSigns, ZeroEnrolleesHaveNoFlowsButInterest) {
  const RunResult r = run_file("tests/scenarios/extreme/trend/zero-enrollees.yaml");
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 0; y < r.years; ++y) {
      EXPECT_EQ(r.value(d, y, m_enrollees), 0.0);
      EXPECT_EQ(r.value(d, y, m_spending_total), 0.0);
      EXPECT_EQ(r.value(d, y, m_revenue_individual) + r.value(d, y, m_revenue_subsidy), 0.0);
      EXPECT_EQ(r.value(d, y, m_months_payable), kMonthsBound) << "positive reserve, no spending";
    }
}

TEST(ExtremeSigns, ThirtyPercentInflationExhaustsTheReserve) {
  const RunResult r = run_file("tests/scenarios/extreme/trend/medical-inflation-30.yaml");
  const int last = r.years - 1;
  for (std::int64_t d = 0; d < r.draws; ++d) {
    EXPECT_LT(r.value(d, last, m_balance_cumulative), 0.0) << "draw " << d;
    EXPECT_LT(r.value(d, last, m_balance_current), 0.0) << "draw " << d;
    EXPECT_GT(r.value(d, last, m_spending_total), r.value(d, 0, m_spending_total));
  }
}

TEST(ExtremeSigns, ZeroContributionsMeanDeficitsEveryYear) {
  const RunResult r = run_file("tests/scenarios/extreme/trend/zero-contributions.yaml");
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 0; y < r.years; ++y) {
      EXPECT_EQ(r.value(d, y, m_revenue_individual) + r.value(d, y, m_revenue_subsidy), 0.0);
      EXPECT_LT(r.value(d, y, m_balance_current), 0.0);
    }
}

TEST(ExtremeSigns, HugeReserveIsNeverDepletedAndNegativeReserveEarnsNoInterest) {
  const RunResult huge = run_file("tests/scenarios/extreme/trend/huge-initial-balance.yaml");
  for (std::int64_t d = 0; d < huge.draws; ++d)
    for (int y = 0; y < huge.years; ++y) EXPECT_GT(huge.value(d, y, m_balance_cumulative), 0.0);
  const RunResult neg = run_file("tests/scenarios/extreme/trend/negative-initial-balance.yaml");
  for (std::int64_t d = 0; d < neg.draws; ++d)
    for (int y = 0; y < neg.years; ++y) {
      EXPECT_LT(neg.value(d, y, m_balance_cumulative), 0.0);
      EXPECT_EQ(neg.value(d, y, m_revenue_interest), 0.0);
    }
}

TEST(ExtremeText, NonFiniteNumbersAreSpottedButWordsAreNot) {
  EXPECT_TRUE(has_nonfinite_text("2030,spending_total,nan,0"));
  EXPECT_TRUE(has_nonfinite_text("2030,spending_total,1,-inf"));
  EXPECT_FALSE(has_nonfinite_text("fundsim: medical-inflation-30 — 32 draws"));
}

// Cell engine (run.engine: cell): the demographic and enrolment extremes do what they claim.
TEST(ExtremeSignsCell, ClosedPopulationKeepsItsSize) {
  // No births, deaths or migrants: the population only ages, its total is unchanged.
  const RunResult r = run_file("tests/scenarios/extreme/cell/closed-population.yaml");
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 1; y < r.years; ++y)
      EXPECT_NEAR(r.value(d, y, m_population), r.value(d, 0, m_population), 1e-9 * r.value(d, 0, m_population))
          << "draw " << d << " year " << r.first_year + y;
}

TEST(ExtremeSignsCell, NoBirthsShrinksAndNoDeathsGrowsThePopulation) {
  const RunResult nb = run_file("tests/scenarios/extreme/cell/no-births.yaml");
  const RunResult nd = run_file("tests/scenarios/extreme/cell/no-deaths.yaml");
  for (std::int64_t d = 0; d < nb.draws; ++d)
    for (int y = 1; y < nb.years; ++y) {
      EXPECT_LT(nb.value(d, y, m_population), nb.value(d, y - 1, m_population));
      EXPECT_GT(nd.value(d, y, m_population), nd.value(d, y - 1, m_population));
    }
}

TEST(ExtremeSignsCell, NobodyEnrolledMeansNoContributionsNoSpending) {
  for (const char* f : {"tests/scenarios/extreme/cell/total-opt-out.yaml", "tests/scenarios/extreme/cell/zero-enrollees.yaml"}) {
    const RunResult r = run_file(f);
    for (std::int64_t d = 0; d < r.draws; ++d)
      for (int y = 0; y < r.years; ++y) {
        EXPECT_EQ(r.value(d, y, m_enrollees), 0.0) << f;
        EXPECT_EQ(r.value(d, y, m_revenue_individual) + r.value(d, y, m_revenue_subsidy), 0.0) << f;
        EXPECT_EQ(r.value(d, y, m_spending_total), 0.0) << f;
        EXPECT_GT(r.value(d, y, m_population), 0.0) << f;
      }
  }
}

TEST(ExtremeSignsCell, ThirtyPercentMedicalInflationExhaustsTheReserve) {
  const RunResult r = run_file("tests/scenarios/extreme/cell/medical-inflation-30.yaml");
  const int last = r.years - 1;
  for (std::int64_t d = 0; d < r.draws; ++d) {
    EXPECT_LT(r.value(d, last, m_balance_cumulative), 0.0) << "draw " << d;
    EXPECT_GT(r.value(d, last, m_spending_total), 100.0 * r.value(d, 0, m_spending_total)) << "draw " << d;
  }
}

// The checker must fail on a broken run; otherwise the property test would assert nothing.
TEST(RunChecker, CatchesBrokenIdentitiesAndNonFiniteValues) {
  const RunResult good = run_file("tests/scenarios/extreme/trend/one-draw.yaml");
  const LoadedScenario loaded =
      load_scenario(std::string(FUNDSIM_SOURCE_DIR) + "/tests/scenarios/extreme/trend/one-draw.yaml");
  const double b0 = loaded.scenario.fund.initial_balance_yuan;
  ASSERT_TRUE(check_run(good, b0).empty());

  auto corrupt = [&](int y, Metric m, double value) {
    RunResult r = good;
    r.data[(static_cast<std::size_t>(y)) * kMetricCount + m] = value;
    return check_run(r, b0);
  };
  auto mentions = [](const std::vector<std::string>& problems, const std::string& what) {
    for (const auto& p : problems)
      if (p.find(what) != std::string::npos) return true;
    return false;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(mentions(corrupt(3, m_spending_total, nan), "spending_total = nan is not finite"));
  EXPECT_TRUE(mentions(corrupt(2, m_revenue_interest, good.value(0, 2, m_revenue_interest) + 1e3),
                       "revenue_total ="));
  EXPECT_TRUE(mentions(corrupt(4, m_balance_current, good.value(0, 4, m_balance_current) * 1.001),
                       "balance_cumulative ="));
  EXPECT_TRUE(mentions(corrupt(0, m_balance_cumulative, b0),
                       "year " + std::to_string(good.first_year) + ": balance_cumulative"));
  EXPECT_TRUE(mentions(corrupt(5, m_enrollees, -1.0), "enrollees = -1 is negative"));
  EXPECT_TRUE(mentions(corrupt(6, m_months_payable, good.value(0, 6, m_months_payable) + 0.5), "months_payable ="));
  EXPECT_EQ(check_run(good, b0 + 1e6).size(), 1u) << "a wrong initial balance breaks only the first year";
}

}  // namespace
}  // namespace fundsim::testing
