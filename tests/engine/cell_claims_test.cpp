// The cell engine's claims sums and the process-noise variance (sim/engine/cell_claims.hpp) against
// their closed forms, computed here cell by cell from the Poisson probabilities.
#include "engine/cell_claims.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "benefits/two_diseases_users.hpp"

namespace fundsim::cell_claims {
namespace {

constexpr int kN = InpatientTable::kMaxAdmissions;

// P(N = n) for N ~ Poisson(lambda), n = 0..kN, with P(N > kN) put on kN (the tables' convention).
std::array<double, kN + 1> poisson_lumped(double lambda) {
  std::array<double, kN + 1> p{};
  double pn = std::exp(-lambda), cum = 0.0;
  for (int n = 0; n <= kN; ++n) {
    if (n > 0) pn *= lambda / n;
    p[static_cast<std::size_t>(n)] = pn;
    cum += pn;
  }
  p[kN] += std::max(0.0, 1.0 - cum);
  return p;
}

struct Cell {
  double lambda, general, assisted;
};

// 19 cells (two blocks of 8 lanes and a padded remainder), rates from 0.01 to 3 (the tail above kN
// matters at the top), persons in both groups.
std::vector<Cell> cells() {
  std::vector<Cell> c;
  for (int i = 0; i < 19; ++i)
    c.push_back({0.01 + 0.16 * i, 1000.0 + 37.0 * i * i, i % 3 == 0 ? 0.0 : 50.0 + 11.0 * i});
  return c;
}

// Per-admission-count rows: mean m_n and second moment s_n = m_n^2 + v_n of a person's payment given
// n admissions (any positive numbers do: the identities are algebraic).
double mean_row(int g, int n) { return (g == kGeneral ? 3000.0 : 3600.0) * n * (1.0 + 0.1 / n); }
double cat_row(int g, int n) { return n >= 2 ? (g == kGeneral ? 800.0 : 500.0) * (n - 1) * (n - 1) : 0.0; }
double second_row(int g, int n) { return mean_row(g, n) * mean_row(g, n) + 4.0e6 * n; }

TEST(CellClaims, PoissonWeightsAreTheLumpedPoissonProbabilities) {
  AdmissionCells admit;
  for (const Cell& c : cells()) admit.add(c.lambda, c.general, c.assisted);
  PoissonAccumulator acc[kGroups];
  double sq_b = 0.0, sq_c = 0.0;
  admit.accumulate<false>(acc, nullptr, sq_b, sq_c);
  for (int n = 1; n <= kN; ++n) {
    double wg = 0.0, wa = 0.0;
    for (const Cell& c : cells()) {
      const auto p = poisson_lumped(c.lambda);
      wg += c.general * p[static_cast<std::size_t>(n)];
      wa += c.assisted * p[static_cast<std::size_t>(n)];
    }
    EXPECT_NEAR(acc[kGeneral].w[static_cast<std::size_t>(n)], wg, 1e-12 * 1e5 + 1e-12 * wg) << n;
    EXPECT_NEAR(acc[kAssisted].w[static_cast<std::size_t>(n)], wa, 1e-12 * 1e4 + 1e-12 * wa) << n;
  }
  EXPECT_EQ(sq_b, 0.0);  // no noise: not accumulated
}

// The process-noise variance of the inpatient basic (and catastrophic) payment total: persons are
// independent, so Var(total) = sum_cells persons x (E[X^2] - E[X]^2) with E[X^k] = sum_n P(N = n)
// E[X^k | n]. The engine forms it as sum_n W_n s_n - sum_cells persons (sum_n P(N = n) m_n)^2.
TEST(CellClaims, ProcessNoiseVarianceMatchesItsClosedForm) {
  AdmissionCells admit;
  for (const Cell& c : cells()) admit.add(c.lambda, c.general, c.assisted);
  NoiseRows rows;
  for (int g = 0; g < kGroups; ++g)
    for (int n = 1; n <= kN; ++n) {
      rows.basic[g][n] = mean_row(g, n);
      rows.cat[g][n] = cat_row(g, n);
    }
  PoissonAccumulator acc[kGroups];
  double sq_b = 0.0, sq_c = 0.0;
  admit.accumulate<true>(acc, &rows, sq_b, sq_c);
  double second = 0.0, cat_second = 0.0;
  for (int g = 0; g < kGroups; ++g)
    for (int n = 1; n <= kN; ++n) {
      second += acc[g].w[static_cast<std::size_t>(n)] * second_row(g, n);
      cat_second += acc[g].w[static_cast<std::size_t>(n)] * cat_row(g, n) * cat_row(g, n);
    }
  const double engine_var = second - sq_b, engine_cat_var = cat_second - sq_c;

  double var = 0.0, cat_var = 0.0, mean_total = 0.0;
  for (const Cell& c : cells()) {
    const auto p = poisson_lumped(c.lambda);
    for (int g = 0; g < kGroups; ++g) {
      const double persons = g == kGeneral ? c.general : c.assisted;
      double m1 = 0.0, m2 = 0.0, c1 = 0.0, c2 = 0.0;
      for (int n = 1; n <= kN; ++n) {
        const double pn = p[static_cast<std::size_t>(n)];
        m1 += pn * mean_row(g, n);
        m2 += pn * second_row(g, n);
        c1 += pn * cat_row(g, n);
        c2 += pn * cat_row(g, n) * cat_row(g, n);
      }
      var += persons * (m2 - m1 * m1);
      cat_var += persons * (c2 - c1 * c1);
      mean_total += persons * m1;
    }
  }
  ASSERT_GT(var, 0.0);
  ASSERT_GT(cat_var, 0.0);
  EXPECT_NEAR(engine_var, var, 1e-10 * var);
  EXPECT_NEAR(engine_cat_var, cat_var, 1e-10 * cat_var);
  // And the mean the noise is added to.
  double engine_mean = 0.0;
  for (int g = 0; g < kGroups; ++g)
    for (int n = 1; n <= kN; ++n) engine_mean += acc[g].w[static_cast<std::size_t>(n)] * mean_row(g, n);
  EXPECT_NEAR(engine_mean, mean_total, 1e-12 * mean_total);
}

// Single-layer services: Var(total) = sum_cells persons (p E[X^2] - p^2 E[X]^2) for a user
// probability p and user moments E[X], E[X^2].
TEST(CellClaims, UserMixVarianceMatchesItsClosedForm) {
  UserMoments u;
  u.pay1 = 1200.0;
  u.pay2 = 1200.0 * 1200.0 + 9.0e5;
  u.oop1 = 300.0;
  u.cost1 = 1500.0;
  UserMix mix;
  double var = 0.0, users = 0.0;
  for (int i = 0; i < 25; ++i) {
    const double persons = 500.0 + 40.0 * i, p = 0.02 + 0.035 * i;
    mix.add(persons, p);
    var += persons * (p * u.pay2 - p * p * u.pay1 * u.pay1);
    users += persons * p;
  }
  ServiceTotals t;
  mix.apply(t, u, true);
  EXPECT_NEAR(t.pay_var, var, 1e-12 * var);
  EXPECT_NEAR(t.pay, users * u.pay1, 1e-12 * users * u.pay1);
  EXPECT_NEAR(t.cost, users * u.cost1, 1e-12 * users * u.cost1);
  ServiceTotals no_var;
  mix.apply(no_var, u, false);
  EXPECT_EQ(no_var.pay_var, 0.0);
}

// The year's counts and user sums in lanes (sum_counts_and_users) against one cell at a time through
// the scalar definitions (YearCounts::add_population / add_enrolled, UserMix::add,
// benefits::two_diseases_users): equal to rounding, on random populations with empty cells, cells
// without enrollees and user probabilities of 0 and 1.
TEST(CellClaims, LaneSumsEqualTheCellByCellSums) {
  std::vector<double> pop(kCells), g(kCells), a(kCells), op(kCells), cs(kCells), h(kCells), d(kCells);
  unsigned state = 2024u;
  auto u01 = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<double>(state >> 8) / 16777216.0;
  };
  for (int rep = 0; rep < 20; ++rep) {
    for (std::size_t c = 0; c < kCells; ++c) {
      const double r = u01();
      pop[c] = r < 0.05 ? 0.0 : 1e5 * u01();
      const double share = r < 0.1 ? 0.0 : u01();  // enrolled share of the cell (0: no enrollees)
      g[c] = pop[c] * share * (rep % 3 == 0 ? 1.0 : 0.9);
      a[c] = pop[c] * share - g[c];
      auto prob = [&] {
        const double v = u01();
        return v < 0.05 ? 0.0 : (v > 0.97 ? 1.0 : u01());
      };
      op[c] = prob(), cs[c] = prob(), h[c] = prob(), d[c] = prob();
    }
    YearCounts want, got;
    ClaimsSums cw, cg;
    for (int sex = 0; sex < kSexes; ++sex)
      for (int age = 0; age < kAges; ++age)
        for (int st = 0; st < kStates; ++st) {
          const std::size_t c = cell(sex, age, st);
          want.add_population(age, pop[c]);
          const double e = g[c] + a[c];
          if (e <= 0.0) continue;
          want.add_enrolled(age, st, e, a[c]);
          cw.op.add(e, op[c]);
          cw.cs[(st & kSevere) ? 1 : 0].add(e, cs[c]);
          const benefits::TwoDiseasesUsers two = benefits::two_diseases_users(cs[c], h[c], d[c]);
          cw.two_h.add(e, two.hypertension_only);
          cw.two_d.add(e, two.diabetes_only);
          cw.two_hd.add(e, two.both);
          want.two_patients += e * two.eligible * two.any_if_eligible;
        }
    sum_counts_and_users(pop.data(), g.data(), a.data(), op.data(), cs.data(), h.data(), d.data(), got, cg);
    auto near = [](double x, double y) { EXPECT_NEAR(x, y, 1e-13 * std::max(1.0, std::abs(y))) << x << " vs " << y; };
    near(got.pop_total, want.pop_total);
    near(got.pop_65, want.pop_65);
    near(got.enr_total, want.enr_total);
    near(got.enr_assisted, want.enr_assisted);
    near(got.enr_65, want.enr_65);
    near(got.adults, want.adults);
    near(got.adults_h, want.adults_h);
    near(got.adults_d, want.adults_d);
    near(got.two_patients, want.two_patients);
    const UserMix* mg[] = {&cg.op, &cg.cs[0], &cg.cs[1], &cg.two_h, &cg.two_d, &cg.two_hd};
    const UserMix* mw[] = {&cw.op, &cw.cs[0], &cw.cs[1], &cw.two_h, &cw.two_d, &cw.two_hd};
    for (int i = 0; i < 6; ++i) {
      near(mg[i]->s1, mw[i]->s1);
      near(mg[i]->s2, mw[i]->s2);
    }
  }
}

// The two-block AVX2 variant of accumulate gives the same bits as one block at a time (every
// accumulator receives its terms in the same order; neither fuses a multiply and an add), for every
// cell count from 1 to 40 (partial last blocks of either variant), with and without process noise.
TEST(CellClaims, TwoBlockVariantGivesTheSameBits) {
  if (numeric::batch_level_supported() != numeric::BatchLevel::kAvx2) GTEST_SKIP() << "no AVX2 on this machine";
  NoiseRows rows;
  for (int g = 0; g < kGroups; ++g)
    for (int n = 0; n <= kN; ++n) {
      rows.basic[g][n] = n ? mean_row(g, n) : 17.0 * (g + 1);
      rows.cat[g][n] = cat_row(g, n);
    }
  for (int count = 1; count <= 40; ++count) {
    AdmissionCells one, two;
    for (int i = 0; i < count; ++i) {
      const double lam = 0.003 + 0.097 * i, ng = 900.0 + 13.0 * i * i, na = i % 4 == 0 ? 0.0 : 40.0 + 7.0 * i;
      one.add(lam, ng, na);
      two.add(lam, ng, na);
    }
    for (bool noise : {false, true}) {
      PoissonAccumulator a1[kGroups], a2[kGroups];
      double b1 = 0.0, c1 = 0.0, b2 = 0.0, c2 = 0.0;
      if (noise) {
        one.accumulate_at<true>(false, a1, &rows, b1, c1);
        two.accumulate_at<true>(true, a2, &rows, b2, c2);
      } else {
        one.accumulate_at<false>(false, a1, nullptr, b1, c1);
        two.accumulate_at<false>(true, a2, nullptr, b2, c2);
      }
      for (int g = 0; g < kGroups; ++g) EXPECT_EQ(a1[g].w, a2[g].w) << "count " << count << " noise " << noise;
      EXPECT_EQ(b1, b2) << count;
      EXPECT_EQ(c1, c2) << count;
      if (noise) {
        EXPECT_GT(b1, 0.0);
      }
      EXPECT_EQ(two.size(), static_cast<std::size_t>(count));  // the padding is not a cell
    }
  }
}

}  // namespace
}  // namespace fundsim::cell_claims
