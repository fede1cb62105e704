#include "costs/cost_model.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <string>
#include <utility>

#include "scenario/errors.hpp"

namespace fundsim {
namespace {

double safe_exp(double x) { return std::exp(std::clamp(x, -50.0, 50.0)); }

void require_length(const std::vector<double>& v, std::size_t n, const char* key) {
  if (v.size() != n) throw InputError(std::string("costs.") + key + ": expected " + std::to_string(n) + " values");
}

}  // namespace

int cost_age_group(int age) {
  if (age < 5) return 0;
  if (age < 15) return 1;
  if (age < 45) return 2;
  if (age < 60) return 3;
  if (age < 70) return 4;
  if (age < 80) return 5;
  return 6;
}

double poisson_power_moment(double lambda, double theta) {
  if (!(lambda > 0.0)) return 0.0;
  if (theta == 1.0) return lambda;
  const int nmax = static_cast<int>(lambda + 12.0 * std::sqrt(lambda) + 30.0);
  double log_pmf = -lambda;  // n = 0
  double sum = 0.0;
  for (int n = 1; n <= nmax; ++n) {
    log_pmf += std::log(lambda) - std::log(static_cast<double>(n));
    sum += std::exp(log_pmf + theta * std::log(static_cast<double>(n)));
  }
  return sum;
}

CostModel::CostModel(const CostParams& p, const HealthModel& health)
    : p_(p), health_(health), lambda_(kCells), inpatient_median_(kCells), outpatient_p_(kCells) {
  require_length(p_.relative_cost_by_age_group, 7, "relative_cost_by_age_group");
  require_length(p_.outpatient_user_share_by_age_group, 7, "outpatient_user_share_by_age_group");
  require_length(p_.inpatient_level_weights, 3, "inpatient_level_weights");
  require_length(p_.inpatient_level_weights_severe, 3, "inpatient_level_weights_severe");
  require_length(p_.inpatient_mean_cost_per_admission_yuan_2018, 3, "inpatient_mean_cost_per_admission_yuan_2018");
  double sw = 0, sws = 0;
  for (int l = 0; l < kHospitalLevels; ++l) {
    sw += p_.inpatient_level_weights[l];
    sws += p_.inpatient_level_weights_severe[l];
  }
  if (!(sw > 0) || !(sws > 0)) throw InputError("costs.inpatient_level_weights: weights must not all be 0");
  for (int l = 0; l < kHospitalLevels; ++l) {
    w_[l] = p_.inpatient_level_weights[l] / sw;
    w_severe_[l] = p_.inpatient_level_weights_severe[l] / sws;
  }
  for (const auto& [key, sch] : {std::pair<const char*, const Schedule*>{"medical_price_index", &p_.medical_price_index},
                                  {"utilisation_shock_multiplier", &p_.utilisation_shock_multiplier},
                                  {"inpatient_case_mix_multiplier", &p_.inpatient_case_mix_multiplier}})
    if (sch->empty() || sch->after == Schedule::After::indexed || sch->after == Schedule::After::ratio)
      throw InputError(std::string("costs.") + key + ": needs values and a flat, increment or growth rule");
  price_base_ = p_.medical_price_index.at(p_.base_year);
  if (!(price_base_ > 0)) throw InputError("costs.medical_price_index: base-year value must be positive");
  shock_base_ = p_.utilisation_shock_multiplier.at(p_.base_year);
  if (!(shock_base_ > 0)) throw InputError("costs.utilisation_shock_multiplier: base-year value must be positive");
  case_mix_base_ = p_.inpatient_case_mix_multiplier.at(p_.base_year);
  if (!(case_mix_base_ > 0)) throw InputError("costs.inpatient_case_mix_multiplier: base-year value must be positive");

  const double growth = std::pow(1.0 + p_.inpatient_cost_growth_2018_to_base_per_year, p_.base_year - 2018);
  std::array<double, kHospitalLevels> mean{};
  for (int l = 0; l < kHospitalLevels; ++l) mean[l] = p_.inpatient_mean_cost_per_admission_yuan_2018[l] * growth;
  // Medians keep each level's mean cost per admission: median = mean / exp(sigma_l^2 / 2).
  std::array<double, kHospitalLevels> lognormal_mean{};
  for (int l = 0; l < kHospitalLevels; ++l) {
    const double sl = p_.inpatient_sigma + (l == kHospitalLevels - 1 ? p_.inpatient_sigma_tertiary_extra : 0.0);
    if (!(sl >= 0.0)) throw InputError("costs.inpatient_sigma_tertiary_extra: inpatient_sigma + extra must be >= 0");
    lognormal_mean[l] = std::exp(0.5 * sl * sl);
  }
  double c_plain = 0, c_severe = 0;
  for (int l = 0; l < kHospitalLevels; ++l) {
    c_plain += w_[l] * mean[l];
    c_severe += w_severe_[l] * mean[l] * p_.inpatient_severe_cost_multiplier;
  }
  std::array<double, kStates> rr{}, cost{};
  for (int s = 0; s < kStates; ++s) {
    rr[s] = ((s & kHypertension) ? p_.inpatient_rr_hypertension : 1.0) *
            ((s & kDiabetes) ? p_.inpatient_rr_diabetes : 1.0) * ((s & kSevere) ? p_.inpatient_rr_severe : 1.0);
    cost[s] = (s & kSevere) ? c_severe : c_plain;
  }
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      const int g = cost_age_group(age);
      const StateShares& pi = health_.base_shares(sex, age);
      double denom = 0;
      for (int s = 0; s < kStates; ++s) denom += pi[s] * rr[s] * cost[s];
      const double base = denom > 0 ? p_.inpatient_admissions_scale_per_person_year *
                                          p_.relative_cost_by_age_group[g] * c_plain / denom
                                    : 0.0;
      for (int s = 0; s < kStates; ++s) {
        const std::size_t c = cell(sex, age, s);
        lambda_[c] = base * rr[s];
        const double m = (s & kSevere) ? p_.inpatient_severe_cost_multiplier : 1.0;
        for (int l = 0; l < kHospitalLevels; ++l) inpatient_median_[c][l] = mean[l] * m / lognormal_mean[l];
        outpatient_p_[c] = std::min(0.95, p_.outpatient_user_share_by_age_group[g] *
                                              (s != 0 ? p_.outpatient_user_rr_chronic : 1.0));
      }
    }
}

double CostModel::price_index(int year) const { return p_.medical_price_index.at(year) / price_base_; }

double CostModel::shock_multiplier(int year) const {
  return std::max(0.0, p_.utilisation_shock_multiplier.at(year)) / shock_base_;
}

double CostModel::policy_raw(int service, bool unit_cost, int year) const {
  double m = 1.0;
  for (const PolicyEffect& e : p_.policy_effects) {
    if ((e.target == "unit_cost") != unit_cost) continue;
    const bool hit = e.service == "all" || (e.service == "inpatient" && service == kInpatientService) ||
                     (e.service == "outpatient" && service == kOutpatientService) ||
                     (e.service == "chronic_special" && service == kChronicSpecialService) ||
                     (e.service == "two_diseases" &&
                      (service == kTwoDiseasesHypertension || service == kTwoDiseasesDiabetes));
    if (!hit || year < e.start_year) continue;
    const double phase = std::min(1.0, (year - e.start_year + 1.0) / std::max(1, e.phase_in_years));
    m *= std::max(0.0, 1.0 + e.full_effect_share * phase);
  }
  return m;
}

double CostModel::policy_multiplier(int service, bool unit_cost, int year) const {
  const double b = policy_raw(service, unit_cost, p_.base_year);
  return b > 0 ? policy_raw(service, unit_cost, year) / b : 0.0;
}

CostPath CostModel::sample_path(Rng& medical_trend, Rng& utilisation_trend, int last_year) const {
  CostPath path;
  path.base_year = p_.base_year;
  const int n = std::max(0, last_year - p_.base_year);
  path.excess_growth.resize(static_cast<std::size_t>(n));
  path.log_excess_index.resize(static_cast<std::size_t>(n));
  path.log_utilisation_index.resize(static_cast<std::size_t>(n));
  boost::random::normal_distribution<double> z(0.0, 1.0);
  const double mu = p_.excess_trend_long_run_per_year, phi = 1.0 - p_.excess_trend_reversion_speed;
  double g = p_.excess_trend_initial_per_year, lx = 0.0, lu = 0.0;
  for (int k = 0; k < n; ++k) {
    g = mu + phi * (g - mu) + p_.excess_trend_volatility_per_year * z(medical_trend);
    lx += g;
    lu += p_.utilisation_drift_per_year + p_.utilisation_volatility_per_year * z(utilisation_trend);
    path.excess_growth[static_cast<std::size_t>(k)] = g;
    path.log_excess_index[static_cast<std::size_t>(k)] = lx;
    path.log_utilisation_index[static_cast<std::size_t>(k)] = lu;
  }
  return path;
}

CostPath CostModel::sample_path(std::uint64_t seed, std::uint64_t draw, int last_year) const {
  Rng m = make_rng(seed, draw, Purpose::medical_trend);
  Rng u = make_rng(seed, draw, Purpose::utilisation_trend);
  return sample_path(m, u, last_year);
}

void CostModel::add_local_deviation(CostPath& path, int first_year, Rng& province, Rng& pool) const {
  const double sd = p_.local_trend_deviation_sd_per_year;
  if (sd <= 0.0) return;
  const double a = std::sqrt(p_.local_trend_deviation_correlation),
               b = std::sqrt(1.0 - p_.local_trend_deviation_correlation);
  boost::random::normal_distribution<double> z(0.0, 1.0);
  double cum = 0.0;
  const int n = static_cast<int>(path.excess_growth.size());
  for (int k = std::max(0, first_year - path.base_year - 1); k < n; ++k) {
    const double zp = z(province), zo = z(pool);  // both drawn every year, in this order
    const double d = sd * (a * zp + b * zo);
    cum += d;
    path.excess_growth[static_cast<std::size_t>(k)] += d;
    path.log_excess_index[static_cast<std::size_t>(k)] += cum;
  }
}

CostPath CostModel::expected_path(int last_year) const {
  CostParams q = p_;
  q.excess_trend_volatility_per_year = 0.0;
  q.utilisation_volatility_per_year = 0.0;
  CostModel quiet(q, health_);
  Rng a = make_rng(0, 0, Purpose::medical_trend), b = make_rng(0, 0, Purpose::utilisation_trend);
  return quiet.sample_path(a, b, last_year);
}

YearFactors CostModel::factors(int year, const CostPath& path) const {
  YearFactors f;
  f.year = year;
  const int k = year - p_.base_year - 1;
  double lx = 0.0, lu = 0.0;
  if (k < 0) {
    lx = -p_.excess_trend_initial_per_year * (p_.base_year - year);
    lu = -p_.utilisation_drift_per_year * (p_.base_year - year);
  } else {
    const int n = static_cast<int>(path.log_excess_index.size());
    if (n == 0) {
      lx = p_.excess_trend_long_run_per_year * (k + 1);
      lu = p_.utilisation_drift_per_year * (k + 1);
    } else {
      const int j = std::min(k, n - 1);
      lx = path.log_excess_index[static_cast<std::size_t>(j)] + p_.excess_trend_long_run_per_year * (k - j);
      lu = path.log_utilisation_index[static_cast<std::size_t>(j)] + p_.utilisation_drift_per_year * (k - j);
    }
  }
  const double unit = price_index(year) * safe_exp(lx);
  const double util = safe_exp(lu) * shock_multiplier(year);
  for (int s = 0; s < kServices; ++s) {
    f.unit_cost[s] = unit * policy_multiplier(s, true, year);
    if (s == kInpatientService)
      f.unit_cost[s] *= std::max(0.0, p_.inpatient_case_mix_multiplier.at(year)) / case_mix_base_;
    const double trend = (s == kInpatientService || s == kOutpatientService) ? util : 1.0;
    f.utilisation[s] = trend * policy_multiplier(s, false, year);
  }
  f.treated_hypertension = health_.treated_share_hypertension(year);
  f.treated_diabetes = health_.treated_share_diabetes(year);
  return f;
}

CellClaimInputs CostModel::cell_inputs(std::size_t c, const YearFactors& f) const {
  CellClaimInputs out;
  const int s = static_cast<int>(c % kStates);
  const int age = cell_age(c);
  const bool sev = s & kSevere;

  InpatientInputs& in = out.inpatient;
  in.lambda = lambda_[c] * f.utilisation[kInpatientService];
  const auto& w = sev ? w_severe_ : w_;
  // Hospital-level mix trend: primary -> tertiary by the shift of the year, clamped, renormalised.
  const double shift = p_.inpatient_tertiary_shift_per_year * (f.year - p_.base_year);
  double wl[kHospitalLevels] = {w[0], w[1], w[2]};
  if (shift != 0.0) {
    const double moved = std::clamp(shift, -wl[2], wl[0]);
    wl[0] -= moved;
    wl[2] += moved;
  }
  for (int l = 0; l < kHospitalLevels; ++l) {
    in.w[l] = wl[l];
    in.median_yuan[l] = inpatient_median_[c][l] * f.unit_cost[kInpatientService];
  }
  in.theta = p_.inpatient_theta;
  in.sigma = p_.inpatient_sigma;
  in.sigma_extra[kHospitalLevels - 1] = p_.inpatient_sigma_tertiary_extra;

  out.outpatient = {std::min(0.99, outpatient_p_[c] * f.utilisation[kOutpatientService]),
                    p_.outpatient_median_yuan * f.unit_cost[kOutpatientService], p_.outpatient_sigma};

  const std::array<double, 3> pr = chronic_probabilities(s, age >= 18, f);
  out.chronic_special = {pr[0], (sev ? p_.chronic_special_median_yuan_severe : p_.chronic_special_median_yuan_other) *
                                    f.unit_cost[kChronicSpecialService],
                         sev ? p_.chronic_special_sigma_severe : p_.chronic_special_sigma_other};
  out.two_diseases_hypertension = {pr[1], p_.two_diseases_hypertension_median_yuan * f.unit_cost[kTwoDiseasesHypertension],
                                   p_.two_diseases_hypertension_sigma};
  out.two_diseases_diabetes = {pr[2], p_.two_diseases_diabetes_median_yuan * f.unit_cost[kTwoDiseasesDiabetes],
                               p_.two_diseases_diabetes_sigma};
  return out;
}

CellClaimInputs CostModel::class_inputs(int cls, const YearFactors& f) const {
  return cell_inputs(cell(0, 40, cls == 1 ? kSevere : 0), f);
}

std::array<double, 3> CostModel::chronic_probabilities(int s, bool adult, const YearFactors& f) const {
  const bool sev = s & kSevere, h = s & kHypertension, d = s & kDiabetes;
  const double e = p_.two_diseases_enrolment_share;
  const double th = h ? f.treated_hypertension : 0.0, td = d ? f.treated_diabetes : 0.0;
  double p_cs;
  if (sev) {
    p_cs = p_.chronic_special_user_share_severe;
  } else {
    const double t_any = 1.0 - (1.0 - th) * (1.0 - td);
    const double other = adult ? p_.chronic_special_user_share_other_adults : 0.0;
    p_cs = 1.0 - (1.0 - t_any * (1.0 - e)) * (1.0 - other);
  }
  p_cs = std::clamp(p_cs * f.utilisation[kChronicSpecialService], 0.0, 1.0);
  // 两病 user probability among non-users of chronic/special: severe-state users of chronic/special
  // are independent of treatment (their drugs are inside chronic/special); otherwise treated
  // patients split e : (1 - e) between 两病 and chronic/special, so P(两病 | not chronic) =
  // t e / (1 - p_cs).
  auto two = [&](double t, int service) {
    double p = 0.0;
    if (t > 0.0) {
      if (sev) p = t * e;
      else p = p_cs < 1.0 ? t * e / (1.0 - p_cs) : 0.0;
    }
    return std::clamp(p * f.utilisation[service], 0.0, 1.0);
  };
  return {p_cs, two(th, kTwoDiseasesHypertension), two(td, kTwoDiseasesDiabetes)};
}

void CostModel::cell_rates(const YearFactors& f, CellRates& out) const {
  for (auto* v : {&out.inpatient_lambda, &out.outpatient, &out.chronic_special, &out.two_hypertension, &out.two_diabetes})
    v->resize(kCells);
  std::array<std::array<double, 3>, 2 * kStates> pr;
  for (int s = 0; s < kStates; ++s)
    for (int adult = 0; adult < 2; ++adult) pr[static_cast<std::size_t>(2 * s + adult)] = chronic_probabilities(s, adult, f);
  const double ui = f.utilisation[kInpatientService], uo = f.utilisation[kOutpatientService];
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      for (int s = 0; s < kStates; ++s) {
        const std::size_t c = cell(sex, age, s);
        out.inpatient_lambda[c] = lambda_[c] * ui;
        out.outpatient[c] = std::min(0.99, outpatient_p_[c] * uo);
        const std::array<double, 3>& p = pr[static_cast<std::size_t>(2 * s + (age >= 18 ? 1 : 0))];
        out.chronic_special[c] = p[0];
        out.two_hypertension[c] = p[1];
        out.two_diabetes[c] = p[2];
      }
}

void CostModel::all_cells(const YearFactors& f, CellClaimInputs* out) const {
  for (std::size_t c = 0; c < kCells; ++c) out[c] = cell_inputs(c, f);
}

ExpectedCost expected_cost(const CellClaimInputs& in) {
  ExpectedCost e;
  const InpatientInputs& ip = in.inpatient;
  double per = 0.0;
  for (int l = 0; l < kHospitalLevels; ++l) {
    const double sl = ip.sigma_of(l);
    per += ip.w[l] * ip.median_yuan[l] * std::exp(0.5 * sl * sl);
  }
  e.by_service[kInpatientService] = per * poisson_power_moment(ip.lambda, ip.theta);
  auto mean = [](const ServiceInputs& s) { return s.p_use * s.median_yuan * std::exp(0.5 * s.sigma * s.sigma); };
  e.by_service[kOutpatientService] = mean(in.outpatient);
  e.by_service[kChronicSpecialService] = mean(in.chronic_special);
  const double not_cs = 1.0 - in.chronic_special.p_use;
  e.by_service[kTwoDiseasesHypertension] = not_cs * mean(in.two_diseases_hypertension);
  e.by_service[kTwoDiseasesDiabetes] = not_cs * mean(in.two_diseases_diabetes);
  return e;
}

}  // namespace fundsim
