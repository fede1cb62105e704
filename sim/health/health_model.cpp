#include "health/health_model.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <string>
#include <utility>

#include "scenario/errors.hpp"

namespace fundsim {
namespace {

constexpr int kBit[kConditions] = {kHypertension, kDiabetes, kSevere};

// Linear interpolation through (mid_age[k], value[k]); 0 at or below `onset`, linear ramp from the
// onset to the first mid-age, flat after the last mid-age.
double interpolate_profile(const double* mid, const std::vector<double>& val, double onset, int age) {
  const double a = age;
  const std::size_t n = val.size();
  if (a <= onset) return 0.0;
  if (a <= mid[0]) return val[0] * (a - onset) / (mid[0] - onset);
  for (std::size_t k = 0; k + 1 < n; ++k)
    if (a <= mid[k + 1]) return val[k] + (val[k + 1] - val[k]) * (a - mid[k]) / (mid[k + 1] - mid[k]);
  return val[n - 1];
}

double clamp01(double x, double hi = 0.999) { return std::clamp(x, 0.0, hi); }

}  // namespace

double HealthPath::multiplier(int condition, int year) const {
  const auto& v = incidence_multiplier[static_cast<std::size_t>(condition)];
  if (v.empty()) return 1.0;
  const long k = std::clamp<long>(static_cast<long>(year) - first_year, 0, static_cast<long>(v.size()) - 1);
  return v[static_cast<std::size_t>(k)];
}

HealthModel::HealthModel(const HealthParams& p, const std::vector<double>& base_q)
    : p_(p), base_(kSexes * kAges), inc_(kSexes * kAges) {
  if (base_q.size() != static_cast<std::size_t>(kSexes * kAges))
    throw InputError("health: base mortality must have kSexes x kAges = " + std::to_string(kSexes * kAges) +
                     " entries");
  if (p_.hypertension_group_prevalence_share.size() != 7)
    throw InputError("health.hypertension_group_prevalence_share: expected 7 age groups");
  if (p_.diabetes_group_prevalence_share.size() != 6)
    throw InputError("health.diabetes_group_prevalence_share: expected 6 age groups");

  for (const auto& [key, sch] : {std::pair<const char*, const Schedule*>{"hypertension_incidence_multiplier",
                                                                         &p_.hypertension_incidence_multiplier},
                                  {"diabetes_incidence_multiplier", &p_.diabetes_incidence_multiplier},
                                  {"severe_incidence_multiplier", &p_.severe_incidence_multiplier}})
    if (sch->empty() || sch->after == Schedule::After::indexed || sch->after == Schedule::After::ratio)
      throw InputError(std::string("health.") + key + ": needs values and a flat, increment or growth rule");
  for (int s = 0; s < kStates; ++s) {
    const bool h = s & kHypertension, d = s & kDiabetes, sv = s & kSevere;
    death_rr_[s] = (h ? p_.death_rr_hypertension : 1.0) * (d ? p_.death_rr_diabetes : 1.0) *
                   (sv ? p_.death_rr_severe : 1.0);
    rr_s_inc_[s] = (h ? p_.severe_incidence_rr_hypertension : 1.0) * (d ? p_.severe_incidence_rr_diabetes : 1.0);
  }
  q_.resize(base_q.size());
  for (std::size_t i = 0; i < base_q.size(); ++i) q_[i] = std::isfinite(base_q[i]) ? std::clamp(base_q[i], 0.0, 1.0) : 1.0;

  // Target marginal prevalence profiles.
  static constexpr double kMidH[7] = {21.0, 29.5, 39.5, 49.5, 59.5, 69.5, 80.0};
  static constexpr double kMidD[6] = {23.5, 34.5, 44.5, 54.5, 64.5, 77.0};
  marg_.resize(kSexes * kAges);
  for (int sex = 0; sex < kSexes; ++sex) {
    for (int age = 0; age < kAges; ++age) {
      const double ph0 = interpolate_profile(kMidH, p_.hypertension_group_prevalence_share, 10.0, age) *
                         p_.hypertension_prevalence_multiplier;
      const double w = std::clamp((age - 55.0) / 10.0, 0.0, 1.0);
      const double dh = (1.0 - w) * p_.hypertension_male_excess_young_share + w * p_.hypertension_male_excess_old_share;
      const double pd0 = interpolate_profile(kMidD, p_.diabetes_group_prevalence_share, 10.0, age) *
                         p_.diabetes_prevalence_multiplier;
      const double dd = p_.diabetes_male_excess_share;
      const double ps = std::min(0.5, p_.severe_prevalence_at_20_share * std::min(1.0, age / 5.0) *
                                          std::exp(p_.severe_prevalence_growth_per_year_of_age *
                                                   std::max(0, age - 20)));
      marg_[idx(sex, age)] = {clamp01(ph0 * (sex == kMale ? 1.0 + dh : 1.0 - dh)),
                              clamp01(pd0 * (sex == kMale ? 1.0 + dd : 1.0 - dd)), clamp01(ps)};
    }
  }

  // Solve the common relative risk rho (incidence of each of H, D given the other) so that the
  // pooled H-D odds ratio at ages 45-74 equals the parameter (monotone in rho: bisection on log).
  const double target_or = p_.hypertension_diabetes_odds_ratio;
  double lo = std::log(0.02), hi = std::log(50.0);
  auto or_at = [&](double log_rho) {
    build(std::exp(log_rho), false);
    return pooled_odds_ratio();
  };
  if (or_at(lo) >= target_or) {
    hi = lo;
  } else if (or_at(hi) <= target_or) {
    lo = hi;
  } else {
    for (int it = 0; it < 30; ++it) {
      const double mid = 0.5 * (lo + hi);
      (or_at(mid) < target_or ? lo : hi) = mid;
    }
  }
  build(std::exp(0.5 * (lo + hi)), true);
}

double HealthModel::pooled_odds_ratio() const {
  double j[4] = {0, 0, 0, 0};
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 45; age <= 74; ++age)
      for (int s = 0; s < kStates; ++s) j[s & 3] += base_[idx(sex, age)][s];
  if (j[1] <= 0 || j[2] <= 0) return kInf;
  return j[0] * j[3] / (j[1] * j[2]);
}

void HealthModel::build(double rho, bool solve_open_group) {
  rho_ = rho;
  for (int s = 0; s < kStates; ++s) {
    rr_h_inc_[s] = (s & kDiabetes) ? rho : 1.0;
    rr_d_inc_[s] = (s & kHypertension) ? rho : 1.0;
  }
  clamped_ = 0;
  for (int sex = 0; sex < kSexes; ++sex) {
    StateShares pi{};
    pi[0] = 1.0;
    for (int age = 0; age < kAges; ++age) {
      const int next = std::min(age + 1, kMaxAge);
      const double qx = q_[idx(sex, age)];
      std::array<double, kConditions> th{};
      if (age == kMaxAge) {
        // Open group: its stationary mix solves pi = f J_in + S(pi), f = 1 - |S(pi)| (inflow
        // from age 99 with mix J_in, survivors S of the group itself), with the incidence chosen
        // so that the survivors keep the target marginals (as the inflow has them).
        const StateShares j_in = pi;
        int n = 0;
        for (int it = 0; it < (solve_open_group ? 500 : 1); ++it) {
          n = solve_incidence(pi, marg_[idx(sex, kMaxAge)], qx, th);
          double post[kStates], q[kStates], next_pi[kStates], surv = 0.0, change = 0.0;
          transition_cell(pi.data(), post, th);
          split_q(post, qx, q);
          for (int s = 0; s < kStates; ++s) surv += post[s] * (1.0 - q[s]);
          for (int s = 0; s < kStates; ++s) next_pi[s] = (1.0 - surv) * j_in[s] + post[s] * (1.0 - q[s]);
          for (int s = 0; s < kStates; ++s) {
            change = std::max(change, std::abs(next_pi[s] - pi[s]));
            pi[s] = next_pi[s];
          }
          if (change < 1e-15) break;
        }
        clamped_ += n;
        base_[idx(sex, age)] = pi;
        inc_[idx(sex, age)] = th;
        break;
      }
      base_[idx(sex, age)] = pi;
      clamped_ += solve_incidence(pi, marg_[idx(sex, next)], qx, th);
      inc_[idx(sex, age)] = th;
      double post[kStates], q[kStates];
      transition_cell(pi.data(), post, th);
      split_q(post, qx, q);
      double tot = 0.0;
      for (int s = 0; s < kStates; ++s) tot += post[s] * (1.0 - q[s]);
      if (tot > 0.0)
        for (int s = 0; s < kStates; ++s) pi[s] = post[s] * (1.0 - q[s]) / tot;
      // If nobody survives (q = 1) keep the mix: the next age is then empty in any projection.
    }
  }
}

double HealthModel::base_prevalence(int sex, int age, int condition) const {
  const StateShares& sh = base_[idx(sex, age)];
  double p = 0.0;
  for (int s = 0; s < kStates; ++s)
    if (s & kBit[condition]) p += sh[s];
  return p;
}

void HealthModel::initialise(PopulationByState& pop) const {
  if (pop.size() != kCells) throw InputError("health: population must have kCells entries");
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const double n = age_sex_total(pop, sex, age);
      const StateShares& sh = base_[idx(sex, age)];
      for (int s = 0; s < kStates; ++s) pop[cell(sex, age, s)] = n * sh[s];
    }
}

void HealthModel::transition_cell(const double* in, double* out, const std::array<double, kConditions>& inc) const {
  // out[0..7] in four pairs (the same products and sums per element as one at a time: same bits).
  using Pair = double __attribute__((vector_size(16)));
  const double rem = p_.severe_remission_per_year;
  // Each state's probabilities first (the loop unrolled: the state bits are constants).
  double ph[kStates], pd[kStates], ps[kStates];
#pragma GCC unroll 8
  for (int s = 0; s < kStates; ++s) {
    ph[s] = (s & kHypertension) ? 1.0 : std::min(1.0, inc[0] * rr_h_inc_[s]);
    pd[s] = (s & kDiabetes) ? 1.0 : std::min(1.0, inc[1] * rr_d_inc_[s]);
    ps[s] = (s & kSevere) ? 1.0 - rem : std::min(1.0, inc[2] * rr_s_inc_[s]);
  }
  Pair o[4] = {};
#pragma GCC unroll 8
  for (int s = 0; s < kStates; ++s) {
    const double n = in[s];
    if (n == 0.0) continue;
    // The destination shares n fh fd fs as a Kronecker product (state bits: hypertension 1,
    // diabetes 2, severe 4), multiplied in that order.
    const Pair h = Pair{n, n} * Pair{1.0 - ph[s], ph[s]};  // destinations 0, 1 before diabetes and severe
    const Pair lo = h * (1.0 - pd[s]), hi = h * pd[s];      // destinations (0, 1) and (2, 3) before severe
    o[0] += lo * (1.0 - ps[s]);
    o[1] += hi * (1.0 - ps[s]);
    o[2] += lo * ps[s];
    o[3] += hi * ps[s];
  }
  for (int k = 0; k < 4; ++k) {
    out[2 * k] = o[k][0];
    out[2 * k + 1] = o[k][1];
  }
}

void HealthModel::split_q(const double* x, double q_x, double* q) const {
  if (!(q_x > 0.0)) {
    for (int s = 0; s < kStates; ++s) q[s] = 0.0;
    return;
  }
  if (q_x >= 1.0) {
    for (int s = 0; s < kStates; ++s) q[s] = 1.0;
    return;
  }
  double total = 0.0;
  for (int s = 0; s < kStates; ++s) total += x[s];
  // The common case first: no state's probability reaches 1 (the first pass of the loop below,
  // with nothing capped: the same values, so the same bits; there d_capped is +0, and x - 0 = x).
  {
    double w = 0.0;
    for (int s = 0; s < kStates; ++s) w += x[s] * death_rr_[s];
    if (w > 0.0) {
      const double k = q_x * total / w;
      bool any = false;
      for (int s = 0; s < kStates; ++s) any |= x[s] > 0.0 && k * death_rr_[s] > 1.0;
      if (!any) {
        for (int s = 0; s < kStates; ++s) q[s] = std::clamp(k * death_rr_[s], 0.0, 1.0);
        return;
      }
    }
  }
  bool capped[kStates] = {};
  double k = q_x;
  for (int iter = 0; iter <= kStates; ++iter) {
    double d_capped = 0.0, w = 0.0;
    for (int s = 0; s < kStates; ++s) {
      if (capped[s]) d_capped += x[s];
      else w += x[s] * death_rr_[s];
    }
    if (w <= 0.0) break;
    k = (q_x * total - d_capped) / w;
    bool any = false;
    for (int s = 0; s < kStates; ++s)
      if (!capped[s] && x[s] > 0.0 && k * death_rr_[s] > 1.0) capped[s] = any = true;
    if (!any) break;
  }
  for (int s = 0; s < kStates; ++s) q[s] = capped[s] ? 1.0 : std::clamp(k * death_rr_[s], 0.0, 1.0);
}

void HealthModel::state_death_probabilities(const PopulationByState& pop, const double* q_sex_age,
                                            double* q_cell) const {
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const double* x = &pop[cell(sex, age, 0)];
      double tot = 0.0;
      for (int s = 0; s < kStates; ++s) tot += x[s];
      const double* w = tot > 0.0 ? x : base_[idx(sex, age)].data();
      split_q(w, q_sex_age[idx(sex, age)], &q_cell[cell(sex, age, 0)]);
    }
}

int HealthModel::solve_incidence(const StateShares& pa, const std::array<double, kConditions>& next_marg, double qx,
                                 std::array<double, kConditions>& th) const {
  const double rem = p_.severe_remission_per_year;
  th = {0.0, 0.0, 0.0};
  std::array<bool, kConditions> clamped{};
  double now[kConditions], w[kConditions], target[kConditions];
  for (int c = 0; c < kConditions; ++c) {
    now[c] = 0.0;
    w[c] = 0.0;
    for (int s = 0; s < kStates; ++s) {
      if (s & kBit[c]) now[c] += pa[s];
      else w[c] += pa[s] * (c == 0 ? rr_h_inc_[s] : c == 1 ? rr_d_inc_[s] : rr_s_inc_[s]);
    }
    target[c] = std::clamp(next_marg[c], 0.0, 1.0 - 1e-12);
  }
  double post[kStates], q[kStates];
  for (int iter = 0; iter < 200; ++iter) {
    transition_cell(pa.data(), post, th);
    split_q(post, qx, q);
    double change = 0.0;
    for (int c = 0; c < kConditions; ++c) {
      double np = 0, sp = 0, nm = 0, sm = 0;
      for (int s = 0; s < kStates; ++s) {
        if (s & kBit[c]) { np += post[s]; sp += post[s] * (1.0 - q[s]); }
        else { nm += post[s]; sm += post[s] * (1.0 - q[s]); }
      }
      const double surv_plus = np > 0.0 ? sp / np : 1.0 - qx;
      const double surv_minus = nm > 0.0 ? sm / nm : 1.0 - qx;
      double x = target[c];
      if (surv_plus > 0.0 && surv_minus > 0.0) {
        const double odds = target[c] / (1.0 - target[c]) * surv_minus / surv_plus;
        x = odds / (1.0 + odds);
      }
      const double base_after = c == 2 ? now[c] * (1.0 - rem) : now[c];
      // Post-incidence share as a function of i: base_after + sum_s pa_s min(1, i rr_s) over
      // states without the condition (piecewise linear, increasing): solve by bisection.
      const double* rr = c == 0 ? rr_h_inc_.data() : c == 1 ? rr_d_inc_.data() : rr_s_inc_.data();
      auto share_at = [&](double i) {
        double v = base_after;
        for (int s = 0; s < kStates; ++s)
          if (!(s & kBit[c])) v += pa[s] * std::min(1.0, i * rr[s]);
        return v;
      };
      double i = 0.0;
      clamped[c] = x < base_after;
      if (!clamped[c] && w[c] > 0.0) {
        double min_rr = kInf;
        for (int s = 0; s < kStates; ++s)
          if (!(s & kBit[c]) && rr[s] > 0.0) min_rr = std::min(min_rr, rr[s]);
        double lo = 0.0, hi = std::isfinite(min_rr) ? 1.0 / min_rr : 1.0;
        i = (x - base_after) / w[c];  // exact when no state is capped
        if (i > hi || std::abs(share_at(i) - x) > 1e-15) {
          for (int b = 0; b < 200 && hi - lo > 1e-17; ++b) {
            const double mid = 0.5 * (lo + hi);
            (share_at(mid) < x ? lo : hi) = mid;
          }
          i = 0.5 * (lo + hi);
        }
      }
      change = std::max(change, std::abs(i - th[c]));
      th[c] = i;
    }
    if (change < 1e-15) break;
  }
  int n = 0;
  for (int c = 0; c < kConditions; ++c) n += clamped[c] && now[c] > 0.0;
  return n;
}

double HealthModel::trend_multiplier(int condition, int year) const {
  const Schedule& s = condition == 0   ? p_.hypertension_incidence_multiplier
                      : condition == 1 ? p_.diabetes_incidence_multiplier
                                       : p_.severe_incidence_multiplier;
  return std::max(0.0, s.at(year));
}

HealthPath HealthModel::sample_path(Rng& rng, int first_year, int last_year) const {
  HealthPath path;
  path.first_year = first_year;
  const int n = std::max(0, last_year - first_year + 1);
  boost::random::normal_distribution<double> z(0.0, 1.0);
  const double sd = p_.incidence_trend_volatility_per_year;
  // Year by year (the conditions of a year, then the next year), so that a path to an earlier last
  // year is the first years of a longer one: a run's years never depend on its horizon.
  std::array<double, kConditions> logm{};
  for (auto& v : path.incidence_multiplier) v.resize(static_cast<std::size_t>(n));
  for (int t = 0; t < n; ++t)
    for (int c = 0; c < kConditions; ++c) {
      logm[static_cast<std::size_t>(c)] += sd * z(rng);
      path.incidence_multiplier[static_cast<std::size_t>(c)][static_cast<std::size_t>(t)] =
          std::exp(std::clamp(logm[static_cast<std::size_t>(c)], -50.0, 50.0));
    }
  return path;
}

HealthPath HealthModel::sample_path(std::uint64_t seed, std::uint64_t draw, int first_year, int last_year) const {
  Rng rng = make_rng(seed, draw, Purpose::incidence);
  return sample_path(rng, first_year, last_year);
}

HealthPath HealthModel::neutral_path(int first_year, int last_year) const {
  HealthPath path;
  path.first_year = first_year;
  for (auto& v : path.incidence_multiplier) v.assign(static_cast<std::size_t>(std::max(1, last_year - first_year + 1)), 1.0);
  return path;
}

void HealthModel::transition_with(PopulationByState& pop, const std::array<double, kConditions>& mult) const {
  double out[kStates];
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const auto& base = inc_[idx(sex, age)];
      const std::array<double, kConditions> inc{base[0] * mult[0], base[1] * mult[1], base[2] * mult[2]};
      double* x = &pop[cell(sex, age, 0)];
      transition_cell(x, out, inc);
      for (int s = 0; s < kStates; ++s) x[s] = out[s];
    }
}

std::array<double, kConditions> HealthModel::year_multipliers(int year, const HealthPath& path) const {
  std::array<double, kConditions> mult{};
  for (int c = 0; c < kConditions; ++c) mult[c] = trend_multiplier(c, year) * path.multiplier(c, year);
  return mult;
}

void HealthModel::transition(PopulationByState& pop, int year, const HealthPath& path) const {
  transition_with(pop, year_multipliers(year, path));
}

void HealthModel::transition_row(int sex, int age, int from, const std::array<double, kConditions>& mult,
                                 double to[kStates]) const {
  const auto& base = inc_[idx(sex, age)];
  const std::array<double, kConditions> inc{base[0] * mult[0], base[1] * mult[1], base[2] * mult[2]};
  double unit[kStates] = {};
  unit[from] = 1.0;
  transition_cell(unit, to, inc);
}

namespace {
double treated(double t0, double g, double c, int y0, int year) {
  if (year < y0) return std::max(0.0, t0 - g * (y0 - year));
  const double gap = c - t0;
  if (gap <= 0.0) return t0;
  const double r = std::clamp(1.0 - g / gap, 0.0, 1.0);
  return c - gap * std::pow(r, year - y0);
}
}  // namespace

double HealthModel::treated_share_hypertension(int year) const {
  return treated(p_.hypertension_treated_share_reference, p_.hypertension_treated_gain_per_year,
                 p_.treated_ceiling_share, p_.treatment_reference_year, year);
}
double HealthModel::treated_share_diabetes(int year) const {
  return treated(p_.diabetes_treated_share_reference, p_.diabetes_treated_gain_per_year, p_.treated_ceiling_share,
                 p_.treatment_reference_year, year);
}

double adult_prevalence(const PopulationByState& pop, int condition) {
  double num = 0.0, den = 0.0;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 18; age < kAges; ++age)
      for (int s = 0; s < kStates; ++s) {
        const double n = pop[cell(sex, age, s)];
        den += n;
        if (s & kBit[condition]) num += n;
      }
  return den > 0.0 ? num / den : 0.0;
}

}  // namespace fundsim
