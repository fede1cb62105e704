#include "demography/income.hpp"

#include "scenario/errors.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fundsim {
namespace {

TEST(Income, DataYearsReproducedExactly) {
  const IncomeParams p;
  const IncomeModel m(p);
  Rng rng = make_rng(1, 2, Purpose::income);
  const IncomePath path = m.sample_income_path(rng, 2020, 2060);
  for (int y = 2020; y <= 2024; ++y) {
    EXPECT_EQ(path.national(y), p.national_yuan.at(y));
    EXPECT_EQ(path.urban(y), p.urban_yuan.at(y));
    EXPECT_EQ(path.rural(y), p.rural_yuan.at(y));
  }
  EXPECT_EQ(path.rural(2024), 23119.0);
  for (double v : path.rural_yuan) ASSERT_TRUE(std::isfinite(v) && v > 0.0);
}

TEST(Income, MeanPathFollowsTheGrowthSchedule) {
  const IncomeParams p;
  const IncomeModel m(p);
  const IncomePath path = m.mean_income_path(2015, 2050);
  for (int y = 2025; y <= 2050; ++y) {
    const double g = p.national_growth_rate.at(y);
    EXPECT_NEAR(path.national(y) / path.national(y - 1) - 1.0, g, 1e-12);
    EXPECT_NEAR(path.urban(y) / path.urban(y - 1) - 1.0, g - p.national_minus_urban_growth, 1e-12);
    EXPECT_NEAR(path.rural(y) / path.rural(y - 1) - 1.0,
                g - p.national_minus_urban_growth + p.rural_minus_urban_growth, 1e-12);
  }
  EXPECT_NEAR(p.national_growth_rate.at(2025), 0.05, 1e-15);
  EXPECT_NEAR(p.national_growth_rate.at(2040), 0.04, 1e-15);
  EXPECT_NEAR(p.national_growth_rate.at(2060), 0.04, 1e-15);
}

TEST(Income, GrowthNoiseIsAr1WithTheDeclaredMoments) {
  // u_t = rho u_{t-1} + sigma e_t from u_2024 = 0: u_2025 ~ N(0, sigma^2) exactly, and the lag-1
  // correlation of growth deviations tends to rho. Tolerances: 5 standard errors over D draws.
  const IncomeParams p;
  const IncomeModel m(p);
  const int draws = 4000;
  double s = 0.0, ss = 0.0, cross = 0.0, ss2 = 0.0;
  for (int d = 0; d < draws; ++d) {
    Rng rng = make_rng(9, d, Purpose::income);
    const IncomePath path = m.sample_income_path(rng, 2024, 2040);
    const double u1 = path.national(2025) / path.national(2024) - 1.0 - 0.05;
    const double g39 = path.national(2039) / path.national(2038) - 1.0 -
                       p.national_growth_rate.at(2039);
    const double g40 = path.national(2040) / path.national(2039) - 1.0 -
                       p.national_growth_rate.at(2040);
    s += u1;
    ss += u1 * u1;
    cross += g39 * g40;
    ss2 += g39 * g39;
  }
  const double sig = p.growth_volatility, rho = p.growth_persistence;
  EXPECT_NEAR(s / draws, 0.0, 5.0 * sig / std::sqrt(draws));
  EXPECT_NEAR(ss / draws, sig * sig, 5.0 * sig * sig * std::sqrt(2.0 / draws));
  const double corr = cross / ss2;  // ~ rho (stationary after 14 steps: rho^14 ~ 6e-5)
  EXPECT_NEAR(corr, rho, 5.0 * std::sqrt((1.0 - rho * rho) / draws));
}

TEST(Income, ExtremeVolatilityStaysFiniteAndPositive) {
  IncomeParams p;
  p.growth_volatility = 0.5;
  p.growth_persistence = 1.0;
  const IncomeModel m(p);
  Rng rng = make_rng(3, 0, Purpose::income);
  const IncomePath path = m.sample_income_path(rng, 2020, 2100);
  for (double v : path.national_yuan) ASSERT_TRUE(std::isfinite(v) && v > 0.0);
}

TEST(Income, RejectsAPathBeforeTheData) {
  const IncomeModel m{IncomeParams{}};
  EXPECT_THROW(m.mean_income_path(2010, 2030), InputError);
}

}  // namespace
}  // namespace fundsim
