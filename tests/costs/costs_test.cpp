#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "../health/fixtures.hpp"
#include "costs/cost_model.hpp"
#include "health/health_model.hpp"
#include "random/streams.hpp"
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

struct BoundsVisitor {
  std::string errors;
  template <class T>
  void operator()(std::string_view key, T& v, const Meta& m = {}) {
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, int>) {
      if (!(v >= m.min && v <= m.max)) errors += std::string(key) + " ";
    } else if constexpr (std::is_same_v<T, std::vector<double>>) {
      if (m.length >= 0 && static_cast<int>(v.size()) != m.length) errors += std::string(key) + "(length) ";
      for (double x : v)
        if (!(x >= m.min && x <= m.max)) errors += std::string(key) + " ";
    } else if constexpr (std::is_same_v<T, std::vector<PolicyEffect>>) {
      for (auto& e : v) e.visit(*this);
    }
  }
};

// Reference resident-scheme enrollees: 2020 census x enrolment share by age (assumption: 0.95 of
// children, 0.60 of ages 18-59 -- the rest in the employee scheme --, 0.72 of 60+), which gives
// ~0.98 billion enrollees as in 2020-2022 (urrbmi_national.csv).
PopulationByState reference_enrollees(const HealthModel& h) {
  PopulationByState pop = testing::census_2020();
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) pop[cell(sex, age, 0)] *= age < 18 ? 0.95 : age < 60 ? 0.60 : 0.72;
  h.initialise(pop);
  return pop;
}

class CostTest : public ::testing::Test {
 protected:
  HealthModel health{HealthParams{}, testing::base_q_2020()};
  CostParams params;
  PopulationByState pop = reference_enrollees(health);
};

TEST_F(CostTest, DefaultsWithinDeclaredBounds) {
  BoundsVisitor v;
  params.visit(v);
  EXPECT_EQ(v.errors, "");
  double total = 0;
  for (double x : pop) total += x;
  EXPECT_NEAR(total / 1e5, 9.8, 0.3);  // thousands -> 亿: 9.8 亿 enrollees (2022: 98,349 万)
}

// 0.163 admissions per enrollee in 2022 (age_cost_profile.md).
TEST_F(CostTest, BaseYearAdmissionRate) {
  CostModel m(params, health);
  const YearFactors f = m.factors(2022, m.expected_path(2030));
  for (int s = 0; s < kServices; ++s) {
    EXPECT_NEAR(f.unit_cost[s], 1.0, 1e-12);
    EXPECT_NEAR(f.utilisation[s], 1.0, 1e-12);
  }
  double adm = 0, n = 0;
  for (std::size_t c = 0; c < kCells; ++c) {
    adm += pop[c] * m.cell_inputs(c, f).inpatient.lambda;
    n += pop[c];
  }
  std::printf("admissions per enrollee 2022: %.4f\n", adm / n);
  EXPECT_NEAR(adm / n, 0.163, 0.003);
}

// Per-capita inpatient cost at the base state mix follows the relative profile exactly (the
// normalisation), and total insured (gross) spending per person at 60+ is several times 20-44.
TEST_F(CostTest, AgeProfile) {
  CostModel m(params, health);
  const YearFactors f = m.factors(2022, m.expected_path(2030));
  auto per_capita = [&](int sex, int age, int service) {
    double t = 0;
    for (int s = 0; s < kStates; ++s) {
      const ExpectedCost e = expected_cost(m.cell_inputs(cell(sex, age, s), f));
      t += health.base_shares(sex, age)[s] * (service < 0 ? e.total() : e.by_service[service]);
    }
    return t;
  };
  const double ref = per_capita(kMale, 30, kInpatientService);
  const int ages[7] = {2, 10, 30, 50, 65, 75, 90};
  for (int g = 0; g < 7; ++g)
    for (int sex = 0; sex < kSexes; ++sex)
      EXPECT_NEAR(per_capita(sex, ages[g], kInpatientService) / ref, params.relative_cost_by_age_group[g], 1e-9);
  double old_cost = 0, old_n = 0, young_cost = 0, young_n = 0;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const double n = age_sex_total(pop, sex, age), c = per_capita(sex, age, -1) * n;
      if (age >= 60) old_cost += c, old_n += n;
      if (age >= 20 && age < 45) young_cost += c, young_n += n;
    }
  const double ratio = (old_cost / old_n) / (young_cost / young_n);
  std::printf("gross spending per person 60+ / 20-44: %.2f\n", ratio);
  EXPECT_GT(ratio, 2.5);
  EXPECT_LT(ratio, 6.0);
}

// E[X] = p x median x exp(sigma^2/2) (lambda for inpatient): doubling a service's unit cost
// (through the parameters or through the year factor) doubles its expected gross cost and leaves
// the others unchanged.
TEST_F(CostTest, DoublingUnitCostDoublesExpectedCost) {
  CostModel m(params, health);
  const YearFactors f = m.factors(2030, m.expected_path(2030));
  CostParams p2 = params;
  for (double& x : p2.inpatient_mean_cost_per_admission_yuan_2018) x *= 2;
  p2.outpatient_median_yuan *= 2;
  p2.chronic_special_median_yuan_severe *= 2;
  p2.chronic_special_median_yuan_other *= 2;
  p2.two_diseases_hypertension_median_yuan *= 2;
  p2.two_diseases_diabetes_median_yuan *= 2;
  CostModel m2(p2, health);
  const YearFactors f2 = m2.factors(2030, m2.expected_path(2030));
  for (std::size_t c : {cell(0, 30, 0), cell(1, 70, 3), cell(0, 85, 7), cell(1, 50, 4)}) {
    const ExpectedCost a = expected_cost(m.cell_inputs(c, f)), b = expected_cost(m2.cell_inputs(c, f2));
    for (int s = 0; s < kServices; ++s) EXPECT_NEAR(b.by_service[s], 2 * a.by_service[s], 1e-9 * (1 + a.by_service[s]));
    for (int s = 0; s < kServices; ++s) {
      YearFactors g = f;
      g.unit_cost[s] *= 2;
      const ExpectedCost d = expected_cost(m.cell_inputs(c, g));
      for (int t = 0; t < kServices; ++t)
        EXPECT_NEAR(d.by_service[t], (t == s ? 2 : 1) * a.by_service[t], 1e-9 * (1 + a.by_service[t]));
    }
  }
}

// The closed forms in expected_cost agree with direct simulation of the claims model.
TEST_F(CostTest, ExpectedCostMatchesSimulation) {
  CostModel m(params, health);
  const CellClaimInputs in = m.cell_inputs(cell(0, 75, 7), m.factors(2022, m.expected_path(2030)));
  const ExpectedCost e = expected_cost(in);
  Rng rng = make_rng(3, 0, Purpose::test);
  boost::random::normal_distribution<double> z(0, 1);
  boost::random::uniform_real_distribution<double> u(0, 1);
  const int n = 400000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    // Inpatient: Poisson by inversion.
    int k = 0;
    double p = std::exp(-in.inpatient.lambda), cdf = p, v = u(rng);
    while (v > cdf && k < 50) ++k, p *= in.inpatient.lambda / k, cdf += p;
    double x = 0;
    if (k > 0) {
      const double r = u(rng);
      const int l = r < in.inpatient.w[0] ? 0 : r < in.inpatient.w[0] + in.inpatient.w[1] ? 1 : 2;
      x = in.inpatient.median_yuan[l] * std::pow(k, in.inpatient.theta) * std::exp(in.inpatient.sigma * z(rng));
    }
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
  EXPECT_NEAR(mean, e.by_service[kInpatientService], 4 * se);
}

// Heavy tail: top 10% of inpatients carry ~49% of inpatient spending (age_cost_profile.md).
// Exact for the lognormal mixture over cells, n | n >= 1 and levels: threshold x* with
// P(X > x*) = 0.1 by bisection, share = sum_j w_j e^{mu_j + s^2/2} Phi((mu_j + s^2 - ln x*)/s) / E[X].
TEST_F(CostTest, InpatientConcentration) {
  CostModel m(params, health);
  const YearFactors f = m.factors(2022, m.expected_path(2030));
  struct Comp { double w, mu; };
  std::vector<Comp> comps;
  const double s = params.inpatient_sigma;
  for (std::size_t c = 0; c < kCells; ++c) {
    if (pop[c] <= 0) continue;
    const InpatientInputs in = m.cell_inputs(c, f).inpatient;
    double pk = std::exp(-in.lambda);
    for (int k = 1; k <= 12; ++k) {
      pk *= in.lambda / k;
      for (int l = 0; l < 3; ++l)
        comps.push_back({pop[c] * pk * in.w[l], std::log(in.median_yuan[l] * std::pow(k, in.theta))});
    }
  }
  double wsum = 0, mean = 0;
  for (auto& q : comps) wsum += q.w, mean += q.w * std::exp(q.mu + s * s / 2);
  auto tail = [&](double lx) {
    double t = 0;
    for (auto& q : comps) t += q.w * 0.5 * std::erfc((lx - q.mu) / s / std::sqrt(2.0));
    return t / wsum;
  };
  double lo = 0, hi = 20;
  for (int i = 0; i < 80; ++i) {
    const double mid = 0.5 * (lo + hi);
    (tail(mid) > 0.1 ? lo : hi) = mid;
  }
  double top = 0;
  for (auto& q : comps) top += q.w * std::exp(q.mu + s * s / 2) * 0.5 * std::erfc((lo - q.mu - s * s) / s / std::sqrt(2.0));
  std::printf("top 10%% of inpatients: %.3f of inpatient spending (threshold %.0f yuan)\n", top / mean, std::exp(lo));
  EXPECT_NEAR(top / mean, 0.49, 0.04);
}

// AR(1): g_n - mu = phi^n (g_0 - mu) + noise, Var g_n = sd^2 (1 - phi^{2n}) / (1 - phi^2); the
// long-run variance is sd^2 / (1 - phi^2). Goodness of fit on 20,000 paths (4-sigma bands).
TEST_F(CostTest, ExcessTrendMatchesAr1ClosedForm) {
  CostModel m(params, health);
  const double mu = params.excess_trend_long_run_per_year, phi = 1 - params.excess_trend_reversion_speed;
  const double sd = params.excess_trend_volatility_per_year, g0 = params.excess_trend_initial_per_year;
  const int n = 20000;
  for (int step : {1, 3, 10, 60}) {
    double s1 = 0, s2 = 0, l1 = 0;
    for (int d = 0; d < n; ++d) {
      const CostPath p = m.sample_path(11, static_cast<std::uint64_t>(d), 2022 + 60);
      const double g = p.excess_growth[static_cast<std::size_t>(step - 1)];
      s1 += g;
      s2 += g * g;
      l1 += p.log_utilisation_index[static_cast<std::size_t>(step - 1)];
    }
    const double mean = s1 / n, var = s2 / n - mean * mean;
    const double m0 = mu + std::pow(phi, step) * (g0 - mu);
    const double v0 = sd * sd * (1 - std::pow(phi, 2 * step)) / (1 - phi * phi);
    EXPECT_NEAR(mean, m0, 4 * std::sqrt(v0 / n)) << step;
    EXPECT_NEAR(var, v0, 4 * v0 * std::sqrt(2.0 / n)) << step;
    // Utilisation: random walk with drift, mean step x drift.
    const double vu = step * params.utilisation_volatility_per_year * params.utilisation_volatility_per_year;
    EXPECT_NEAR(l1 / n, step * params.utilisation_drift_per_year, 4 * std::sqrt(vu / n)) << step;
  }
  EXPECT_NEAR(sd * sd / (1 - phi * phi), sd * sd * (1 - std::pow(phi, 120)) / (1 - phi * phi), 1e-12);
}

TEST_F(CostTest, ShocksAndPolicyPhaseIn) {
  CostModel m(params, health);
  // The shock levels reproduce the reported y/y spending changes against 8% underlying growth.
  const Schedule& sh = params.utilisation_shock_multiplier;
  EXPECT_NEAR(sh.at(2020) / sh.at(2019) * 1.08, 0.991, 0.001);
  EXPECT_NEAR(sh.at(2021) / sh.at(2020) * 1.08, 1.139, 0.001);
  EXPECT_NEAR(sh.at(2022) / sh.at(2021) * 1.08, 1.006, 0.001);
  EXPECT_NEAR(m.shock_multiplier(2022), 1.0, 1e-12);
  EXPECT_NEAR(m.shock_multiplier(2030), 1.0 / 0.901, 1e-12);  // post-COVID rebound vs depressed 2022
  // DRG/DIP: 1 - 0.05 min(1, (y - 2021)/4) relative to 2022.
  const double b = 1 - 0.05 / 4;
  EXPECT_NEAR(m.policy_multiplier(kInpatientService, true, 2024), (1 - 0.05 * 3 / 4) / b, 1e-12);
  EXPECT_NEAR(m.policy_multiplier(kInpatientService, true, 2040), 0.95 / b, 1e-12);
  EXPECT_NEAR(m.policy_multiplier(kOutpatientService, true, 2040), 1.0, 1e-12);
  // VBP: 1 - 0.3 min(1, (y - 2018)/5) relative to 2022 (0.76).
  EXPECT_NEAR(m.policy_multiplier(kTwoDiseasesDiabetes, true, 2030), 0.70 / 0.76, 1e-12);
  // Factors combine: unit cost = prices x exp(excess) x policy.
  const CostPath p = m.expected_path(2040);
  const YearFactors f = m.factors(2030, p);
  EXPECT_NEAR(f.unit_cost[kInpatientService],
              m.price_index(2030) * std::exp(p.log_excess_index[7]) * 0.95 / b, 1e-12);
  EXPECT_NEAR(m.price_index(2030), std::pow(1.01, 8), 1e-12);
}

// 两病 users: for a treated, not-severe hypertensive the unconditional probability (1 - p_cs) p_h
// equals t x e; the adult share drawing the benefit is prevalence x treated x e (about 8%).
TEST_F(CostTest, TwoDiseasesUptake) {
  CostModel m(params, health);
  const YearFactors f = m.factors(2022, m.expected_path(2030));
  const double e = params.two_diseases_enrolment_share;
  const CellClaimInputs in = m.cell_inputs(cell(0, 60, kHypertension), f);
  EXPECT_NEAR((1 - in.chronic_special.p_use) * in.two_diseases_hypertension.p_use, f.treated_hypertension * e, 1e-12);
  EXPECT_EQ(in.two_diseases_diabetes.p_use, 0.0);
  double users = 0, adults = 0;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 18; age < kAges; ++age)
      for (int s = 0; s < kStates; ++s) {
        const CellClaimInputs c = m.cell_inputs(cell(sex, age, s), f);
        users += pop[cell(sex, age, s)] * (1 - c.chronic_special.p_use) * c.two_diseases_hypertension.p_use;
        adults += pop[cell(sex, age, s)];
      }
  std::printf("adults drawing 两病 hypertension 2022: %.4f\n", users / adults);
  EXPECT_GT(users / adults, 0.06);
  EXPECT_LT(users / adults, 0.10);
  // Uptake rises with the treated share.
  const YearFactors f2 = m.factors(2035, m.expected_path(2040));
  EXPECT_GT(m.cell_inputs(cell(0, 60, kHypertension), f2).two_diseases_hypertension.p_use, in.two_diseases_hypertension.p_use);
}

TEST_F(CostTest, ServiceMix) {
  CostModel m(params, health);
  const CostPath p = m.sample_path(5, 1, 2060);
  std::vector<CellClaimInputs> cells(kCells);
  ExpectedCost tot;
  const YearFactors f = m.factors(2022, p);
  m.all_cells(f, cells.data());
  for (std::size_t c = 0; c < kCells; ++c) {
    const ExpectedCost e = expected_cost(cells[c]);
    for (int s = 0; s < kServices; ++s) tot.by_service[s] += pop[c] * 1000 * e.by_service[s];
  }
  std::printf("gross 2022 (亿 yuan): inpatient %.0f outpatient %.0f chronic %.0f 两病 H %.0f D %.0f\n",
              tot.by_service[0] / 1e8, tot.by_service[1] / 1e8, tot.by_service[2] / 1e8, tot.by_service[3] / 1e8,
              tot.by_service[4] / 1e8);
  EXPECT_GT(tot.by_service[kInpatientService] / tot.total(), 0.6);
  EXPECT_LT(tot.by_service[kInpatientService] / tot.total(), 0.9);
  // Speed is measured by bench/ (BM_CostAllCells), never by a test.
}

TEST_F(CostTest, CellRatesEqualCellInputs) {
  // The projection's lean per-cell rates are the p_use / lambda fields of cell_inputs, exactly, and
  // the fields they leave out (medians, level weights, log-sds) are equal within a cost class.
  CostModel m(params, health);
  const CostPath p = m.sample_path(11, 3, 2060);
  CellRates r;
  for (int year : {2023, 2035, 2060}) {
    const YearFactors f = m.factors(year, p);
    m.cell_rates(f, r);
    const CellClaimInputs rep[2] = {m.cell_inputs(cell(0, 40, 0), f), m.cell_inputs(cell(0, 40, kSevere), f)};
    for (std::size_t c = 0; c < kCells; ++c) {
      const CellClaimInputs in = m.cell_inputs(c, f);
      ASSERT_EQ(r.inpatient_lambda[c], in.inpatient.lambda) << c;
      ASSERT_EQ(r.outpatient[c], in.outpatient.p_use) << c;
      ASSERT_EQ(r.chronic_special[c], in.chronic_special.p_use) << c;
      ASSERT_EQ(r.two_hypertension[c], in.two_diseases_hypertension.p_use) << c;
      ASSERT_EQ(r.two_diabetes[c], in.two_diseases_diabetes.p_use) << c;
      const CellClaimInputs& k = rep[(c % kStates) & kSevere ? 1 : 0];
      for (int l = 0; l < kHospitalLevels; ++l) {
        ASSERT_EQ(in.inpatient.median_yuan[l], k.inpatient.median_yuan[l]) << c;
        ASSERT_EQ(in.inpatient.w[l], k.inpatient.w[l]) << c;
      }
      ASSERT_EQ(in.inpatient.sigma, k.inpatient.sigma);
      ASSERT_EQ(in.inpatient.theta, k.inpatient.theta);
      ASSERT_EQ(in.outpatient.median_yuan, k.outpatient.median_yuan);
      ASSERT_EQ(in.chronic_special.median_yuan, k.chronic_special.median_yuan) << c;
      ASSERT_EQ(in.chronic_special.sigma, k.chronic_special.sigma) << c;
      ASSERT_EQ(in.two_diseases_hypertension.median_yuan, k.two_diseases_hypertension.median_yuan);
      ASSERT_EQ(in.two_diseases_diabetes.median_yuan, k.two_diseases_diabetes.median_yuan);
    }
  }
}

TEST_F(CostTest, ExtremeFactorsStayFinite) {
  CostModel m(params, health);
  YearFactors f = m.factors(2022, m.expected_path(2030));
  for (auto& x : f.utilisation) x = 1e6;
  for (auto& x : f.unit_cost) x = 1e6;
  f.treated_hypertension = f.treated_diabetes = 1.0;
  for (std::size_t c = 0; c < kCells; ++c) {
    const CellClaimInputs in = m.cell_inputs(c, f);
    for (const ServiceInputs* s : {&in.outpatient, &in.chronic_special, &in.two_diseases_hypertension, &in.two_diseases_diabetes}) {
      ASSERT_GE(s->p_use, 0.0);
      ASSERT_LE(s->p_use, 1.0);
    }
    ASSERT_TRUE(std::isfinite(expected_cost(in).total()));
  }
  // Far-future year beyond the sampled path: extends at the long-run mean, stays finite.
  const YearFactors g = m.factors(2300, m.sample_path(1, 1, 2030));
  for (double x : g.unit_cost) ASSERT_TRUE(std::isfinite(x));
}

TEST_F(CostTest, RejectsSchedulesNeedingContext) {
  CostParams p = params;
  p.medical_price_index.after = Schedule::After::indexed;
  EXPECT_THROW(CostModel(p, health), InputError);
  CostParams w = params;
  w.inpatient_level_weights = {0, 0, 0};
  EXPECT_THROW(CostModel(w, health), InputError);
}

// CostModel's invariant behind the engine's one read per cost class (class_inputs): within a year,
// every field of cell_inputs except lambda and the p_use fields is that of the class's
// representative cell, for every cell, in a year with unit-cost and utilisation growth.
TEST_F(CostTest, ClassInputsAreTheSameForEveryCellOfTheClass) {
  CostModel m(params, health);
  for (int year : {2022, 2031}) {
    const YearFactors f = m.factors(year, m.expected_path(2035));
    const CellClaimInputs rep[kCostClasses] = {m.class_inputs(0, f), m.class_inputs(1, f)};
    int checked = 0;
    for (std::size_t c = 0; c < kCells; ++c) {
      const CellClaimInputs in = m.cell_inputs(c, f);
      const CellClaimInputs& r = rep[cost_class(static_cast<int>(c % kStates))];
      for (int l = 0; l < kHospitalLevels; ++l) {
        ASSERT_EQ(in.inpatient.w[l], r.inpatient.w[l]) << c;
        ASSERT_EQ(in.inpatient.median_yuan[l], r.inpatient.median_yuan[l]) << c;
      }
      ASSERT_EQ(in.inpatient.theta, r.inpatient.theta) << c;
      ASSERT_EQ(in.inpatient.sigma, r.inpatient.sigma) << c;
      for (auto [a, b] : {std::pair{&in.outpatient, &r.outpatient}, {&in.chronic_special, &r.chronic_special},
                          {&in.two_diseases_hypertension, &r.two_diseases_hypertension},
                          {&in.two_diseases_diabetes, &r.two_diseases_diabetes}}) {
        ASSERT_EQ(a->median_yuan, b->median_yuan) << c;
        ASSERT_EQ(a->sigma, b->sigma) << c;
      }
      ++checked;
    }
    EXPECT_EQ(checked, static_cast<int>(kCells));
    // The classes differ (severe admissions cost more), so the read per class matters.
    EXPECT_GT(rep[1].inpatient.median_yuan[0], rep[0].inpatient.median_yuan[0]);
  }
}

}  // namespace
}  // namespace fundsim
