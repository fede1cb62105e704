#include "benefits/sampler.hpp"

#include <cmath>

#include "benefits/calculator.hpp"
#include "benefits/person_draw.hpp"
#include "scenario/errors.hpp"

namespace fundsim::benefits {

CellExpectation expected_tiers(const CellClaims& c, const YearRules& rules) {
  const InpatientTable table(c.inpatient, rules, c.group);
  InpatientMoments im = table.mix(c.lambda);
  double p_beneficiary = table.catastrophic_probability(c.lambda);
  if (rules.catastrophic.base_includes_chronic_special) {
    // chronic/special users (probability p_cs) settle their admissions with their chronic/special
    // self-pay in the catastrophic base; basic payments and costs are the same for both.
    const double p = c.chronic_special.user_probability;
    const InpatientTable user_table = InpatientTable::chronic_special_user(
        c.inpatient, rules, c.group, true, c.chronic_special.median_yuan, c.chronic_special.sigma);
    const InpatientMoments user = user_table.mix(c.lambda);
    p_beneficiary = (1.0 - p) * p_beneficiary + p * user_table.catastrophic_probability(c.lambda);
    for (int t = 0; t < kInpatientTiers; ++t) {
      const double m = (1.0 - p) * im.tier[t].mean + p * user.tier[t].mean;
      const double second = (1.0 - p) * (im.tier[t].var + im.tier[t].mean * im.tier[t].mean) +
                            p * (user.tier[t].var + user.tier[t].mean * user.tier[t].mean);
      im.tier[t].mean = m;
      im.tier[t].var = std::max(0.0, second - m * m);
    }
  }
  const ServiceMoments op = outpatient_moments(c.outpatient, rules);
  const ServiceMoments cs = chronic_special_moments(c.chronic_special, rules);
  const ServiceMoments td =
      two_diseases_moments(c.hypertension, c.diabetes, c.chronic_special.user_probability, rules);
  CellExpectation e;
  e.mean[kSBasicInpatient] = im.basic().mean;
  e.mean[kSOutpatient] = op.payment.mean;
  e.mean[kSChronicSpecial] = cs.payment.mean;
  e.mean[kSTwoDiseases] = td.payment.mean;
  e.mean[kSCatastrophic] = im.catastrophic().mean;
  e.mean[kSAssistance] = im.assistance().mean;
  e.mean[kSOutOfPocket] =
      im.out_of_pocket().mean + op.out_of_pocket.mean + cs.out_of_pocket.mean + td.out_of_pocket.mean;
  e.mean[kSTotalCost] = im.total_cost().mean + op.total_cost.mean + cs.total_cost.mean + td.total_cost.mean;
  e.mean[kSInpatientOutOfPocket] = im.out_of_pocket().mean;
  e.mean[kSInpatientCost] = im.total_cost().mean;
  e.mean[kSCatastrophicBeneficiary] = p_beneficiary;
  e.basic_inpatient_var = im.basic().var;
  return e;
}

SampleResult sample_cell(const CellClaims& c, const YearRules& rules, std::uint64_t persons, Rng& rng) {
  if (persons < 2) throw InputError("sampler: at least 2 persons");
  if (!(c.lambda >= 0.0) || !(c.lambda <= 100.0))
    throw InputError("sampler: lambda must be in [0, 100] admissions per person-year");
  // Validate claims through the aggregate checks (same messages).
  (void)InpatientTable(c.inpatient, rules, c.group);
  for (const ServiceClaims* s : {&c.outpatient, &c.chronic_special, &c.hypertension, &c.diabetes})
    if (!(s->user_probability >= 0.0 && s->user_probability <= 1.0) || !(s->median_yuan > 0.0) ||
        !(s->sigma >= 0.0))
      throw InputError("sampler: service claims need p in [0, 1], median > 0, sigma >= 0");

  const CatastrophicEffective cat = rules.catastrophic_for(c.group);
  PersonClaimsLaw law;
  law.set_inpatient(c.inpatient);
  law.set_lambda(c.lambda);
  PersonClaimsLaw::set_service(c.outpatient, law.p_op, law.mu_op, law.sigma_op);
  PersonClaimsLaw::set_service(c.chronic_special, law.p_cs, law.mu_cs, law.sigma_cs);
  PersonClaimsLaw::set_service(c.hypertension, law.p_h, law.mu_h, law.sigma_h);
  PersonClaimsLaw::set_service(c.diabetes, law.p_d, law.mu_d, law.sigma_d);

  double s1[kSampledTiers] = {}, s2[kSampledTiers] = {};
  PersonYear p;
  p.group = c.group;
  p.admissions.reserve(64);
  for (std::uint64_t i = 0; i < persons; ++i) {
    draw_person_year(law, rng, p);
    const BenefitResult r = compute_benefits(p, rules, cat);
    const double ip_oop = r.inpatient_cost_yuan - r.basic_inpatient - r.catastrophic - r.assistance;
    const double v[kSampledTiers] = {r.basic_inpatient, r.outpatient, r.chronic_special, r.two_diseases,
                                     r.catastrophic, r.assistance, r.out_of_pocket, r.total_cost,
                                     ip_oop, r.inpatient_cost_yuan, r.catastrophic > 0.0 ? 1.0 : 0.0};
    for (int t = 0; t < kSampledTiers; ++t) {
      s1[t] += v[t];
      s2[t] += v[t] * v[t];
    }
  }
  SampleResult out;
  out.persons = persons;
  const double N = static_cast<double>(persons);
  for (int t = 0; t < kSampledTiers; ++t) {
    const double m = s1[t] / N;
    const double var = std::max(0.0, (s2[t] - N * m * m) / (N - 1.0));
    out.tier[t] = {m, std::sqrt(var / N)};
  }
  return out;
}

}  // namespace fundsim::benefits
