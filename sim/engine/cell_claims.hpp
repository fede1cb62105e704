// The cell engine's expected claims: sums over cells of Poisson admission weights (inpatient) and of
// user probabilities (single-layer services), with the exact variance of the payment totals for the
// process noise. Moved out of cell_model.cpp unchanged so that it can be tested against closed forms
// (tests/engine/cell_claims_test.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <vector>

#include "benefits/aggregate.hpp"
#include "benefits/two_diseases_users.hpp"
#include "demography/cells.hpp"
#include "numeric/batch_math.hpp"

namespace fundsim::cell_claims {

using benefits::InpatientTable;

inline constexpr int kMaxN = InpatientTable::kMaxAdmissions;

// The expected inpatient tiers of a year are linear in each cell's Poisson weights:
// sum_c persons_c sum_n w_n(lambda_c) E[tier | n] = sum_n E[tier | n] W_n, W_n = sum_c persons_c
// w_n(lambda_c). So the cell loop only accumulates W per (cost class, group), and the tables are
// applied once per year. Only the variance (process noise) needs each cell's mixed mean.
struct PoissonAccumulator {
  std::array<double, kMaxN + 1> w{};
  double apply(const InpatientTable& t, benefits::InpatientTier k, bool second) const {
    double s = 0.0;
    for (int n = 0; n <= kMaxN; ++n)  // n = 0 is 0 unless the table has other self-pay in its base
      s += w[static_cast<std::size_t>(n)] * (second ? t.second_given(n, k) : t.mean_given(n, k));
    return s;
  }
};

// Per-cell means of basic and catastrophic payments, for the process-noise variance: E[tier | n] rows
// of the tables, by group.
struct NoiseRows {
  double basic[kGroups][kMaxN + 1] = {}, cat[kGroups][kMaxN + 1] = {};
};

inline constexpr std::array<double, kMaxN + 1> kInverse = [] {
  std::array<double, kMaxN + 1> a{};
  for (int n = 1; n <= kMaxN; ++n) a[static_cast<std::size_t>(n)] = 1.0 / n;
  return a;
}();

// 1 / n! for n = 0..kMaxN.
inline constexpr std::array<double, kMaxN + 1> kInverseFactorial = [] {
  std::array<double, kMaxN + 1> a{};
  double f = 1.0;
  for (int n = 0; n <= kMaxN; ++n) {
    if (n > 0) f *= n;
    a[static_cast<std::size_t>(n)] = 1.0 / f;
  }
  return a;
}();

// The enrolled cells of one cost class: admission rate and persons per group, gathered by the cell
// loop. accumulate() adds W_g[n] = sum_i persons_g,i P(N_i = n) for N_i ~ Poisson(lambda_i),
// n = 1..kMaxN, with the mass of P(N_i > kMaxN) put on n = kMaxN, as
//   W_g[n] = (1 / n!) sum_i persons_g,i exp(-lambda_i) lambda_i^n,
//   tail_g = sum_i persons_g,i - sum_{n <= kMaxN} W_g[n]   (clamped at 0).
// The per-cell products persons x exp(-lambda) x lambda^n cost one multiplication per group and n.
// Cells are taken kLanes at a time in independent lanes (one GCC vector: the compiler maps it onto
// the target's vector registers, lane by lane), and lanes are summed in lane order at the end, so the
// result does not depend on the instruction set. The tail is computed from the totals: its
// cancellation error, about 1e-16 of the class's persons, is far below anything it changes (the tail
// itself is below 1e-7 of the persons for the rates of the national baseline).
// With process noise it also adds sum_i persons_g,i (sum_n P(N_i = n) row_g[n])^2 for the basic and
// catastrophic rows (per cell, so with its own recurrence p_n = p_{n-1} lambda / n).
// Where the processor has AVX2 (numeric::batch_level_supported), two blocks of kLanes cells are
// stepped together in AVX2 registers: the power chains of one block alone are bound by the
// multiplier's latency, two interleaved fill it. Every accumulator still receives its terms in block
// order, and neither variant fuses a multiply and an add, so both give the same bits
// (tests/engine/cell_claims_test.cpp).
struct AdmissionCells {
  static constexpr int kLanes = 8;
  // The first size() entries are the cells; the arrays grow by doubling and are never shrunk, so a
  // year's cell loop writes into storage the earlier years allocated.
  std::vector<double> lambda, general, assisted, p0;  // p0: exp(-lambda), filled by accumulate
  std::size_t count = 0;
  std::size_t size() const { return count; }
  void clear() { count = 0; }
  void add(double lam, double persons_general, double persons_assisted) {
    if (count == lambda.size()) reserve_cells(std::max<std::size_t>(64, 2 * count));
    lambda[count] = lam;
    general[count] = persons_general;
    assisted[count] = persons_assisted;
    ++count;
  }
  void reserve_cells(std::size_t n) {
    if (n <= lambda.size()) return;
    lambda.resize(n);
    general.resize(n);
    assisted.resize(n);
    p0.resize(n);
  }
  template <bool kNoise>
  void accumulate(PoissonAccumulator* acc, const NoiseRows* rows, double& sq_basic, double& sq_cat) {
    accumulate_at<kNoise>(numeric::batch_level_supported() == numeric::BatchLevel::kAvx2, acc, rows, sq_basic, sq_cat);
  }
  // With avx2 = true the two-block AVX2 variant (the machine must have AVX2), else one block at a time.
  template <bool kNoise>
  void accumulate_at(bool avx2, PoissonAccumulator* acc, const NoiseRows* rows, double& sq_basic, double& sq_cat);

  using Lanes = double __attribute__((vector_size(kLanes * sizeof(double))));
  struct Sums {
    Lanes wg[kMaxN + 1], wa[kMaxN + 1], tg, ta, sqb, sqc;
  };
  // The cells [0, padded) in groups of kBlocks blocks (padded: count rounded up to whole groups).
  template <bool kNoise, int kBlocks>
  [[gnu::always_inline]] inline void blocks(Sums& s, const NoiseRows* rows, std::size_t padded) const;
  template <bool kNoise>
  __attribute__((target("avx2"))) void blocks_avx2(Sums& s, const NoiseRows* rows, std::size_t padded) const {
    blocks<kNoise, 2>(s, rows, padded);
  }
};

template <bool kNoise, int kBlocks>
[[gnu::always_inline]] inline void AdmissionCells::blocks(Sums& s, const NoiseRows* rows,
                                                         std::size_t padded) const {
  const Lanes zero = {}, one = zero + 1.0;
  for (std::size_t i0 = 0; i0 < padded; i0 += kLanes * kBlocks) {
    // The arrays are padded with empty cells to a whole number of kBlocks blocks (accumulate_at);
    // padding adds exact zeros.
    Lanes lam[kBlocks], g[kBlocks], a[kBlocks], e[kBlocks];
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t i = i0 + static_cast<std::size_t>(b * kLanes);
      std::memcpy(&lam[b], lambda.data() + i, sizeof(Lanes));
      std::memcpy(&g[b], general.data() + i, sizeof(Lanes));
      std::memcpy(&a[b], assisted.data() + i, sizeof(Lanes));
      std::memcpy(&e[b], p0.data() + i, sizeof(Lanes));
    }
    Lanes qg[kBlocks], qa[kBlocks];  // persons x exp(-lambda) x lambda^n
    for (int b = 0; b < kBlocks; ++b) {
      s.tg += g[b];
      s.ta += a[b];
      qg[b] = g[b] * e[b];
      qa[b] = a[b] * e[b];
    }
    for (int b = 0; b < kBlocks; ++b) {
      s.wg[0] += qg[b];
      s.wa[0] += qa[b];
    }
    for (int n = 1; n <= kMaxN; ++n) {
      for (int b = 0; b < kBlocks; ++b) {
        qg[b] *= lam[b];
        qa[b] *= lam[b];
      }
      for (int b = 0; b < kBlocks; ++b) {
        s.wg[n] += qg[b];
        s.wa[n] += qa[b];
      }
    }
    if constexpr (kNoise) {
      for (int b = 0; b < kBlocks; ++b) {
        // n = 0 rows are 0 unless the table has other self-pay in its base (wider catastrophic base)
        Lanes p = e[b], cum = e[b], bg = e[b] * rows->basic[kGeneral][0], ba = e[b] * rows->basic[kAssisted][0],
              cg = e[b] * rows->cat[kGeneral][0], ca = e[b] * rows->cat[kAssisted][0];
        for (int n = 1; n <= kMaxN; ++n) {
          p *= lam[b] * kInverse[static_cast<std::size_t>(n)];
          cum += p;
          bg += p * rows->basic[kGeneral][n];
          ba += p * rows->basic[kAssisted][n];
          cg += p * rows->cat[kGeneral][n];
          ca += p * rows->cat[kAssisted][n];
        }
        Lanes tail = one - cum;
        tail = tail > zero ? tail : zero;
        bg += tail * rows->basic[kGeneral][kMaxN];
        ba += tail * rows->basic[kAssisted][kMaxN];
        cg += tail * rows->cat[kGeneral][kMaxN];
        ca += tail * rows->cat[kAssisted][kMaxN];
        s.sqb += g[b] * bg * bg + a[b] * ba * ba;
        s.sqc += g[b] * cg * cg + a[b] * ca * ca;
      }
    }
  }
}

template <bool kNoise>
inline void AdmissionCells::accumulate_at(bool avx2, PoissonAccumulator* acc, const NoiseRows* rows,
                                          double& sq_basic, double& sq_cat) {
  // Pad to whole blocks with empty cells (rate 0, no persons, exp(-rate) taken as 0).
  const std::size_t step = kLanes * (avx2 ? 2 : 1), padded = (count + step - 1) / step * step;
  reserve_cells(padded);
  for (std::size_t i = 0; i < count; ++i) p0[i] = -lambda[i];
  numeric::exp_n(p0.data(), p0.data(), count);
  for (std::size_t i = count; i < padded; ++i) lambda[i] = general[i] = assisted[i] = p0[i] = 0.0;
  Sums s{};
  if (avx2) blocks_avx2<kNoise>(s, rows, padded);
  else blocks<kNoise, 1>(s, rows, padded);
  double sum_g = 0.0, sum_a = 0.0, mass_g = 0.0, mass_a = 0.0;
  for (int j = 0; j < kLanes; ++j) {
    sum_g += s.tg[j];
    sum_a += s.ta[j];
  }
  for (int n = 0; n <= kMaxN; ++n) {
    double sg = 0.0, sa = 0.0;
    for (int j = 0; j < kLanes; ++j) {
      sg += s.wg[n][j];
      sa += s.wa[n][j];
    }
    const double f = kInverseFactorial[static_cast<std::size_t>(n)];
    mass_g += sg * f;
    mass_a += sa * f;
    if (n == 0) continue;
    acc[kGeneral].w[static_cast<std::size_t>(n)] += sg * f;
    acc[kAssisted].w[static_cast<std::size_t>(n)] += sa * f;
  }
  acc[kGeneral].w[kMaxN] += std::max(0.0, sum_g - mass_g);
  acc[kAssisted].w[kMaxN] += std::max(0.0, sum_a - mass_a);
  if constexpr (kNoise)
    for (int j = 0; j < kLanes; ++j) {
      sq_basic += s.sqb[j];
      sq_cat += s.sqc[j];
    }
}

// Conditional (user) moments of a single-layer service: E[pay], E[pay^2], E[oop], E[oop^2], E[cost], E[cost^2].
struct UserMoments {
  double pay1 = 0, pay2 = 0, oop1 = 0, oop2 = 0, cost1 = 0, cost2 = 0;
  static UserMoments from(const benefits::ServiceMoments& m) {
    // From the moments of a population whose every member is a user (probability 1).
    UserMoments u;
    u.pay1 = m.payment.mean;
    u.pay2 = m.payment.var + m.payment.mean * m.payment.mean;
    u.oop1 = m.out_of_pocket.mean;
    u.oop2 = m.out_of_pocket.var + m.out_of_pocket.mean * m.out_of_pocket.mean;
    u.cost1 = m.total_cost.mean;
    u.cost2 = m.total_cost.var + m.total_cost.mean * m.total_cost.mean;
    return u;
  }
};

// Accumulates a service's payment, out-of-pocket and gross cost totals, and the variance of the
// payment total (sum over persons of the per-person variance; persons independent).
struct ServiceTotals {
  double pay = 0, oop = 0, cost = 0, pay_var = 0;
};

// Users of a single-layer service with user probability p: the totals are linear in sum persons x
// p, and the variance, sum persons (p E[pay^2] - p^2 E[pay]^2), is linear in sum persons x p and
// sum persons x p^2; the cell loop only accumulates those two sums.
struct UserMix {
  double s1 = 0, s2 = 0;
  void add(double persons, double p_user) {
    if (persons <= 0.0 || p_user <= 0.0) return;
    const double np = persons * p_user;
    s1 += np;
    s2 += np * p_user;
  }
  void apply(ServiceTotals& t, const UserMoments& u, bool with_var) const {
    t.pay += s1 * u.pay1;
    t.oop += s1 * u.oop1;
    t.cost += s1 * u.cost1;
    if (with_var) t.pay_var += std::max(0.0, s1 * u.pay2 - s2 * u.pay1 * u.pay1);
  }
};

// The claims sums of a year before the process noise: every field is linear in the enrolled persons
// of the cells (general and assisted), so the sums of two enrolments add, and a scaled enrolment
// scales them (the financing basis of cell_model.cpp relies on it). Variances are kept as their
// linear parts (second moments and sums of squared cell means) and clamped only when the year's
// claims are finished.
struct ClaimsSums {
  double ip_pay = 0, ip_oop = 0, ip_cost = 0, cat_claims = 0, assist = 0, cat_persons = 0;
  double ip_second = 0, cat_second = 0, sq_basic = 0, sq_cat = 0;
  UserMix op, cs[2], two_h, two_d, two_hd;
  // this += a x other
  void add_scaled(double a, const ClaimsSums& o) {
    ip_pay += a * o.ip_pay, ip_oop += a * o.ip_oop, ip_cost += a * o.ip_cost;
    cat_claims += a * o.cat_claims, assist += a * o.assist, cat_persons += a * o.cat_persons;
    ip_second += a * o.ip_second, cat_second += a * o.cat_second;
    sq_basic += a * o.sq_basic, sq_cat += a * o.sq_cat;
    UserMix* mine[] = {&op, &cs[0], &cs[1], &two_h, &two_d, &two_hd};
    const UserMix* theirs[] = {&o.op, &o.cs[0], &o.cs[1], &o.two_h, &o.two_d, &o.two_hd};
    for (int i = 0; i < 6; ++i) {
      mine[i]->s1 += a * theirs[i]->s1;
      mine[i]->s2 += a * theirs[i]->s2;
    }
  }
};

// The year's conditional user moments of the single-layer services (no enrolment in them).
struct UserMomentsYear {
  UserMoments op, cs[2], two_h, two_d, two_hd;
};

// What a year's claims step counts besides the claims (for the record step; either engine).
// Both engines count through add_population and add_enrolled (a cell's expected persons, or one
// person's weight), so the counts mean the same in each.
struct YearCounts {
  double pop_total = 0, pop_65 = 0, enr_total = 0, enr_assisted = 0, enr_65 = 0;
  double adults = 0, adults_h = 0, adults_d = 0, two_patients = 0;
  static constexpr int kOldAge = 65, kAdultAge = 18;  // pop_65 / enr_65 from, adults from
  void add_population(int age, double persons) {
    pop_total += persons;
    if (age >= kOldAge) pop_65 += persons;
  }
  // `enrolled` of health state `state` at `age`, of whom `assisted` in the assisted groups.
  void add_enrolled(int age, int state, double enrolled, double assisted) {
    enr_total += enrolled;
    enr_assisted += assisted;
    if (age >= kOldAge) enr_65 += enrolled;
    if (age >= kAdultAge) {  // adults: the prevalence metrics
      adults += enrolled;
      if (state & kHypertension) adults_h += enrolled;
      if (state & kDiabetes) adults_d += enrolled;
    }
  }
  // The enrolled counts (linear in the enrolled persons): this += a x other's.
  void add_enrolled_scaled(double a, const YearCounts& o) {
    enr_total += a * o.enr_total, enr_assisted += a * o.enr_assisted, enr_65 += a * o.enr_65;
    adults += a * o.adults, adults_h += a * o.adults_h, adults_d += a * o.adults_d;
    two_patients += a * o.two_patients;
  }
};

// The cell loop's sums in lanes of kSumLanes consecutive cells (a GCC vector of two doubles: one SSE2
// register on every x86-64; kCells is a multiple of kSumLanes).
inline constexpr std::size_t kSumLanes = 2;
static_assert(kCells % kSumLanes == 0);
using SumLanes = double __attribute__((vector_size(kSumLanes * sizeof(double))));
// Loads kSumLanes doubles.
inline void load_lanes(SumLanes& v, const double* p) { std::memcpy(&v, p, sizeof v); }
// v where a > 0 (and b > 0), +0 elsewhere: by the bits of a comparison mask (SSE2 intrinsics: GCC
// turns the same expression on vector types into a per-lane select); lane by lane elsewhere (the same
// values).
#if defined(__SSE2__)
[[gnu::always_inline]] inline SumLanes keep_where_positive(SumLanes v, SumLanes a) {
  return _mm_and_pd(v, _mm_cmpgt_pd(a, _mm_setzero_pd()));
}
[[gnu::always_inline]] inline SumLanes keep_where_positive(SumLanes v, SumLanes a, SumLanes b) {
  return _mm_and_pd(v, _mm_and_pd(_mm_cmpgt_pd(a, _mm_setzero_pd()), _mm_cmpgt_pd(b, _mm_setzero_pd())));
}
#else
inline SumLanes keep_where_positive(SumLanes v, SumLanes a, SumLanes b) {
  SumLanes r;
  for (std::size_t j = 0; j < kSumLanes; ++j) r[j] = a[j] > 0.0 && b[j] > 0.0 ? v[j] : 0.0;
  return r;
}
inline SumLanes keep_where_positive(SumLanes v, SumLanes a) { return keep_where_positive(v, a, a); }
#endif
inline double lane_sum(const SumLanes& v) {
  double s = 0.0;
  for (std::size_t j = 0; j < kSumLanes; ++j) s += v[j];
  return s;
}
// The year's counts (YearCounts::add_population for every cell, add_enrolled for every cell with
// enrollees) and the single-layer user sums of ClaimsSums (UserMix::add: outpatient, chronic/special
// by cost class, the three 两病 user classes of benefits::two_diseases_users), added to n and c. Per
// cell (kCells each): persons `pp`, enrollees by group `pg`, `pa`, user probabilities `r_op`
// (outpatient), `r_cs` (chronic/special), `r_h`, `r_d` (两病 hypertension, diabetes among non-users
// of chronic/special). Each sum is taken kSumLanes cells at a time in independent lanes, the lanes
// added in lane order at the end (the same bits on every instruction set; the order differs from one
// cell at a time by rounding only: tests/engine/cell_claims_test.cpp). A cell without enrollees adds
// nothing to the enrolled counts and user sums.
inline void sum_counts_and_users(const double* pp, const double* pg, const double* pa, const double* r_op,
                                 const double* r_cs, const double* r_h, const double* r_d, YearCounts& n,
                                 ClaimsSums& c) {
  using L = SumLanes;
  const L zero = {};
  L pop_total = zero, pop_65 = zero, enr_total = zero, enr_assisted = zero, enr_65 = zero, adults = zero,
    adults_h = zero, adults_d = zero, two_patients = zero;
  L op1 = zero, op2 = zero, cs1[2] = {zero, zero}, cs2[2] = {zero, zero}, h1 = zero, h2 = zero, d1 = zero,
    d2 = zero, hd1 = zero, hd2 = zero;
  // A user sum's terms: persons x p and persons x p^2 where both are positive (UserMix::add).
  auto user = [&](const L& e, const L& p, L& s1, L& s2) {
    const L np = keep_where_positive(e * p, e, p);
    s1 += np;
    s2 += np * p;
  };
  // One (sex, age) at a time: its eight states are four lane pairs (state bits: hypertension 1,
  // diabetes 2, severe 4), so the masks are constants here (adding 0 where a mask is 0 would leave
  // every sum's bits unchanged, so the counts are simply not added there).
  static_assert(kSumLanes == 2 && kStates == 8 && kHypertension == 1 && kDiabetes == 2 && kSevere == 4);
  const L h_lanes = {0.0, 1.0};  // the odd state of a pair has hypertension
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const std::size_t c0 = cell(sex, age, 0);
      const bool old = age >= YearCounts::kOldAge, adult = age >= YearCounts::kAdultAge;
      for (std::size_t pair = 0; pair < 4; ++pair) {
        const std::size_t c = c0 + 2 * pair;
        const bool diabetes = (2 * pair) & kDiabetes, severe = (2 * pair) & kSevere;  // of both lanes
        L x, ng, na, pcs, ph, pd, p_op;
        load_lanes(x, pp + c);
        load_lanes(ng, pg + c);
        load_lanes(na, pa + c);
        load_lanes(pcs, r_cs + c);
        load_lanes(ph, r_h + c);
        load_lanes(pd, r_d + c);
        load_lanes(p_op, r_op + c);
        pop_total += x;
        if (old) pop_65 += x;
        const L e0 = ng + na;
        const L e = keep_where_positive(e0, e0);
        enr_total += e;
        enr_assisted += keep_where_positive(na, e0);
        if (old) enr_65 += e;
        if (adult) {
          adults += e;
          adults_h += e * h_lanes;
          if (diabetes) adults_d += e;
        }
        user(e, p_op, op1, op2);
        if (severe) user(e, pcs, cs1[1], cs2[1]);
        else user(e, pcs, cs1[0], cs2[0]);
        const benefits::TwoDiseasesUsersOf<L> two = benefits::two_diseases_users(pcs, ph, pd);
        user(e, two.hypertension_only, h1, h2);
        user(e, two.diabetes_only, d1, d2);
        user(e, two.both, hd1, hd2);
        two_patients += e * two.eligible * two.any_if_eligible;
      }
    }
  n.pop_total += lane_sum(pop_total);
  n.pop_65 += lane_sum(pop_65);
  n.enr_total += lane_sum(enr_total);
  n.enr_assisted += lane_sum(enr_assisted);
  n.enr_65 += lane_sum(enr_65);
  n.adults += lane_sum(adults);
  n.adults_h += lane_sum(adults_h);
  n.adults_d += lane_sum(adults_d);
  n.two_patients += lane_sum(two_patients);
  auto put = [&](UserMix& m, const L& s1, const L& s2) {
    m.s1 += lane_sum(s1);
    m.s2 += lane_sum(s2);
  };
  put(c.op, op1, op2);
  put(c.cs[0], cs1[0], cs2[0]);
  put(c.cs[1], cs1[1], cs2[1]);
  put(c.two_h, h1, h2);
  put(c.two_d, d1, d2);
  put(c.two_hd, hd1, hd2);
}

// The claims of a year: payments, out-of-pocket and gross cost of each service, the catastrophic
// layer's claims and the assistance tier (expectations; with process noise, the payment totals
// perturbed by their exact variance).
struct YearClaims {
  ServiceTotals ip, op, cs, two;
  double cat_claims = 0.0, assist = 0.0;
  double cat_persons = 0.0;  // expected persons whose catastrophic base passes the deductible
};

}  // namespace fundsim::cell_claims
