#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "fixtures.hpp"
#include "health/health_model.hpp"
#include "random/streams.hpp"
#include "scenario/param.hpp"

namespace fundsim {
namespace {

// Checks every declared default against its Meta bounds and vector length.
struct BoundsVisitor {
  std::string errors;
  template <class T>
  void operator()(std::string_view key, T& v, const Meta& m = {}) {
    if constexpr (std::is_same_v<T, double>) {
      if (!(v >= m.min && v <= m.max)) errors += std::string(key) + " ";
    } else if constexpr (std::is_same_v<T, int>) {
      if (!(v >= m.min && v <= m.max)) errors += std::string(key) + " ";
    } else if constexpr (std::is_same_v<T, std::vector<double>>) {
      if (m.length >= 0 && static_cast<int>(v.size()) != m.length) errors += std::string(key) + "(length) ";
      for (double x : v)
        if (!(x >= m.min && x <= m.max)) errors += std::string(key) + " ";
    }
  }
};

// Demography emulation for tests: deaths by state q, ageing with an open 100+ group, births in
// state 0 at age 0.
void deaths_and_ageing(const HealthModel& m, PopulationByState& pop, const std::vector<double>& q,
                       const double births[kSexes]) {
  std::vector<double> qc(kCells);
  m.state_death_probabilities(pop, q.data(), qc.data());
  PopulationByState next = make_population();
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      for (int s = 0; s < kStates; ++s) {
        const std::size_t c = cell(sex, age, s);
        next[cell(sex, std::min(age + 1, kMaxAge), s)] += pop[c] * (1.0 - qc[c]);
      }
  for (int sex = 0; sex < kSexes; ++sex) next[cell(sex, 0, 0)] += births[sex];
  pop.swap(next);
}

double prevalence(const PopulationByState& pop, int sex, int age, int bit) {
  double n = 0, t = 0;
  for (int s = 0; s < kStates; ++s) {
    t += pop[cell(sex, age, s)];
    if (s & bit) n += pop[cell(sex, age, s)];
  }
  return t > 0 ? n / t : 0.0;
}

class HealthTest : public ::testing::Test {
 protected:
  std::vector<double> q = testing::base_q_2020();
  PopulationByState census = testing::census_2020();
};

TEST_F(HealthTest, DefaultsWithinDeclaredBounds) {
  HealthParams p;
  BoundsVisitor v;
  p.visit(v);
  EXPECT_EQ(v.errors, "");
}

TEST_F(HealthTest, BaseSharesAreDistributionsAndInitialisePreservesTotals) {
  HealthModel m(HealthParams{}, q);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      double t = 0;
      for (double x : m.base_shares(sex, age)) {
        EXPECT_GE(x, 0.0);
        t += x;
      }
      EXPECT_NEAR(t, 1.0, 1e-12);
    }
  PopulationByState pop = census;
  m.initialise(pop);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      EXPECT_NEAR(age_sex_total(pop, sex, age), census[cell(sex, age, 0)], 1e-9 * (1 + census[cell(sex, age, 0)]));
  // Newborns enter in state 0: base prevalence at age 0 must be 0 for consistency.
  for (int c = 0; c < kConditions; ++c) EXPECT_EQ(m.base_prevalence(kMale, 0, c), 0.0);
}

// Targets: hypertension 0.25 in 2022 (between 0.232 in 2012-15 and 0.278 in 2013-14); diabetes 0.13
// in 2022 (0.124 in 2018 + drift; also within 1 point of 0.124); 60+ diabetes 20-30% (README).
TEST_F(HealthTest, AdultPrevalence2022WithinOnePointOfTargets) {
  HealthModel m(HealthParams{}, q);
  PopulationByState pop = census;
  m.initialise(pop);
  const double h = adult_prevalence(pop, 0), d = adult_prevalence(pop, 1), s = adult_prevalence(pop, 2);
  std::printf("adult prevalence H %.4f D %.4f S %.4f\n", h, d, s);
  EXPECT_NEAR(h, 0.25, 0.01);
  EXPECT_NEAR(d, 0.13, 0.01);
  EXPECT_NEAR(d, 0.124, 0.01);
  EXPECT_GT(s, 0.02);
  EXPECT_LT(s, 0.08);
  // Diabetes among 60+.
  double n = 0, t = 0;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 60; age < kAges; ++age)
      for (int st = 0; st < kStates; ++st) {
        t += pop[cell(sex, age, st)];
        if (st & kDiabetes) n += pop[cell(sex, age, st)];
      }
  EXPECT_GT(n / t, 0.20);
  EXPECT_LT(n / t, 0.30);
  // Men above women below 60 for hypertension.
  for (int age = 25; age < 55; ++age) EXPECT_GT(m.base_prevalence(kMale, age, 0), m.base_prevalence(kFemale, age, 0));
  // Diabetics are more often hypertensive (odds ratio > 1).
  const auto& sh = m.base_shares(kMale, 60);
  const double p_h_given_d = (sh[3] + sh[7]) / (sh[2] + sh[3] + sh[6] + sh[7]);
  EXPECT_GT(p_h_given_d, m.base_prevalence(kMale, 60, 0));
  // Severe state more prevalent with hypertension or diabetes (through the incidence RRs).
  EXPECT_GT(sh[5] / (sh[1] + sh[5]), sh[4] / (sh[0] + sh[4]));
  EXPECT_GT(sh[6] / (sh[2] + sh[6]), sh[4] / (sh[0] + sh[4]));
}

// Base incidence with base mortality reproduces the marginal prevalence profile one year later at
// every age (the stationary solution), on any age structure.
TEST_F(HealthTest, StationaryUnderBaseIncidenceAndMortality) {
  HealthModel m(HealthParams{}, q);
  EXPECT_EQ(m.clamped_incidences(), 0);
  PopulationByState pop = census;
  m.initialise(pop);
  const double births[kSexes] = {1000.0, 900.0};
  m.transition_with(pop, {1.0, 1.0, 1.0});
  deaths_and_ageing(m, pop, q, births);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      for (int c = 0; c < kConditions; ++c)
        ASSERT_NEAR(prevalence(pop, sex, age, 1 << c), m.base_prevalence(sex, age, c), 1e-9)
            << "sex " << sex << " age " << age << " condition " << c;
  // The base joint mix is the cohort outcome of the base incidence, so below the open age group the
  // full joint state mix stays exactly at base for ten years; the open group 100+ mixes an inflow
  // with its own survivors in census (not stationary) proportions, so it keeps its marginals only
  // approximately.
  for (int y = 1; y < 10; ++y) {
    m.transition_with(pop, {1.0, 1.0, 1.0});
    deaths_and_ageing(m, pop, q, births);
  }
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kMaxAge; ++age) {
      const double n = age_sex_total(pop, sex, age);
      for (int s = 0; s < kStates; ++s)
        ASSERT_NEAR(pop[cell(sex, age, s)] / n, m.base_shares(sex, age)[s], 1e-9) << sex << " " << age << " " << s;
    }
  for (int sex = 0; sex < kSexes; ++sex)
    for (int c = 0; c < kConditions; ++c)
      EXPECT_NEAR(prevalence(pop, sex, kMaxAge, 1 << c), m.base_prevalence(sex, kMaxAge, c), 0.005);
  std::printf("solved incidence RR given the other disease %.3f, pooled odds ratio %.3f\n",
              m.incidence_rr_given_other(), m.pooled_odds_ratio());
  EXPECT_NEAR(m.pooled_odds_ratio(), HealthParams{}.hypertension_diabetes_odds_ratio, 1e-3);
}

// Hand-built one-condition case: only hypertension, constant prevalence P above age 30, death
// RR r. Independently of the derivation: with x = P + i (1 - P) the post-incidence share and
// k = q / (1 - x + x r) the split, the survivors' prevalence x(1 - k r) / (x(1 - k r) + (1 - x)(1 - k))
// must equal P again.
TEST_F(HealthTest, StationaryClosedFormOneCondition) {
  HealthParams p;
  p.diabetes_group_prevalence_share.assign(6, 0.0);
  p.severe_prevalence_at_20_share = 0.0;
  p.hypertension_group_prevalence_share.assign(7, 0.3);
  p.hypertension_prevalence_multiplier = 1.0;
  p.hypertension_male_excess_young_share = p.hypertension_male_excess_old_share = 0.0;
  const double r = p.death_rr_hypertension = 2.0;
  HealthModel m(p, q);
  for (int age : {30, 50, 70, 90, 100}) {
    const double P = 0.3, i = m.base_incidence(kMale, age, 0), qx = q[age];
    EXPECT_GT(i, 0.0);
    const double x = P + i * (1 - P), k = qx / (1 - x + x * r);
    const double next = x * (1 - k * r) / (x * (1 - k * r) + (1 - x) * (1 - k));
    EXPECT_NEAR(next, P, 1e-12) << age;
  }
  // Without excess mortality a flat prevalence needs no incidence.
  p.death_rr_hypertension = 1.0;
  HealthModel flat(p, q);
  EXPECT_NEAR(flat.base_incidence(kMale, 50, 0), 0.0, 1e-15);
}

TEST_F(HealthTest, ZeroIncidencePrevalenceOnlyFalls) {
  HealthParams p;
  p.hypertension_incidence_multiplier = p.diabetes_incidence_multiplier = p.severe_incidence_multiplier =
      Schedule::constant(0.0);
  HealthModel m(p, q);
  PopulationByState pop = census;
  m.initialise(pop);
  const HealthPath path = m.neutral_path(2023, 2040);
  PopulationByState before = pop;
  m.transition(pop, 2023, path);
  const double rem = p.severe_remission_per_year;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      double hb = 0, ha = 0, db = 0, da = 0, sb = 0, sa = 0;
      for (int s = 0; s < kStates; ++s) {
        const std::size_t c = cell(sex, age, s);
        if (s & kHypertension) hb += before[c], ha += pop[c];
        if (s & kDiabetes) db += before[c], da += pop[c];
        if (s & kSevere) sb += before[c], sa += pop[c];
      }
      EXPECT_NEAR(ha, hb, 1e-9 * (1 + hb));
      EXPECT_NEAR(da, db, 1e-9 * (1 + db));
      EXPECT_NEAR(sa, (1 - rem) * sb, 1e-9 * (1 + sb));  // remission only
    }
  const double births[kSexes] = {5000.0, 4500.0};
  double last[kConditions];
  for (int c = 0; c < kConditions; ++c) last[c] = adult_prevalence(pop, c);
  deaths_and_ageing(m, pop, q, births);
  for (int y = 2024; y <= 2035; ++y) {
    for (int c = 0; c < kConditions; ++c) {
      const double now = adult_prevalence(pop, c);
      EXPECT_LT(now, last[c]) << "year " << y << " condition " << c;
      last[c] = now;
    }
    m.transition(pop, y, path);
    deaths_and_ageing(m, pop, q, births);
  }
}

TEST_F(HealthTest, StateSplitReproducesQExactly) {
  HealthModel m(HealthParams{}, q);
  Rng rng = make_rng(1, 0, Purpose::test);
  for (int rep = 0; rep < 20; ++rep) {
    PopulationByState pop = make_population();
    for (double& x : pop) x = static_cast<double>(rng() % 1000);
    std::vector<double> qx(kSexes * kAges);
    for (double& x : qx) x = static_cast<double>(rng() % 1001) / 1000.0;  // 0 .. 1 inclusive
    std::vector<double> qc(kCells);
    m.state_death_probabilities(pop, qx.data(), qc.data());
    for (int sex = 0; sex < kSexes; ++sex)
      for (int age = 0; age < kAges; ++age) {
        double deaths = 0, n = 0;
        for (int s = 0; s < kStates; ++s) {
          const std::size_t c = cell(sex, age, s);
          ASSERT_GE(qc[c], 0.0);
          ASSERT_LE(qc[c], 1.0);
          deaths += pop[c] * qc[c];
          n += pop[c];
        }
        ASSERT_NEAR(deaths, qx[sex * kAges + age] * n, 1e-10 * (1 + n));
      }
  }
  // A capped case: q_x = 0.8 and RR 1.3 x 1.8 x 3 = 7.02 for state 7 forces capping.
  PopulationByState pop = make_population();
  for (int s = 0; s < kStates; ++s) pop[cell(0, 90, s)] = 10.0;
  std::vector<double> qx(kSexes * kAges, 0.8), qc(kCells);
  m.state_death_probabilities(pop, qx.data(), qc.data());
  double deaths = 0;
  for (int s = 0; s < kStates; ++s) deaths += 10.0 * qc[cell(0, 90, s)];
  EXPECT_EQ(qc[cell(0, 90, 7)], 1.0);
  EXPECT_NEAR(deaths, 0.8 * 80.0, 1e-10);
  // Empty cell: weights are the base shares, which then reproduce q_x.
  double base_deaths = 0;
  for (int s = 0; s < kStates; ++s) base_deaths += m.base_shares(0, 50)[s] * qc[cell(0, 50, s)];
  EXPECT_NEAR(base_deaths, 0.8, 1e-12);
}

TEST_F(HealthTest, TreatedSharesFollowDataAndReconcileWithNinePercent) {
  HealthModel m(HealthParams{}, q);
  EXPECT_NEAR(m.treated_share_hypertension(2018), 0.346, 1e-12);
  EXPECT_NEAR(m.treated_share_diabetes(2018), 0.329, 1e-12);
  // Back-extrapolation: 0.346 - 14 x 0.0062 = 0.2592, the 2004 figure 0.259 (Zhang BMJ 2023).
  EXPECT_NEAR(m.treated_share_hypertension(2004), 0.259, 0.001);
  // Initial yearly gain equals the parameter: c - (c - t0)(1 - g/(c - t0)) = t0 + g.
  EXPECT_NEAR(m.treated_share_hypertension(2019) - 0.346, 0.0062, 1e-12);
  for (int y = 2018; y < 2100; ++y) {
    EXPECT_GT(m.treated_share_hypertension(y + 1), m.treated_share_hypertension(y));
    EXPECT_LT(m.treated_share_hypertension(y + 1), 0.70);
  }
  // About 9% of adults draw the hypertension benefit (README): prevalence x treated share in 2022.
  PopulationByState pop = census;
  m.initialise(pop);
  const double drawing = adult_prevalence(pop, 0) * m.treated_share_hypertension(2022);
  std::printf("adults treated for hypertension 2022: %.4f\n", drawing);
  EXPECT_NEAR(drawing, 0.09, 0.01);
}

// The per-draw log random walk: log multiplier at year t has mean 0 and variance t sigma^2.
TEST_F(HealthTest, IncidencePathIsLogRandomWalk) {
  HealthModel m(HealthParams{}, q);
  const double sd = HealthParams{}.incidence_trend_volatility_per_year;
  const int n = 4000, t = 16;
  double s1 = 0, s2 = 0;
  for (int d = 0; d < n; ++d) {
    Rng rng = make_rng(7, static_cast<std::uint64_t>(d), Purpose::incidence);
    const HealthPath path = m.sample_path(rng, 2023, 2060);
    const double l = std::log(path.multiplier(1, 2023 + t - 1));
    s1 += l;
    s2 += l * l;
  }
  const double mean = s1 / n, var = s2 / n - mean * mean, v0 = t * sd * sd;
  EXPECT_NEAR(mean, 0.0, 4.0 * std::sqrt(v0 / n));
  // Var of the sample variance of normals: 2 v0^2 / n -> 4 sigma band.
  EXPECT_NEAR(var, v0, 4.0 * v0 * std::sqrt(2.0 / n));
  Rng a = make_rng(7, 3, Purpose::incidence), b = make_rng(7, 3, Purpose::incidence);
  EXPECT_EQ(m.sample_path(a, 2023, 2030).incidence_multiplier[0], m.sample_path(b, 2023, 2030).incidence_multiplier[0]);
}

TEST_F(HealthTest, ExtremeInputsStayFinite) {
  HealthModel m(HealthParams{}, q);
  PopulationByState pop = census;
  m.initialise(pop);
  double total0 = 0;
  for (double x : pop) total0 += x;
  m.transition_with(pop, {1e6, 1e6, 1e6});
  double total1 = 0;
  for (double x : pop) {
    ASSERT_TRUE(std::isfinite(x));
    ASSERT_GE(x, 0.0);
    total1 += x;
  }
  EXPECT_NEAR(total1, total0, 1e-9 * total0);
  std::vector<double> ones(kSexes * kAges, 1.0), qc(kCells);
  m.state_death_probabilities(pop, ones.data(), qc.data());
  for (double x : qc) ASSERT_EQ(x, 1.0);
  // Base mortality of 1 at every age must still give finite incidences.
  HealthModel harsh(HealthParams{}, ones);
  for (int age = 0; age < kAges; ++age)
    for (int c = 0; c < kConditions; ++c) ASSERT_TRUE(std::isfinite(harsh.base_incidence(kFemale, age, c)));
}

// Per draw-year cost of the health stage: transition + state mortality split.
TEST_F(HealthTest, ManyYearsOfTransitionsStayFiniteAndConservePersons) {
  // Transitions move persons between states only (deaths are the demography stage's): 2,000 years
  // of them keep every (sex, age) total. Speed is measured by bench/ (BM_HealthTransition).
  HealthModel m(HealthParams{}, q);
  PopulationByState pop = census;
  m.initialise(pop);
  const PopulationByState start = pop;
  Rng rng = make_rng(1, 1, Purpose::incidence);
  const HealthPath path = m.sample_path(rng, 2023, 2060);
  std::vector<double> qc(kCells);
  for (int r = 0; r < 2000; ++r) {
    m.transition(pop, 2023 + r % 38, path);
    m.state_death_probabilities(pop, q.data(), qc.data());
  }
  for (double x : pop) ASSERT_TRUE(std::isfinite(x));
  for (double x : qc) ASSERT_TRUE(x >= 0.0 && x <= 1.0);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      EXPECT_NEAR(age_sex_total(pop, sex, age), age_sex_total(start, sex, age),
                  1e-9 * std::max(1.0, age_sex_total(start, sex, age)));
}

}  // namespace
}  // namespace fundsim
