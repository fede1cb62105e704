// Burden measures of persons (sim/benefits/burden.hpp): the rules at their boundaries, monotonicity
// in out-of-pocket spending, a closed form for a lognormal income with spending proportional to
// income, and the table's sums over quintiles and groups.
#include "benefits/burden.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <random>

#include "scenario/errors.hpp"

namespace fundsim::benefits {
namespace {

BurdenThresholds lines(double subsistence, double low_income) {
  BurdenThresholds t;
  t.subsistence_yuan = subsistence;
  t.low_income_line_yuan = low_income;
  return t;
}

TEST(Burden, RulesAtTheirBoundaries) {
  const BurdenThresholds t = lines(6000, 8000);
  // Income 20,000: 10% = 2,000, 25% = 5,000, capacity 14,000 x 40% = 5,600, line 8,000 (12,000 to it).
  EXPECT_FALSE(burden_flags(20000, 2000, t).over_low);  // strictly above the share
  EXPECT_TRUE(burden_flags(20000, 2000.01, t).over_low);
  EXPECT_FALSE(burden_flags(20000, 5000, t).over_high);
  EXPECT_TRUE(burden_flags(20000, 5000.01, t).over_high);
  EXPECT_FALSE(burden_flags(20000, 5600, t).over_capacity);
  EXPECT_TRUE(burden_flags(20000, 5600.01, t).over_capacity);
  EXPECT_FALSE(burden_flags(20000, 12000, t).impoverished);  // left exactly at the line
  EXPECT_TRUE(burden_flags(20000, 12000.01, t).impoverished);
  EXPECT_FALSE(burden_flags(20000, 12000.01, t).further_impoverished);
  // At or below subsistence any spending exceeds the capacity to pay; below the line it further
  // impoverishes; nothing without spending.
  EXPECT_TRUE(burden_flags(6000, 1, t).over_capacity);
  EXPECT_TRUE(burden_flags(6000, 1, t).further_impoverished);
  EXPECT_FALSE(burden_flags(6000, 1, t).impoverished);
  const BurdenFlags none = burden_flags(3000, 0, t);
  EXPECT_FALSE(none.over_low || none.over_high || none.over_capacity || none.impoverished || none.further_impoverished);
  // Zero income with spending: every share measure counts.
  const BurdenFlags zero = burden_flags(0, 10, t);
  EXPECT_TRUE(zero.over_low && zero.over_high && zero.over_capacity && zero.further_impoverished);
}

TEST(Burden, MoreSpendingNeverClearsAFlag) {
  const BurdenThresholds t = lines(5000, 7000);
  std::mt19937_64 g(7);
  std::lognormal_distribution<double> income(std::log(15000.0), 0.9), spend(std::log(800.0), 1.5);
  for (int i = 0; i < 20000; ++i) {
    const double y = income(g), x = spend(g), more = x * 1.3 + 1.0;
    const BurdenFlags a = burden_flags(y, x, t), b = burden_flags(y, more, t);
    EXPECT_LE(a.over_low, b.over_low);
    EXPECT_LE(a.over_high, b.over_high);
    EXPECT_LE(a.over_capacity, b.over_capacity);
    EXPECT_LE(a.impoverished, b.impoverished);
    EXPECT_EQ(a.further_impoverished, b.further_impoverished);
    // The higher threshold never counts a person the lower one does not.
    EXPECT_LE(a.over_high, a.over_low);
  }
}

TEST(Burden, ClosedFormForSpendingProportionalToIncome) {
  // Income ~ LogNormal(mu, s) represented by N persons at the quantiles (i + 1/2) / N with equal
  // weights; spending x = c y with c = 0.15. Then every person is above 10% and none above 25%; the
  // capacity measure holds for c y > 0.4 (y - S), i.e. y < 0.4 S / (0.4 - c); impoverishment for
  // L <= y < L / (1 - c); further impoverishment for y < L. Each share is the lognormal CDF of its
  // bounds, to within 1 / N (one person at each bound).
  const double mu = std::log(18000.0), s = 0.8, c = 0.15, S = 6000, L = 8000;
  const BurdenThresholds t = lines(S, L);
  const boost::math::normal_distribution<double> z;
  const int n = 200000;
  BurdenSums sums;
  for (int i = 0; i < n; ++i) {
    const double y = std::exp(mu + s * boost::math::quantile(z, (i + 0.5) / n));
    sums.add(PersonBurden{2.5, y, c * y, 0.0, 0.0}, t);
  }
  auto F = [&](double y) { return boost::math::cdf(z, (std::log(y) - mu) / s); };
  EXPECT_DOUBLE_EQ(sums.persons, 2.5 * n);
  EXPECT_DOUBLE_EQ(sums.share_over_low(), 1.0);
  EXPECT_DOUBLE_EQ(sums.share_over_high(), 0.0);
  EXPECT_NEAR(sums.share_over_capacity(), F(0.4 * S / (0.4 - c)), 1.0 / n);
  EXPECT_NEAR(sums.share_impoverished(), F(L / (1.0 - c)) - F(L), 2.0 / n);
  EXPECT_NEAR(sums.share_further_impoverished(), F(L), 1.0 / n);
  // Mean spending: c E[Y] = c exp(mu + s^2 / 2), to the quadrature error of the quantile grid.
  EXPECT_NEAR(sums.mean_out_of_pocket_yuan() / (c * std::exp(mu + 0.5 * s * s)), 1.0, 2e-3);
}

TEST(Burden, TableSumsOverQuintilesAndGroups) {
  const BurdenThresholds t = lines(5000, 7000);
  std::mt19937_64 g(11);
  std::lognormal_distribution<double> income(std::log(15000.0), 0.9), spend(std::log(900.0), 1.6);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  BurdenTable a, b, all;
  for (int i = 0; i < 5000; ++i) {
    const PersonBurden p{0.5 + u(g), income(g), spend(g), 100 * u(g), 50 * u(g)};
    const int q = 1 + static_cast<int>(5 * u(g));
    const bool assisted = u(g) < 0.1;
    (i % 2 ? a : b).add(p, q, assisted, t);
    all.add(p, q, assisted, t);
  }
  a.merge(b);
  for (int q = 0; q < BurdenTable::kQuintiles; ++q)
    for (int gr = 0; gr < BurdenTable::kGroups; ++gr) {
      EXPECT_NEAR(a.at(q, gr).persons, all.at(q, gr).persons, 1e-9 * all.at(0, 2).persons);
      EXPECT_NEAR(a.at(q, gr).out_of_pocket_yuan, all.at(q, gr).out_of_pocket_yuan,
                  1e-9 * all.at(0, 2).out_of_pocket_yuan);
    }
  auto sum_q = [&](int gr, auto field) {
    double s = 0;
    for (int q = 1; q <= 5; ++q) s += field(all.at(q, gr));
    return s;
  };
  for (int gr = 0; gr < 3; ++gr) {
    EXPECT_NEAR(sum_q(gr, [](const BurdenSums& x) { return x.persons; }), all.at(0, gr).persons,
                1e-9 * all.at(0, 2).persons);
    EXPECT_NEAR(sum_q(gr, [](const BurdenSums& x) { return x.over_capacity; }), all.at(0, gr).over_capacity,
                1e-9 * all.at(0, 2).persons);
    EXPECT_NEAR(sum_q(gr, [](const BurdenSums& x) { return x.assistance_yuan; }), all.at(0, gr).assistance_yuan,
                1e-9 * all.at(0, 2).assistance_yuan);
  }
  for (int q = 0; q < 6; ++q)
    EXPECT_NEAR(all.at(q, 0).persons + all.at(q, 1).persons, all.at(q, 2).persons, 1e-9 * all.at(0, 2).persons);
  EXPECT_THROW(all.add(PersonBurden{}, 0, false, t), std::invalid_argument);
}

TEST(Burden, ThresholdsAreChecked) {
  BurdenThresholds t = lines(5000, 7000);
  EXPECT_NO_THROW(check_thresholds(t));
  t.share_high = 0.05;  // below share_low
  EXPECT_THROW(check_thresholds(t), InputError);
  t = lines(-1, 7000);
  EXPECT_THROW(check_thresholds(t), InputError);
  t = lines(5000, std::nan(""));
  EXPECT_THROW(check_thresholds(t), InputError);
  t = lines(5000, 7000);
  t.capacity_share = 0;
  EXPECT_THROW(check_thresholds(t), InputError);
}

}  // namespace
}  // namespace fundsim::benefits
