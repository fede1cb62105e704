#include "benefits/aggregate.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numbers>
#include <optional>

#include "benefits/calculator.hpp"
#include "benefits/lognormal.hpp"
#include "benefits/two_diseases_users.hpp"
#include "numeric/batch_math.hpp"
#include "numeric/quadrature.hpp"
#include "scenario/errors.hpp"

namespace fundsim::benefits {
namespace {

constexpr double kInfD = std::numeric_limits<double>::infinity();

// Sort, drop non-positive / non-finite points and near-duplicates (relative 1e-12).
int clean_breakpoints(double* b, int n) {
  std::sort(b, b + n);
  int m = 0;
  for (int i = 0; i < n; ++i) {
    if (!(b[i] > 0.0) || !std::isfinite(b[i])) continue;
    if (m > 0 && b[i] <= b[m - 1] * (1.0 + 1e-12)) continue;
    b[m++] = b[i];
  }
  return m;
}

// First two moments of K piecewise-linear functions of X ~ LN, exact when every kink of every
// function is among the breakpoints `b` (sorted, positive, finite). eval(x, out[K]).
template <int K, class F>
void pl_moments(const LogNormalMoments& ln, const double* b, int nb, F&& eval, double* m1,
                double* m2) {
  for (int k = 0; k < K; ++k) m1[k] = m2[k] = 0.0;
  double f0[K], f1[K], c0[3], c1[3];
  eval(0.0, f0);
  ln.below(0.0, c0);
  double t0 = 0.0;
  for (int j = 0; j <= nb; ++j) {
    double beta[K];
    if (j < nb) {
      const double t1 = b[j];
      eval(t1, f1);
      ln.below(t1, c1);
      for (int k = 0; k < K; ++k) beta[k] = (f1[k] - f0[k]) / (t1 - t0);
      const double P = c1[0] - c0[0], M1 = c1[1] - c0[1], M2 = c1[2] - c0[2];
      for (int k = 0; k < K; ++k) {
        const double a = f0[k] - beta[k] * t0;
        m1[k] += a * P + beta[k] * M1;
        m2[k] += a * a * P + 2.0 * a * beta[k] * M1 + beta[k] * beta[k] * M2;
      }
      t0 = t1;
      for (int k = 0; k < K; ++k) f0[k] = f1[k];
      for (int i = 0; i < 3; ++i) c0[i] = c1[i];
    } else {
      const double h = std::max(t0, 1.0);
      eval(t0 + h, f1);
      const double P = 1.0 - c0[0], M1 = ln.raw[1] - c0[1], M2 = ln.raw[2] - c0[2];
      for (int k = 0; k < K; ++k) {
        beta[k] = (f1[k] - f0[k]) / h;
        const double a = f0[k] - beta[k] * t0;
        m1[k] += a * P + beta[k] * M1;
        m2[k] += a * a * P + 2.0 * a * beta[k] * M1 + beta[k] * beta[k] * M2;
      }
    }
  }
  for (int k = 0; k < K; ++k) m2[k] = std::max(m2[k], 0.0);
}

// Smallest x >= 0 with f(x) >= target for a nondecreasing piecewise-linear f whose kinks are among
// `kinks` (sorted); +infinity if never reached.
template <class F>
double solve_pl(F&& f, const double* kinks, int nk, double target) {
  double x0 = 0.0, f0 = f(0.0);
  if (f0 >= target) return 0.0;
  for (int i = 0; i < nk; ++i) {
    const double x1 = kinks[i], f1 = f(x1);
    if (f1 >= target) return f1 > f0 ? x0 + (target - f0) * (x1 - x0) / (f1 - f0) : x0;
    x0 = x1, f0 = f1;
  }
  const double h = std::max(x0, 1.0), f1 = f(x0 + h);
  if (!(f1 > f0)) return kInfD;
  return x0 + (target - f0) * h / (f1 - f0);
}

}  // namespace

namespace {
void check_service(const ServiceClaims& c, const char* what) {
  if (!(c.user_probability >= 0.0 && c.user_probability <= 1.0))
    throw InputError(fmt::format("{} claims: user probability must be in [0, 1]", what));
  if (!(c.median_yuan > 0.0) || !std::isfinite(c.median_yuan) || !(c.sigma >= 0.0) || !std::isfinite(c.sigma))
    throw InputError(fmt::format("{} claims: median > 0 and sigma >= 0 required", what));
}

// The cost at which a layer's payment min(ratio x (cost - d)+, cap) reaches its cap (+infinity
// without a binding cap).
double layer_cap_cost(double d, double ratio, double cap) {
  return (ratio > 0.0 && std::isfinite(cap)) ? d + cap / ratio : kInfD;
}

// The kinks of the catastrophic payment as a function of its base: the deductible D (first), the
// tier bounds above it and the point where the cap binds. Writes them to `b` (room for
// 2 + kMaxCatastrophicTiers), unsorted; returns their count.
int catastrophic_base_kinks(const CatastrophicEffective& cat, double* b) {
  int nb = 0;
  const double D = cat.deductible_yuan;
  b[nb++] = D;
  double cum = 0.0, bcap = kInfD;
  for (int k = 0; k < cat.n_tiers; ++k) {
    const double lo = std::max(D, cat.from_yuan[k]);
    const double hi = k + 1 < cat.n_tiers ? std::max(D, cat.from_yuan[k + 1]) : kInfD;
    if (k > 0 && cat.from_yuan[k] > D) b[nb++] = cat.from_yuan[k];
    if (std::isfinite(cat.cap_yuan) && std::isinf(bcap) && cat.ratio[k] > 0.0) {
      const double full = cat.ratio[k] * (hi - lo);
      if (cum + full >= cat.cap_yuan) bcap = lo + (cat.cap_yuan - cum) / cat.ratio[k];
      cum += full;
    }
  }
  if (std::isfinite(bcap)) b[nb++] = bcap;
  return nb;
}

// Kinks of the basic and catastrophic tiers of a level with ratio r in excess space e = compliant
// cost - n x d_L >= 0 (the compliant cost above the deductibles): the cap point cap / r, the
// catastrophic deductible, the tier bounds above it and the catastrophic cap point, each carried back
// from the catastrophic base (coinsurance + cost above the cap) to e. `shift` (>= 0) is the other
// self-pay already in the base (the chronic/special part under the wider rule): a base-space point b
// is reached where the inpatient part is b - shift (not at all if b <= shift). Writes them to `e`
// (room for 3 + kMaxCatastrophicTiers), sorted and cleaned (positive, finite, distinct); returns
// their count.
int excess_kinks(double r, const YearRules& rules, const CatastrophicEffective& cat, double* e, double shift) {
  const double cap = rules.inpatient_cap_yuan;
  int ne = 0;
  const double K = (r > 0.0 && std::isfinite(cap)) ? cap / r : kInfD;
  e[ne++] = K;
  const double Bk = std::isfinite(K) ? (1.0 - r) * K : kInfD;  // catastrophic base at e = K
  auto inv_base = [&](double bval) {  // e at which the catastrophic base reaches bval (> shift)
    bval -= shift;
    if (!(bval > 0.0)) return -1.0;  // reached at e = 0 already (dropped by the cleaning)
    if (r < 1.0 && bval <= Bk) return bval / (1.0 - r);
    return K + (bval - Bk);
  };
  double b[2 + kMaxCatastrophicTiers];
  const int nb = catastrophic_base_kinks(cat, b);
  // The deductible's kink: just above 0 when the deductible is 0 (so that e = 0 is not taken for it),
  // unless other self-pay already fills the base.
  b[0] = std::max(b[0], shift > 0.0 ? b[0] : 1e-300);
  for (int i = 0; i < nb; ++i) e[ne++] = inv_base(b[i]);
  return clean_breakpoints(e, ne);
}
constexpr int kExcessKinks = 3 + kMaxCatastrophicTiers;
}  // namespace

// The reference construction: every kink located in compliant-cost space and every tier evaluated by
// settle_inpatient at it. InpatientTable uses a faster construction with the same kinks (below);
// the tests hold the two together.
void inpatient_conditional_moments(int n, Level level, double mu, double sigma, const YearRules& rules,
                                   const CatastrophicEffective& cat, Group group, double* out1,
                                   double* out2, double other_base) {
  const int l = static_cast<int>(level);
  const double s = rules.compliant_share;
  const double nd = n * rules.inpatient_deductible_yuan[l];
  const double r = rules.inpatient_ratio[l];
  auto eval = [&](double x, double* o) {
    const double y = s * x;
    const double ded = std::min(y, nd);
    const InpatientSettlement st = settle_inpatient(y, ded, r * (y - ded), rules, cat, group, other_base);
    o[kBasic] = st.basic_yuan;
    o[kCatastrophic] = st.catastrophic_yuan;
    o[kAssistance] = st.assistance_yuan;
    o[kOutOfPocket] = x - st.basic_yuan - st.catastrophic_yuan - st.assistance_yuan;
    o[kTotalCost] = x;
  };
  // Kinks in compliant-cost space y: the deductible nd and nd + every excess kink.
  double y[2 + kExcessKinks];
  int ny = excess_kinks(r, rules, cat, y, other_base);
  for (int i = 0; i < ny; ++i) y[i] += nd;
  y[ny++] = nd;
  ny = clean_breakpoints(y, ny);
  // Assistance limit: the assistance base is nondecreasing and piecewise linear in y with the kinks
  // above; solve share x base(y) = limit.
  if (group == kAssisted && rules.assistance_share > 0.0 && std::isfinite(rules.assistance_limit_yuan)) {
    auto abase = [&](double yy) {
      const double ded = std::min(yy, nd);
      return settle_inpatient(yy, ded, r * (yy - ded), rules, cat, group, other_base).assistance_base_yuan;
    };
    const double ya = solve_pl(abase, y, ny, rules.assistance_limit_yuan / rules.assistance_share);
    y[ny++] = ya;
    ny = clean_breakpoints(y, ny);
  }
  if (!(s > 0.0)) ny = 0;
  for (int i = 0; i < ny; ++i) y[i] /= s;  // to total-cost space
  const LogNormalMoments ln(mu, sigma);
  pl_moments<kInpatientTiers>(ln, y, ny, eval, out1, out2);
}

namespace {
// The fast construction. For the general group every tier is a function of the excess e alone, so
// the kinks in e and the basic and catastrophic payments at them (from settle_inpatient) are found
// once per level and table; an entry (n, level) only shifts them by n x d_L, adds the assistance
// tier (a function of the compliant cost and the two payments, as in settle_inpatient) with its
// limit point, and integrates the lognormal between the knots.
struct ExcessKnots {
  int m = 0;  // knots e[0] = 0 < e[1] < ... < e[m - 1]
  double shift = 0;  // other self-pay in the catastrophic and assistance bases (wider base)
  double e[1 + kExcessKinks]{}, basic[1 + kExcessKinks]{}, cat[1 + kExcessKinks]{};
  double slope_basic = 0, slope_cat = 0;  // per yuan of e beyond e[m - 1]
};

ExcessKnots excess_knots(double r, const YearRules& rules, const CatastrophicEffective& cat, Group group,
                         double shift) {
  ExcessKnots k;
  k.shift = shift;
  k.m = 1 + excess_kinks(r, rules, cat, k.e + 1, shift);
  for (int i = 0; i < k.m; ++i) {
    const InpatientSettlement st = settle_inpatient(k.e[i], 0.0, r * k.e[i], rules, cat, group, shift);
    k.basic[i] = st.basic_yuan;
    k.cat[i] = st.catastrophic_yuan;
  }
  const double last = k.e[k.m - 1], h = std::max(last, 1.0);
  const InpatientSettlement st = settle_inpatient(last + h, 0.0, r * (last + h), rules, cat, group, shift);
  k.slope_basic = (st.basic_yuan - k.basic[k.m - 1]) / h;
  k.slope_cat = (st.catastrophic_yuan - k.cat[k.m - 1]) / h;
  return k;
}

constexpr int kMaxKnots = 4 + kExcessKinks;

// Knots in compliant-cost space of one entry: y and the basic, catastrophic and assistance payments.
struct EntryKnots {  // no default initialisers: filled by entry_knots (m first)
  int m;
  double y[kMaxKnots], basic[kMaxKnots], cat[kMaxKnots], assist[kMaxKnots];
  void push(double yy, double b, double c, double a) {
    y[m] = yy, basic[m] = b, cat[m] = c, assist[m] = a;
    ++m;
  }
};

void entry_knots(const ExcessKnots& k, double nd, const YearRules& rules, bool assisted, EntryKnots& out) {
  out.m = 0;
  // Below the deductibles (e = 0) basic is 0 and catastrophic is its value at e = 0 (0 unless the
  // other self-pay in the base passes the catastrophic deductible alone).
  const double cat0 = k.cat[0], b0 = k.shift - cat0;  // assistance base at y = 0
  auto assist = [&](double y, double b, double c) {
    return assisted ? assistance_payment(y, b, c, rules, k.shift) : 0.0;
  };
  out.push(0.0, 0.0, cat0, assist(0.0, 0.0, cat0));
  const bool limited = assisted && rules.assistance_share > 0.0 && std::isfinite(rules.assistance_limit_yuan);
  const double ystar = limited ? rules.assistance_limit_yuan / rules.assistance_share : kInfD;
  bool placed = !limited || !(ystar > b0);
  if (!placed && ystar - b0 < nd) {  // below the deductible the assistance base is y + b0
    out.push(ystar - b0, 0.0, cat0, rules.assistance_limit_yuan);
    placed = true;
  }
  double base_prev = b0;  // assistance base at the previous excess knot
  for (int i = 0; i < k.m; ++i) {
    const double y = nd + k.e[i];
    const double base = y + k.shift - k.basic[i] - k.cat[i];
    if (!placed && i > 0 && base_prev < ystar && ystar < base) {
      const double f = (ystar - base_prev) / (base - base_prev);
      const int j = out.m - 1;
      out.push(out.y[j] + f * (y - out.y[j]), out.basic[j] + f * (k.basic[i] - out.basic[j]),
               out.cat[j] + f * (k.cat[i] - out.cat[j]), rules.assistance_limit_yuan);
      placed = true;
    }
    if (!placed && base == ystar) placed = true;
    if (y > out.y[out.m - 1]) out.push(y, k.basic[i], k.cat[i], assist(y, k.basic[i], k.cat[i]));
    base_prev = base;
  }
  const double slope_base = 1.0 - k.slope_basic - k.slope_cat;
  if (!placed && ystar > base_prev && slope_base > 0.0) {
    const int j = out.m - 1;
    const double dy = (ystar - base_prev) / slope_base;
    out.push(out.y[j] + dy, out.basic[j] + k.slope_basic * dy, out.cat[j] + k.slope_cat * dy,
             rules.assistance_limit_yuan);
  }
}

// Moments of the five tiers over X ~ ln for the knots of `k` (compliant share s > 0): between knots
// every tier is linear in x = y / s; beyond the last knot basic and catastrophic follow the excess
// slopes and assistance its formula. below[3 (j - 1) + i] = E[X^i; X < y_j / s] for knots j >= 1
// (i = 2 only with second moments). K2 is the number of leading tiers whose second moments are
// integrated (0; 2: basic and catastrophic; 5: all). Without second moments only the three payments
// are integrated: out of pocket is then E[X] minus them, and total cost E[X].
// kBaseOnly: only the tiers that depend on the other self-pay in the catastrophic base are integrated
// (catastrophic and assistance means; the catastrophic second moment if K2 = 2); the others are left
// 0 (a chronic/special user's sub-tables: the user's table takes them from the plain table).
template <int K2, bool kBaseOnly = false>
void knot_moments(const EntryKnots& k, double s, const ExcessKnots& ek, const YearRules& rules, bool assisted,
                  const LogNormalMoments& ln, const double* below, double* m1, double* m2) {
  static_assert(K2 == 0 || K2 == 2 || K2 == kInpatientTiers);
  static_assert(!kBaseOnly || K2 != kInpatientTiers);
  constexpr bool kSecond = K2 > 0;
  constexpr bool kAllTiers = kSecond && !kBaseOnly;
  constexpr int K = kAllTiers ? kInpatientTiers : 3;  // tiers integrated: basic, catastrophic, assistance (, oop, total)
  constexpr int T0 = kBaseOnly ? kCatastrophic : kBasic;  // first tier integrated
  constexpr int T2 = kBaseOnly ? (kSecond ? kCatastrophic + 1 : 0) : K2;  // second moments of tiers T0..T2-1
  for (int t = 0; t < kInpatientTiers; ++t) m1[t] = m2[t] = 0.0;
  double f0[K] = {}, c0[3] = {0, 0, 0}, t0 = 0.0;
  auto values = [&](double x, double b, double c, double a, double* f) {
    f[kBasic] = b, f[kCatastrophic] = c, f[kAssistance] = a;
    if constexpr (kAllTiers) f[kOutOfPocket] = x - b - c - a, f[kTotalCost] = x;
  };
  values(0.0, k.basic[0], k.cat[0], k.assist[0], f0);  // payments on the other self-pay alone (0 without)
  auto accumulate = [&](const double* f1, double inv_dx, double P, double M1, double M2) {
    double beta[K], a[K];
    for (int t = T0; t < K; ++t) {
      beta[t] = (f1[t] - f0[t]) * inv_dx;
      a[t] = f0[t] - beta[t] * t0;
      m1[t] += a[t] * P + beta[t] * M1;
    }
    for (int t = T0; t < T2; ++t) m2[t] += a[t] * a[t] * P + 2.0 * a[t] * beta[t] * M1 + beta[t] * beta[t] * M2;
  };
  for (int j = 1; j < k.m; ++j) {
    const double t1 = k.y[j] / s;
    double f1[K];
    values(t1, k.basic[j], k.cat[j], k.assist[j], f1);
    const double* c1 = below + 3 * (j - 1);
    accumulate(f1, 1.0 / (t1 - t0), c1[0] - c0[0], c1[1] - c0[1], c1[2] - c0[2]);
    t0 = t1;
    for (int t = 0; t < K; ++t) f0[t] = f1[t];
    for (int i = 0; i < 3; ++i) c0[i] = c1[i];
  }
  // Tail: linear beyond the last knot (y = s t0); its slopes from a point one step further.
  const double h = std::max(t0, 1.0), y1 = s * (t0 + h), dy = y1 - s * t0;
  const double b1 = f0[kBasic] + ek.slope_basic * dy, cc1 = f0[kCatastrophic] + ek.slope_cat * dy;
  const double a1 = assisted ? assistance_payment(y1, b1, cc1, rules, ek.shift) : 0.0;
  double f1[K];
  values(t0 + h, b1, cc1, a1, f1);
  accumulate(f1, 1.0 / h, 1.0 - c0[0], ln.raw[1] - c0[1], kSecond ? ln.raw[2] - c0[2] : 0.0);
  if constexpr (!kSecond && !kBaseOnly) {
    m1[kTotalCost] = ln.raw[1];
    m1[kOutOfPocket] = ln.raw[1] - m1[kBasic] - m1[kCatastrophic] - m1[kAssistance];
  }
  for (int t = 0; t < kInpatientTiers; ++t) m2[t] = std::max(m2[t], 0.0);
}
}  // namespace

// The partial lognormal moments of the knots of every entry of one table (knot x_j = y_j / s and
// E[X^i; X < x_j]), kept for the other tables of the same claims, rules, group and second moments
// that differ only in the other self-pay: the sub-tables of a chronic/special user's table. Their
// knots that do not depend on the other self-pay (the n deductibles, the basic cap point) are equal
// to the last bit, and the same argument gives the same value (numeric/batch_math.hpp), so each
// sub-table is bit for bit the one computed in full.
struct InpatientTable::KnotMemo {
  static constexpr int kEntries = kMaxAdmissions * kLevels;
  bool base_only = false;  // the tables hold only the tiers that depend on the other self-pay (knot_moments)
  bool filled = false;
  long reused = 0;  // knots taken from the memo
  std::array<int, kEntries> count{};
  std::array<std::array<double, kMaxKnots>, kEntries> x{};
  std::array<std::array<std::array<double, 3>, kMaxKnots>, kEntries> below{};
  // Each entry's lognormal (its raw moments: two exponentials), the same in every table of the family.
  std::array<std::optional<LogNormalMoments>, kEntries> ln{};
};

namespace {
void check_claims(const InpatientClaims& c) {
  double wsum = 0.0;
  for (int l = 0; l < kLevels; ++l) {
    if (!(c.level_weights[l] >= 0.0) || !std::isfinite(c.level_weights[l]))
      throw InputError("inpatient claims: level weights must be finite and >= 0");
    if (!(c.median_yuan[l] > 0.0) || !std::isfinite(c.median_yuan[l]))
      throw InputError("inpatient claims: medians must be finite and > 0");
    wsum += c.level_weights[l];
  }
  if (std::abs(wsum - 1.0) > 1e-9) throw InputError("inpatient claims: level weights must sum to 1");
  if (!std::isfinite(c.theta) || !(c.sigma >= 0.0) || !std::isfinite(c.sigma) || !(c.scale > 0.0) ||
      !std::isfinite(c.scale))
    throw InputError("inpatient claims: theta finite, sigma >= 0 and scale > 0 required");
  for (int l = 0; l < kLevels; ++l)
    if (!(c.sigma_of(l) >= 0.0) || !std::isfinite(c.sigma_of(l)))
      throw InputError("inpatient claims: sigma + sigma_extra must be finite and >= 0 at every level");
}
}  // namespace

InpatientTable::InpatientTable(const InpatientClaims& c, const YearRules& rules, Group group, SecondMoments second,
                               double other_base_yuan, KnotMemo* memo)
    : second_(second) {
  const bool second_moments = second != SecondMoments::kNone;
  check_claims(c);
  if (!(other_base_yuan >= 0.0) || !std::isfinite(other_base_yuan))
    throw InputError("inpatient claims: the other self-pay in the catastrophic base must be finite and >= 0");
  const CatastrophicEffective cat = rules.catastrophic_for(group);
  const bool assisted = group == kAssisted;
  const double shift = other_base_yuan;
  // No admission: only the other self-pay (the catastrophic and assistance payments on it; booked
  // against inpatient out of pocket, which they reduce).
  const InpatientSettlement none = settle_inpatient(0.0, 0.0, 0.0, rules, cat, group, shift);
  set_entry(0, none.catastrophic_yuan, none.assistance_yuan, none.catastrophic_yuan > 0.0 ? 1.0 : 0.0);
  const double s = rules.compliant_share, lscale = std::log(c.scale);
  // log-median of the annual cost given n admissions at level l (the logs of the medians and of n
  // taken once)
  double log_median[kLevels];
  for (int l = 0; l < kLevels; ++l) log_median[l] = std::log(c.median_yuan[l]);
  static const std::array<double, kMaxAdmissions + 1> kLogN = [] {
    std::array<double, kMaxAdmissions + 1> a{};
    for (int n = 1; n <= kMaxAdmissions; ++n) a[static_cast<std::size_t>(n)] = std::log(static_cast<double>(n));
    return a;
  }();
  auto mu_of = [&](int n, int l) {
    return log_median[l] + c.theta * kLogN[static_cast<std::size_t>(n)] + lscale;
  };
  if (!(s > 0.0)) {  // nothing is compliant: no inpatient payments
    for (int n = 1; n <= kMaxAdmissions; ++n) {
      set_entry(n, none.catastrophic_yuan, none.assistance_yuan, pcat_[0]);
      for (int l = 0; l < kLevels; ++l) {
        const double w = c.level_weights[l];
        if (w <= 0.0) continue;
        const LogNormalMoments ln(mu_of(n, l), c.sigma_of(l));
        m1_[kOutOfPocket][n] += w * ln.raw[1];
        m1_[kTotalCost][n] += w * ln.raw[1];
        if (second == SecondMoments::kAll) {  // (X - paid)^2 with the constant payments paid = catastrophic + assistance
          const double paid = none.catastrophic_yuan + none.assistance_yuan;
          m2_[kOutOfPocket][n] += w * (ln.raw[2] - 2.0 * paid * ln.raw[1]);
          m2_[kTotalCost][n] += w * ln.raw[2];
        }
      }
    }
    return;
  }
  ExcessKnots ek[kLevels];
  for (int l = 0; l < kLevels; ++l)
    if (c.level_weights[l] > 0.0) ek[l] = excess_knots(rules.inpatient_ratio[l], rules, cat, group, shift);
  // Every entry's knots first, then the logs and normal CDFs of all knots in two batches
  // (numeric::log_n, erfc_n), then each entry's moments.
  constexpr int kEntries = kMaxAdmissions * kLevels;
  struct Entry {  // every field set below (no initialisers: the array is not cleared first)
    int n, level, first;  // first: index of the entry's knot 1 in the batch arrays
    double mu;
    EntryKnots knots;
  };
  std::array<Entry, kEntries> entries;
  int ne = 0, nk = 0;
  for (int n = 1; n <= kMaxAdmissions; ++n) {
    for (int l = 0; l < kLevels; ++l) {
      if (c.level_weights[l] <= 0.0) continue;
      Entry& e = entries[static_cast<std::size_t>(ne++)];
      e.n = n, e.level = l, e.first = nk;
      e.mu = mu_of(n, l);
      entry_knots(ek[l], n * rules.inpatient_deductible_yuan[l], rules, assisted, e.knots);
      nk += e.knots.m - 1;
    }
  }
  constexpr int kMaxBatch = kEntries * kMaxKnots;
  // Each level has its own log-sd (sigma + sigma_extra[l]); a level with sigma ~ 0 is a point mass.
  auto point_mass = [&](int l) { return c.sigma_of(l) <= 1e-12; };
  // below[3 j + i] = E[X^i; X < x_j] at every knot j (i = 2 only with second moments): from the memo
  // where it holds the entry's knot, from a point mass directly, else through the batches below.
  std::array<double, kMaxBatch> xs, lx;  // the knots computed through the batches, their logs
  std::array<double, 3 * kMaxBatch> arg, cdf, below;
  std::array<int, kMaxBatch> todo;  // knots (batch indices) computed through the batches
  std::array<int, kMaxBatch> owner;  // the entry of each knot in todo
  const bool use_memo = memo && memo->filled;
  const bool base_only = memo && memo->base_only;
  if (base_only && second == SecondMoments::kAll) throw std::logic_error("InpatientTable: base-only tables hold no kAll");
  auto memo_key = [](const Entry& e) { return static_cast<std::size_t>((e.n - 1) * kLevels + e.level); };
  int nt = 0;
  std::array<std::optional<LogNormalMoments>, kEntries> lns;  // each entry's lognormal
  for (int i = 0; i < ne; ++i) {
    const Entry& e = entries[static_cast<std::size_t>(i)];
    const std::size_t k = memo_key(e);
    const LogNormalMoments& ln = use_memo && memo->ln[k] ? lns[static_cast<std::size_t>(i)].emplace(*memo->ln[k])
                                                         : lns[static_cast<std::size_t>(i)].emplace(e.mu, c.sigma_of(e.level));
    const LogNormalMoments* pm_ln = point_mass(e.level) ? &ln : nullptr;
    int q = 0;  // position in the memo's knots of the entry
    for (int j = 1; j < e.knots.m; ++j) {
      const int idx = e.first + j - 1;
      const double xv = e.knots.y[j] / s;
      double* b = below.data() + 3 * idx;
      if (pm_ln) {
        pm_ln->below(xv, b);
        continue;
      }
      if (use_memo) {  // both knot lists ascend: one merged pass over the memo's
        const int cnt = memo->count[k];
        while (q < cnt && memo->x[k][static_cast<std::size_t>(q)] < xv) ++q;
        if (q < cnt && memo->x[k][static_cast<std::size_t>(q)] == xv) {
          for (int r = 0; r < 3; ++r) b[r] = memo->below[k][static_cast<std::size_t>(q)][static_cast<std::size_t>(r)];
          ++memo->reused;
          continue;
        }
      }
      todo[static_cast<std::size_t>(nt)] = idx;
      owner[static_cast<std::size_t>(nt)] = i;
      xs[static_cast<std::size_t>(nt)] = xv;
      ++nt;
    }
  }
  numeric::log_n(xs.data(), lx.data(), static_cast<std::size_t>(nt));
  // Phi(z) = erfc(-z / sqrt 2) / 2 at z, z - sigma and (second moments) z - 2 sigma.
  constexpr double kRootHalf = 0.7071067811865475244;
  const int per = second_moments ? 3 : 2;
  for (int t = 0; t < nt; ++t) {
    const Entry& e = entries[static_cast<std::size_t>(owner[static_cast<std::size_t>(t)])];
    const double sg = c.sigma_of(e.level);
    const double z = (lx[static_cast<std::size_t>(t)] - e.mu) / sg;
    for (int q = 0; q < per; ++q) arg[static_cast<std::size_t>(per * t + q)] = -(z - q * sg) * kRootHalf;
  }
  numeric::erfc_n(arg.data(), cdf.data(), static_cast<std::size_t>(per * nt));
  for (int t = 0; t < nt; ++t) {
    const LogNormalMoments& ln = *lns[static_cast<std::size_t>(owner[static_cast<std::size_t>(t)])];
    const double* p = cdf.data() + per * t;
    double* b = below.data() + 3 * todo[static_cast<std::size_t>(t)];
    b[0] = 0.5 * p[0];
    b[1] = ln.raw[1] * (0.5 * p[1]);
    b[2] = second_moments ? ln.raw[2] * (0.5 * p[2]) : 0.0;
  }
  if (memo && !memo->filled) {  // keep every knot of this table for the next ones
    for (int i = 0; i < ne; ++i) {
      const Entry& e = entries[static_cast<std::size_t>(i)];
      const std::size_t key = memo_key(e);
      memo->count[key] = 0;
      memo->ln[key] = lns[static_cast<std::size_t>(i)];
      if (point_mass(e.level)) continue;
      for (int j = 1; j < e.knots.m; ++j) {
        const int idx = e.first + j - 1;
        const auto q = static_cast<std::size_t>(memo->count[key]++);
        memo->x[key][q] = e.knots.y[j] / s;
        for (int r = 0; r < 3; ++r) memo->below[key][q][static_cast<std::size_t>(r)] = below[static_cast<std::size_t>(3 * idx + r)];
      }
    }
    memo->filled = true;
  }
  for (int i = 0; i < ne; ++i) {
    const Entry& e = entries[static_cast<std::size_t>(i)];
    const LogNormalMoments& ln = *lns[static_cast<std::size_t>(i)];
    double o1[kInpatientTiers], o2[kInpatientTiers];
    const double* bel_e = below.data() + 3 * e.first;
    if (second == SecondMoments::kAll) knot_moments<kInpatientTiers>(e.knots, s, ek[e.level], rules, assisted, ln, bel_e, o1, o2);
    else if (base_only && second == SecondMoments::kPayments)
      knot_moments<2, true>(e.knots, s, ek[e.level], rules, assisted, ln, bel_e, o1, o2);
    else if (base_only) knot_moments<0, true>(e.knots, s, ek[e.level], rules, assisted, ln, bel_e, o1, o2);
    else if (second == SecondMoments::kPayments) knot_moments<2>(e.knots, s, ek[e.level], rules, assisted, ln, bel_e, o1, o2);
    else knot_moments<0>(e.knots, s, ek[e.level], rules, assisted, ln, bel_e, o1, o2);
    const double w = c.level_weights[e.level];
    for (int t = 0; t < kInpatientTiers; ++t) {
      m1_[t][e.n] += w * o1[t];
      m2_[t][e.n] += w * o2[t];
    }
    // P(catastrophic > 0): the catastrophic payment is 0 up to the knot before the first knot where
    // it is positive (linear in between), positive beyond; or, if no knot has it positive, beyond the
    // last knot when its tail slope is positive. P = 1 - P(X < y_j / s) at that knot (j = 0: y = 0).
    const EntryKnots& k = e.knots;
    const double* bel = below.data() + 3 * e.first;  // bel[3 (j - 1)] = P(X < y_j / s), j >= 1
    // A payment below 1e-9 of the deductible at a knot is rounding at the deductible's own knot
    // (the base reaches D there up to the last bit when other self-pay is in it), not a payment.
    const double zero_cat = 1e-9 * cat.deductible_yuan;
    int start = k.cat[0] > zero_cat ? 0 : -1;
    for (int j = 1; j < k.m && start < 0; ++j)
      if (k.cat[j] > zero_cat) start = j - 1;
    if (start < 0 && ek[e.level].slope_cat > 0.0) start = k.m - 1;
    if (start >= 0) pcat_[e.n] += w * (start == 0 ? 1.0 : std::clamp(1.0 - bel[3 * (start - 1)], 0.0, 1.0));
  }
}

void InpatientTable::set_entry(int n, double catastrophic, double assistance, double p_catastrophic) {
  for (int t = 0; t < kInpatientTiers; ++t) m1_[t][n] = m2_[t][n] = 0.0;
  const double paid = catastrophic + assistance;
  m1_[kCatastrophic][n] = catastrophic;
  m1_[kAssistance][n] = assistance;
  m1_[kOutOfPocket][n] = -paid;
  if (has_second_moments()) {
    m2_[kCatastrophic][n] = catastrophic * catastrophic;
    m2_[kAssistance][n] = assistance * assistance;
    m2_[kOutOfPocket][n] = paid * paid;
  }
  pcat_[n] = p_catastrophic;
}

double chronic_only_moments(double cs_median_yuan, double cs_sigma, const YearRules& rules, Group group,
                            double* out1, double* out2) {
  check_service(ServiceClaims{0.0, cs_median_yuan, cs_sigma}, "chronic/special");
  const CatastrophicEffective cat = rules.catastrophic_for(group);
  const LayerYear& cs = rules.chronic_special;
  auto base = [&](double x) { return layer_self_pay_above_deductible(x, cs); };
  // Kinks of c(C): the deductible and the cap point.
  double ck[2] = {cs.deductible_yuan, layer_cap_cost(cs.deductible_yuan, cs.ratio, cs.cap_yuan)};
  const int nck = clean_breakpoints(ck, 2);
  // Kinks of the catastrophic payment in base space: the deductible (just above it when it is 0),
  // the tier bounds above it and the cap point; carried to C by inverting c.
  double bk[2 + kMaxCatastrophicTiers];
  const int nb = catastrophic_base_kinks(cat, bk);
  bk[0] = std::max(bk[0], 1e-300);
  double x[4 + kMaxCatastrophicTiers + 2];
  int nx = 0;
  for (int i = 0; i < nck; ++i) x[nx++] = ck[i];
  for (int i = 0; i < nb; ++i) x[nx++] = solve_pl(base, ck, nck, bk[i]);
  const double c_deductible = x[nck];  // C at which the base reaches the catastrophic deductible
  nx = clean_breakpoints(x, nx);
  auto settle = [&](double c) { return settle_inpatient(0.0, 0.0, 0.0, rules, cat, group, base(c)); };
  if (group == kAssisted && rules.assistance_share > 0.0 && std::isfinite(rules.assistance_limit_yuan)) {
    auto abase = [&](double c) { return settle(c).assistance_base_yuan; };
    const double limit_point = solve_pl(abase, x, nx, rules.assistance_limit_yuan / rules.assistance_share);
    x[nx++] = limit_point;
    nx = clean_breakpoints(x, nx);
  }
  auto eval = [&](double c, double* o) {
    const InpatientSettlement st = settle(c);
    o[0] = st.catastrophic_yuan;
    o[1] = st.assistance_yuan;
    o[2] = st.catastrophic_yuan + st.assistance_yuan;
  };
  const LogNormalMoments ln(std::log(cs_median_yuan), cs_sigma);
  pl_moments<3>(ln, x, nx, eval, out1, out2);
  double b[3];
  ln.below(c_deductible, b);
  return std::isfinite(c_deductible) ? std::clamp(1.0 - b[0], 0.0, 1.0) : 0.0;
}

InpatientTable InpatientTable::chronic_special_user(const InpatientClaims& c, const YearRules& rules, Group group,
                                                   SecondMoments second, double cs_median_yuan, double cs_sigma,
                                                   int nodes, const InpatientTable* plain) {
  InpatientTable out(second);
  // The payments on the chronic/special self-pay alone (exact; also validates the claims).
  double m1[3], m2[3];
  const double p0 = chronic_only_moments(cs_median_yuan, cs_sigma, rules, group, m1, m2);
  // Points c of the chronic/special self-pay in the base and their weights. P(catastrophic | n, c)
  // = P(inpatient base > D - c) rises steeply as c nears the catastrophic deductible D (on the scale
  // of the inpatient base, thousands of yuan, against a chronic/special cost spread over tens of
  // thousands) and jumps to 1 at c = D. So: c = 0 (cost below the chronic/special deductible) is one
  // table with weight P(C < d); 0 < c < D is integrated in s = ln(D - c), where that rise is smooth,
  // split where the density of c jumps (the chronic/special cap point); c > D in u = F(C). Each piece
  // by Gauss-Legendre with `nodes` nodes; the weights are normalised to sum to 1 (the basic tier does
  // not depend on c).
  std::vector<std::pair<double, double>> points;  // (c, weight)
  const LayerYear& cs = rules.chronic_special;
  const double mu = std::log(cs_median_yuan), r = cs.ratio, d = cs.deductible_yuan;
  const double cap_cost = layer_cap_cost(d, r, cs.cap_yuan);  // C at the cap
  const double c_cap = std::isfinite(cap_cost) ? (1.0 - r) * (cap_cost - d) : kInfD;  // c at the cap point
  auto cost_of = [&](double c) {  // C with self-pay c > 0 (inverse of layer_self_pay_above_deductible)
    if (r < 1.0 && c <= c_cap) return d + c / (1.0 - r);
    return cap_cost + (c - c_cap);
  };
  if (cs_sigma <= 1e-12 || (r >= 1.0 && !std::isfinite(cs.cap_yuan))) {
    points.emplace_back(layer_self_pay_above_deductible(cs_median_yuan, cs), 1.0);
  } else {
    auto cdf = [&](double x) { return x > 0.0 ? std_normal_cdf((std::log(x) - mu) / cs_sigma) : 0.0; };
    auto pdf = [&](double x) {
      const double z = (std::log(x) - mu) / cs_sigma;
      return std::exp(-0.5 * z * z) / (x * cs_sigma * std::sqrt(2.0 * std::numbers::pi));
    };
    const numeric::Quadrature gl = numeric::gauss_legendre(nodes);
    // A piece holding less than 1e-9 of the users is left out (its share goes to the others through
    // the normalisation): it changes no entry by more than 1e-9 of the largest payment difference
    // that other self-pay makes, which the control variate below bounds.
    auto add_segment = [&](double a, double b, auto&& point) {  // point(v) -> (c, density in v)
      if (!(b > a)) return;
      for (std::size_t i = 0; i < gl.node.size(); ++i) {
        const auto [c, dens] = point(a + 0.5 * (b - a) * (gl.node[i] + 1.0));
        points.emplace_back(c, 0.5 * (b - a) * gl.weight[i] * dens);
      }
    };
    if (d > 0.0) points.emplace_back(0.0, cdf(d));
    const double D = rules.catastrophic_for(group).deductible_yuan;
    // c = D - e^s: density of c is pdf(C) dC/dc, dC/dc = 1 / (1 - r) below the cap point, 1 above.
    auto in_s = [&](double v) {
      const double t = std::exp(v), c = D - t, cost = cost_of(c);
      const double dcdc = (r < 1.0 && c <= c_cap) ? 1.0 / (1.0 - r) : 1.0;
      return std::pair{c, pdf(cost) * dcdc * t};
    };
    auto in_u = [&](double u) {
      const double cost = std::exp(mu - cs_sigma * std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * u));
      return std::pair{layer_self_pay_above_deductible(cost, cs), 1.0};
    };
    // Pieces of c between the breakpoints 0, the cap point, D / 2, D: below D / 2 (where most
    // chronic/special users are) and above D in u; from D / 2 to D in s.
    std::vector<double> cuts = {0.0, kInfD};
    if (D > 0.0) cuts.insert(cuts.end(), {0.5 * D, D});
    if (std::isfinite(c_cap) && c_cap > 0.0) cuts.push_back(c_cap);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      const double lo = cuts[i], hi = cuts[i + 1];
      const double mass = (std::isfinite(hi) ? cdf(cost_of(hi)) : 1.0) - (lo > 0.0 ? cdf(cost_of(lo)) : cdf(d));
      if (!(mass >= 1e-9)) continue;
      if (D > 0.0 && lo >= 0.5 * D && hi <= D)
        add_segment(std::max(std::log(D - hi), std::log(D) - 14.0), std::log(D - lo), in_s);
      else
        add_segment(cdf(lo > 0.0 ? cost_of(lo) : d), std::isfinite(hi) ? cdf(cost_of(hi)) : 1.0, in_u);
    }
    double total = 0.0;
    for (const auto& pw : points) total += pw.second;
    for (auto& pw : points) pw.second /= total;
  }
  // Means: the payments on c alone (the n = 0 row of each table, unbounded in c) are a control
  // variate whose expectation is exact (chronic_only_moments); the quadrature carries only what the
  // admissions add to them, which is bounded and smooth in c.
  // Unless every second moment is asked for, the sub-tables hold only the tiers that depend on c
  // (catastrophic and assistance; the catastrophic second moment): basic payments, total cost and
  // the basic second moment are the plain table's (they do not depend on c), and out of pocket is
  // total cost minus the three payments. tests/benefits/wide_base_test.cpp holds this against the
  // full mixture (kAll).
  const bool base_only = second != SecondMoments::kAll;
  std::optional<InpatientTable> own_plain;
  if (base_only && !plain) plain = &own_plain.emplace(c, rules, group, second, 0.0);
  std::vector<double> others;
  for (const auto& pw : points) others.push_back(pw.first);
  const std::vector<InpatientTable> tables = family(c, rules, group, second, others, plain, nullptr, base_only);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double w = points[i].second;
    const InpatientTable& t = tables[i];
    for (int n = 1; n <= kMaxAdmissions; ++n) {
      for (int tier = 0; tier < kInpatientTiers; ++tier) {
        if (base_only && tier != kCatastrophic && tier != kAssistance) continue;
        out.m1_[tier][n] += w * (t.m1_[tier][n] - t.m1_[tier][0]);
        out.m2_[tier][n] += w * t.m2_[tier][n];
      }
      out.pcat_[n] += w * t.pcat_[n];
    }
  }
  for (int n = 1; n <= kMaxAdmissions; ++n) {
    out.m1_[kCatastrophic][n] += m1[0];
    out.m1_[kAssistance][n] += m1[1];
    if (base_only) {
      out.m1_[kBasic][n] = plain->m1_[kBasic][n];
      out.m1_[kTotalCost][n] = plain->m1_[kTotalCost][n];
      out.m2_[kBasic][n] = plain->m2_[kBasic][n];
      out.m1_[kOutOfPocket][n] = out.m1_[kTotalCost][n] - out.m1_[kBasic][n] - out.m1_[kCatastrophic][n] -
                                 out.m1_[kAssistance][n];
    } else {
      out.m1_[kOutOfPocket][n] -= m1[2];
    }
  }
  out.set_entry(0, m1[0], m1[1], p0);
  if (second != SecondMoments::kNone) {  // second moments of the n = 0 row: exact, not the squares of the means
    out.m2_[kCatastrophic][0] = m2[0];
    out.m2_[kAssistance][0] = m2[1];
    out.m2_[kOutOfPocket][0] = m2[2];
  }
  return out;
}

std::vector<InpatientTable> InpatientTable::shifted(const InpatientClaims& c, const YearRules& rules, Group group,
                                                    SecondMoments second, const std::vector<double>& others,
                                                    const InpatientTable* plain, long* reused_knots) {
  return family(c, rules, group, second, others, plain, reused_knots, false);
}

std::vector<InpatientTable> InpatientTable::family(const InpatientClaims& c, const YearRules& rules, Group group,
                                                   SecondMoments second, const std::vector<double>& others,
                                                   const InpatientTable* plain, long* reused_knots, bool base_only) {
  if (plain && plain->second_ != second)
    throw std::logic_error("InpatientTable::shifted: the plain table holds other second moments");
  std::vector<InpatientTable> out;
  out.reserve(others.size());
  KnotMemo memo;  // the first table built keeps its knots for the others
  memo.base_only = base_only;
  for (const double other : others) {
    if (plain && other == 0.0) out.push_back(*plain);
    else out.push_back(InpatientTable(c, rules, group, second, other, &memo));
  }
  if (reused_knots) *reused_knots = memo.reused;
  return out;
}

double InpatientTable::catastrophic_probability(double lambda) const {
  if (!(lambda > 0.0)) return pcat_[0];
  double p = std::exp(-lambda), cum = p, s = p * pcat_[0];
  for (int n = 1; n <= kMaxAdmissions; ++n) {
    p *= lambda / n;
    cum += p;
    s += p * pcat_[n];
  }
  return s + std::max(0.0, 1.0 - cum) * pcat_[kMaxAdmissions];
}

InpatientMoments InpatientTable::mix(double lambda) const {
  InpatientMoments out;
  if (!(lambda > 0.0)) {  // no admissions (also NaN-safe): the n = 0 entry
    for (int t = 0; t < kInpatientTiers; ++t) {
      out.tier[t].mean = m1_[t][0];
      out.tier[t].var = has_second_moment(static_cast<InpatientTier>(t)) ? std::max(0.0, m2_[t][0] - m1_[t][0] * m1_[t][0]) : 0.0;
    }
    return out;
  }
  double p[kMaxAdmissions + 1];
  p[0] = std::exp(-lambda);
  double cum = p[0];
  int last = kMaxAdmissions;
  for (int n = 1; n <= kMaxAdmissions; ++n) {
    p[n] = p[n - 1] * lambda / n;
    cum += p[n];
    if (p[n] < 1e-18 && n > lambda) {  // the rest is below 1e-17 of the mass: stop here
      last = n;
      break;
    }
  }
  p[last] += std::max(0.0, 1.0 - cum);  // tail mass on the last row used
  for (int t = 0; t < kInpatientTiers; ++t) {
    double a = 0.0, b = 0.0;
    for (int n = 0; n <= last; ++n) {
      a += p[n] * m1_[t][n];
      b += p[n] * m2_[t][n];
    }
    out.tier[t].mean = a;
    out.tier[t].var = has_second_moment(static_cast<InpatientTier>(t)) ? std::max(0.0, b - a * a) : 0.0;
  }
  return out;
}

// ---- services ----

namespace {
// Moments of {payment, out of pocket, total} of a user with cost X ~ LN(mu, sigma) under
// min(ratio (X - d)+, cap).
void layer_moments(double mu, double sigma, double d, double ratio, double cap, double* m1, double* m2) {
  double b[2] = {d, layer_cap_cost(d, ratio, cap)};
  const int nb = clean_breakpoints(b, 2);
  auto eval = [&](double x, double* o) {
    o[0] = pay_layer(x, d, ratio, cap);
    o[1] = x - o[0];
    o[2] = x;
  };
  pl_moments<3>(LogNormalMoments(mu, sigma), b, nb, eval, m1, m2);
}

ServiceMoments mix_user(double p, const double* m1, const double* m2) {
  ServiceMoments s;
  Moments* o[3] = {&s.payment, &s.out_of_pocket, &s.total_cost};
  for (int k = 0; k < 3; ++k) {
    o[k]->mean = p * m1[k];
    o[k]->var = std::max(0.0, p * m2[k] - o[k]->mean * o[k]->mean);
  }
  return s;
}
}  // namespace

LayerTable::LayerTable(double median_yuan, double sigma, const LayerYear& layer) {
  layer_moments(std::log(median_yuan), sigma, layer.deductible_yuan, layer.ratio, layer.cap_yuan, m1_, m2_);
}

ServiceMoments LayerTable::mix(double p) const { return mix_user(p, m1_, m2_); }

ServiceMoments outpatient_moments(const ServiceClaims& c, const YearRules& rules) {
  check_service(c, "outpatient");
  return LayerTable(c.median_yuan, c.sigma, rules.outpatient).mix(c.user_probability);
}

ServiceMoments chronic_special_moments(const ServiceClaims& c, const YearRules& rules) {
  check_service(c, "chronic/special");
  return LayerTable(c.median_yuan, c.sigma, rules.chronic_special).mix(c.user_probability);
}

namespace {
constexpr double kGLx[4] = {0.18343464249564978, 0.525532409916329, 0.7966664774136267, 0.9602898564975362};
constexpr double kGLw[4] = {0.36268378337836177, 0.31370664587788705, 0.22238103445337434, 0.10122853629037669};

// E over X_h ~ LN(mu, sigma) restricted to (lo, hi) of q(x) (vector of 4 values), by 8-point
// Gauss-Legendre in z = ln x on chunks of at most half a log-sd, within mu +- 9 sigma.
template <class Q>
void integrate_ln(double mu, double sigma, double lo, double hi, Q&& q, double* acc) {
  if (!(hi > lo)) return;
  if (sigma <= 1e-12) {
    const double x = std::exp(mu);
    if (x > lo && x <= hi) {
      double v[4];
      q(x, v);
      for (int k = 0; k < 4; ++k) acc[k] += v[k];
    }
    return;
  }
  double za = lo > 0.0 ? std::log(lo) : -kInfD, zb = std::isfinite(hi) ? std::log(hi) : kInfD;
  za = std::max(za, mu - 9.0 * sigma);
  zb = std::min(zb, mu + 9.0 * sigma);
  if (!(zb > za)) return;
  const int chunks = std::max(1, static_cast<int>(std::ceil((zb - za) / (0.5 * sigma))));
  const double h = (zb - za) / chunks;
  const double norm = 1.0 / (sigma * std::sqrt(2.0 * std::numbers::pi));
  for (int c = 0; c < chunks; ++c) {
    const double mid = za + (c + 0.5) * h;
    for (int i = 0; i < 8; ++i) {
      const double z = mid + (i < 4 ? -kGLx[i] : kGLx[i - 4]) * 0.5 * h;
      const double w = kGLw[i < 4 ? i : i - 4] * 0.5 * h;
      const double u = (z - mu) / sigma;
      const double dens = norm * std::exp(-0.5 * u * u);
      double v[4];
      q(std::exp(z), v);
      for (int k = 0; k < 4; ++k) acc[k] += w * dens * v[k];
    }
  }
}
}  // namespace

ServiceMoments two_diseases_moments(const ServiceClaims& h, const ServiceClaims& dd, double p_cs,
                                    const YearRules& rules) {
  check_service(h, "hypertension");
  check_service(dd, "diabetes");
  if (!(p_cs >= 0.0 && p_cs <= 1.0)) throw InputError("chronic/special user probability must be in [0, 1]");
  const double d = rules.two_deductible_yuan, r = rules.two_ratio, cb = rules.two_cap_both_yuan;
  const double ch = rules.two_cap_hypertension_yuan, cd = rules.two_cap_diabetes_yuan;
  const double muh = std::log(h.median_yuan), mud = std::log(dd.median_yuan);
  // Single users: the joint cap acts as min(cap_disease, cap_both).
  double h1[3], h2[3], d1[3], d2[3];
  layer_moments(muh, h.sigma, d, r, std::min(ch, cb), h1, h2);
  layer_moments(mud, dd.sigma, d, r, std::min(cd, cb), d1, d2);
  // Both: T = min(A + B, cb), O = Xh + Xd - T, C = Xh + Xd. b1/b2 = {T, O, C}.
  double b1[3], b2[3];
  double a1[3], a2[3], e1[3], e2[3];  // uncapped-by-joint per disease moments
  layer_moments(muh, h.sigma, d, r, ch, a1, a2);
  layer_moments(mud, dd.sigma, d, r, cd, e1, e2);
  b1[2] = a1[2] + e1[2];
  b2[2] = a2[2] + 2.0 * a1[2] * e1[2] + e2[2];
  if (cb >= ch + cd) {  // joint cap never binds: independent sums
    for (int k = 0; k < 2; ++k) {
      b1[k] = a1[k] + e1[k];
      b2[k] = a2[k] + 2.0 * a1[k] * e1[k] + e2[k];
    }
  } else {
    // Condition on X_h = x: a = A(x); T = a + min(B, c'), c' = clamp(cb - a, 0, cd);
    // O = (x - a) + (X_d - min(B, c')).
    auto q = [&](double x, double* v) {
      const double a = std::min(pay_layer(x, d, r, ch), cb);
      const double cprime = std::clamp(cb - a, 0.0, cd);
      double m1[3], m2[3];
      layer_moments(mud, dd.sigma, d, r, cprime, m1, m2);
      const double o = x - a;
      v[0] = a + m1[0];
      v[1] = a * a + 2.0 * a * m1[0] + m2[0];
      v[2] = o + m1[1];
      v[3] = o * o + 2.0 * o * m1[1] + m2[1];
    };
    double acc[4] = {0, 0, 0, 0};
    // Kinks of x -> (a, c'): d, the point where c' starts to fall, the point where a reaches ch.
    double k[4] = {d, r > 0 ? d + std::max(0.0, cb - cd) / r : kInfD, r > 0 ? d + std::min(ch, cb) / r : kInfD,
                   0.0};
    const int nk = clean_breakpoints(k, 3);
    double lo = 0.0;
    for (int i = 0; i <= nk; ++i) {
      const double hi = i < nk ? k[i] : kInfD;
      integrate_ln(muh, h.sigma, lo, hi, q, acc);
      lo = hi;
    }
    b1[0] = acc[0], b2[0] = acc[1], b1[1] = acc[2], b2[1] = acc[3];
  }
  // Mixture per person over the user classes of two_diseases_users (the one statement of who can
  // draw 两病).
  const TwoDiseasesUsers u = two_diseases_users(p_cs, h.user_probability, dd.user_probability);
  const double wb = u.both, wh = u.hypertension_only, wd = u.diabetes_only;
  double m1[3], m2[3];
  for (int k = 0; k < 3; ++k) {
    m1[k] = wb * b1[k] + wh * h1[k] + wd * d1[k];
    m2[k] = wb * b2[k] + wh * h2[k] + wd * d2[k];
  }
  ServiceMoments s;
  Moments* o[3] = {&s.payment, &s.out_of_pocket, &s.total_cost};
  for (int k = 0; k < 3; ++k) {
    o[k]->mean = m1[k];
    o[k]->var = std::max(0.0, m2[k] - m1[k] * m1[k]);
  }
  return s;
}

// ---- catastrophic financing ----

double catastrophic_fund_cost(bool self_insured, double enrollees, double premium, double profit_cap_share,
                              double fund_loss_share, double claims) {
  if (self_insured) return claims;
  const double income = enrollees * premium;
  const double result = income - claims;  // insurer's underwriting result
  if (result > profit_cap_share * income) return claims + profit_cap_share * income;  // excess returned
  if (result < 0.0) return income + fund_loss_share * (-result);                      // loss shared
  return income;
}

double catastrophic_fund_cost(const CatastrophicFinancing& f, int year, double enrollees, double claims) {
  return catastrophic_fund_cost(f.mode == "self_insured", enrollees, f.premium_per_enrollee_yuan.at(year),
                                f.insurer_profit_cap_share, f.fund_loss_share, claims);
}

}  // namespace fundsim::benefits
