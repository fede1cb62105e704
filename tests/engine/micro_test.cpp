// The person-level engine (run.engine: micro): agreement with the cell engine within sampling error,
// the identities of every person-year's settlement, and thread independence.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "app/commands.hpp"
#include "benefits/calculator.hpp"
#include "benefits/claims_from_costs.hpp"
#include "benefits/person_draw.hpp"
#include "calibration/model_factory.hpp"
#include "engine/cell_model.hpp"
#include "engine/runner.hpp"
#include "output/writer.hpp"

namespace fundsim {
namespace {

const std::string kNational = std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/national-baseline.yaml";

LoadedScenario national(std::vector<std::string> sets) {
  sets.push_back("run.parameter_uncertainty=false");
  return load_scenario(kNational, sets);
}

// One comparison: micro against cell for one item and year, with the micro total's standard error
// from the spread of the batch totals (independent samples of persons).
struct Comparison {
  const char* item;
  int year;
  double cell, micro, se;
  double z() const { return se > 0 ? (micro - cell) / se : (micro == cell ? 0.0 : INFINITY); }
};

// The items compared: the batch item (pre waiting period) and the cell engine's figure at the same
// stage. Metrics that the waiting period scales are compared as micro metric vs cell metric with the
// batch standard error scaled by metric / batch total.
struct Item {
  const char* name;
  PersonBatchTotals::Item batch;
  double (*metric)(const DrawTable&, int);
};

const Item kItems[] = {
    {"enrollees", PersonBatchTotals::kEnrollees, [](const DrawTable& t, int y) { return t.at(y, m_enrollees); }},
    {"basic inpatient", PersonBatchTotals::kBasicInpatient,
     [](const DrawTable& t, int y) { return t.at(y, m_spending_inpatient); }},
    {"general outpatient", PersonBatchTotals::kOutpatient,
     [](const DrawTable& t, int y) { return t.at(y, m_spending_outpatient); }},
    {"chronic/special", PersonBatchTotals::kChronicSpecial,
     [](const DrawTable& t, int y) { return t.at(y, m_spending_chronic_special); }},
    {"two diseases", PersonBatchTotals::kTwoDiseases,
     [](const DrawTable& t, int y) { return t.at(y, m_spending_two_diseases); }},
    {"catastrophic claims", PersonBatchTotals::kCatastrophicClaims,
     [](const DrawTable& t, int y) { return t.at(y, m_catastrophic_claims); }},
    {"medical assistance", PersonBatchTotals::kAssistance,
     [](const DrawTable& t, int y) { return t.at(y, m_assistance_spending) - t.at(y, m_revenue_assistance_paid); }},
    {"catastrophic beneficiaries", PersonBatchTotals::kCatastrophicBeneficiaries,
     [](const DrawTable& t, int y) { return t.at(y, m_catastrophic_beneficiaries); }},
    {"total cost", PersonBatchTotals::kTotalCost, [](const DrawTable& t, int y) { return t.at(y, m_total_cost); }},
};

std::vector<Comparison> compare_engines(int end_year, int persons, int batches, std::int64_t draw) {
  const LoadedScenario cell = national({"run.end_year=" + std::to_string(end_year)});
  const LoadedScenario micro = national({"run.end_year=" + std::to_string(end_year), "run.engine=micro",
                                         "run.persons=" + std::to_string(persons)});
  const CellModel cm(cell.scenario), mm(micro.scenario);
  const int years = cm.years();
  std::vector<double> cbuf(static_cast<std::size_t>(years) * kMetricCount), mbuf(cbuf.size());
  DrawTable ct(cbuf.data(), years), mt(mbuf.data(), years);
  const std::uint64_t seed = 20250101;
  cm.project(seed, draw, ct);
  std::vector<std::vector<PersonBatchTotals>> by_year;
  mm.project_persons(seed, draw, mt, batches, by_year);
  std::vector<Comparison> out;
  for (int y = 0; y < years; ++y)
    for (const Item& it : kItems) {
      double sum = 0.0, sum2 = 0.0;
      for (const PersonBatchTotals& b : by_year[static_cast<std::size_t>(y)]) {
        sum += b.value[it.batch];
        sum2 += b.value[it.batch] * b.value[it.batch];
      }
      const double B = batches, mean = sum / B;
      const double var = (sum2 - B * mean * mean) / (B - 1.0);  // of one batch total
      const double se_total = std::sqrt(B * std::max(var, 0.0));
      const double m = it.metric(mt, y), c = it.metric(ct, y);
      out.push_back({it.name, cm.first_year() + y, c, m, sum > 0 ? se_total * m / sum : 0.0});
    }
  return out;
}

void print(const std::vector<Comparison>& cs, const std::vector<int>& years) {
  std::printf("%-28s %5s %18s %18s %10s %7s\n", "item", "year", "cell", "micro", "se %", "z");
  for (const Comparison& c : cs)
    for (int y : years)
      if (c.year == y)
        std::printf("%-28s %5d %18.6g %18.6g %10.3f %7.2f\n", c.item, c.year, c.cell, c.micro,
                    100.0 * c.se / c.micro, c.z());
}

// The check with 1,000,000 persons on a short horizon (2025-2027): every tier's total,
// enrollees and catastrophic beneficiaries within 3 standard errors of the cell engine in every year.
TEST(Micro, AgreesWithTheCellEngineWithinThreeStandardErrors) {
  const auto cs = compare_engines(2027, 1000000, 50, 0);
  print(cs, {2025, 2026, 2027});
  for (const Comparison& c : cs) {
    EXPECT_GT(c.se, 0.0) << c.item << " " << c.year;
    EXPECT_LT(std::abs(c.z()), 3.0) << c.item << " " << c.year << ": cell " << c.cell << ", micro " << c.micro
                                    << ", se " << c.se;
  }
}

// The table of the note (2025, 2035, 2050): `--gtest_also_run_disabled_tests
// --gtest_filter='Micro.DISABLED_*'` (about a minute).
TEST(Micro, DISABLED_ValidationTableTo2050) {
  const auto cs = compare_engines(2050, 1000000, 50, 0);
  print(cs, {2025, 2035, 2050});
  int beyond = 0;
  for (const Comparison& c : cs) beyond += std::abs(c.z()) >= 3.0 ? 1 : 0;
  std::printf("comparisons beyond 3 se: %d of %zu (all years 2025-2050)\n", beyond, cs.size());
  EXPECT_LE(beyond, static_cast<int>(cs.size() / 50) + 1);
}

// The standard error of the check is the persons' sampling error: a tenfold sample shrinks it about
// sqrt(10)-fold (so the check is not passed by a loose error).
TEST(Micro, StandardErrorsShrinkWithTheSample) {
  const auto small = compare_engines(2025, 100000, 50, 0), large = compare_engines(2025, 1000000, 50, 0);
  ASSERT_EQ(small.size(), large.size());
  for (std::size_t i = 0; i < small.size(); ++i) {
    const double ratio = small[i].se / large[i].se;
    EXPECT_GT(ratio, std::sqrt(10.0) / 1.6) << small[i].item;
    EXPECT_LT(ratio, std::sqrt(10.0) * 1.6) << small[i].item;
  }
}

TEST(Micro, OneAndTwoThreadsGiveIdenticalResultsAndBurden) {
  const LoadedScenario s = load_scenario(kNational, {"run.end_year=2027", "run.engine=micro", "run.persons=20000"});
  const auto model = make_model(s.scenario);
  auto run = [&](int threads) {
    RunOptions o;
    o.draws = 4;
    o.seed = 11;
    o.threads = threads;
    o.detail = true;
    return run_draws(*model, o);
  };
  const RunResult a = run(1), b = run(2);
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.detail, b.detail);
  EXPECT_EQ(burden_csv(a), burden_csv(b));
  EXPECT_EQ(a.detail_layout.name, "burden");
  // Another draw, other persons: the draws differ.
  EXPECT_NE(a.value(0, 0, m_spending_inpatient), a.value(1, 0, m_spending_inpatient));
}

// The person-year settlement of the engine (benefits/person_draw.hpp, then compute_benefits) on the
// claims laws of the national baseline's cells in 2025.
struct Persons {
  std::vector<benefits::PersonYear> persons;
  benefits::YearRules rules;
};

Persons draw_national_persons(int count) {
  const LoadedScenario s = national({});
  const CellModel m(s.scenario);
  const CostModel& costs = m.cost_model();
  const YearFactors f = costs.factors(2025, costs.expected_path(2025));
  const std::vector<benefits::PersonClaimsLaw> laws = person_claims_laws(costs, f);  // the engine's
  Persons out;
  out.rules = benefits::resolve(s.scenario.benefits, 2025, 41314.0);
  PersonRng g(stream_key(5, 0, Purpose::test), 1);
  for (int i = 0; i < count; ++i) {
    // A cell at random, then its law.
    const int sex = static_cast<int>(g() % 2), age = static_cast<int>(g() % kAges), st = static_cast<int>(g() % kStates);
    benefits::PersonClaimsLaw law = laws[cell(sex, age, st)];
    law.set_lambda(law.lambda * 3.0);  // more admissions than usual: more settlements to check
    law.p_cs = std::min(1.0, law.p_cs * 3.0);
    benefits::PersonYear p;
    p.group = (g() % 5 == 0) ? kAssisted : kGeneral;
    benefits::draw_person_year(law, g, p);
    out.persons.push_back(p);
  }
  return out;
}

TEST(MicroSettlement, APersonWithZeroCostsPaysNothingAndIsPaidNothing) {
  const Persons ps = draw_national_persons(1);
  for (Group g : {kGeneral, kAssisted}) {
    benefits::PersonYear p;
    p.group = g;
    benefits::YearRules rules = ps.rules;
    for (bool wide : {false, true}) {
      rules.catastrophic.base_includes_chronic_special = wide;
      const benefits::BenefitResult r = benefits::compute_benefits(p, rules);
      EXPECT_EQ(r.out_of_pocket, 0.0);
      EXPECT_EQ(r.total_cost, 0.0);
      EXPECT_EQ(r.basic_inpatient + r.outpatient + r.chronic_special + r.two_diseases + r.catastrophic + r.assistance,
                0.0);
    }
  }
}

TEST(MicroSettlement, OutOfPocketPlusEveryTierIsTheTotalCostOfEveryPersonYear) {
  const Persons ps = draw_national_persons(200000);
  int with_cost = 0, catastrophic = 0, assisted_paid = 0;
  for (bool wide : {false, true}) {
    benefits::YearRules rules = ps.rules;
    rules.catastrophic.base_includes_chronic_special = wide;
    for (const benefits::PersonYear& p : ps.persons) {
      const benefits::BenefitResult r = benefits::compute_benefits(p, rules);
      double cost = p.outpatient_cost_yuan + p.chronic_special_cost_yuan + p.hypertension_cost_yuan + p.diabetes_cost_yuan;
      for (const auto& a : p.admissions) cost += a.cost_yuan;
      const double paid = r.basic_inpatient + r.outpatient + r.chronic_special + r.two_diseases + r.catastrophic + r.assistance;
      ASSERT_NEAR(r.out_of_pocket + paid, cost, 1e-9 * std::max(1.0, cost));
      ASSERT_GE(r.out_of_pocket, -1e-9 * std::max(1.0, cost));
      with_cost += cost > 0 ? 1 : 0;
      catastrophic += r.catastrophic > 0 ? 1 : 0;
      assisted_paid += r.assistance > 0 ? 1 : 0;
    }
  }
  // The check reached every layer.
  EXPECT_GT(with_cost, 100000);
  EXPECT_GT(catastrophic, 100);
  EXPECT_GT(assisted_paid, 100);
}

TEST(MicroSettlement, ALowerCatastrophicDeductibleNeverRaisesAnyOutOfPocket) {
  const Persons ps = draw_national_persons(200000);
  for (bool wide : {false, true}) {
    benefits::YearRules high = ps.rules;
    high.catastrophic.base_includes_chronic_special = wide;
    int lower_somewhere = 0;
    for (double factor : {0.8, 0.5, 0.0}) {
      benefits::YearRules low = high;
      low.catastrophic.deductible_yuan = high.catastrophic.deductible_yuan * factor;  // the assisted one follows
      for (const benefits::PersonYear& p : ps.persons) {
        const double a = benefits::compute_benefits(p, high).out_of_pocket;
        const double b = benefits::compute_benefits(p, low).out_of_pocket;
        ASSERT_LE(b, a + 1e-9 * std::max(1.0, a)) << "factor " << factor << " wide " << wide;
        lower_somewhere += b < a - 1e-6 ? 1 : 0;
      }
    }
    EXPECT_GT(lower_somewhere, 1000) << "the lower deductibles must lower someone's out of pocket";
  }
}

}  // namespace
}  // namespace fundsim
