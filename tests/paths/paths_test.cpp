// Contribution paths: the rule syntax, common random numbers, the enrolment response, the solver.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "engine/summary.hpp"
#include "paths/evaluate.hpp"
#include "paths/solver.hpp"
#include "scenario/errors.hpp"

namespace fundsim::paths {
namespace {

std::string src(const std::string& rel) {
  return std::string(FUNDSIM_SOURCE_DIR) + "/" + rel;
}

EvalOptions options(const std::string& scenario, std::int64_t draws = 0) {
  EvalOptions o;
  o.scenario = src(scenario);
  o.draws = draws;
  return o;
}

PathSpec spec(const std::string& name, const std::string& rule) {
  return parse_path_argument(name + "=" + rule);
}

std::string error_of(const std::string& arg) {
  try {
    parse_path_argument(arg);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PathRules, TranslateToScheduleOverrides) {
  EXPECT_EQ(spec("a", "individual=increment:30").sets,
            std::vector<std::string>{
                "financing.individual_contribution_yuan={after: {rule: increment, per_year: 30}}"});
  EXPECT_EQ(spec("a", "individual=indexed:0.025,subsidy=ratio:1.5:5").sets,
            (std::vector<std::string>{
                "financing.individual_contribution_yuan={after: {rule: indexed, share: 0.025}}",
                "financing.fiscal_subsidy_yuan={after: {rule: ratio, ratio: 1.5, years: 5}}"}));
  EXPECT_EQ(spec("a", "subsidy=growth:0.04").sets,
            std::vector<std::string>{
                "financing.fiscal_subsidy_yuan={after: {rule: growth, rate: 0.04}}"});
  EXPECT_EQ(spec("a", "individual=schedule:2026=430;2027=460;then=growth:0.03").sets,
            std::vector<std::string>{
                "financing.individual_contribution_yuan={values: {2026: 430, 2027: 460}, "
                "after: {rule: growth, rate: 0.03}}"});
  EXPECT_EQ(
      spec("a", "individual=flat").sets,
      std::vector<std::string>{"financing.individual_contribution_yuan={after: {rule: flat}}"});
  EXPECT_TRUE(spec("base", "scenario").sets.empty());
}

TEST(PathRules, LoaderAppliesThem) {
  const PathSpec p =
      spec("plan", "individual=schedule:2026=430;2027=460;then=increment:25,subsidy=growth:0.04");
  const LoadedScenario s = load_scenario(src("tests/paths/small-trend.yaml"), p.sets);
  const Schedule& ind = s.scenario.financing.individual_contribution_yuan;
  EXPECT_EQ(ind.at(2025), 400);  // legislated values kept
  EXPECT_EQ(ind.at(2026), 430);
  EXPECT_EQ(ind.at(2027), 460);
  EXPECT_EQ(ind.at(2029), 460 + 2 * 25);
  const Schedule& sub = s.scenario.financing.fiscal_subsidy_yuan;
  EXPECT_EQ(sub.after, Schedule::After::growth);
  EXPECT_DOUBLE_EQ(sub.at(2027), 700 * 1.04 * 1.04);
}

// Paths are applied to a scenario loaded once; the result is the scenario load_scenario gives with
// the same overrides.
TEST(PathRules, OverridesOnALoadedBaseEqualLoadingWithThem) {
  const PathSpec p = spec("p", "individual=growth:0.05,subsidy=ratio:2:4");
  const LoadedScenario base = load_scenario(src("tests/paths/small-trend.yaml"));
  const LoadedScenario a = apply_overrides(base, p.sets);
  const LoadedScenario b = load_scenario(src("tests/paths/small-trend.yaml"), p.sets);
  EXPECT_EQ(a.resolved_yaml, b.resolved_yaml);
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_NE(a.sha256, base.sha256);
  EXPECT_THROW(apply_overrides(base, spec("x", "individual=growth:20").sets), InputError);
}

TEST(PathRules, BadRulesNameTheArgument) {
  EXPECT_EQ(error_of("x"),
            "--path x: expected NAME=RULE, e.g. --path high=individual=increment:40");
  EXPECT_EQ(error_of("x=person=increment:3"),
            "--path x=person=increment:3: expected target 'individual' or "
            "'subsidy', found 'person'");
  EXPECT_EQ(error_of("x=individual=increment:abc"),
            "--path x=individual=increment:abc: expected a yuan amount per year after "
            "'increment:', found 'abc'");
  EXPECT_EQ(error_of("x=individual=ratio:1.5"),
            "--path x=individual=ratio:1.5: expected 'ratio:RATIO:YEARS', found 'ratio:1.5'");
  EXPECT_EQ(error_of("x=individual=schedule:2027=1;2026=2"),
            "--path x=individual=schedule:2027=1;2026=2: schedule years must increase; 2026 "
            "follows 2027");
  EXPECT_EQ(error_of("x=individual=flat,individual=flat"),
            "--path x=individual=flat,individual=flat: 'individual' "
            "given twice");
  EXPECT_NE(error_of("x=individual=exponential:2").find("expected a rule flat|increment"),
            std::string::npos);
  // Out-of-range values are caught by the loader, naming the key.
  const PathSpec bad = spec("x", "individual=growth:20");
  try {
    load_scenario(src("tests/paths/small-trend.yaml"), bad.sets);
    ADD_FAILURE() << "growth of 2000% accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("financing.individual_contribution_yuan.after.rate"),
              std::string::npos)
        << e.what();
  }
}

// Variance of the draw-by-draw difference of a metric in one year between two runs.
double diff_variance(const RunResult& a, const RunResult& b, int year, Metric m) {
  const int y = year - a.first_year;
  std::vector<double> d(static_cast<std::size_t>(a.draws));
  for (std::int64_t i = 0; i < a.draws; ++i)
    d[static_cast<std::size_t>(i)] = b.value(i, y, m) - a.value(i, y, m);
  const Stats st = describe(d);
  return st.sd * st.sd;
}

// Two close paths (individual +30 vs +31 yuan a year): on common random numbers their difference
// is far less noisy than the difference of two independent runs (another seed for the second).
void check_common_random_numbers(const std::string& scenario, int year) {
  EvalOptions o = options(scenario);
  o.has_seed = true;
  o.seed = 20250101;
  const PathRun a = evaluate_path(o, spec("a", "individual=increment:30"));
  const PathRun b = evaluate_path(o, spec("b", "individual=increment:31"));
  o.seed = 777;
  const PathRun b_ind = evaluate_path(o, spec("b", "individual=increment:31"));
  for (Metric m : {m_balance_cumulative, m_months_payable}) {
    const double v_crn = diff_variance(a.result, b.result, year, m);
    const double v_ind = diff_variance(a.result, b_ind.result, year, m);
    const double ratio = v_crn / v_ind;
    std::printf(
        "  %s, %d draws, %s %d: var(diff) common %.4g, independent %.4g, variance ratio %.2e\n",
        a.loaded.scenario.run.engine.c_str(), static_cast<int>(a.result.draws),
        std::string(metric_name(m)).c_str(), year, v_crn, v_ind, ratio);
    EXPECT_GT(v_ind, 0.0);
    EXPECT_LT(ratio, 0.01) << metric_name(m);
  }
  // The reported standard errors say the same thing (exactly one row for the year and quantity).
  int matched = 0;
  for (const DiffRow& r : difference_rows(a, b))
    if (r.year == year && r.quantity == "balance_cumulative") {
      ++matched;
      std::printf(
          "  paths_diff.csv %d balance_cumulative: mean %.4g, se %.4g, se_independent %.4g\n", year,
          r.mean, r.se, r.se_independent);
      EXPECT_LT(r.se, 0.1 * r.se_independent);
      EXPECT_GT(r.mean, 0.0);  // one more yuan a year raises the balance
    }
  EXPECT_EQ(matched, 1) << "no paths_diff row for balance_cumulative in " << year;
}

TEST(CommonRandomNumbers, TrendEngine) {
  check_common_random_numbers("tests/paths/small-trend.yaml", 2040);
}
TEST(CommonRandomNumbers, CellEngine) {
  check_common_random_numbers("tests/paths/small-cell.yaml", 2040);
}

TEST(CommonRandomNumbers, DifferenceOfAPathWithItselfIsZero) {
  const EvalOptions o = options("tests/paths/small-trend.yaml", 50);
  const PathRun a = evaluate_path(o, spec("a", "individual=increment:30"));
  const PathRun b = evaluate_path(o, spec("b", "individual=increment:30"));
  const std::vector<DiffRow> rows = difference_rows(a, b);
  // One row per year and compared quantity: an empty table would pass the loop below unchecked.
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.size() % static_cast<std::size_t>(a.result.years), 0u);
  for (const DiffRow& r : rows) {
    EXPECT_EQ(r.mean, 0.0) << r.quantity << " " << r.year;
    EXPECT_EQ(r.se, 0.0) << r.quantity << " " << r.year;
  }
}

// The enrolment response is part of the evaluation: a higher contribution loses enrollees, the
// healthy first (spending per enrollee rises), on the cell engine.
TEST(EnrolmentResponse, HigherContributionFewerAndCostlierEnrollees) {
  const EvalOptions o = options("tests/paths/small-cell.yaml", 20);
  const PathRun lo = evaluate_path(o, spec("lo", "individual=increment:10"));
  const PathRun hi = evaluate_path(o, spec("hi", "individual=increment:60"));
  const int y = 2035 - lo.result.first_year;
  double e_lo = 0, e_hi = 0, spe_lo = 0, spe_hi = 0;
  for (std::int64_t d = 0; d < lo.result.draws; ++d) {
    e_lo += lo.result.value(d, y, m_enrollees);
    e_hi += hi.result.value(d, y, m_enrollees);
    spe_lo += lo.result.value(d, y, m_spending_total) / lo.result.value(d, y, m_enrollees);
    spe_hi += hi.result.value(d, y, m_spending_total) / hi.result.value(d, y, m_enrollees);
  }
  std::printf(
      "  2035 mean enrollees %.4g (+10/yr) vs %.4g (+60/yr); spending per enrollee %.1f vs %.1f "
      "yuan\n",
      e_lo / 20, e_hi / 20, spe_lo / 20, spe_hi / 20);
  EXPECT_LT(e_hi, e_lo);
  EXPECT_GT(spe_hi, spe_lo);
}

// The solver's answer meets the target and the grid value one step below does not, both checked by
// evaluating those paths again from scratch.
void check_solution(const std::string& family, const Targets& t, std::int64_t draws) {
  const EvalOptions o = options("tests/paths/small-trend.yaml", draws);
  const Family f = find_family(family);
  const Solution s = solve(o, f, t);
  ASSERT_TRUE(s.feasible);
  ASSERT_TRUE(s.next_lower.has_value());
  EXPECT_NEAR(s.next_lower->value, s.solved.value - f.step, 1e-9 * f.step);
  EXPECT_EQ(fmt::format("{}", s.solved.value),
            fmt::format("{:.12g}", s.solved.value));  // no 235.00000000000003
  // The months figures only when a months target is set (P(months < M) is 0 otherwise).
  const std::string m_at =
      t.months ? fmt::format(", P(months < {:g}) = {:.4f}", *t.months, s.solved.p_months_below_by)
               : "";
  const std::string m_below =
      t.months ? fmt::format(", {:.4f}", s.next_lower->p_months_below_by) : "";
  std::printf("  %s: %g meets (P(depleted by %d) = %.4f%s); %g fails (%.4f%s); %zu evaluations\n",
              family.c_str(), s.solved.value, t.by_year, s.solved.p_depleted_by, m_at.c_str(),
              s.next_lower->value, s.next_lower->p_depleted_by, m_below.c_str(),
              s.evaluations.size());
  const PathRun at = evaluate_path(o, spec("at", family_rule(f, s.solved.value)));
  const PathRun below = evaluate_path(o, spec("below", family_rule(f, s.solved.value - f.step)));
  const Evaluation e_at = assess(at.result, t, s.solved.value);
  const Evaluation e_below = assess(below.result, t, s.solved.value - f.step);
  EXPECT_TRUE(e_at.meets);
  EXPECT_FALSE(e_below.meets);
  EXPECT_EQ(e_at.p_depleted_by, s.solved.p_depleted_by);
  EXPECT_LE(e_at.p_depleted_by, t.max_p_depleted);
  EXPECT_TRUE(e_below.p_depleted_by > t.max_p_depleted ||
              (t.months && e_below.p_months_below_by > t.max_p_months_below));
}

TEST(Solver, IndividualIncrementMeetsTargetAndOneStepLowerDoesNot) {
  Targets t;
  t.by_year = 2040;
  t.max_p_depleted = 0.05;
  check_solution("individual-increment", t, 300);
}

TEST(Solver, IndividualGrowthWithMonthsTarget) {
  Targets t;
  t.by_year = 2040;
  t.max_p_depleted = 0.05;
  parse_months_target("6:0.1", t);
  check_solution("individual-growth", t, 300);
}

TEST(Solver, RefusesATargetYearOutsideTheProjection) {
  Targets t;
  t.by_year = 2070;
  EXPECT_THROW(
      solve(options("tests/paths/small-trend.yaml", 10), find_family("individual-increment"), t),
      InputError);
  EXPECT_THROW(find_family("individual-exponential"), InputError);
  EXPECT_THROW(parse_months_target("6", t), InputError);
}

TEST(Solver, InfeasibleRangeIsReportedNotInvented) {
  Targets t;
  t.by_year = 2040;
  t.max_p_depleted = 0.0;
  Family f = find_family("individual-increment");
  f.hi = 2;  // +2 yuan a year cannot keep every draw solvent
  const Solution s = solve(options("tests/paths/small-trend.yaml", 100), f, t);
  EXPECT_FALSE(s.feasible);
  EXPECT_FALSE(s.solved.meets);
  EXPECT_EQ(s.solved.value, 2);
}

}  // namespace
}  // namespace fundsim::paths
