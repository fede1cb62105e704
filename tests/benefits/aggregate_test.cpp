// The exact aggregate layer: against numeric integration of the calculator, limits, homogeneity,
// Poisson mixing, financing corridor, speed; and against the individual sampler (1,000,000 persons
// per check) in the baseline, three stress settings and the wider catastrophic base.
#include "benefits/aggregate.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "benefits/calculator.hpp"
#include "benefits/sampler.hpp"
#include "test_rules.hpp"

namespace fundsim::benefits {
namespace {

// E[f(X)] for X ~ LN(mu, sigma) by Simpson (testing::simpson_lognormal, 200,000 panels), where f
// returns the calculator's tiers for n equal admissions of X/n at `level`.
void numeric_conditional(int n, Level level, double mu, double sigma, const YearRules& y, Group g,
                         double* m1, double* m2) {
  for (int t = 0; t < kInpatientTiers; ++t) m1[t] = m2[t] = 0;
  PersonYear p;
  p.group = g;
  testing::simpson_lognormal(mu, sigma, 200000, [&](double x, double w) {
    p.admissions.assign(n, Admission{x / n, level});
    const BenefitResult r = compute_benefits(p, y);
    const double v[kInpatientTiers] = {r.basic_inpatient, r.catastrophic, r.assistance, r.out_of_pocket, r.total_cost};
    for (int t = 0; t < kInpatientTiers; ++t) {
      m1[t] += w * v[t];
      m2[t] += w * v[t] * v[t];
    }
  });
}

TEST(Aggregate, ConditionalMomentsMatchNumericIntegrationOfTheCalculator) {
  // Kinks make the integrand non-smooth, so Simpson converges slowly; 200,000 panels give ~1e-6.
  const YearRules y = testing::hand_year();
  for (Group g : {kGeneral, kAssisted})
    for (int n : {1, 3})
      for (Level l : {Level::primary, Level::tertiary}) {
        const double mu = std::log(20000.0), sigma = 1.2;
        double a1[kInpatientTiers], a2[kInpatientTiers], e1[kInpatientTiers], e2[kInpatientTiers];
        inpatient_conditional_moments(n, l, mu, sigma, y, y.catastrophic_for(g), g, a1, a2);
        numeric_conditional(n, l, mu, sigma, y, g, e1, e2);
        for (int t = 0; t < kInpatientTiers; ++t) {
          if (e1[t] == 0) {
            EXPECT_EQ(a1[t], 0.0);
            continue;
          }
          EXPECT_NEAR(a1[t] / e1[t], 1.0, 2e-5) << "tier " << t << " n " << n << " group " << g;
          EXPECT_NEAR(a2[t] / e2[t], 1.0, 2e-5) << "tier " << t << " n " << n << " group " << g;
        }
      }
}

// The table's fast construction (kinks found once per level in excess space, shifted per entry)
// against the reference construction (kinks and settlements per entry), entry by entry, for the hand
// rules and for variants that move every kink: the assistance limit below and above n x deductible,
// no caps, ratio 1 and 0, compliant share 1 and 0, a zero catastrophic deductible, a point mass, and
// 300 random rule sets. Tolerance: 1e-12 of the entry's total-cost scale (sums in another order).
void expect_table_matches_reference(const InpatientClaims& c, const YearRules& y, Group g, const std::string& what) {
  const InpatientTable fast(c, y, g);
  const InpatientTable means_only(c, y, g, false);
  const CatastrophicEffective cat = y.catastrophic_for(g);
  for (int n = 1; n <= InpatientTable::kMaxAdmissions; ++n) {
    double r1[kInpatientTiers] = {}, r2[kInpatientTiers] = {};
    for (int l = 0; l < kLevels; ++l) {
      const double mu = std::log(c.median_yuan[l]) + c.theta * std::log(double(n)) + std::log(c.scale);
      double o1[kInpatientTiers], o2[kInpatientTiers];
      inpatient_conditional_moments(n, static_cast<Level>(l), mu, c.sigma_of(l), y, cat, g, o1, o2);
      for (int t = 0; t < kInpatientTiers; ++t) {
        r1[t] += c.level_weights[l] * o1[t];
        r2[t] += c.level_weights[l] * o2[t];
      }
    }
    const double s1 = r1[kTotalCost], s2 = r2[kTotalCost];
    for (int t = 0; t < kInpatientTiers; ++t) {
      ASSERT_NEAR(fast.mean_given(n, static_cast<InpatientTier>(t)), r1[t], 1e-12 * s1)
          << what << " group " << g << " n " << n << " tier " << t;
      ASSERT_NEAR(fast.second_given(n, static_cast<InpatientTier>(t)), r2[t], 1e-12 * s2)
          << what << " group " << g << " n " << n << " tier " << t;
      // Means only: the payments are the same sums; out of pocket and total cost come from E[X].
      if (t <= kAssistance)
        ASSERT_EQ(means_only.mean_given(n, static_cast<InpatientTier>(t)), fast.mean_given(n, static_cast<InpatientTier>(t)))
            << what;
      else
        ASSERT_NEAR(means_only.mean_given(n, static_cast<InpatientTier>(t)), r1[t], 1e-12 * s1) << what;
    }
  }
  EXPECT_THROW((void)means_only.second_given(1, kBasic), std::logic_error);
}

TEST(Aggregate, FastTableMatchesReferenceConstruction) {
  InpatientClaims c;
  c.theta = 0.9;
  c.sigma = 1.1;
  c.median_yuan = {3000, 8000, 20000};
  const YearRules hand = testing::hand_year();
  std::vector<std::pair<std::string, YearRules>> cases = {{"hand", hand}};
  auto add = [&](const std::string& name, auto&& change) {
    YearRules y = hand;
    change(y);
    cases.emplace_back(name, y);
  };
  add("limit below n x deductible", [](YearRules& y) { y.assistance_limit_yuan = 3000; });
  add("limit far above", [](YearRules& y) { y.assistance_limit_yuan = 2e6; });
  add("no limit", [](YearRules& y) { y.assistance_limit_yuan = INFINITY; });
  add("no assistance", [](YearRules& y) { y.assistance_share = 0; });
  add("no caps", [](YearRules& y) {
    y.inpatient_cap_yuan = INFINITY;
    y.catastrophic.cap_yuan = INFINITY;
  });
  add("ratio 1", [](YearRules& y) { y.inpatient_ratio = {1, 1, 1}; });
  add("ratio 0", [](YearRules& y) { y.inpatient_ratio = {0, 0, 0}; });
  add("compliant share 1", [](YearRules& y) { y.compliant_share = 1; });
  add("compliant share 0", [](YearRules& y) { y.compliant_share = 0; });
  add("no deductibles", [](YearRules& y) { y.inpatient_deductible_yuan = {0, 0, 0}; });
  add("zero catastrophic deductible", [](YearRules& y) { y.catastrophic.deductible_yuan = 0; });
  add("catastrophic deductible above tiers", [](YearRules& y) { y.catastrophic.deductible_yuan = 90000; });
  std::mt19937_64 rng(20251123);
  for (int i = 0; i < 300; ++i)
    add(fmt::format("random {}", i), [&](YearRules& y) { testing::randomise_rules(y, rng, true); });
  for (const auto& [name, y] : cases)
    for (Group g : {kGeneral, kAssisted}) {
      expect_table_matches_reference(c, y, g, name);
      InpatientClaims point = c;
      point.sigma = 0.0;
      expect_table_matches_reference(point, y, g, name + " (point mass)");
      // Tail by level (issue 14): a heavier tertiary tail, and a point mass at primary level only.
      InpatientClaims tail = c;
      tail.sigma_extra = {-c.sigma, 0.0, 0.45};
      expect_table_matches_reference(tail, y, g, name + " (sigma by level)");
    }
}

// P(catastrophic payment > 0 | n): the table's value against numeric integration of the
// calculator's indicator (Simpson over z = ln x, as numeric_conditional), level by level, with a
// different log-sd at each level. The indicator jumps at the catastrophic kink, so Simpson's error
// is of the order of the panel width times the density: 1e-4 absolute is ample.
TEST(Aggregate, CatastrophicProbabilityMatchesNumericIntegration) {
  const YearRules y = testing::hand_year();
  InpatientClaims c;
  c.theta = 0.9;
  c.sigma = 1.0;
  c.sigma_extra = {0.0, 0.1, 0.4};
  c.median_yuan = {3000, 8000, 20000};
  for (Group g : {kGeneral, kAssisted}) {
    const InpatientTable table(c, y, g, false);
    for (int n : {1, 2, 5}) {
      double expected = 0.0;
      for (int l = 0; l < kLevels; ++l) {
        const double mu = std::log(c.median_yuan[l]) + c.theta * std::log(double(n)), sg = c.sigma_of(l);
        PersonYear p;
        p.group = g;
        double prob = 0.0;
        testing::simpson_lognormal(mu, sg, 200000, [&](double x, double w) {
          p.admissions.assign(n, Admission{x / n, static_cast<Level>(l)});
          if (compute_benefits(p, y).catastrophic > 0.0) prob += w;
        });
        expected += c.level_weights[l] * prob;
      }
      EXPECT_GT(expected, 1e-4) << "the check needs catastrophic cases";
      EXPECT_NEAR(table.catastrophic_probability_given(n), expected, 1e-4) << "group " << g << " n " << n;
    }
    // Poisson mixture: sum_n P(N = n) P(cat > 0 | n), increasing in lambda, 0 at lambda = 0.
    EXPECT_EQ(table.catastrophic_probability(0.0), 0.0);
    double last = 0.0;
    for (double lambda : {0.05, 0.2, 0.8, 2.0}) {
      const double p = table.catastrophic_probability(lambda);
      EXPECT_GT(p, last);
      EXPECT_LE(p, 1.0);
      last = p;
    }
  }
}

// A heavier tertiary tail with each level's mean kept (the cost model's medians are mean / e^{s^2/2})
// moves money into the catastrophic tier and, for a catastrophic threshold t far above the mean
// (ln(t / mean) > s^2 / 2, as for the national deductible, half of per-capita income), raises the
// number of catastrophic beneficiaries: here t ~ 139,000 yuan of cost against a tertiary mean of
// 33,000 (ln 4.2 = 1.44 > 1.45^2 / 2 = 1.05).
TEST(Aggregate, HeavierTailRaisesCatastrophicClaimsAndBeneficiaries) {
  YearRules y = testing::hand_year();
  y.catastrophic.deductible_yuan = 60000;
  InpatientClaims base;
  base.sigma = 1.0;
  base.median_yuan = {3000, 8000, 20000};
  double last_claims = 0.0, last_persons = 0.0;
  for (double extra : {0.0, 0.15, 0.3, 0.45}) {
    InpatientClaims c = base;
    c.sigma_extra = {0.0, 0.0, extra};
    const double s0 = base.sigma, s1 = base.sigma + extra;
    c.median_yuan[2] = base.median_yuan[2] * std::exp(0.5 * (s0 * s0 - s1 * s1));  // same tertiary mean
    const InpatientTable t(c, y, kGeneral, false);
    const InpatientMoments m = t.mix(0.2);
    EXPECT_GT(m.catastrophic().mean, last_claims) << extra;
    EXPECT_GT(t.catastrophic_probability(0.2), last_persons) << extra;
    last_claims = m.catastrophic().mean;
    last_persons = t.catastrophic_probability(0.2);
  }
}

TEST(Aggregate, LinearLimit) {
  // No deductible, no caps, compliant share 1: basic = r X, so E = r E[X] = r exp(mu + s^2/2)
  // and E[basic^2] = r^2 exp(2 mu + 2 s^2).
  YearRules y = testing::hand_year();
  y.compliant_share = 1.0;
  y.inpatient_deductible_yuan = {0, 0, 0};
  y.inpatient_cap_yuan = INFINITY;
  const double mu = 8.0, s = 0.9, r = y.inpatient_ratio[1];
  double a1[kInpatientTiers], a2[kInpatientTiers];
  inpatient_conditional_moments(2, Level::secondary, mu, s, y, y.catastrophic_for(kGeneral), kGeneral, a1, a2);
  EXPECT_NEAR(a1[kBasic] / (r * std::exp(mu + s * s / 2)), 1.0, 1e-12);
  EXPECT_NEAR(a2[kBasic] / (r * r * std::exp(2 * mu + 2 * s * s)), 1.0, 1e-12);
  EXPECT_NEAR(a1[kTotalCost] / std::exp(mu + s * s / 2), 1.0, 1e-12);
}

TEST(Aggregate, PoissonMixAndHomogeneity) {
  const YearRules y = testing::hand_year();
  InpatientClaims c;
  c.theta = 0.8;
  c.sigma = 1.1;
  const InpatientTable t(c, y, kAssisted);
  // mix(lambda) = sum_n Poisson(n; lambda) E[tier | n] (tail below 1e-15 for lambda = 0.7)
  const double lambda = 0.7;
  const InpatientMoments m = t.mix(lambda);
  double mean = 0, second = 0, p = std::exp(-lambda);
  for (int n = 1; n <= InpatientTable::kMaxAdmissions; ++n) {
    p *= lambda / n;
    mean += p * t.mean_given(n, kCatastrophic);
    second += p * t.second_given(n, kCatastrophic);
  }
  EXPECT_NEAR(m.catastrophic().mean / mean, 1.0, 1e-12);
  EXPECT_NEAR(m.catastrophic().var / (second - mean * mean), 1.0, 1e-10);
  EXPECT_EQ(t.mix(0.0).basic().mean, 0.0);
  // Homogeneity: scale k on costs and money thresholds -> means x k, variances x k^2.
  const double k = 2.5;
  InpatientClaims ck = c;
  ck.scale = k;
  const InpatientMoments mk = InpatientTable(ck, y.scaled_money(k), kAssisted).mix(lambda);
  for (int tier = 0; tier < kInpatientTiers; ++tier) {
    EXPECT_NEAR(mk.tier[tier].mean / (k * m.tier[tier].mean), 1.0, 1e-9);
    EXPECT_NEAR(mk.tier[tier].var / (k * k * m.tier[tier].var), 1.0, 1e-8);
  }
}

TEST(Aggregate, MonotoneInCapAndDeductible) {
  // Higher cap -> higher expected basic payment; higher deductible -> lower.
  const YearRules y = testing::hand_year();
  InpatientClaims c;
  YearRules hi = y;
  hi.inpatient_cap_yuan *= 2;
  YearRules ded = y;
  for (auto& d : ded.inpatient_deductible_yuan) d *= 3;
  const double base = InpatientTable(c, y, kGeneral).mix(0.2).basic().mean;
  EXPECT_GT(InpatientTable(c, hi, kGeneral).mix(0.2).basic().mean, base);
  EXPECT_LT(InpatientTable(c, ded, kGeneral).mix(0.2).basic().mean, base);
}

TEST(Aggregate, ExtremeInputsFinite) {
  YearRules y = testing::hand_year();
  y.inpatient_cap_yuan = INFINITY;
  y.catastrophic.cap_yuan = INFINITY;
  InpatientClaims c;
  c.sigma = 0.0;  // point mass
  c.theta = 0.0;
  for (double sigma : {0.0, 3.0}) {
    c.sigma = sigma;
    const InpatientMoments m = InpatientTable(c, y, kAssisted).mix(3.0);
    for (const Moments& t : m.tier) EXPECT_TRUE(std::isfinite(t.mean) && std::isfinite(t.var));
  }
}

TEST(Aggregate, CatastrophicFinancingCorridor) {
  // 1,000 enrollees x 70 = 70,000 premium income; profit cap 5% = 3,500.
  // claims 50,000: result 20,000 > 3,500 -> fund pays 50,000 + 3,500 = 53,500;
  // claims 68,000: result 2,000 within the corridor -> 70,000;
  // claims 90,000: loss 20,000, fund bears half -> 80,000; self-insured -> claims.
  EXPECT_NEAR(catastrophic_fund_cost(false, 1000, 70, 0.05, 0.5, 50000), 53500, 1e-9);
  EXPECT_NEAR(catastrophic_fund_cost(false, 1000, 70, 0.05, 0.5, 68000), 70000, 1e-9);
  EXPECT_NEAR(catastrophic_fund_cost(false, 1000, 70, 0.05, 0.5, 90000), 80000, 1e-9);
  EXPECT_NEAR(catastrophic_fund_cost(true, 1000, 70, 0.05, 0.5, 90000), 90000, 1e-9);
  CatastrophicFinancing f;
  EXPECT_NEAR(catastrophic_fund_cost(f, 2025, 1000, 68000), 70000, 1e-9);
}

// ---- aggregate vs sampler ----

struct Setting {
  const char* name;
  YearRules rules;
  double sigma;
};

CellClaims cell(Group g, double sigma) {
  CellClaims c;
  c.group = g;
  c.lambda = 0.35;  // an older cell: enough admissions for tight catastrophic estimates
  c.inpatient.level_weights = {0.25, 0.4, 0.35};
  c.inpatient.median_yuan = {2500, 6000, 13000};
  c.inpatient.theta = 0.8;
  c.inpatient.sigma = sigma;
  c.inpatient.scale = 1.0;
  c.outpatient = {0.5, 200, 1.0};
  c.chronic_special = {0.1, 3000, 1.0};
  c.hypertension = {0.3, 500, 0.8};
  c.diabetes = {0.2, 700, 0.8};
  return c;
}

void compare(const Setting& s, Group g, std::uint64_t check) {
  const CellClaims c = cell(g, s.sigma);
  const YearRules& y = s.rules;
  const CellExpectation e = expected_tiers(c, y);
  Rng rng = make_rng(777, check, Purpose::sampler);
  const SampleResult r = sample_cell(c, y, 1000000, rng);
  struct Row {
    const char* tier;
    SampledTier t;
  };
  const Row rows[] = {
      {"basic_inpatient", kSBasicInpatient}, {"catastrophic", kSCatastrophic},
      {"assistance", kSAssistance},          {"outpatient", kSOutpatient},
      {"chronic_special", kSChronicSpecial}, {"two_diseases", kSTwoDiseases},
      {"inpatient_oop", kSInpatientOutOfPocket}, {"out_of_pocket", kSOutOfPocket},
      {"total_cost", kSTotalCost},           {"cat_beneficiary", kSCatastrophicBeneficiary},
  };
  fmt::print("{} / {}\n{:<16}{:>14}{:>14}{:>10}{:>10}{:>8}\n", s.name, g == kGeneral ? "general" : "assisted",
             "tier", "aggregate", "sampled", "SE", "rel.diff", "z");
  for (const Row& row : rows) {
    const SampleStat& st = r.tier[row.t];
    const double agg = e.mean[row.t];
    const double diff = agg - st.mean;
    const double rel = agg != 0 ? diff / agg : 0.0;
    const double z = st.se > 0 ? diff / st.se : 0.0;
    fmt::print("{:<16}{:>14.4f}{:>14.4f}{:>10.4f}{:>10.5f}{:>8.2f}\n", row.tier, agg, st.mean, st.se, rel, z);
    EXPECT_LE(std::abs(diff), std::max(0.005 * std::abs(agg), 3.0 * st.se) + 1e-12) << s.name << " " << row.tier;
  }
  // Standard deviation per person of basic inpatient: sampled SE x sqrt(N) vs the aggregate.
  const double sd_sampled = r.tier[kSBasicInpatient].se * 1000.0;
  EXPECT_NEAR(std::sqrt(e.basic_inpatient_var) / sd_sampled, 1.0, 0.03) << s.name;
}

std::vector<Setting> settings() {
  const YearRules base = resolve(BenefitRules{}, 2025, 41314);  // national baseline, 2024 income
  YearRules lowcap = base;
  lowcap.inpatient_cap_yuan = 20000;
  YearRules highded = base;
  for (auto& d : highded.inpatient_deductible_yuan) d *= 10;
  highded.catastrophic.deductible_yuan *= 3;
  YearRules joint = testing::hand_year();  // 两病 joint cap binding (600 < 300 + 480)
  YearRules wide = base;  // chronic/special self-pay in the catastrophic base (issue 14)
  wide.catastrophic.base_includes_chronic_special = true;
  YearRules wide_low = wide;  // ... with a deductible that chronic/special costs alone often reach
  wide_low.catastrophic.deductible_yuan = 3000;
  return {{"baseline", base, 1.0},
          {"heavy tail (sigma 1.8)", base, 1.8},
          {"low cap (20,000)", lowcap, 1.0},
          {"high deductible (x10, cat x3)", highded, 1.0},
          {"hand rules (joint 两病 cap binds)", joint, 1.2},
          {"wider catastrophic base", wide, 1.0},
          {"wider base, catastrophic deductible 3,000", wide_low, 1.0}};
}

TEST(AggregateVsSampler, AllSettingsBothGroups) {
  std::uint64_t check = 0;
  for (const Setting& s : settings())
    for (Group g : {kGeneral, kAssisted}) compare(s, g, ++check);
}

}  // namespace
}  // namespace fundsim::benefits
