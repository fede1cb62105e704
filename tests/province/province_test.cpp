// A province of pools (issue 16, part 3): the identities of the adjustment fund and of the province's
// totals, a one-pool province against the pool run alone (bit for bit), full pooling as the limit,
// thread invariance, the pools' correlated cost-trend deviations, and bad province files.
#include "province/province.hpp"

#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>

#include "../cli/cli_support.hpp"
#include "calibration/model_factory.hpp"
#include "costs/cost_model.hpp"
#include "engine/runner.hpp"
#include "fund/accounts.hpp"
#include "health/health_model.hpp"
#include "paths/evaluate.hpp"
#include "scenario/errors.hpp"

namespace fundsim::province {
namespace {

namespace fs = std::filesystem;
using testing::source_path;
using testing::temp_path;

// Short horizon and the point estimates: the identities do not depend on the horizon or on the
// parameter draws, and the test stays fast. Process noise and the cities' own cost deviations are
// on (the pools' settings).
const std::vector<std::string> kSets = {"run.end_year=2034", "run.parameter_uncertainty=false"};

std::string design_yaml(const std::string& mode, double revenue_share, double excess_share, double deficit_share,
                        const std::string& basis) {
  return fmt::format(
      "adjustment_fund: {{name: test, mode: {}, revenue_share: {}, excess_balance_share: {}, excess_balance_months: 6, "
      "deficit_share: {}, deficit_basis: {}}}\n",
      mode, revenue_share, excess_share, deficit_share, basis);
}

fs::path write_province(const std::string& name, const std::vector<std::string>& cities, const std::string& design) {
  const fs::path d = temp_path(name);
  fs::create_directories(d);
  std::ofstream o(d / "province.yaml");
  o << "name: " << name << "\npools:\n";
  for (const auto& c : cities) o << "  - {path: " << source_path("scenarios/henan/" + c) << "}\n";
  o << design;
  return d / "province.yaml";
}

struct ProvinceRun {
  LoadedProvince lp;
  ProvinceResult r;
};

ProvinceRun run(const fs::path& file, std::int64_t draws, int threads, const std::vector<std::string>& sets = kSets) {
  ProvinceRun x{load_province(file.string(), sets), {}};
  const auto model = build_province_model(x.lp);
  x.r = run_province(*model, draws, 20250101, threads);
  return x;
}

double rel(double a, double b) { return std::abs(a - b) / std::max({1.0, std::abs(a), std::abs(b)}); }

const std::vector<std::string> kThree = {"luohe", "hebi", "jiyuan"};

TEST(Province, OnePoolWithoutTransfersIsThePoolAloneBitForBit) {
  const ProvinceRun p = run(write_province("one", {"luohe"}, design_yaml("adjustment", 0, 0, 0, "current_deficit")), 6, 2);
  const LoadedScenario alone = load_scenario(source_path("scenarios/henan/luohe"), kSets);
  const auto model = make_model(alone.scenario);
  RunOptions opt;
  opt.draws = 6;
  opt.seed = 20250101;
  opt.threads = 2;
  const RunResult a = run_draws(*model, opt);
  ASSERT_EQ(a.data.size(), p.r.pools[0].data.size());
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    ASSERT_EQ(a.data[i], p.r.pools[0].data[i]) << i;   // the pool in the province
    ASSERT_EQ(a.data[i], p.r.province.data[i]) << i;  // the province's totals
  }
}

TEST(Province, FullPoolingOfOnePoolIsThePoolAloneToRounding) {
  const ProvinceRun p = run(write_province("one-full", {"luohe"}, design_yaml("full_pooling", 0, 0, 0, "current_deficit")), 4, 2);
  const ProvinceRun n = run(write_province("one-none", {"luohe"}, design_yaml("adjustment", 0, 0, 0, "current_deficit")), 4, 2);
  const RunResult& a = n.r.province;
  for (std::int64_t d = 0; d < a.draws; ++d)
    for (int t = 0; t < a.years; ++t) {
      EXPECT_EQ(p.r.pools[0].value(d, t, m_balance_cumulative), 0.0);  // exactly: everything is the fund's
      for (Metric m : {m_revenue_total, m_revenue_interest, m_spending_total, m_balance_cumulative, m_months_payable})
        EXPECT_LT(rel(p.r.province.value(d, t, m), a.value(d, t, m)), 1e-12) << metric_name(m) << " " << t;
    }
}

// For every design: the province's totals are the pools' plus the fund's; the fund's flows balance;
// each pool's reserve moves by its current balance plus its transfer.
void check_identities(const ProvinceRun& x, const std::string& what) {
  const ProvinceResult& r = x.r;
  const AdjustmentLayout& L = r.layout;
  const auto adj = [&](std::int64_t d, std::size_t k) { return r.adjustment[static_cast<std::size_t>(d) * L.size() + k]; };
  for (std::int64_t d = 0; d < r.province.draws; ++d) {
    double fund_prev = x.lp.config.adjustment_fund.initial_balance_yuan;
    std::vector<double> prev(r.pools.size());
    for (std::size_t p = 0; p < r.pools.size(); ++p) prev[p] = x.lp.pools[p].scenario.fund.initial_balance_yuan;
    for (int t = 0; t < L.years; ++t) {
      double rev = 0, spend = 0, bal = 0, enr = 0, in = 0, out = 0, flows = 0, pool_interest = 0;
      for (std::size_t p = 0; p < r.pools.size(); ++p) {
        const RunResult& q = r.pools[p];
        rev += q.value(d, t, m_revenue_total);
        spend += q.value(d, t, m_spending_total);
        bal += q.value(d, t, m_balance_cumulative);
        enr += q.value(d, t, m_enrollees);
        pool_interest += q.value(d, t, m_revenue_interest);
        const double pin = adj(d, L.paid_in(t, static_cast<int>(p))), pout = adj(d, L.paid_out(t, static_cast<int>(p)));
        EXPECT_GE(pin, 0.0);
        EXPECT_GE(pout, 0.0);
        in += pin;
        out += pout;
        flows += q.value(d, t, m_revenue_total) + pin + pout;
        // The pool's reserve: previous + its own current balance + what it received - what it paid.
        const double change = q.value(d, t, m_balance_cumulative) - prev[p];
        EXPECT_LT(std::abs(change - (q.value(d, t, m_balance_current) + pout - pin)), 1e-6 * std::max(1.0, flows))
            << what << " pool " << p << " year " << t;
        prev[p] = q.value(d, t, m_balance_cumulative);
      }
      const double interest = adj(d, L.fund(t, AdjustmentLayout::kInterest));
      const double fund = adj(d, L.fund(t, AdjustmentLayout::kBalance));
      EXPECT_LT(rel(r.province.value(d, t, m_revenue_total), rev + interest), 1e-12) << what;
      EXPECT_LT(rel(r.province.value(d, t, m_revenue_interest), pool_interest + interest), 1e-12) << what;
      EXPECT_LT(rel(r.province.value(d, t, m_spending_total), spend), 1e-12) << what;
      EXPECT_LT(rel(r.province.value(d, t, m_balance_cumulative), bal + fund), 1e-12) << what;
      EXPECT_LT(rel(r.province.value(d, t, m_enrollees), enr), 1e-12) << what;
      EXPECT_EQ(adj(d, L.fund(t, AdjustmentLayout::kPaidIn)), in);
      EXPECT_EQ(adj(d, L.fund(t, AdjustmentLayout::kPaidOut)), out);
      // Paid in + interest = paid out + change in the fund's balance.
      EXPECT_LT(std::abs(in + interest - out - (fund - fund_prev)), 1e-9 * std::max(1.0, in + out + std::abs(fund)))
          << what << " year " << t;
      fund_prev = fund;
    }
  }
}

TEST(Province, TotalsAndAdjustmentFlowsAddUpUnderEveryDesign) {
  check_identities(run(write_province("rev", kThree, design_yaml("adjustment", 0.03, 0, 0.7, "current_deficit")), 8, 2),
                   "revenue share");
  check_identities(
      run(write_province("exc", kThree, design_yaml("adjustment", 0, 0.5, 0.7, "reserve_shortfall")), 8, 2),
      "excess balance");
  const ProvinceRun full = run(write_province("full", kThree, design_yaml("full_pooling", 0, 0, 0, "current_deficit")), 8, 2);
  check_identities(full, "full pooling");
  // Full pooling: every pool's reserve is exactly zero and the fund is the sum of the pools run without
  // an adjustment fund (interest is linear in a positive balance).
  const ProvinceRun none = run(write_province("none", kThree, design_yaml("adjustment", 0, 0, 0, "current_deficit")), 8, 2);
  for (std::int64_t d = 0; d < full.r.province.draws; ++d)
    for (int t = 0; t < full.r.province.years; ++t) {
      double sum = 0;
      bool all_positive = true;
      for (std::size_t p = 0; p < kThree.size(); ++p) {
        EXPECT_EQ(full.r.pools[p].value(d, t, m_balance_cumulative), 0.0);
        sum += none.r.pools[p].value(d, t, m_balance_cumulative);
        all_positive = all_positive && none.r.pools[p].value(d, t, m_balance_cumulative) > 0.0;
      }
      const double fund = full.r.adjustment[static_cast<std::size_t>(d) * full.r.layout.size() +
                                            full.r.layout.fund(t, AdjustmentLayout::kBalance)];
      if (all_positive) {  // else a depleted pool earns no interest alone
        EXPECT_LT(rel(fund, sum), 1e-12) << t;
      }
    }
}

TEST(Province, RevenueShareIsPaidInExactlyAndDeficitsAreCoveredUpToTheFund) {
  const ProvinceRun x = run(write_province("rev2", kThree, design_yaml("adjustment", 0.05, 0, 1.0, "current_deficit")), 6, 2);
  const ProvinceResult& r = x.r;
  const AdjustmentLayout& L = r.layout;
  for (std::int64_t d = 0; d < r.province.draws; ++d)
    for (int t = 0; t < L.years; ++t) {
      double requests = 0;
      for (std::size_t p = 0; p < r.pools.size(); ++p) {
        const RunResult& q = r.pools[p];
        EXPECT_EQ(r.adjustment[static_cast<std::size_t>(d) * L.size() + L.paid_in(t, static_cast<int>(p))],
                  0.05 * q.value(d, t, m_revenue_total));
        requests += std::max(0.0, -q.value(d, t, m_balance_current));
      }
      const double out = r.adjustment[static_cast<std::size_t>(d) * L.size() + L.fund(t, AdjustmentLayout::kPaidOut)];
      const bool exhausted = r.adjustment[static_cast<std::size_t>(d) * L.size() + L.fund(t, AdjustmentLayout::kExhausted)] > 0;
      if (!exhausted) {
        EXPECT_LT(rel(out, requests), 1e-12);
      } else {
        EXPECT_LT(out, requests);
      }
    }
}

TEST(Province, ResultsAreBitIdenticalForAnyThreadCount) {
  const fs::path f = write_province("thr", kThree, design_yaml("adjustment", 0.03, 0.2, 0.7, "reserve_shortfall"));
  const ProvinceRun a = run(f, 5, 1), b = run(f, 5, 2);
  EXPECT_EQ(a.r.province.data, b.r.province.data);
  EXPECT_EQ(a.r.adjustment, b.r.adjustment);
  for (std::size_t p = 0; p < kThree.size(); ++p) EXPECT_EQ(a.r.pools[p].data, b.r.pools[p].data);
}

TEST(Province, PoolsShareTheNationalDraws) {
  const ProvinceRun x = run(write_province("common", kThree, design_yaml("adjustment", 0, 0, 0, "current_deficit")), 4, 2);
  for (std::int64_t d = 0; d < 4; ++d)
    for (int t = 0; t < x.r.province.years; ++t)
      for (std::size_t p = 1; p < kThree.size(); ++p)
        EXPECT_EQ(x.r.pools[p].value(d, t, m_interest_rate), x.r.pools[0].value(d, t, m_interest_rate));
}

// The deviations of two pools' excess growth: sd and correlation as declared (4,000 draws: the
// sample correlation's standard error is (1 - rho^2)/sqrt(n) = 0.012 at rho = 0.5; 4 SE allowed).
TEST(Province, PoolCostDeviationsHaveTheDeclaredSdAndCorrelation) {
  CostParams cp;
  cp.local_trend_deviation_sd_per_year = 0.02;
  cp.local_trend_deviation_correlation = 0.5;
  HealthParams hp;
  std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges, 0.01);
  const HealthModel health(hp, q);
  const CostModel costs(cp, health);
  const int n = 4000, year = cp.base_year + 3;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int d = 0; d < n; ++d) {
    CostPath base = costs.expected_path(year + 2), a = base, b = base;
    Rng pa = make_rng(1, static_cast<std::uint64_t>(d), Purpose::local_trend), pb = pa;
    Rng oa = make_rng(1, static_cast<std::uint64_t>(d), Purpose::local_trend, pool_stream_key("a"));
    Rng ob = make_rng(1, static_cast<std::uint64_t>(d), Purpose::local_trend, pool_stream_key("b"));
    costs.add_local_deviation(a, year, pa, oa);
    costs.add_local_deviation(b, year, pb, ob);
    const std::size_t k = static_cast<std::size_t>(year - cp.base_year - 1);
    EXPECT_EQ(a.excess_growth[k - 1], base.excess_growth[k - 1]);  // nothing before first_year
    const double x = a.excess_growth[k] - base.excess_growth[k], y = b.excess_growth[k] - base.excess_growth[k];
    sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
  }
  const double va = saa / n - sa * sa / n / n, vb = sbb / n - sb * sb / n / n;
  const double corr = (sab / n - sa * sb / n / n) / std::sqrt(va * vb);
  EXPECT_NEAR(corr, 0.5, 4 * 0.75 / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(va), 0.02, 4 * 0.02 / std::sqrt(2.0 * n));
}

TEST(Province, BadProvinceFilesNameFileLineAndKey) {
  const fs::path d = temp_path("bad-province");
  fs::create_directories(d);
  auto expect_error = [&](const std::string& text, const std::string& needle) {
    std::ofstream(d / "province.yaml") << text;
    try {
      load_province((d / "province.yaml").string());
      ADD_FAILURE() << "no error for: " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("province.yaml:"), std::string::npos) << e.what();
    }
  };
  const std::string luohe = source_path("scenarios/henan/luohe");
  expect_error("name: x\npools: []\n", "pools");
  expect_error("name: x\npools:\n  - {path: " + luohe + "}\n  - {path: " + luohe + "}\n", "twice");
  expect_error("name: x\npools:\n  - {path: " + d.string() + "}\n", "pool.yaml");
  expect_error("name: x\npools:\n  - {path: " + luohe + "}\nadjustment_fund: {mode: everything}\n", "mode");
  expect_error("name: x\npools:\n  - {path: " + luohe + "}\nadjustment_fund: {deficit_shar: 0.5}\n", "deficit_shar");
  expect_error("name: x\npools:\n  - {path: " + luohe + "}\nadjustment_fund: {revenue_share: 1.5}\n", "revenue_share");
  expect_error("name: x\nextends: missing.yaml\npools: []\n", "extends");
  expect_error("name: x\npools: [\n", "invalid YAML");
}

}  // namespace
}  // namespace fundsim::province

namespace fundsim::province {
namespace {

// `fundsim paths` and `solve` on a province: a path is every pool with the path's overrides, run
// together; its result is the province's totals of that run.
TEST(Province, APathOfAProvinceIsTheProvinceRunWithThePathsOverrides) {
  const fs::path f = write_province("paths", {"luohe", "hebi"}, design_yaml("adjustment", 0.03, 0, 0.7, "current_deficit"));
  paths::EvalOptions opt;
  opt.scenario = f.string();
  opt.sets = kSets;
  opt.draws = 4;
  opt.threads = 2;
  paths::PathSpec spec;
  spec.name = "plus60";
  spec.sets = {"financing.individual_contribution_yuan={after: {rule: increment, per_year: 60}}"};
  const paths::PathRun p = paths::evaluate_path(opt, spec);
  std::vector<std::string> sets = kSets;
  sets.push_back(spec.sets.front());
  const ProvinceRun direct = run(f, 4, 1, sets);
  EXPECT_EQ(p.result.data, direct.r.province.data);
  EXPECT_EQ(p.province_sets, sets);
  EXPECT_EQ(p.loaded.sha256, direct.lp.sha256);
  EXPECT_NE(p.base_sha256, direct.lp.sha256);  // the base is the province without the path
}

}  // namespace
}  // namespace fundsim::province

namespace fundsim::province {
namespace {

// Migration between pools (issue 16, part 3).

std::vector<double> synthetic_population(std::uint64_t seed, double scale) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  std::vector<double> p(kCells);
  for (double& x : p) x = scale * u(rng);
  return p;
}

// One year's exchange: persons are conserved cell by cell; a rate flow moves rate x the origin's
// population and a persons flow its persons, spread as the origin's population times the age
// schedule; flows outside their years move nobody; every flow is computed from the populations on
// entry; the cell guard keeps every population at least (1 - max_cell_share) of what it was.
TEST(Migration, ExchangeConservesPersonsCellByCellAndFollowsTheSchedule) {
  const MigrationAgeSchedule schedule;
  const std::vector<double> w = schedule.cell_weights();
  // The schedule's shape: a labour-force peak in the early twenties above childhood and old age.
  int peak = 0;
  for (int a = 1; a < kAges; ++a)
    if (schedule.at(a) > schedule.at(peak)) peak = a;
  EXPECT_GE(peak, 18);
  EXPECT_LE(peak, 26);
  EXPECT_GT(schedule.at(peak), 2.0 * schedule.at(60));
  for (int sex = 0; sex < kSexes; ++sex)
    for (int st = 0; st < kStates; ++st) EXPECT_EQ(w[cell(sex, 37, st)], schedule.at(37));
  std::vector<double> a = synthetic_population(1, 1000.0), b = synthetic_population(2, 300.0), c = synthetic_population(3, 50.0);
  const std::vector<double> a0 = a, b0 = b, c0 = c;
  const std::vector<ResolvedFlow> flows = {{0, 1, 0.02, 0.0, 2020, 2040},
                                           {2, 1, 0.0, 5000.0, 2020, 2040},
                                           {0, 2, 0.01, 0.0, 2020, 2040},
                                           {1, 0, 0.05, 0.0, 2031, 2040}};  // not yet active
  std::vector<std::vector<double>*> pops = {&a, &b, &c};
  double moved[4];
  migrate(flows, w, 0.5, 2030, pops, moved);
  double total_a = 0.0;
  for (double x : a0) total_a += x;
  EXPECT_LT(rel(moved[0], 0.02 * total_a), 1e-12);
  EXPECT_LT(rel(moved[1], 5000.0), 1e-12);
  EXPECT_LT(rel(moved[2], 0.01 * total_a), 1e-12);
  EXPECT_EQ(moved[3], 0.0);
  for (std::size_t k = 0; k < kCells; ++k) {
    EXPECT_LT(rel(a[k] + b[k] + c[k], a0[k] + b0[k] + c0[k]), 1e-12) << k;
    // Origin a loses (0.02 + 0.01) x its total spread as weight x population.
    double weighted = 0.0;
    for (std::size_t j = 0; j < kCells; ++j) weighted += w[j] * a0[j];
    const double expect = 0.03 * total_a * w[k] * a0[k] / weighted;
    EXPECT_LT(std::abs((a0[k] - a[k]) - expect), 1e-9 * a0[k]) << k;
  }
  // A flow outside its years changes nothing, bit for bit.
  std::vector<double> d = a0, e = b0;
  std::vector<std::vector<double>*> two = {&d, &e};
  double none[1];
  migrate({{0, 1, 0.05, 0.0, 2031, 2040}}, w, 0.5, 2030, two, none);
  EXPECT_EQ(d, a0);
  EXPECT_EQ(e, b0);
  EXPECT_EQ(none[0], 0.0);
  // More persons than the origin holds: the guard keeps half of every cell, all finite.
  migrate({{0, 1, 0.0, 1e9, 2020, 2040}}, w, 0.5, 2030, two, none);
  for (std::size_t k = 0; k < kCells; ++k) {
    EXPECT_GE(d[k], 0.5 * a0[k] * (1.0 - 1e-12)) << k;
    EXPECT_TRUE(std::isfinite(d[k]) && std::isfinite(e[k]));
    EXPECT_LT(rel(d[k] + e[k], a0[k] + b0[k]), 1e-12) << k;
  }
  EXPECT_LT(none[0], 1e9);
  EXPECT_GT(none[0], 0.0);
}

std::string migration_yaml(const std::string& flows) { return "migration:\n  flows:\n" + flows; }

// A flow of rate 0 is the province without migration, bit for bit (the population stages run
// apart from the rest of the year change nothing); a real flow moves the persons it reports from
// the origin to the destination in its first year, keeps the province's population there, and the
// province's identities hold; 1 and 2 threads give the same results.
TEST(Migration, ProvinceWithMigrationBetweenItsPools) {
  const std::string design = design_yaml("adjustment", 0.03, 0, 0.7, "current_deficit");
  const ProvinceRun none = run(write_province("mig-none", kThree, design), 4, 2);
  const ProvinceRun zero =
      run(write_province("mig-zero", kThree, design + migration_yaml("    - {from: luohe, to: hebi, rate: 0}\n")), 4, 2);
  EXPECT_EQ(zero.r.province.data, none.r.province.data);
  for (std::size_t p = 0; p < kThree.size(); ++p) EXPECT_EQ(zero.r.pools[p].data, none.r.pools[p].data);
  EXPECT_EQ(zero.r.layout.flows, 1);
  const fs::path f = write_province(
      "mig", kThree,
      design + migration_yaml("    - {from: luohe, to: hebi, rate: 0.01}\n    - {from: jiyuan, to: hebi, persons: 3000}\n"));
  const ProvinceRun mig = run(f, 4, 2);
  check_identities(mig, "migration");
  const AdjustmentLayout& L = mig.r.layout;
  ASSERT_EQ(L.flows, 2);
  for (std::int64_t d = 0; d < 4; ++d) {
    const auto adj = [&](std::size_t k) { return mig.r.adjustment[static_cast<std::size_t>(d) * L.size() + k]; };
    const double m0 = adj(L.moved(0, 0)), m1 = adj(L.moved(0, 1));
    EXPECT_GT(m0, 0.005 * none.r.pools[0].value(d, 0, m_population));
    EXPECT_LT(rel(m1, 3000.0), 1e-12);
    // Year 0: the same population stages, then the moves.
    EXPECT_LT(rel(mig.r.pools[0].value(d, 0, m_population), none.r.pools[0].value(d, 0, m_population) - m0), 1e-12);
    EXPECT_LT(rel(mig.r.pools[1].value(d, 0, m_population), none.r.pools[1].value(d, 0, m_population) + m0 + m1), 1e-12);
    EXPECT_LT(rel(mig.r.pools[2].value(d, 0, m_population), none.r.pools[2].value(d, 0, m_population) - m1), 1e-12);
    EXPECT_LT(rel(mig.r.province.value(d, 0, m_population), none.r.province.value(d, 0, m_population)), 1e-12);
    // Later years: the origin keeps shrinking against the run without migration.
    const int last = L.years - 1;
    EXPECT_LT(mig.r.pools[0].value(d, last, m_population), none.r.pools[0].value(d, last, m_population) - 2.0 * m0);
  }
  const ProvinceRun one_thread = run(f, 4, 1);
  EXPECT_EQ(one_thread.r.province.data, mig.r.province.data);
  EXPECT_EQ(one_thread.r.adjustment, mig.r.adjustment);
  for (std::size_t p = 0; p < kThree.size(); ++p) EXPECT_EQ(one_thread.r.pools[p].data, mig.r.pools[p].data);
}

TEST(Migration, BadFlowsNameFileLineAndKey) {
  const fs::path d = temp_path("bad-migration");
  fs::create_directories(d);
  const std::string head = "name: x\npools:\n  - {path: " + source_path("scenarios/henan/luohe") + "}\n  - {path: " +
                           source_path("scenarios/henan/hebi") + "}\nmigration:\n  flows:\n";
  auto expect_error = [&](const std::string& flow, const std::string& needle) {
    std::ofstream(d / "province.yaml") << head << flow;
    try {
      load_province((d / "province.yaml").string(), kSets);
      ADD_FAILURE() << "no error for: " << flow;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("province.yaml:"), std::string::npos) << e.what();
    }
  };
  expect_error("    - {from: luohe, to: kaifeng, rate: 0.01}\n", "kaifeng");
  expect_error("    - {from: luohe, to: luohe, rate: 0.01}\n", "other than the origin");
  expect_error("    - {from: luohe, to: hebi, rate: 0.01, persons: 100}\n", "found both");
  expect_error("    - {from: luohe, to: hebi}\n", "rate (share of the origin's population) or persons");
  expect_error("    - {from: luohe, to: hebi, rate: -0.01}\n", "rate");
  expect_error("    - {from: luohe, to: hebi, rate: 0.01, first_year: 2030, last_year: 2028}\n", "last_year");
  expect_error("    - {from: luohe, to: hebi, rat: 0.01}\n", "rat");
}

}  // namespace
}  // namespace fundsim::province
