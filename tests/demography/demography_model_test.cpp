#include "demography/demography_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fundsim {
namespace {

TEST(Fertility, BirthsEqualTfrTimesWomenPerAgeAndSplitBySexRatio) {
  // 1000 women at every age 15..49: births = TFR x 1000 (the ASFR shape sums to 1), split
  // 1.11 : 1 (male share 1.11 / 2.11).
  const DemographyModel m{DemographyParams{}};
  PopulationByState pop = make_population();
  for (int a = 0; a < kAges; ++a) pop[cell(kFemale, a, a % kStates)] = 1000.0;
  const DemographyPath path = m.mean_path(2020, 2030);
  for (int y : {2020, 2021, 2022, 2023, 2030}) {
    const Births b = m.births(pop, path, y);
    EXPECT_NEAR(b.male + b.female, 1000.0 * path.tfr[path.index(y)], 1e-9);
    EXPECT_NEAR(b.male / b.female, 1.11, 1e-12);
  }
  // TFR history reproduced on the mean path; after 2023 +0.005/year.
  EXPECT_DOUBLE_EQ(path.tfr[0], 1.24);
  EXPECT_DOUBLE_EQ(path.tfr[3], 1.00);
  EXPECT_NEAR(path.tfr[10], 1.00 + 7 * 0.005, 1e-12);
}

TEST(Fertility, AsfrShapeLivesOnReproductiveAges) {
  const DemographyModel m{DemographyParams{}};
  double s = 0.0;
  for (int a = 0; a < kAges; ++a) {
    if (a < 15 || a > 49) {
      EXPECT_EQ(m.asfr_shape()[a], 0.0);
    }
    s += m.asfr_shape()[a];
  }
  EXPECT_NEAR(s, 1.0, 1e-12);
}

TEST(Migration, LevelTimesPatternSumsToLevel) {
  DemographyParams p;
  p.migration.net_migrants_persons = Schedule::constant(50000.0);
  p.migration.male_share = 0.6;
  const DemographyModel m{p};
  const DemographyPath path = m.mean_path(2025, 2025);
  std::vector<double> mig(kSexes * kAges);
  m.migrants(path, 2025, mig.data());
  double male = 0.0, female = 0.0;
  for (int a = 0; a < kAges; ++a) {
    male += mig[kMale * kAges + a];
    female += mig[kFemale * kAges + a];
  }
  EXPECT_NEAR(male, 30000.0, 1e-6);
  EXPECT_NEAR(female, 20000.0, 1e-6);
  EXPECT_GT(mig[kMale * kAges + 25], mig[kMale * kAges + 70]);  // labour-age peak
}

TEST(Paths, SameStreamsSamePath) {
  const DemographyModel m{DemographyParams{}};
  auto draw = [&](std::uint64_t d) {
    Rng a = make_rng(7, d, Purpose::mortality), b = make_rng(7, d, Purpose::fertility),
        c = make_rng(7, d, Purpose::migration);
    return m.sample_path(a, b, c, 2020, 2060);
  };
  const DemographyPath p1 = draw(3), p2 = draw(3), p3 = draw(4);
  EXPECT_EQ(p1.k, p2.k);
  EXPECT_EQ(p1.tfr, p2.tfr);
  EXPECT_NE(p1.k, p3.k);
}

TEST(Paths, PeriodIndexIsARandomWalkWithTheDeclaredDriftAndVolatility) {
  // Over D draws, increments k_t - k_{t-1} for t >= 2023 are i.i.d. N(drift, vol^2). With
  // n = D x 30 increments the sample mean has standard error vol / sqrt(n) and the sample sd has
  // standard error ~ vol / sqrt(2n); tolerances are 5 standard errors.
  const DemographyParams p;
  const DemographyModel m{p};
  const int draws = 400;
  double s = 0.0, ss = 0.0;
  int n = 0;
  for (int d = 0; d < draws; ++d) {
    Rng a = make_rng(11, d, Purpose::mortality), b = make_rng(11, d, Purpose::fertility),
        c = make_rng(11, d, Purpose::migration);
    const DemographyPath path = m.sample_path(a, b, c, 2022, 2052);
    // Before stochastic_from_year the path is the drift only.
    EXPECT_DOUBLE_EQ(path.k[0], 0.0);  // 2022 = reference year
    for (int t = 2023; t <= 2052; ++t) {
      const double inc = path.k[path.index(t)] - path.k[path.index(t - 1)];
      s += inc;
      ss += inc * inc;
      ++n;
    }
    for (double tfr : path.tfr) ASSERT_TRUE(std::isfinite(tfr) && tfr > 0.0);
  }
  const double mean = s / n, sd = std::sqrt(ss / n - mean * mean);
  const double vol = p.mortality.volatility_per_year;
  EXPECT_NEAR(mean, p.mortality.drift_per_year, 5.0 * vol / std::sqrt(n));
  EXPECT_NEAR(sd, vol, 5.0 * vol / std::sqrt(2.0 * n));
}

TEST(Paths, TfrNoiseIsStationaryAroundTheSchedule) {
  // log(TFR / schedule) is AR(1) with innovation sd sigma and coefficient rho starting at 0 in
  // 2023: its variance after n steps is sigma^2 (1 - rho^{2n}) / (1 - rho^2). At 2060 (n = 37)
  // that is ~ sigma^2 / (1 - rho^2); check it to 5 standard errors (se of a variance estimate
  // from D normal draws: var sqrt(2/D)).
  const DemographyParams p;
  const DemographyModel m{p};
  const int draws = 2000;
  double s = 0.0, ss = 0.0;
  for (int d = 0; d < draws; ++d) {
    Rng a = make_rng(5, d, Purpose::mortality), b = make_rng(5, d, Purpose::fertility),
        c = make_rng(5, d, Purpose::migration);
    const DemographyPath path = m.sample_path(a, b, c, 2020, 2060);
    EXPECT_DOUBLE_EQ(path.tfr[path.index(2022)], 1.03);  // data years exact
    const double x = std::log(path.tfr[path.index(2060)] / p.fertility.tfr.at(2060));
    s += x;
    ss += x * x;
  }
  const double rho = p.fertility.tfr_persistence, sig = p.fertility.tfr_volatility;
  const double var = sig * sig * (1.0 - std::pow(rho, 2 * 37)) / (1.0 - rho * rho);
  const double mean = s / draws, v = ss / draws - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5.0 * std::sqrt(var / draws));
  EXPECT_NEAR(v, var, 5.0 * var * std::sqrt(2.0 / draws));
}

TEST(BasePopulation, SingleYearsSumToTheCensusTotal) {
  const DemographyParams p;
  const DemographyModel m{p};
  double t = 0.0;
  for (double v : m.base_population()) t += v;
  EXPECT_NEAR(t, *p.base_population.total_thousands * 1000.0, 1e-6 * t);
  // Without the rescaling, the file total (sum of the 42 groups) is kept.
  DemographyParams raw = p;
  raw.base_population.total_thousands.reset();
  double file = 0.0;
  for (double v : p.base_population.male_thousands) file += v;
  for (double v : p.base_population.female_thousands) file += v;
  double t2 = 0.0;
  const DemographyModel unscaled{raw};
  for (double v : unscaled.base_population()) t2 += v;
  EXPECT_NEAR(t2, file * 1000.0, 1e-6 * t2);
}

}  // namespace
}  // namespace fundsim
