#include "demography/single_year.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "demography/demography_params.hpp"

namespace fundsim {
namespace {

void expect_totals(const std::vector<double>& groups, const std::vector<double>& single) {
  const int n = static_cast<int>(groups.size()) - 1;
  ASSERT_EQ(single.size(), static_cast<std::size_t>(5 * n + 1));
  for (int g = 0; g < n; ++g) {
    double s = 0.0;
    for (int j = 0; j < 5; ++j) {
      EXPECT_GE(single[5 * g + j], 0.0);
      s += single[5 * g + j];
    }
    EXPECT_NEAR(s, groups[g], 1e-9 * std::max(1.0, std::abs(groups[g]))) << "group " << g;
  }
  EXPECT_EQ(single[5 * n], groups[n]);  // open group kept as is
}

TEST(Sprague, CensusGroupTotalsReproducedExactly) {
  const BasePopulationParams p;
  expect_totals(p.male_thousands, sprague_split(p.male_thousands));
  expect_totals(p.female_thousands, sprague_split(p.female_thousands));
}

TEST(Sprague, ClippingKeepsTotalsOnSpikyInput) {
  // Alternating large and tiny groups force negative raw multipliers; totals must still hold.
  std::vector<double> g(21);
  for (int i = 0; i < 21; ++i) g[i] = (i % 2 == 0) ? 1000.0 : 1.0;
  const auto s = sprague_split(g);
  expect_totals(g, s);
}

TEST(Sprague, ReproducesACubicExactly) {
  // Sprague multipliers reproduce single-year values of any polynomial of degree <= 3 from its
  // 5-year sums in every panel (end panels use four groups, middle panels five). The cubic
  // y(x) = 1000 + 50x - 0.8x^2 + 0.004x^3 is positive on 0..99 (its minimum at x ~ 83.3 is
  // ~1927), so no clipping applies.
  auto y = [](double x) { return 1000.0 + 50.0 * x - 0.8 * x * x + 0.004 * x * x * x; };
  std::vector<double> g(21, 0.0);
  for (int x = 0; x < 100; ++x) g[x / 5] += y(x);
  g[20] = 123.0;
  const auto s = sprague_split(g);
  for (int x = 0; x < 100; ++x) EXPECT_NEAR(s[x], y(x), 1e-9 * y(x)) << "age " << x;
}

TEST(Sprague, RejectsTooFewGroups) {
  EXPECT_THROW(sprague_split({1, 2, 3, 4, 5}), std::invalid_argument);
}

}  // namespace
}  // namespace fundsim
