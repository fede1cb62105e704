// Randomised property tests of the calculator (fixed seed) and the lognormal LEV closed forms.
#include <gtest/gtest.h>

#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <numbers>

#include "benefits/calculator.hpp"
#include "benefits/lognormal.hpp"
#include "random/streams.hpp"
#include "test_rules.hpp"

namespace fundsim::benefits {
namespace {

struct Gen {
  Rng rng;
  boost::random::uniform_01<double> u;
  explicit Gen(std::uint64_t sub) : rng(make_rng(20250101, sub, Purpose::test)) {}
  double unif() { return u(rng); }
  // heavy-ish cost: 0 with prob 0.3, else log-uniform 1..1e6
  double cost() { return unif() < 0.3 ? 0.0 : std::exp(unif() * std::log(1e6)); }
  PersonYear person() {
    PersonYear p;
    p.group = unif() < 0.5 ? kGeneral : kAssisted;
    const int n = static_cast<int>(unif() * 4);
    for (int i = 0; i < n; ++i) p.admissions.push_back({cost(), static_cast<Level>(static_cast<int>(unif() * 3))});
    p.outpatient_cost_yuan = cost() / 100;
    p.chronic_special_cost_yuan = unif() < 0.5 ? 0.0 : cost() / 10;
    p.hypertension_cost_yuan = cost() / 500;
    p.diabetes_cost_yuan = cost() / 500;
    return p;
  }
  YearRules rules() {
    YearRules y = testing::hand_year(10000 + 60000 * unif());
    y.compliant_share = 0.5 + 0.5 * unif();
    for (int l = 0; l < kLevels; ++l) {
      y.inpatient_deductible_yuan[l] = 2000 * unif();
      y.inpatient_ratio[l] = unif();
    }
    y.inpatient_cap_yuan = 5000 + 300000 * unif();
    y.catastrophic.cap_yuan = unif() < 0.3 ? INFINITY : 20000 + 400000 * unif();
    y.catastrophic.ratio = {unif(), unif(), unif()};
    y.assistance_limit_yuan = 50000 * unif();
    y.two_cap_both_yuan = 1000 * unif();
    return y;
  }
};

double paid(const BenefitResult& r) {
  return r.basic_inpatient + r.outpatient + r.chronic_special + r.two_diseases + r.catastrophic + r.assistance;
}

TEST(Properties, PaymentsPlusOutOfPocketIsTotalAndTiersBounded) {
  Gen g(1);
  for (int i = 0; i < 20000; ++i) {
    const YearRules y = g.rules();
    const PersonYear p = g.person();
    const BenefitResult r = compute_benefits(p, y);
    const double tol = 1e-9 * (1.0 + r.total_cost);
    ASSERT_NEAR(paid(r) + r.out_of_pocket, r.total_cost, tol);
    ASSERT_GE(r.out_of_pocket, -tol);
    const InpatientSettlement& s = r.inpatient;
    ASSERT_LE(r.basic_inpatient, s.compliant_yuan - s.deductible_applied_yuan + tol);
    ASSERT_LE(r.catastrophic, s.cat_base_yuan + tol);
    ASSERT_LE(r.assistance, s.compliant_yuan - r.basic_inpatient - r.catastrophic + tol);
    ASSERT_LE(r.basic_inpatient + r.catastrophic + r.assistance, s.compliant_yuan + tol);
    ASSERT_LE(r.outpatient, p.outpatient_cost_yuan + tol);
    ASSERT_LE(r.chronic_special, r.chronic_special_cost_paid_yuan + tol);
    ASSERT_LE(r.two_diseases, p.hypertension_cost_yuan + p.diabetes_cost_yuan + tol);
    for (double v : {r.basic_inpatient, r.outpatient, r.chronic_special, r.two_diseases, r.catastrophic, r.assistance})
      ASSERT_GE(v, 0.0);
  }
}

TEST(Properties, PaymentsNeverFallWhenCostsRise) {
  Gen g(2);
  for (int i = 0; i < 20000; ++i) {
    const YearRules y = g.rules();
    PersonYear p = g.person();
    const BenefitResult a = compute_benefits(p, y);
    const double k = 1.0 + g.unif();
    for (auto& ad : p.admissions) ad.cost_yuan *= k;
    p.outpatient_cost_yuan *= k;
    p.chronic_special_cost_yuan *= k;
    p.hypertension_cost_yuan *= k;
    p.diabetes_cost_yuan *= k;
    const BenefitResult b = compute_benefits(p, y);
    const double tol = 1e-9 * (1.0 + b.total_cost);
    // every tier individually is nondecreasing in costs
    ASSERT_GE(b.basic_inpatient, a.basic_inpatient - tol);
    ASSERT_GE(b.catastrophic, a.catastrophic - tol);
    ASSERT_GE(b.assistance, a.assistance - tol);
    ASSERT_GE(b.outpatient, a.outpatient - tol);
    ASSERT_GE(b.chronic_special, a.chronic_special - tol);
    ASSERT_GE(b.two_diseases, a.two_diseases - tol);
  }
}

TEST(Properties, PaymentsNeverFallWhenCapsRiseOrDeductiblesFall) {
  // Raising the basic cap moves self-pay out of the catastrophic base, so the catastrophic tier may
  // fall; the sum basic + catastrophic + assistance cannot (each yuan moved costs the next tiers at
  // most their ratio < 1). Each tier's own cap / deductible moves its own payment monotonically.
  Gen g(3);
  for (int i = 0; i < 20000; ++i) {
    const YearRules y = g.rules();
    const PersonYear p = g.person();
    const BenefitResult a = compute_benefits(p, y);
    YearRules y2 = y;
    const double k = 1.0 + g.unif();
    y2.inpatient_cap_yuan *= k;
    y2.catastrophic.cap_yuan *= k;
    y2.assistance_limit_yuan *= k;
    y2.outpatient.cap_yuan *= k;
    y2.chronic_special.cap_yuan *= k;
    y2.two_cap_both_yuan *= k;
    y2.two_cap_hypertension_yuan *= k;
    y2.two_cap_diabetes_yuan *= k;
    for (auto& d : y2.inpatient_deductible_yuan) d /= k;
    y2.catastrophic.deductible_yuan /= k;
    y2.outpatient.deductible_yuan /= k;
    y2.chronic_special.deductible_yuan /= k;
    const BenefitResult b = compute_benefits(p, y2);
    const double tol = 1e-9 * (1.0 + b.total_cost);
    ASSERT_GE(paid(b), paid(a) - tol);
    ASSERT_GE(b.basic_inpatient, a.basic_inpatient - tol);
    ASSERT_GE(b.basic_inpatient + b.catastrophic + b.assistance, a.basic_inpatient + a.catastrophic + a.assistance - tol);
    ASSERT_GE(b.outpatient, a.outpatient - tol);
    ASSERT_GE(b.chronic_special, a.chronic_special - tol);
    ASSERT_GE(b.two_diseases, a.two_diseases - tol);
  }
}

TEST(Properties, HomogeneousOfDegreeOne) {
  // Scaling every cost and every money threshold by k scales every payment by k.
  Gen g(4);
  for (int i = 0; i < 5000; ++i) {
    const YearRules y = g.rules();
    PersonYear p = g.person();
    const BenefitResult a = compute_benefits(p, y);
    const double k = 0.1 + 10 * g.unif();
    for (auto& ad : p.admissions) ad.cost_yuan *= k;
    p.outpatient_cost_yuan *= k;
    p.chronic_special_cost_yuan *= k;
    p.hypertension_cost_yuan *= k;
    p.diabetes_cost_yuan *= k;
    const BenefitResult b = compute_benefits(p, y.scaled_money(k));
    const double tol = 1e-9 * (1.0 + b.total_cost);
    ASSERT_NEAR(b.basic_inpatient, k * a.basic_inpatient, tol);
    ASSERT_NEAR(b.catastrophic, k * a.catastrophic, tol);
    ASSERT_NEAR(b.assistance, k * a.assistance, tol);
    ASSERT_NEAR(b.out_of_pocket, k * a.out_of_pocket, tol);
  }
}

TEST(Properties, ExtremeInputsStayFinite) {
  // zero costs, enormous costs, infinite caps, zero ratios: finite payments, never NaN.
  YearRules y = testing::hand_year();
  y.inpatient_cap_yuan = INFINITY;
  y.catastrophic.cap_yuan = INFINITY;
  y.inpatient_ratio = {0, 1, 0.5};
  PersonYear p;
  p.admissions = {{1e12, Level::primary}, {1e12, Level::secondary}, {0, Level::tertiary}};
  p.outpatient_cost_yuan = 1e12;
  for (Group g : {kGeneral, kAssisted}) {
    p.group = g;
    const BenefitResult r = compute_benefits(p, y);
    for (double v : {r.basic_inpatient, r.catastrophic, r.assistance, r.out_of_pocket, r.total_cost})
      EXPECT_TRUE(std::isfinite(v));
    EXPECT_NEAR(paid(r) + r.out_of_pocket, r.total_cost, 1e-3);
  }
}

// Simpson integration of E[min(X, u)^k] over z = ln x on mu +- 12 sigma (the tails beyond carry less
// than 1e-30 of the mass).
double numeric_lev(double mu, double sigma, double u, int k) {
  const int n = 20000;
  const double a = mu - 12 * sigma, b = mu + 12 * sigma, h = (b - a) / n;
  double s = 0;
  for (int i = 0; i <= n; ++i) {
    const double z = a + i * h;
    const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
    const double v = std::pow(std::min(std::exp(z), u), k);
    s += w * v * std::exp(-0.5 * std::pow((z - mu) / sigma, 2)) / (sigma * std::sqrt(2 * std::numbers::pi));
  }
  return s * h / 3;
}

TEST(LogNormal, LimitedExpectedValuesMatchNumericIntegration) {
  for (double mu : {5.0, 9.0}) {
    for (double sigma : {0.3, 1.0, 1.8}) {
      for (double q : {0.1, 1.0, 10.0}) {  // limit relative to the median
        const double u = q * std::exp(mu);
        const LogNormalMoments ln(mu, sigma);
        const double l1 = numeric_lev(mu, sigma, u, 1), l2 = numeric_lev(mu, sigma, u, 2);
        EXPECT_NEAR(ln.lev(u) / l1, 1.0, 1e-6) << mu << " " << sigma << " " << q;
        EXPECT_NEAR(ln.lev2(u) / l2, 1.0, 1e-6) << mu << " " << sigma << " " << q;
      }
      // infinite limit: the raw moments exp(mu + s^2/2), exp(2 mu + 2 s^2)
      const LogNormalMoments ln(mu, sigma);
      EXPECT_NEAR(ln.lev(INFINITY) / std::exp(mu + 0.5 * sigma * sigma), 1.0, 1e-12);
      EXPECT_NEAR(ln.lev2(INFINITY) / std::exp(2 * mu + 2 * sigma * sigma), 1.0, 1e-12);
    }
  }
}

}  // namespace
}  // namespace fundsim::benefits
