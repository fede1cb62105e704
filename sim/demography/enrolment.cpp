#include "demography/enrolment.hpp"

#include <algorithm>
#include <cmath>

#include "scenario/errors.hpp"

namespace fundsim {

EnrolmentModel::EnrolmentModel(const EnrolmentParams& p, const PopulationByState* base_mix)
    : p_(p), norm_(kSexes * kAges, 1.0) {
  if (p_.employee_base_share.size() != kEnrolmentBands ||
      p_.employee_ceiling_share.size() != kEnrolmentBands ||
      p_.optout_age_multiplier.size() != kEnrolmentBands ||
      p_.assisted_share.size() != kEnrolmentBands)
    throw InputError("demography.enrolment: band vectors need 7 entries");
  for (int s = 0; s < kStates; ++s) r_[s] = selection_factor(s);
  if (base_mix != nullptr) {
    for (int sex = 0; sex < kSexes; ++sex)
      for (int a = 0; a < kAges; ++a) {
        double tot = 0.0, wr = 0.0;
        for (int s = 0; s < kStates; ++s) {
          const double w = (*base_mix)[cell(sex, a, s)];
          tot += w;
          wr += w * r_[s];
        }
        if (tot > 0.0 && wr > 0.0) norm_[sex * kAges + a] = wr / tot;
      }
  }
}

double EnrolmentModel::selection_factor(int state) const {
  const double k = std::clamp(p_.selection_strength, 0.0, 1.0);
  if (state & kSevere) return 1.0 - k * (1.0 - p_.severe_relative_optout);
  if (state != 0) return 1.0 - k * (1.0 - p_.chronic_relative_optout);
  return 1.0;
}

double EnrolmentModel::employee_gap(int year) const {
  const int n = std::max(0, year - p_.base_year);
  return std::pow(1.0 - std::clamp(p_.employee_convergence_per_year, 0.0, 1.0), n);
}

double EnrolmentModel::employee_share_in_band(int band, double gap) const {
  const double base = p_.employee_base_share[band];
  const double ceil = p_.employee_ceiling_share[band];
  return std::clamp(ceil - (ceil - base) * gap, 0.0, 1.0);
}

double EnrolmentModel::employee_share(int age, int year) const {
  return employee_share_in_band(enrolment_band(age), employee_gap(year));
}

double EnrolmentModel::structural_share(int year) const {
  const int n = std::clamp(year, p_.base_year, std::max(p_.base_year,
                                                        p_.structural_noncoverage_drift_end_year)) -
                p_.base_year;
  return std::clamp(p_.structural_noncoverage_share +
                        p_.structural_noncoverage_drift_per_year * n,
                    0.0, 1.0);
}

double EnrolmentModel::optout_share(int band, double burden) const {
  const double ratio = std::max(burden, 0.0) / p_.burden_reference;
  if (p_.optout_response == "saturating") {
    // Hill-type curve through q at r = 1, bounded by M (see demography_params.hpp).
    const double M = std::clamp(p_.optout_max_share, 0.0, 1.0);
    const double q = p_.optout_base_share * p_.optout_age_multiplier[band];
    if (!(ratio > 0.0) || !(q > 0.0)) return 0.0;
    if (q >= M) return M;
    const double re = std::pow(ratio, p_.optout_elasticity);
    if (!std::isfinite(re)) return M;
    return std::clamp(M * q * re / (M + q * (re - 1.0)), 0.0, M);
  }
  // pow(ratio, e) is finite for ratio in [0, inf) and e >= 0 (0^0 = 1); min caps it.
  const double x = p_.optout_base_share * p_.optout_age_multiplier[band] *
                   std::pow(ratio, p_.optout_elasticity);
  return std::clamp(std::isfinite(x) ? x : p_.optout_max_share, 0.0, p_.optout_max_share);
}

double EnrolmentModel::exposure_factor(int year) const {
  if (!p_.waiting_period_enabled || year < p_.waiting_period_start_year) return 1.0;
  const double months = std::clamp(p_.waiting_base_months + p_.waiting_months_per_gap_year *
                                                                 p_.mean_gap_years,
                                   0.0, p_.waiting_max_months);
  return 1.0 - std::clamp(p_.reentry_share_per_year, 0.0, 1.0) * months / 12.0;
}

EnrolmentYear EnrolmentModel::compute(const PopulationByState& pop, int year,
                                      double individual_contribution_yuan,
                                      double rural_income_yuan) const {
  EnrolmentYear out;
  compute(pop, year, individual_contribution_yuan, rural_income_yuan, out);
  return out;
}

void EnrolmentModel::compute(const PopulationByState& pop, int year, double individual_contribution_yuan,
                             double rural_income_yuan, EnrolmentYear& out) const {
  const double b = burden(individual_contribution_yuan, rural_income_yuan);
  split(pop, year, optout_shares(b), out);
  out.burden = b;
}

double EnrolmentModel::burden(double individual_contribution_yuan, double rural_income_yuan) {
  return rural_income_yuan > 0.0 ? std::max(individual_contribution_yuan, 0.0) / rural_income_yuan
                                 : (individual_contribution_yuan > 0.0 ? 1e6 : 0.0);
}

std::array<double, kEnrolmentBands> EnrolmentModel::optout_shares(double burden) const {
  std::array<double, kEnrolmentBands> optout{};
  for (int band = 0; band < kEnrolmentBands; ++band) optout[band] = optout_share(band, burden);
  return optout;
}

void EnrolmentModel::start_year(int year, EnrolmentYear& out) const {
  out.enrolled_general.resize(kCells);
  out.enrolled_assisted.resize(kCells);
  out.employee_scheme_persons = out.not_enrolled_persons = out.optout_persons = out.enrolled_persons = 0.0;
  out.burden = 0.0;
  out.assisted_contribution_paid_share = p_.assisted_contribution_paid_share;
  out.exposure_factor = exposure_factor(year);
}

EnrolmentYear EnrolmentModel::empty_year(int year) const {
  EnrolmentYear out;
  out.enrolled_general.assign(kCells, 0.0);
  out.enrolled_assisted.assign(kCells, 0.0);
  start_year(year, out);
  return out;
}

EnrolmentYear EnrolmentModel::split(const PopulationByState& pop, int year,
                                    const std::array<double, kEnrolmentBands>& optout) const {
  EnrolmentYear out;
  split(pop, year, optout, out);
  return out;
}

void EnrolmentModel::split(const PopulationByState& pop, int year, const std::array<double, kEnrolmentBands>& optout,
                           EnrolmentYear& out) const {
  start_year(year, out);  // every cell is written below: the vectors are sized, not cleared
  const double structural = structural_share(year);
  std::array<double, kEnrolmentBands> employee{};
  const double gap = employee_gap(year);
  for (int band = 0; band < kEnrolmentBands; ++band) employee[band] = employee_share_in_band(band, gap);

  // Per (sex, age): the eight states' splits first (no sums: the loop vectorises), then the totals
  // in the same order as one loop over the cells would add them.
  double employee_persons = 0.0, optout_persons = 0.0, not_enrolled = 0.0, enrolled_persons = 0.0;
  double* general = out.enrolled_general.data();
  double* assisted = out.enrolled_assisted.data();
  const double keep = 1.0 - structural;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a) {
      const int band = enrolment_band(a);
      const double emp = employee[band];
      const double norm = norm_[sex * kAges + a];
      const double ob = optout[band];
      const double share = std::clamp(p_.assisted_share[band], 0.0, 1.0);
      const std::size_t c0 = cell(sex, a, 0);
      const double* n = &pop[c0];
      double in_emp[kStates], rest[kStates], opt[kStates], enrolled[kStates];
      for (int s = 0; s < kStates; ++s) {
        in_emp[s] = n[s] * emp;
        rest[s] = n[s] - in_emp[s];
        const double o = std::min(1.0, ob * r_[s] / norm);
        opt[s] = rest[s] * keep * o;
        enrolled[s] = rest[s] * keep - opt[s];
        // split_by_group with the share clamped once
        const double as = enrolled[s] * share;
        assisted[c0 + s] = as;
        general[c0 + s] = enrolled[s] - as;
      }
      for (int s = 0; s < kStates; ++s) {
        employee_persons += in_emp[s];
        optout_persons += opt[s];
        not_enrolled += rest[s] - enrolled[s];
        enrolled_persons += enrolled[s];
      }
    }
  out.employee_scheme_persons = employee_persons;
  out.optout_persons = optout_persons;
  out.not_enrolled_persons = not_enrolled;
  out.enrolled_persons = enrolled_persons;
}

EnrolmentYear EnrolmentModel::optout_derivative(const PopulationByState& pop, int year, int band) const {
  EnrolmentYear out = empty_year(year);
  const double structural = structural_share(year);
  const double emp = employee_share_in_band(band, employee_gap(year));
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a) {
      if (enrolment_band(a) != band) continue;
      const double norm = norm_[sex * kAges + a];
      for (int s = 0; s < kStates; ++s) {
        const std::size_t c = cell(sex, a, s);
        const double n = pop[c];
        const double rest = n - n * emp;
        const double u = rest * (1.0 - structural) * r_[s] / norm;  // enrollees one unit of opt-out removes
        const EnrolledByGroup g = split_by_group(u, p_.assisted_share[band]);
        out.enrolled_general[c] = g.general;
        out.enrolled_assisted[c] = g.assisted;
        out.optout_persons += u;
        out.not_enrolled_persons += u;
        out.enrolled_persons += u;
      }
    }
  return out;
}

double EnrolmentModel::max_selection_ratio(int band) const {
  double m = 0.0;
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a)
      if (enrolment_band(a) == band)
        for (int s = 0; s < kStates; ++s) m = std::max(m, r_[s] / norm_[sex * kAges + a]);
  return m;
}

}  // namespace fundsim
