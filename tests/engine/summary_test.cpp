#include "engine/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "output/writer.hpp"

namespace fundsim {
namespace {

TEST(Summary, QuantilesOfAKnownSample) {
  // 1..101: type-7 quantile p is 1 + 100 p exactly.
  std::vector<double> v;
  for (int i = 101; i >= 1; --i) v.push_back(i);  // unsorted on purpose
  const Stats s = describe(v);
  EXPECT_DOUBLE_EQ(s.mean, 51.0);
  EXPECT_DOUBLE_EQ(s.p05, 6.0);
  EXPECT_DOUBLE_EQ(s.p25, 26.0);
  EXPECT_DOUBLE_EQ(s.p50, 51.0);
  EXPECT_DOUBLE_EQ(s.p75, 76.0);
  EXPECT_DOUBLE_EQ(s.p95, 96.0);
  // sd of 1..n is sqrt(n (n + 1) / 12) with the n - 1 denominator: n = 101 -> sqrt(858.5).
  EXPECT_NEAR(s.sd, std::sqrt(101.0 * 102.0 / 12.0), 1e-12);
}

TEST(Summary, QuantilesInterpolateBetweenOrderStatistics) {
  // {0, 10}: p05 = 0.5, p25 = 2.5, p50 = 5 (numpy's default linear method).
  const Stats s = describe({10.0, 0.0});
  EXPECT_DOUBLE_EQ(s.p05, 0.5);
  EXPECT_DOUBLE_EQ(s.p25, 2.5);
  EXPECT_DOUBLE_EQ(s.p50, 5.0);
  const Stats one = describe({3.0});
  EXPECT_EQ(one.p05, 3.0);
  EXPECT_EQ(one.sd, 0.0);
}

TEST(Summary, SelectedQuantilesEqualThoseOfTheSortedSample) {
  // describe selects the order statistics instead of sorting: the same quantiles bit for bit as
  // quantile_sorted on the sorted sample, for every size from 1 to 60 and larger ones, with ties.
  unsigned state = 77u;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 8) % 1000) / 7.0;
  };
  for (int size : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17, 19, 20, 21, 39, 40, 41, 60, 999, 1000, 10001})
    for (int ties = 0; ties < 2; ++ties) {
      std::vector<double> v(static_cast<std::size_t>(size));
      for (double& x : v) x = ties ? std::floor(next() / 40.0) : next();
      std::vector<double> sorted = v;
      std::sort(sorted.begin(), sorted.end());
      const Stats s = describe(v);
      EXPECT_EQ(s.p05, quantile_sorted(sorted, 0.05)) << size;
      EXPECT_EQ(s.p25, quantile_sorted(sorted, 0.25)) << size;
      EXPECT_EQ(s.p50, quantile_sorted(sorted, 0.50)) << size;
      EXPECT_EQ(s.p75, quantile_sorted(sorted, 0.75)) << size;
      EXPECT_EQ(s.p95, quantile_sorted(sorted, 0.95)) << size;
    }
}

RunResult synthetic(int draws, int years) {
  RunResult r;
  r.first_year = 2023;
  r.years = years;
  r.draws = draws;
  r.metrics = {m_balance_current, m_balance_cumulative, m_months_payable};
  r.data.assign(static_cast<std::size_t>(draws) * years * kMetricCount, 0.0);
  return r;
}

double& at(RunResult& r, int d, int y, Metric m) {
  return r.data[(static_cast<std::size_t>(d) * r.years + y) * kMetricCount + m];
}

TEST(Risk, DepletionDistributionCountsTheFirstNegativeYear) {
  // 4 draws, 3 years: draw 0 depletes in 2023, draw 1 in 2025, draws 2-3 never (draw 2 recovers
  // after a dip only in balance_current, which is not depletion).
  RunResult r = synthetic(4, 3);
  const double bal[4][3] = {{-1, -2, -3}, {5, 1, -1}, {5, 6, 7}, {1, 1, 1}};
  for (int d = 0; d < 4; ++d)
    for (int y = 0; y < 3; ++y) at(r, d, y, m_balance_cumulative) = bal[d][y];
  at(r, 2, 1, m_balance_current) = -3;
  const auto dep = depletion_distribution(r);
  ASSERT_EQ(dep.size(), 4u);
  EXPECT_EQ(dep[0].year, 2023);
  EXPECT_DOUBLE_EQ(dep[0].probability, 0.25);
  EXPECT_DOUBLE_EQ(dep[1].probability, 0.0);
  EXPECT_DOUBLE_EQ(dep[2].probability, 0.25);
  EXPECT_DOUBLE_EQ(dep[2].cumulative_probability, 0.5);
  EXPECT_EQ(dep[3].year, 0);  // never
  EXPECT_DOUBLE_EQ(dep[3].probability, 0.5);
  const auto risk = risk_table(r, WarningParams{});
  EXPECT_DOUBLE_EQ(risk[1].p_current_deficit, 0.25);
  EXPECT_DOUBLE_EQ(risk[2].p_depleted, 0.5);
}

TEST(Risk, HeadlineExhaustedByCountsAReserveThatRecovers) {
  // 2023-2026 (milestones 2025 and 2026), 4 draws: draw 0 is negative in 2024 only (it recovers),
  // draw 1 in 2026, draws 2-3 never. "Exhausted by Y" is the first depletion in Y or before:
  // 1/4 by 2025 (the in-year share is 0) and 2/4 by 2026 (in-year 1/4).
  RunResult r = synthetic(4, 4);
  const double bal[4][4] = {{5, -1, 2, 3}, {5, 4, 1, -1}, {5, 6, 7, 8}, {1, 1, 1, 1}};
  for (int d = 0; d < 4; ++d)
    for (int y = 0; y < 4; ++y) {
      at(r, d, y, m_balance_cumulative) = bal[d][y];
      at(r, d, y, m_months_payable) = 12.0;
    }
  const HeadlineFigures h = headline_figures(r, WarningParams{});
  ASSERT_EQ(h.p_depleted_by.size(), 2u);
  EXPECT_EQ(h.p_depleted_by[0], std::make_pair(2025, 0.25));
  EXPECT_EQ(h.p_depleted_by[1], std::make_pair(2026, 0.5));
  const auto risk = risk_table(r, WarningParams{});
  EXPECT_EQ(risk[2].p_depleted, 0.0);
  EXPECT_EQ(risk[3].p_depleted, 0.25);
}

TEST(Risk, WarningBandsPartitionTheDraws) {
  // Months payable -1, 2, 4, 7, 12, 20 fall in the six bands exhausted..excessive in turn.
  RunResult r = synthetic(6, 1);
  const double months[6] = {-1, 2, 4, 7, 12, 20};
  for (int d = 0; d < 6; ++d) at(r, d, 0, m_months_payable) = months[d];
  const auto w = warning_table(r, WarningParams{});
  ASSERT_EQ(w.size(), 1u);
  for (double p : {w[0].p_exhausted, w[0].p_red, w[0].p_amber, w[0].p_target, w[0].p_comfortable, w[0].p_excessive})
    EXPECT_DOUBLE_EQ(p, 1.0 / 6.0);
  EXPECT_EQ(first_red_year(w, 0.3), 2023);  // P(red or worse) = 1/3 > 0.3
  EXPECT_EQ(first_red_year(w, 0.4), 0);
}

TEST(Risk, MonthsBelowFollowTheWarningBands) {
  // Months payable 2.5, 3.5, 5, 7, 9 in five draws. Default bands (red 3, amber 6): 1/5 below red,
  // 3/5 below amber. Bands red 4, amber 8: 2/5 and 4/5. The risk table and warning table agree.
  RunResult r = synthetic(5, 1);
  const double months[5] = {2.5, 3.5, 5, 7, 9};
  for (int d = 0; d < 5; ++d) at(r, d, 0, m_months_payable) = months[d];
  const auto def = risk_table(r, WarningParams{});
  EXPECT_DOUBLE_EQ(def[0].p_months_below_red, 0.2);
  EXPECT_DOUBLE_EQ(def[0].p_months_below_amber, 0.6);
  WarningParams w;
  w.red_months = 4;
  w.amber_months = 8;
  const auto moved = risk_table(r, w);
  EXPECT_DOUBLE_EQ(moved[0].p_months_below_red, 0.4);
  EXPECT_DOUBLE_EQ(moved[0].p_months_below_amber, 0.8);
  const auto warn = warning_table(r, w);
  EXPECT_DOUBLE_EQ(moved[0].p_months_below_red, warn[0].p_exhausted + warn[0].p_red);
  EXPECT_DOUBLE_EQ(moved[0].p_months_below_amber, warn[0].p_exhausted + warn[0].p_red + warn[0].p_amber);
  // risk.csv names its columns by the bands (p_months_below_3 / _6 at the defaults, docs/DESIGN.md §2).
  EXPECT_TRUE(risk_csv(def, WarningParams{}).starts_with("year,p_current_deficit,p_depleted,p_months_below_3,p_months_below_6,"));
  EXPECT_TRUE(risk_csv(moved, w).starts_with("year,p_current_deficit,p_depleted,p_months_below_4,p_months_below_8,"));
}

}  // namespace
}  // namespace fundsim
