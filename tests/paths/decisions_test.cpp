// Decisions a bureau can defend (issue 15): the constrained solver, the joint families, the Monte
// Carlo error of the answer, and the sensitivity analysis (tornado, variance shares).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

#include "calibration/parameter_uncertainty_model.hpp"
#include "engine/metrics.hpp"
#include "fund/financing_rule.hpp"
#include "paths/evaluate.hpp"
#include "paths/output.hpp"
#include "paths/sensitivity.hpp"
#include "paths/solver.hpp"
#include "random/streams.hpp"
#include "scenario/errors.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

namespace fundsim::paths {
namespace {

std::string src(const std::string& rel) {
  return std::string(FUNDSIM_SOURCE_DIR) + "/" + rel;
}

// The cell engine at the calibration's point estimates, to 2036, 16 draws (tests/paths).
EvalOptions small(int threads = 0) {
  EvalOptions o;
  o.scenario = src("tests/paths/small-decisions.yaml");
  o.threads = threads;
  return o;
}

// The same with a long-run excess trend of 4%/yr: the 2035 target then needs well above the
// scenario's own +20 (+60 on the 0:160 step-20 grid), so that the burden limit binds in a projected
// year and not in the legislated first year, which no path can change.
EvalOptions small_stressed() {
  EvalOptions o = small();
  o.sets = {"costs.excess_trend_long_run_per_year=0.04"};
  return o;
}

Targets target_2035() {
  Targets t;
  t.by_year = 2035;
  t.max_p_depleted = 0.1;
  return t;
}

Family coarse(const std::string& name, double hi, double step) {
  Family f = find_family(name);
  f.lo = 0;
  f.hi = hi;
  f.step = step;
  return f;
}

// The contribution a solve implies: the answer when feasible, else the closest path's value.
double value_of(const Solution& s) {
  return s.solved.value;
}

// Looser constraints never ask for a higher contribution: solving the same target on the same
// draws with the burden limit at, just under, and well above the unconstrained answer's burden.
TEST(ConstrainedSolve, LooserConstraintNeverGivesAHigherContribution) {
  const EvalOptions o = small_stressed();
  const Family f = coarse("individual-increment", 160, 20);
  const Solution free = solve(o, f, target_2035());
  ASSERT_TRUE(free.feasible);
  ASSERT_TRUE(free.solved.burden.has_value());
  const double b = *free.solved.burden;
  std::printf("  unconstrained: +%g yuan/yr, P = %.3f, max median burden %.4f, enrollee loss %.4f\n",
              free.solved.value, free.solved.p_depleted_by, b, free.solved.enrollee_loss);
  std::vector<double> limits = {b * 0.98, b, b * 1.2, 1.0};  // tight to loose
  std::vector<Solution> sols;
  for (double lim : limits) {
    Targets t = target_2035();
    t.max_burden = lim;
    sols.push_back(solve(o, f, t));
    std::printf("  --max-burden %.4f: %s, value %g%s\n", lim, sols.back().feasible ? "feasible" : "infeasible",
                value_of(sols.back()), sols.back().feasible ? "" : (" binding " + sols.back().binding).c_str());
  }
  EXPECT_FALSE(sols[0].feasible);  // tighter than what the target needs
  EXPECT_EQ(sols[0].binding, "max-burden");
  for (std::size_t i = 1; i < sols.size(); ++i) {
    // Feasibility never lost by loosening, and the answer never rises.
    if (sols[i - 1].feasible) {
      EXPECT_TRUE(sols[i].feasible) << limits[i];
      EXPECT_LE(sols[i].solved.value, sols[i - 1].solved.value) << limits[i];
    }
    if (sols[i].feasible) {
      EXPECT_EQ(sols[i].solved.value, free.solved.value) << limits[i];
      EXPECT_LE(*sols[i].solved.burden, limits[i]);
    }
    // The closest path of an infeasible problem moves up (towards the target) as the limit loosens.
    if (!sols[i - 1].feasible && !sols[i].feasible) {
      EXPECT_GE(sols[i].solved.value, sols[i - 1].solved.value);
    }
  }
  EXPECT_TRUE(sols.back().feasible);
  // The closest path under the tight limit is within it, and one grid step up is not.
  EXPECT_TRUE(sols[0].solved.within_constraints);
  EXPECT_LE(*sols[0].solved.burden, limits[0]);
  EXPECT_LT(sols[0].solved.value, free.solved.value);
}

// The enrolment constraint compares with the scenario's own path on the same draws: that path
// itself loses nothing, and a higher increment loses enrollees.
TEST(ConstrainedSolve, EnrolleeLossIsAgainstTheScenariosOwnPath) {
  const EvalOptions o = small_stressed();
  Targets t = target_2035();
  t.max_enrollee_loss = 0.0;
  const Solution s = solve(o, coarse("individual-increment", 160, 20), t);
  EXPECT_DOUBLE_EQ(s.reference.enrollee_loss, 0.0);
  for (const auto& e : s.evaluations)
    if (e.value > 20) {
      EXPECT_GT(e.enrollee_loss, 0.0) << e.value;  // the scenario's own rule is +20
    }
  EXPECT_FALSE(s.feasible);
  EXPECT_EQ(s.binding, "max-enrollee-loss");
  EXPECT_LE(s.solved.value, 20);
}

// The joint family keeps the subsidy at a fixed ratio to the individual contribution after the
// legislated years, in every draw.
TEST(JointFamilies, SubsidyAtAFixedRatio) {
  EvalOptions o;
  o.scenario = src("tests/paths/small-trend.yaml");
  o.draws = 4;
  Family f = find_family("joint-increment");
  f.ratio = 1.75;
  PathSpec p;
  p.name = "joint";
  p.rule = family_rule(f, 30);
  p.sets = rule_to_sets(p.rule, "test");
  const PathRun r = evaluate_path(o, p);
  for (std::int64_t d = 0; d < r.result.draws; ++d)
    for (int y = 2026; y <= 2035; ++y) {
      const double ind = r.result.value(d, y - r.result.first_year, m_individual_contribution);
      const double sub = r.result.value(d, y - r.result.first_year, m_fiscal_subsidy);
      EXPECT_DOUBLE_EQ(ind, 400 + 30.0 * (y - 2025)) << y;
      EXPECT_NEAR(sub, 1.75 * ind, 1e-9 * sub) << y;
    }
  Family g = find_family("joint-indexed");
  g.ratio = 2;
  EXPECT_EQ(family_rule(g, 0.015), "individual=indexed:0.015,subsidy=indexed:0.03");
}

// A joint family's rule holds a comma: frontier.csv quotes it, so every row has the header's
// number of fields (the evaluations need no run: only the table is under test).
TEST(JointFamilies, FrontierQuotesTheRule) {
  Solution s;
  s.family = find_family("joint-increment");
  s.family.ratio = 1.75;
  for (double v : {40.0, 0.0}) {
    Evaluation e;
    e.value = v;
    s.evaluations.push_back(e);
  }
  const std::string csv = frontier_csv(s);
  EXPECT_NE(csv.find("\n0,\"individual=increment:0,subsidy=ratio:1.75:1\",0,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n40,\"individual=increment:40,subsidy=ratio:1.75:1\",0,"), std::string::npos) << csv;
  const Table t = tabulate_frontier(s);
  EXPECT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.columns[1].text[0], "individual=increment:0,subsidy=ratio:1.75:1");  // unquoted in the table
}

// Monte Carlo error of the answer: paired differences on common draws.
TEST(MonteCarloErrorOfTheAnswer, PairedDifference) {
  Evaluation chosen, below;
  chosen.depleted = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0};  // p = 0.1
  below.depleted = {0, 1, 0, 1, 0, 0, 0, 0, 0, 0};   // p = 0.2; one draw differs
  chosen.p_depleted_by = 0.1;
  below.p_depleted_by = 0.2;
  const MonteCarloError m = monte_carlo_error(chosen, below);
  EXPECT_DOUBLE_EQ(m.se_chosen, std::sqrt(0.1 * 0.9 / 10));
  EXPECT_DOUBLE_EQ(m.difference, 0.1);
  // d = (0,1,0,...): sample variance 0.1, se sqrt(0.1 / 10) = 0.1: not told apart.
  EXPECT_NEAR(m.se_difference, 0.1, 1e-15);
  EXPECT_FALSE(m.distinguishable);
  ASSERT_TRUE(m.draws_to_separate.has_value());
  EXPECT_EQ(*m.draws_to_separate, static_cast<std::int64_t>(std::ceil(1.96 * 1.96 * 0.1 / 0.01)));
}

// --- sensitivity

std::vector<Assumption> two_params() {
  return {parse_param("fund.warning.target_months=7:12"), parse_param("fund.interest.mean_rate=0.005:0.025")};
}

// A parameter the projection does not read (the warning bands are applied to its results
// afterwards) has exactly zero swing in every output; one it reads does not.
TEST(Sensitivity, UnreadParameterHasExactlyZeroSwing) {
  SensitivityOptions so;
  so.params = two_params();
  so.sampled = false;
  const Sensitivity s = sensitivity(small(), so);
  ASSERT_EQ(s.rows.size(), 2 * default_outputs().size() - 2);  // 2040 is beyond the horizon (2036)
  bool moved = false;
  for (const auto& r : s.rows) {
    if (r.parameter == "fund.warning.target_months") {
      EXPECT_EQ(r.swing, 0.0) << r.output;
      EXPECT_EQ(r.at_low, r.base) << r.output;
      EXPECT_EQ(r.at_high, r.base) << r.output;
    } else if (r.output == "balance_cumulative@2035") {
      moved = r.swing > 0;
      EXPECT_GT(r.at_high, r.at_low);  // more interest, more reserve
    }
  }
  EXPECT_TRUE(moved);
  EXPECT_EQ(s.runs, 5);
}

// One key at a time: varying a year of a calibrated schedule that the projection does not read (2020,
// before the 2025 start) leaves every output exactly at the base, because the schedule's other
// calibrated years keep their draws in the low and high runs as in the base run. (It failed when
// setting one year fixed the schedule's other years at their point estimates.)
TEST(Sensitivity, PastYearOfACalibratedScheduleLeavesTheBaseExactly) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("fundsim-past-year-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string k20 = "costs.utilisation_shock_multiplier.values.2020";
  const std::string k24 = "costs.utilisation_shock_multiplier.values.2024";
  {
    std::ofstream f(dir / "params.yaml");
    f << "parameters:\n"
      << "  - {key: " << k20 << ", estimate: 0.82, sd: 0.02}\n"
      << "  - {key: " << k24 << ", estimate: 1.19, sd: 0.03}\n"
      << "point_estimate: {" << k20 << ": 0.82, " << k24 << ": 1.19}\n"
      << "draws:\n";
    for (int k = 0; k < 6; ++k)
      f << fmt::format("  - {{{}: {}, {}: {}}}\n", k20, 0.80 + 0.01 * k, k24, 1.14 + 0.02 * k);
    std::ofstream sc(dir / "scenario.yaml");
    sc << "extends: " << src("tests/paths/small-decisions.yaml")
       << "\nrun: {parameter_draws_file: params.yaml, parameter_uncertainty: true, draws: 8}\n";
  }
  EvalOptions o;
  o.scenario = (dir / "scenario.yaml").string();
  SensitivityOptions so;
  so.outputs = {parse_output("balance_cumulative@2030"), parse_output("months_payable_p50@2030")};
  const Sensitivity s = sensitivity(o, so);
  std::filesystem::remove_all(dir);
  int past = 0, moved = 0;
  for (const auto& r : s.rows) {
    if (r.parameter == k20) {
      ++past;
      EXPECT_EQ(r.at_low, r.base) << r.output;
      EXPECT_EQ(r.at_high, r.base) << r.output;
    } else if (r.parameter == k24) {
      moved += r.swing > 0;
    }
  }
  EXPECT_EQ(past, 2);
  EXPECT_EQ(moved, 2);  // the jump-off year's multiplier does move the projection
}

// Common random numbers: the same seed gives the same swings, to the bit, with 1 and 2 threads.
TEST(Sensitivity, SameSwingsWithOneAndTwoThreads) {
  SensitivityOptions so;
  so.params = two_params();
  so.sampled = false;
  so.outputs = {parse_output("p_exhausted_by@2035"), parse_output("months_payable_p50@2030")};
  const Sensitivity a = sensitivity(small(1), so), b = sensitivity(small(2), so);
  EXPECT_EQ(tornado_csv(a.rows), tornado_csv(b.rows));
}

// The runs stop at the latest output year (2032 here, horizon 2036): every figure equals the one
// read from full-horizon runs of the base and of each variant, to the bit.
TEST(Sensitivity, RunsStoppedAtTheLatestOutputYearGiveTheFullHorizonsFigures) {
  SensitivityOptions so;
  so.params = two_params();
  so.sampled = false;
  so.outputs = {parse_output("p_exhausted_by@2032"), parse_output("months_payable_p50@2030"),
                parse_output("balance_cumulative@2031")};
  const EvalOptions o = small(2);
  const Sensitivity s = sensitivity(o, so);
  ASSERT_EQ(s.rows.size(), 6u);
  for (const auto& r : s.rows) {
    const OutputSpec out = parse_output(r.output);
    PathSpec base, low, high;
    low.sets = {fmt::format("{}={}", r.parameter, r.low)};  // sensitivity.cpp set_text (no schedule keys here)
    high.sets = {fmt::format("{}={}", r.parameter, r.high)};
    const PathRun b = evaluate_path(o, base);
    EXPECT_EQ(b.result.first_year + b.result.years - 1, 2036);  // the full horizon
    EXPECT_EQ(r.base, output_value(b.result, out)) << r.parameter << " " << r.output;
    EXPECT_EQ(r.at_low, output_value(evaluate_path(o, low).result, out)) << r.parameter << " " << r.output;
    EXPECT_EQ(r.at_high, output_value(evaluate_path(o, high).result, out)) << r.parameter << " " << r.output;
  }
}

TEST(Sensitivity, BadArgumentsNameThemselves) {
  EXPECT_THROW(parse_output("p_exhausted_by"), InputError);
  EXPECT_THROW(parse_output("no_such_metric@2030"), InputError);
  EXPECT_THROW(parse_param("fund.interest.mean_rate=0.01"), InputError);
  SensitivityOptions so;
  so.sampled = false;
  so.params = {parse_param("fund.no_such_key=1:2")};
  try {
    sensitivity(small(), so);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_key"), std::string::npos) << e.what();
  }
  so.params = two_params();
  so.outputs = {parse_output("p_exhausted_by@2050")};
  EXPECT_THROW(sensitivity(small(), so), InputError);  // beyond the horizon
}

// The sampled keys of the national baseline's parameter file, with ranges inside the declared
// bounds and the calibrated ones at estimate +- 2 sd.
TEST(Sensitivity, SampledKeysComeFromTheParameterFile) {
  const LoadedScenario s = load_scenario(src("scenarios/national-baseline.yaml"));
  const auto a = sampled_assumptions(s);
  ASSERT_FALSE(a.empty());
  for (const auto& x : a) {
    EXPECT_TRUE(x.sampled) << x.key;
    EXPECT_LT(x.low, x.high) << x.key;
    EXPECT_LE(x.low, x.base) << x.key;
    EXPECT_GE(x.high, x.base) << x.key;
  }
  // A key the scenario sets explicitly is fixed, not sampled: it leaves the list.
  const LoadedScenario fixed = apply_overrides(s, {"financing.subsidy_top_up_share=0.1"});
  EXPECT_EQ(sampled_assumptions(fixed).size(), a.size() - 1);
}

// The documented range of each sampled key, from its declaration in the parameter file: low/high,
// else estimate +- 2 sd (clipped to min/max), else min/max (a prior's support), else the 2.5-97.5%
// of its draws.
TEST(Sensitivity, RangesFollowTheDeclaration) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("fundsim-ranges-{}", ::getpid());
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "params.yaml");
    f << "parameters:\n"
         "  - {key: costs.excess_trend_initial_per_year, estimate: 0.015, sd: 0.004, min: 0.01, max: 0.05}\n"
         "  - {key: costs.utilisation_drift_per_year, estimate: 0.003, min: 0.001, max: 0.006, sampled_from: \"prior uniform\"}\n"
         "  - {key: costs.excess_trend_long_run_per_year, estimate: 0.015, low: 0.012, high: 0.02, sd: 1}\n"
         "point_estimate: {costs.excess_trend_initial_per_year: 0.015, costs.utilisation_drift_per_year: 0.003, costs.excess_trend_long_run_per_year: "
         "0.015, demography.enrolment.optout_elasticity: 0.3}\n"
         "draws:\n";
    for (int k = 0; k <= 40; ++k)
      f << fmt::format("  - {{costs.excess_trend_initial_per_year: 0.015, costs.utilisation_drift_per_year: 0.003, costs.excess_trend_long_run_per_year: "
                       "0.015, demography.enrolment.optout_elasticity: {}}}\n",
                       0.2 + 0.005 * k);
    std::ofstream sc(dir / "scenario.yaml");
    sc << "extends: " << src("tests/paths/small-cell.yaml") << "\nrun: {parameter_draws_file: params.yaml}\n";
  }
  const auto a = sampled_assumptions(load_scenario((dir / "scenario.yaml").string()));
  std::filesystem::remove_all(dir);
  ASSERT_EQ(a.size(), 4u);
  std::map<std::string, Assumption> by;
  for (const auto& x : a) by[x.key] = x;
  EXPECT_DOUBLE_EQ(by["costs.excess_trend_initial_per_year"].low, 0.01);  // 0.015 - 0.008 clipped at min 0.01
  EXPECT_DOUBLE_EQ(by["costs.excess_trend_initial_per_year"].high, 0.015 + 0.008);
  EXPECT_EQ(by["costs.utilisation_drift_per_year"].low, 0.001);
  EXPECT_EQ(by["costs.utilisation_drift_per_year"].high, 0.006);
  EXPECT_EQ(by["costs.excess_trend_long_run_per_year"].low, 0.012);
  EXPECT_EQ(by["costs.excess_trend_long_run_per_year"].high, 0.02);
  // 41 evenly spaced draws 0.2 .. 0.4: type-7 quantiles at 2.5% and 97.5% are 0.205 and 0.395.
  EXPECT_NEAR(by["demography.enrolment.optout_elasticity"].low, 0.205, 1e-12);
  EXPECT_NEAR(by["demography.enrolment.optout_elasticity"].high, 0.395, 1e-12);
}

// The binned first-order estimator recovers a known share: y = x + e with Var(x) = Var(e) gives
// S = 1/2; y independent of x gives 0, each within 3 jackknife standard errors.
TEST(VarianceShares, BinnedEstimatorRecoversAKnownShare) {
  Rng rng = make_rng(7, 0, Purpose::test);
  boost::random::uniform_01<double> u;
  boost::random::normal_distribution<double> z(0.0, std::sqrt(1.0 / 12.0));
  const std::size_t n = 4000;
  std::vector<double> x(n), y(n), w(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = u(rng);
    y[i] = x[i] + z(rng);
    w[i] = z(rng);
  }
  const auto [s, se] = first_order_share(x, y);
  const auto [s0, se0] = first_order_share(x, w);
  std::printf("  S = %.4f (se %.4f), expected 0.5; independent: %.4f (se %.4f)\n", s, se, s0, se0);
  EXPECT_NEAR(s, 0.5, 3 * se);
  EXPECT_LT(se, 0.05);
  EXPECT_NEAR(s0, 0.0, 3 * se0);
}


// With draws grouped on K parameter vectors (as the parameter-uncertainty model assigns them), a key
// that does not matter gets a share near 0 even though the vectors differ in the keys that do, and
// a key carrying a third of the variance gets about 1/3 (each within 3 jackknife se).
TEST(VarianceShares, GroupedOnParameterVectors) {
  Rng rng = make_rng(11, 0, Purpose::test);
  boost::random::uniform_01<double> u;
  boost::random::normal_distribution<double> z(0.0, std::sqrt(1.0 / 12.0));
  const std::size_t units = 200, n = 8000;
  std::vector<double> x(units), w(units), v(units);
  for (std::size_t k = 0; k < units; ++k) {
    x[k] = u(rng);
    w[k] = u(rng);  // does not enter y
    v[k] = u(rng);
  }
  std::vector<std::size_t> unit(n);
  std::vector<double> y(n);
  for (std::size_t d = 0; d < n; ++d) {
    unit[d] = calibration::parameter_draw_index(3, static_cast<std::int64_t>(d), units);
    y[d] = x[unit[d]] + v[unit[d]] + z(rng);  // Var: 1/12 each: S_x = 1/3, all keys 2/3
  }
  const auto [sx, sex] = first_order_share(x, unit, y);
  const auto [sw, sew] = first_order_share(w, unit, y);
  const auto [sa, sea] = between_units_share(units, unit, y);
  std::printf("  S_x = %.3f (se %.3f, expected 1/3); S_w = %.3f (se %.3f, expected 0); together %.3f (se %.3f, "
              "expected 2/3)\n", sx, sex, sw, sew, sa, sea);
  EXPECT_NEAR(sx, 1.0 / 3.0, 3 * sex);
  EXPECT_NEAR(sw, 0.0, 3 * sew);
  EXPECT_NEAR(sa, 2.0 / 3.0, 3 * sea);
  EXPECT_LT(sex, 0.1);
}

// The second shipped baseline: both standards are their 2024 share of the projected rural
// per-capita disposable income in every year after 2025, in every draw; the financing rule names it.
TEST(IndexedBaseline, StandardsAreTheirShareOfRuralIncome) {
  EvalOptions o;
  o.scenario = src("scenarios/national-baseline-indexed.yaml");
  o.sets = {"run.end_year=2030", "run.parameter_uncertainty=false"};
  o.draws = 4;
  const LoadedScenario base = load_base(o);
  EXPECT_EQ(financing_rule(base.scenario),
            "individual: legislated to 2025 (400 yuan), then 1.73% of rural per-capita disposable income; "
            "subsidy: legislated to 2025 (700 yuan), then 2.898% of rural per-capita disposable income");
  PathSpec p;
  p.name = "scenario";
  const PathRun r = evaluate_path(o, p);
  for (std::int64_t d = 0; d < r.result.draws; ++d)
    for (int y = 2026; y <= 2030; ++y) {
      const int i = y - r.result.first_year;
      const double income = r.result.value(d, i, m_disposable_income_rural);
      ASSERT_GT(income, 0.0);
      EXPECT_NEAR(r.result.value(d, i, m_individual_contribution), 0.0173 * income, 1e-9 * income) << y;
      EXPECT_NEAR(r.result.value(d, i, m_fiscal_subsidy), 0.02898 * income, 1e-9 * income) << y;
    }
  EXPECT_EQ(r.result.value(0, 2025 - r.result.first_year, m_individual_contribution), 400.0);
}

}  // namespace
}  // namespace fundsim::paths
