#include "benefits/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numbers>

#include "benefits/calculator.hpp"
#include "benefits/lognormal.hpp"
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

void inpatient_conditional_moments(int n, Level level, double mu, double sigma, const YearRules& rules,
                                   const CatastrophicEffective& cat, Group group, double* out1,
                                   double* out2) {
  const int l = static_cast<int>(level);
  const double s = rules.compliant_share;
  const double nd = n * rules.inpatient_deductible_yuan[l];
  const double r = rules.inpatient_ratio[l];
  const double cap = rules.inpatient_cap_yuan;
  auto eval = [&](double x, double* o) {
    const double y = s * x;
    const double ded = std::min(y, nd);
    const InpatientSettlement st = settle_inpatient(y, ded, r * (y - ded), rules, cat, group);
    o[kBasic] = st.basic_yuan;
    o[kCatastrophic] = st.catastrophic_yuan;
    o[kAssistance] = st.assistance_yuan;
    o[kOutOfPocket] = x - st.basic_yuan - st.catastrophic_yuan - st.assistance_yuan;
    o[kTotalCost] = x;
  };
  // Kinks in compliant-cost space y.
  double y[4 + 2 * kMaxCatastrophicTiers];
  int ny = 0;
  y[ny++] = nd;
  const double K = (r > 0.0 && std::isfinite(cap)) ? nd + cap / r : kInfD;
  y[ny++] = K;
  const double Bk = std::isfinite(K) ? (1.0 - r) * (K - nd) : kInfD;  // catastrophic base at y = K
  auto inv_base = [&](double bval) {  // y at which the catastrophic base reaches bval > 0
    if (r < 1.0 && bval <= Bk) return nd + bval / (1.0 - r);
    return K + (bval - Bk);
  };
  // Catastrophic kinks on the base: deductible, tier bounds above it, the cap point.
  const double D = cat.deductible_yuan;
  y[ny++] = inv_base(std::max(D, 1e-300));
  double cum = 0.0, bcap = kInfD;
  for (int k = 0; k < cat.n_tiers; ++k) {
    const double lo = std::max(D, cat.from_yuan[k]);
    const double hi = k + 1 < cat.n_tiers ? std::max(D, cat.from_yuan[k + 1]) : kInfD;
    if (k > 0 && cat.from_yuan[k] > D) y[ny++] = inv_base(cat.from_yuan[k]);
    if (std::isfinite(cat.cap_yuan) && std::isinf(bcap) && cat.ratio[k] > 0.0) {
      const double full = cat.ratio[k] * (hi - lo);
      if (cum + full >= cat.cap_yuan) bcap = lo + (cat.cap_yuan - cum) / cat.ratio[k];
      cum += full;
    }
  }
  if (std::isfinite(bcap)) y[ny++] = inv_base(bcap);
  ny = clean_breakpoints(y, ny);
  // Assistance limit: the assistance base is nondecreasing and piecewise linear in y with the kinks
  // above; solve share x base(y) = limit.
  if (group == kAssisted && rules.assistance_share > 0.0 && std::isfinite(rules.assistance_limit_yuan)) {
    auto abase = [&](double yy) {
      const double ded = std::min(yy, nd);
      return settle_inpatient(yy, ded, r * (yy - ded), rules, cat, group).assistance_base_yuan;
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
}
}  // namespace

InpatientTable::InpatientTable(const InpatientClaims& c, const YearRules& rules, Group group) {
  check_claims(c);
  const CatastrophicEffective cat = rules.catastrophic_for(group);
  const double lscale = std::log(c.scale);
  for (int n = 1; n <= kMaxAdmissions; ++n) {
    const double ln_n = std::log(static_cast<double>(n));
    for (int l = 0; l < kLevels; ++l) {
      const double w = c.level_weights[l];
      if (w <= 0.0) continue;
      const double mu = std::log(c.median_yuan[l]) + c.theta * ln_n + lscale;
      double o1[kInpatientTiers], o2[kInpatientTiers];
      inpatient_conditional_moments(n, static_cast<Level>(l), mu, c.sigma, rules, cat, group, o1, o2);
      for (int t = 0; t < kInpatientTiers; ++t) {
        m1_[t][n] += w * o1[t];
        m2_[t][n] += w * o2[t];
      }
    }
  }
}

InpatientMoments InpatientTable::mix(double lambda) const {
  InpatientMoments out;
  if (!(lambda > 0.0)) return out;  // no admissions (also NaN-safe)
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
    for (int n = 1; n <= last; ++n) {
      a += p[n] * m1_[t][n];
      b += p[n] * m2_[t][n];
    }
    out.tier[t].mean = a;
    out.tier[t].var = std::max(0.0, b - a * a);
  }
  return out;
}

// ---- services ----

namespace {
// Moments of {payment, out of pocket, total} of a user with cost X ~ LN(mu, sigma) under
// min(ratio (X - d)+, cap).
void layer_moments(double mu, double sigma, double d, double ratio, double cap, double* m1, double* m2) {
  double b[2] = {d, (ratio > 0.0 && std::isfinite(cap)) ? d + cap / ratio : kInfD};
  const int nb = clean_breakpoints(b, 2);
  auto eval = [&](double x, double* o) {
    o[0] = pay_layer(x, d, ratio, cap);
    o[1] = x - o[0];
    o[2] = x;
  };
  pl_moments<3>(LogNormalMoments(mu, sigma), b, nb, eval, m1, m2);
}

void check_service(const ServiceClaims& c, const char* what) {
  if (!(c.user_probability >= 0.0 && c.user_probability <= 1.0))
    throw InputError(fmt::format("{} claims: user probability must be in [0, 1]", what));
  if (!(c.median_yuan > 0.0) || !std::isfinite(c.median_yuan) || !(c.sigma >= 0.0) || !std::isfinite(c.sigma))
    throw InputError(fmt::format("{} claims: median > 0 and sigma >= 0 required", what));
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
  // Mixture per person: non-chronic share q0 = 1 - p_cs; users independent.
  const double q0 = 1.0 - p_cs, ph = h.user_probability, pd = dd.user_probability;
  const double wb = q0 * ph * pd, wh = q0 * ph * (1 - pd), wd = q0 * (1 - ph) * pd;
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
