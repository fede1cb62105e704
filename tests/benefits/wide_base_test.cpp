// The wider catastrophic base (catastrophic.base = inpatient_and_chronic_special, issue 14): the
// calculator's rule by hand; the aggregate tables with chronic/special self-pay in the base against
// the reference construction and numeric integration of the calculator; the chronic-only row exact;
// the quadrature mixture over the chronic/special cost against many more nodes; the quadrature.
#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "benefits/aggregate.hpp"
#include "benefits/calculator.hpp"
#include "numeric/quadrature.hpp"
#include "test_rules.hpp"

namespace fundsim::benefits {
namespace {

YearRules wide(YearRules y) {
  y.catastrophic.base_includes_chronic_special = true;
  return y;
}

// Gauss-Legendre: the integral of x^k over [-1, 1] (2 / (k + 1) for even k, 0 for odd) exactly up to
// degree 2n - 1; weights positive, summing to 2.
TEST(GaussLegendre, ExactForPolynomialsUpToDegree2nMinus1) {
  for (int n : {1, 2, 3, 6, 10, 40}) {
    const numeric::Quadrature q = numeric::gauss_legendre(n);
    ASSERT_EQ(q.node.size(), static_cast<std::size_t>(n));
    for (int k = 0; k <= std::min(2 * n - 1, 12); ++k) {
      double m = 0.0;
      for (std::size_t i = 0; i < q.node.size(); ++i) {
        EXPECT_GT(q.weight[i], 0.0);
        m += q.weight[i] * std::pow(q.node[i], k);
      }
      EXPECT_NEAR(m, k % 2 ? 0.0 : 2.0 / (k + 1), 1e-13) << "n " << n << " k " << k;
    }
  }
  // a smooth non-polynomial: the integral of exp(x) over [-1, 1] = e - 1/e
  const numeric::Quadrature q = numeric::gauss_legendre(12);
  double e = 0.0;
  for (std::size_t i = 0; i < q.node.size(); ++i) e += q.weight[i] * std::exp(q.node[i]);
  EXPECT_NEAR(e, std::exp(1.0) - std::exp(-1.0), 1e-13);
  EXPECT_THROW(numeric::gauss_legendre(0), std::invalid_argument);
}

// By hand (hand rules: catastrophic deductible 10,000, tiers 0.6 / 0.7 above 30,000; chronic/special
// 200 / 0.7 / cap 5,000). One tertiary admission of 20,000: compliant 16,000, deductible 1,000,
// basic 0.6 x 15,000 = 9,000, inpatient base 6,000 (below 10,000: no catastrophic payment under the
// inpatient-only rule). Chronic/special cost 30,000: payment min(0.7 x 29,800, 5,000) = 5,000, its
// self-pay above the deductible 29,800 - 5,000 = 24,800. Wider base 30,800: catastrophic
// 0.6 x 20,000 + 0.7 x 800 = 12,560. Assisted (deductible 5,000, ratios +0.05): 0.65 x 25,000 +
// 0.75 x 800 = 16,850; assistance 0.7 x (16,000 - 9,000 + 24,800 - 16,850) = 0.7 x 14,950 = 10,465.
TEST(WideBase, CalculatorByHand) {
  const YearRules narrow = testing::hand_year();
  const YearRules y = wide(narrow);
  PersonYear p;
  p.admissions = {{20000, Level::tertiary}};
  p.chronic_special_cost_yuan = 30000;
  const BenefitResult n0 = compute_benefits(p, narrow);
  EXPECT_NEAR(n0.inpatient.cat_base_yuan, 6000, 1e-9);
  EXPECT_EQ(n0.catastrophic, 0.0);
  const BenefitResult r = compute_benefits(p, y);
  EXPECT_NEAR(r.chronic_special, 5000, 1e-9);
  EXPECT_NEAR(r.inpatient.other_base_yuan, 24800, 1e-9);
  EXPECT_NEAR(r.inpatient.cat_base_yuan, 30800, 1e-9);
  EXPECT_NEAR(r.catastrophic, 12560, 1e-9);
  EXPECT_NEAR(r.basic_inpatient, n0.basic_inpatient, 0.0);
  EXPECT_NEAR(r.out_of_pocket, n0.out_of_pocket - 12560, 1e-9);
  p.group = kAssisted;
  const BenefitResult a = compute_benefits(p, y);
  EXPECT_NEAR(a.catastrophic, 16850, 1e-9);
  EXPECT_NEAR(a.assistance, 10465, 1e-9);
  // General outpatient and 两病 self-pay never enter the base.
  PersonYear q;
  q.outpatient_cost_yuan = 1e6;
  q.hypertension_cost_yuan = 1e6;
  EXPECT_EQ(compute_benefits(q, y).catastrophic, 0.0);
}

// Fast table with a fixed other self-pay c against the reference construction, entry by entry, for
// c below, at and above the catastrophic deductible, beyond the upper tier and beyond the cap, both
// groups, the hand rules and 60 random rule sets; n = 0 is the settlement of c alone. Tolerance
// (sums in another order): 1e-11 of the scale for means, 1e-10 for second moments.
TEST(WideBase, ShiftedTableMatchesReferenceConstruction) {
  InpatientClaims c;
  c.theta = 0.9;
  c.sigma = 1.1;
  c.median_yuan = {3000, 8000, 20000};
  std::vector<std::pair<std::string, YearRules>> cases = {{"hand", wide(testing::hand_year())}};
  std::mt19937_64 rng(20261201);
  for (int i = 0; i < 60; ++i) {
    YearRules y = cases.front().second;
    testing::randomise_rules(y, rng, false);
    cases.emplace_back(fmt::format("random {}", i), y);
  }
  for (const auto& [name, y] : cases)
    for (Group g : {kGeneral, kAssisted}) {
      const CatastrophicEffective cat = y.catastrophic_for(g);
      const double D = cat.deductible_yuan;
      for (double shift : {0.3 * D, D, 1.7 * D + 1.0, 45000.0, 400000.0}) {
        const InpatientTable fast(c, y, g, true, shift);
        const InpatientSettlement none = settle_inpatient(0, 0, 0, y, cat, g, shift);
        EXPECT_DOUBLE_EQ(fast.mean_given(0, kCatastrophic), none.catastrophic_yuan);
        EXPECT_DOUBLE_EQ(fast.mean_given(0, kAssistance), none.assistance_yuan);
        EXPECT_EQ(fast.catastrophic_probability_given(0), none.catastrophic_yuan > 0 ? 1.0 : 0.0);
        for (int n = 1; n <= InpatientTable::kMaxAdmissions; n += 3) {
          double r1[kInpatientTiers] = {}, r2[kInpatientTiers] = {};
          for (int l = 0; l < kLevels; ++l) {
            const double mu = std::log(c.median_yuan[l]) + c.theta * std::log(double(n));
            double o1[kInpatientTiers], o2[kInpatientTiers];
            inpatient_conditional_moments(n, static_cast<Level>(l), mu, c.sigma_of(l), y, cat, g, o1, o2, shift);
            for (int t = 0; t < kInpatientTiers; ++t) {
              r1[t] += c.level_weights[l] * o1[t];
              r2[t] += c.level_weights[l] * o2[t];
            }
          }
          const double s1 = r1[kTotalCost], s2 = r2[kTotalCost] + shift * shift;
          for (int t = 0; t < kInpatientTiers; ++t) {
            ASSERT_NEAR(fast.mean_given(n, static_cast<InpatientTier>(t)), r1[t], 1e-11 * (s1 + shift))
                << name << " group " << g << " shift " << shift << " n " << n << " tier " << t;
            ASSERT_NEAR(fast.second_given(n, static_cast<InpatientTier>(t)), r2[t], 1e-10 * s2)
                << name << " group " << g << " shift " << shift << " n " << n << " tier " << t;
          }
        }
      }
    }
}

// Every value a table holds, bit for bit (EXPECT_EQ on doubles): means of every tier, P(catastrophic
// | n), and the second moments the table holds.
void expect_same_table(const InpatientTable& a, const InpatientTable& b, const std::string& what) {
  ASSERT_EQ(a.second_moments(), b.second_moments()) << what;
  for (int n = 0; n <= InpatientTable::kMaxAdmissions; ++n) {
    EXPECT_EQ(a.catastrophic_probability_given(n), b.catastrophic_probability_given(n)) << what << " n " << n;
    for (int t = 0; t < kInpatientTiers; ++t) {
      const auto tier = static_cast<InpatientTier>(t);
      EXPECT_EQ(a.mean_given(n, tier), b.mean_given(n, tier)) << what << " n " << n << " tier " << t;
      if (a.has_second_moment(tier)) {
        EXPECT_EQ(a.second_given(n, tier), b.second_given(n, tier)) << what << " n " << n << " tier " << t;
      }
    }
  }
}

// The claims and rule sets of the family tests: the hand rules under the wider base and six random
// variants of them.
InpatientClaims family_claims() {
  InpatientClaims c;
  c.theta = 0.9;
  c.sigma = 1.1;
  c.sigma_extra = {0.0, 0.0, 0.3};
  c.median_yuan = {3000, 8000, 20000};
  return c;
}
std::vector<YearRules> family_rules(std::uint64_t seed) {
  std::vector<YearRules> cases = {wide(testing::hand_year())};
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 6; ++i) {
    YearRules y = cases.front();
    testing::randomise_rules(y, rng, false);
    cases.push_back(y);
  }
  return cases;
}

// Tables built together for several other self-pays (InpatientTable::shifted: the partial moments of
// the knots that do not depend on the other self-pay computed once) are bit for bit the tables built
// alone, for every second-moment mode, both groups, with and without the plain table given; some
// knots are in fact reused. The basic-and-catastrophic mode holds the same values as the full one.
TEST(WideBase, ShiftedFamilyIsBitForBitTheTablesBuiltAlone) {
  const InpatientClaims c = family_claims();
  const std::vector<YearRules> cases = family_rules(20261202);
  const SecondMoments modes[] = {SecondMoments::kNone, SecondMoments::kPayments, SecondMoments::kAll};
  for (std::size_t k = 0; k < cases.size(); ++k)
    for (Group g : {kGeneral, kAssisted}) {
      const YearRules& y = cases[k];
      const double D = y.catastrophic_for(g).deductible_yuan;
      const std::vector<double> others = {0.3 * D, 0.0, D, 1.7 * D + 1.0, 45000.0, 0.9 * D, 400000.0};
      for (SecondMoments m : modes) {
        const InpatientTable plain(c, y, g, m);
        long reused = 0;
        const std::vector<InpatientTable> family = InpatientTable::shifted(c, y, g, m, others, nullptr, &reused);
        const std::vector<InpatientTable> with_plain = InpatientTable::shifted(c, y, g, m, others, &plain);
        EXPECT_GT(reused, 0) << "case " << k;
        ASSERT_EQ(family.size(), others.size());
        for (std::size_t i = 0; i < others.size(); ++i) {
          const std::string what = fmt::format("case {} group {} mode {} other {}", k, int(g), int(m), others[i]);
          const InpatientTable alone(c, y, g, m, others[i]);
          expect_same_table(family[i], alone, what);
          expect_same_table(with_plain[i], alone, what + " (plain given)");
        }
        const InpatientTable user = InpatientTable::chronic_special_user(c, y, g, m, 5000, 1.1);
        const InpatientTable user_plain =
            InpatientTable::chronic_special_user(c, y, g, m, 5000, 1.1, InpatientTable::kChronicNodes, &plain);
        expect_same_table(user_plain, user, fmt::format("case {} group {} mode {} chronic/special user", k, int(g), int(m)));
      }
      // kPayments holds the values of kAll (the table compares only the second moments it holds).
      for (double other : {0.0, 1.2 * D}) {
        const InpatientTable payments(c, y, g, SecondMoments::kPayments, other);
        const InpatientTable all(c, y, g, SecondMoments::kAll, other);
        for (int n = 0; n <= InpatientTable::kMaxAdmissions; ++n) {
          EXPECT_EQ(payments.catastrophic_probability_given(n), all.catastrophic_probability_given(n));
          for (int t = 0; t < kInpatientTiers; ++t)
            EXPECT_EQ(payments.mean_given(n, static_cast<InpatientTier>(t)), all.mean_given(n, static_cast<InpatientTier>(t)));
          EXPECT_EQ(payments.second_given(n, kBasic), all.second_given(n, kBasic));
          EXPECT_EQ(payments.second_given(n, kCatastrophic), all.second_given(n, kCatastrophic));
        }
        EXPECT_THROW((void)payments.second_given(1, kAssistance), std::logic_error);
        EXPECT_THROW((void)payments.second_given(1, kOutOfPocket), std::logic_error);
        const InpatientMoments mp = payments.mix(0.4), ma = all.mix(0.4);
        EXPECT_EQ(mp.basic().var, ma.basic().var);
        EXPECT_EQ(mp.catastrophic().var, ma.catastrophic().var);
        EXPECT_EQ(mp.out_of_pocket().var, 0.0);
        EXPECT_GT(ma.out_of_pocket().var, 0.0);
      }
    }
  // A plain table of other second moments is refused.
  const YearRules& y = cases.front();
  const InpatientTable means(c, y, kGeneral, SecondMoments::kNone);
  EXPECT_THROW((void)InpatientTable::shifted(c, y, kGeneral, SecondMoments::kAll, {0.0, 100.0}, &means), std::logic_error);
}

// A chronic/special user's table without every second moment (the engine's: kNone, kPayments) mixes
// sub-tables holding only the tiers that depend on the chronic/special self-pay and takes basic
// payments, total cost and the basic second moment from the plain table; it equals the full mixture
// (kAll: every tier of every sub-table) within rounding: every mean within 1e-12 of the entry's total
// cost, each held second moment within 1e-12 relative, P(catastrophic | n) bit for bit.
TEST(WideBase, UserTableOfPaymentsEqualsTheFullMixture) {
  const InpatientClaims c = family_claims();
  const std::vector<YearRules> cases = family_rules(20261203);
  int compared = 0;
  for (std::size_t k = 0; k < cases.size(); ++k)
    for (Group g : {kGeneral, kAssisted})
      for (double cs_median : {5000.0, 30000.0})
        for (double cs_sigma : {0.6, 1.1}) {
          const YearRules& y = cases[k];
          const InpatientTable full =
              InpatientTable::chronic_special_user(c, y, g, SecondMoments::kAll, cs_median, cs_sigma);
          for (SecondMoments m : {SecondMoments::kNone, SecondMoments::kPayments}) {
            const InpatientTable lean = InpatientTable::chronic_special_user(c, y, g, m, cs_median, cs_sigma);
            const std::string what =
                fmt::format("case {} group {} mode {} cs {} {}", k, int(g), int(m), cs_median, cs_sigma);
            for (int n = 0; n <= InpatientTable::kMaxAdmissions; ++n) {
              EXPECT_EQ(lean.catastrophic_probability_given(n), full.catastrophic_probability_given(n)) << what;
              const double scale = full.mean_given(n, kTotalCost) + full.mean_given(std::max(n, 1), kTotalCost);
              for (int t = 0; t < kInpatientTiers; ++t) {
                const auto tier = static_cast<InpatientTier>(t);
                EXPECT_NEAR(lean.mean_given(n, tier), full.mean_given(n, tier), 1e-12 * scale)
                    << what << " n " << n << " tier " << t;
                ++compared;
                if (lean.has_second_moment(tier)) {
                  EXPECT_NEAR(lean.second_given(n, tier), full.second_given(n, tier),
                              1e-12 * std::abs(full.second_given(n, tier)))
                      << what << " n " << n << " tier " << t << " (second moment)";
                }
              }
            }
          }
        }
  EXPECT_GT(compared, 0);
}

// The reference construction with other self-pay against Simpson integration of the calculator
// for a person who also has a chronic/special cost C (fixed), whose self-pay above the deductible
// is the shift: basic, catastrophic and assistance.
TEST(WideBase, ShiftedMomentsMatchNumericIntegrationOfTheCalculator) {
  const YearRules y = wide(testing::hand_year());
  for (Group g : {kGeneral, kAssisted})
    for (double chronic : {3000.0, 12000.0, 30000.0}) {
      const double shift = layer_self_pay_above_deductible(chronic, y.chronic_special);
      const int n = 2;
      const Level l = Level::secondary;
      const double mu = std::log(15000.0), sigma = 1.1;
      double a1[kInpatientTiers], a2[kInpatientTiers];
      inpatient_conditional_moments(n, l, mu, sigma, y, y.catastrophic_for(g), g, a1, a2, shift);
      double e1[3] = {}, e2[3] = {};
      PersonYear p;
      p.group = g;
      p.chronic_special_cost_yuan = chronic;
      testing::simpson_lognormal(mu, sigma, 200000, [&](double x, double w) {
        p.admissions.assign(n, Admission{x / n, l});
        const BenefitResult r = compute_benefits(p, y);
        const double v[3] = {r.basic_inpatient, r.catastrophic, r.assistance};
        for (int t = 0; t < 3; ++t) e1[t] += w * v[t], e2[t] += w * v[t] * v[t];
      });
      for (int t = 0; t < 3; ++t) {
        if (e1[t] == 0) {
          EXPECT_EQ(a1[t], 0.0) << t;
          continue;
        }
        EXPECT_NEAR(a1[t] / e1[t], 1.0, 2e-5) << "tier " << t << " chronic " << chronic << " group " << g;
        EXPECT_NEAR(a2[t] / e2[t], 1.0, 2e-5) << "tier " << t << " chronic " << chronic << " group " << g;
      }
    }
}

// No admission: the exact lognormal integral over the chronic/special cost against Simpson.
TEST(WideBase, ChronicOnlyMomentsMatchNumericIntegration) {
  YearRules y = wide(testing::hand_year());
  y.catastrophic.deductible_yuan = 6000;  // reached by the chronic/special self-pay alone
  for (Group g : {kGeneral, kAssisted})
    for (double sigma : {0.8, 1.4}) {
      const double median = 8000;
      double m1[3], m2[3];
      const double p = chronic_only_moments(median, sigma, y, g, m1, m2);
      const double mu = std::log(median);
      double e1[3] = {}, e2[3] = {}, ep = 0.0;
      PersonYear q;
      q.group = g;
      testing::simpson_lognormal(mu, sigma, 400000, [&](double x, double w) {
        q.chronic_special_cost_yuan = x;
        const BenefitResult r = compute_benefits(q, y);
        const double v[3] = {r.catastrophic, r.assistance, r.catastrophic + r.assistance};
        for (int t = 0; t < 3; ++t) e1[t] += w * v[t], e2[t] += w * v[t] * v[t];
        if (r.catastrophic > 0) ep += w;
      });
      EXPECT_GT(ep, 0.01);
      EXPECT_NEAR(p, ep, 1e-4) << "group " << g << " sigma " << sigma;
      for (int t = 0; t < 3; ++t) {
        if (e1[t] == 0) {
          EXPECT_EQ(m1[t], 0.0);
          continue;
        }
        EXPECT_NEAR(m1[t] / e1[t], 1.0, 2e-5) << "t " << t << " group " << g << " sigma " << sigma;
        EXPECT_NEAR(m2[t] / e2[t], 1.0, 2e-5) << "t " << t << " group " << g << " sigma " << sigma;
      }
    }
}

// The chronic/special user's table (kChronicNodes Gauss-Legendre nodes on each piece) against 40:
// every payment entry within 0.4% of the entry's catastrophic scale, P(catastrophic | n) within
// 0.004 (at 4 nodes a piece the general group's largest errors are 0.20% and 0.0019 for these
// claims); the n = 0 row is exact in both. A point-mass cost (sigma 0) is the shifted table itself.
TEST(WideBase, ChronicUserTableConvergesInTheNodes) {
  const YearRules y = wide(resolve(BenefitRules{}, 2025, 41314));
  InpatientClaims c;
  c.theta = 0.8;
  c.sigma = 1.3;
  c.median_yuan = {2500, 6000, 13000};
  for (Group g : {kGeneral, kAssisted})
    for (double sigma : {0.8, 1.2}) {
      const InpatientTable engine = InpatientTable::chronic_special_user(c, y, g, false, 5000, sigma);
      const InpatientTable fine = InpatientTable::chronic_special_user(c, y, g, false, 5000, sigma, 40);
      for (int n = 0; n <= InpatientTable::kMaxAdmissions; ++n) {
        const double scale = std::max(fine.mean_given(n, kCatastrophic), 100.0);
        for (InpatientTier t : {kBasic, kCatastrophic, kAssistance})
          EXPECT_NEAR(engine.mean_given(n, t), fine.mean_given(n, t), 0.004 * scale + 1e-9)
              << "n " << n << " tier " << t << " group " << g << " sigma " << sigma;
        EXPECT_NEAR(engine.catastrophic_probability_given(n), fine.catastrophic_probability_given(n), 0.004)
            << "n " << n << " group " << g << " sigma " << sigma;
      }
      // Wider base: at least as many beneficiaries and as much catastrophic money as inpatient only.
      const InpatientTable narrow(c, y, g, false);
      for (double lambda : {0.1, 0.5})
        EXPECT_GT(engine.catastrophic_probability(lambda), narrow.catastrophic_probability(lambda));
    }
  const InpatientTable point = InpatientTable::chronic_special_user(c, y, kGeneral, true, 30000, 0.0);
  const InpatientTable shifted(c, y, kGeneral, true, layer_self_pay_above_deductible(30000, y.chronic_special));
  for (int n = 1; n <= InpatientTable::kMaxAdmissions; ++n)
    EXPECT_NEAR(point.mean_given(n, kCatastrophic), shifted.mean_given(n, kCatastrophic),
                1e-12 * shifted.mean_given(n, kCatastrophic)) << n;
}

}  // namespace
}  // namespace fundsim::benefits
