#include "demography/life_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "demography/demography_model.hpp"

namespace fundsim {
namespace {

// e0 by sex and both sexes (weighted by the birth shares) in `year` on the mean path.
struct E0 {
  double male, female, both;
};
E0 e0_in(const DemographyModel& m, int year) {
  const DemographyPath path = m.mean_path(year, year);
  std::vector<double> q(kSexes * kAges);
  m.death_probabilities(path, year, q.data());
  const double em = life_expectancy_at_birth(q.data());
  const double ef = life_expectancy_at_birth(q.data() + kAges);
  const double w = m.male_birth_share();
  return {em, ef, w * em + (1.0 - w) * ef};
}

TEST(LifeTable, ConstantForceGivesOneOverM) {
  // With m_x = m at every age, e0 = (1 - e^{-100m})/m + e^{-100m}/m = 1/m.
  const double m = 0.02;
  std::vector<double> q(kAges, q_from_m(m));
  EXPECT_NEAR(life_expectancy_at_birth(q.data()), 1.0 / m, 1e-9);
}

TEST(LifeTable, LifeExpectancyAtBirthIsTheTablesE0BitForBit) {
  // life_expectancy_at_birth sums the table's L_x without building it: hold it to the table on
  // smooth schedules, schedules with q = 0 and q = 1 ages and random ones.
  std::vector<std::vector<double>> cases;
  std::vector<double> q(kAges);
  for (int x = 0; x < kAges; ++x) q[x] = std::min(1.0, 0.0005 * std::exp(0.09 * x));
  cases.push_back(q);
  q[3] = 0.0, q[50] = 1.0;
  cases.push_back(q);
  unsigned s = 12345;
  for (int k = 0; k < 50; ++k) {
    for (int x = 0; x < kAges; ++x) {
      s = s * 1103515245u + 12345u;
      const double u = ((s >> 8) & 0xFFFF) / 65536.0;
      q[x] = k % 5 == 0 ? u : u * u * u * 0.2;  // some schedules with q near 1
    }
    cases.push_back(q);
  }
  for (const auto& c : cases) EXPECT_EQ(life_expectancy_at_birth(c.data()), life_table_from_q(c.data()).e[0]);
}

TEST(LifeTable, ExtremeInputsStayFinite) {
  std::vector<double> zero(kAges, 0.0), one(kAges, 1.0);
  const double e_zero = life_expectancy_at_birth(zero.data());
  EXPECT_TRUE(std::isfinite(e_zero));
  EXPECT_GT(e_zero, 100.0);                            // nobody dies before 100
  EXPECT_NEAR(life_expectancy_at_birth(one.data()), 0.0, 1e-12);  // q0 = 1: L_0 = 0
}

TEST(LifeTable, SingleYearRatesHitAbridgedRatesAtMidpoints) {
  // Log-linear interpolation passes through each 5-year group's rate at its mid-point
  // 5(i-1) + 2.5, i.e. at single age x = 5(i-1) + 2 (x + 0.5 = mid-point).
  const MortalityParams p;
  const auto m = single_year_mx(p.mx_male);
  EXPECT_EQ(m[0], p.mx_male[0]);
  for (int x = 1; x <= 4; ++x) EXPECT_EQ(m[x], p.mx_male[1]);
  for (int i = 2; i <= 20; ++i) EXPECT_NEAR(m[5 * (i - 1) + 2], p.mx_male[i], 1e-12 * p.mx_male[i]);
  EXPECT_EQ(m[100], p.mx_male[21]);
  for (int x = 30; x < 100; ++x) EXPECT_GT(m[x + 1], m[x]) << x;  // adult rates rise with age
}

TEST(LeeCarter, BWeightsSumToOne) {
  const DemographyModel m{DemographyParams{}};
  for (int sex = 0; sex < kSexes; ++sex) {
    double s = 0.0;
    for (int a = 0; a < kAges; ++a) s += m.b()[sex * kAges + a];
    EXPECT_NEAR(s, 1.0, 1e-12);
  }
}

TEST(LeeCarter, E0In2020NearUnEstimate) {
  // UN WPP 2024 gives e0 of about 78 for China around 2020 (both sexes).
  const DemographyModel m{DemographyParams{}};
  const E0 e = e0_in(m, 2020);
  std::printf("e0 2020: male %.2f female %.2f both %.2f\n", e.male, e.female, e.both);
  EXPECT_NEAR(e.both, 78.0, 1.0);
  EXPECT_GT(e.female, e.male + 3.0);  // China's female advantage is ~5-6 years
}

TEST(LeeCarter, DeterministicModeReproducesBaseSurvival) {
  DemographyParams p;
  p.mortality.drift_per_year = 0.0;
  p.mortality.volatility_per_year = 0.0;
  const DemographyModel m{p};
  Rng a = make_rng(1, 0, Purpose::test, 1), b = make_rng(1, 0, Purpose::test, 2),
      c = make_rng(1, 0, Purpose::test, 3);
  const DemographyPath path = m.sample_path(a, b, c, 2020, 2060);
  std::vector<double> q(kSexes * kAges);
  for (int year : {2020, 2040, 2060}) {
    m.death_probabilities(path, year, q.data());
    for (std::size_t i = 0; i < q.size(); ++i) EXPECT_EQ(q[i], q_from_m(m.base_mx()[i]));
  }
  // Base-year life-table survival l_{x+1}/l_x = 1 - q_x.
  const LifeTable lt = life_table_from_q(q.data());
  for (int x = 0; x < kMaxAge; ++x)
    EXPECT_NEAR(lt.l[x + 1] / lt.l[x], 1.0 - q_from_m(m.base_mx()[x]), 1e-14);
}

TEST(LeeCarter, DefaultDriftMatchesTargetGain) {
  // Derivation of mortality.drift_per_year: the drift for which deterministic e0 (both sexes)
  // gains 4.5 years from 2022 to 2050, found by bisection (e0 gain is increasing in -drift).
  const double target_gain = 4.5;
  auto gain = [&](double drift) {
    DemographyParams p;
    p.mortality.drift_per_year = drift;
    const DemographyModel m{p};
    return e0_in(m, 2050).both - e0_in(m, 2022).both;
  };
  double lo = -10.0, hi = 0.0;  // gain(lo) > target > gain(hi) = 0
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (gain(mid) > target_gain ? lo : hi) = mid;
  }
  const double solved = 0.5 * (lo + hi);
  const DemographyModel def{DemographyParams{}};
  std::printf("drift solving a %.1f-year gain 2022-2050: %.4f (default %.4f)\n", target_gain,
              solved, DemographyParams{}.mortality.drift_per_year);
  for (int y : {2020, 2022, 2030, 2050}) {
    const E0 e = e0_in(def, y);
    std::printf("e0 %d: male %.2f female %.2f both %.2f\n", y, e.male, e.female, e.both);
  }
  EXPECT_NEAR(DemographyParams{}.mortality.drift_per_year, solved, 0.01);
  // e0 rises monotonically along the deterministic path.
  double prev = 0.0;
  for (int y = 2020; y <= 2060; y += 5) {
    const double e = e0_in(def, y).both;
    EXPECT_GT(e, prev);
    prev = e;
  }
}

TEST(LeeCarter, ExtremePeriodIndexStaysFinite) {
  const DemographyModel m{DemographyParams{}};
  DemographyPath path = m.mean_path(2020, 2021);
  std::vector<double> q(kSexes * kAges);
  for (double k : {-1e6, -500.0, 500.0, 1e6}) {
    path.k[0] = k;
    m.death_probabilities(path, 2020, q.data());
    for (double v : q) {
      ASSERT_TRUE(std::isfinite(v));
      ASSERT_GE(v, 0.0);
      ASSERT_LE(v, 1.0);
    }
    EXPECT_TRUE(std::isfinite(life_expectancy_at_birth(q.data())));
  }
}

}  // namespace
}  // namespace fundsim
