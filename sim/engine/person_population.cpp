#include "engine/person_population.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <numbers>

#include "benefits/calculator.hpp"
#include "benefits/claims_from_costs.hpp"
#include "benefits/person_draw.hpp"
#include "benefits/two_diseases_users.hpp"
#include "random/streams.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

PersonStreamKeys PersonStreamKeys::make(std::uint64_t seed, std::uint64_t draw, std::uint64_t pool_key) {
  PersonStreamKeys k;
  k.traits = stream_key(seed, draw, Purpose::person_traits, pool_key);
  k.health = stream_key(seed, draw, Purpose::person_health, pool_key);
  k.survival = stream_key(seed, draw, Purpose::person_survival, pool_key);
  k.claims = stream_key(seed, draw, Purpose::person_claims, pool_key);
  k.births = stream_key(seed, draw, Purpose::births, pool_key);
  return k;
}

PersonPopulation::PersonPopulation(const PopulationByState& jump_off, std::int64_t persons,
                                   const IncomeMixture& income, const PersonStreamKeys& keys)
    : keys_(keys), urban_share_(income.urban_share), cells_(make_population()) {
  income_sigma_[0] = income.rural.sigma;
  income_sigma_[1] = income.urban.sigma;
  if (persons < 1) throw InputError("run.persons: expected at least 1 person");
  double total = 0.0;
  for (double x : jump_off) total += x > 0.0 ? x : 0.0;
  if (!(total > 0.0)) throw InputError("engine micro: the jump-off population is empty");
  const double per_person = total / static_cast<double>(persons);
  mean_weight_ = per_person;
  const auto n_reserve = static_cast<std::size_t>(persons + persons / 4 + 2 * static_cast<std::int64_t>(kCells));
  for (auto* v : {&weight_, &rank_v_, &rank_u_, &income_factor_}) v->reserve(n_reserve);
  id_.reserve(n_reserve);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      for (int st = 0; st < kStates; ++st) {
        const double p = jump_off[cell(sex, age, st)];
        if (!(p > 0.0)) continue;
        const auto n = std::max<std::int64_t>(1, std::llround(p / per_person));
        const double w = p / static_cast<double>(n);
        for (std::int64_t k = 0; k < n; ++k) add_person(sex, age, st, w);
      }
  aggregate();
}

void PersonPopulation::add_person(int sex, int age, int state, double weight) {
  const std::uint64_t id = next_id_++;
  PersonRng g(keys_.traits, id);
  const double v = g.uniform(), u = g.uniform(), r = g.uniform();
  id_.push_back(id);
  sex_.push_back(static_cast<std::uint8_t>(sex));
  age_.push_back(static_cast<std::uint8_t>(age));
  state_.push_back(static_cast<std::uint8_t>(state));
  const std::uint8_t urban = r < urban_share_ ? 1 : 0;
  urban_.push_back(urban);
  group_.push_back(0);
  weight_.push_back(weight);
  rank_v_.push_back(v);
  rank_u_.push_back(u);
  const double z = -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * v);  // Phi^-1(v)
  income_factor_.push_back(std::exp(income_sigma_[urban] * z));
}

void PersonPopulation::aggregate() {
  std::fill(cells_.begin(), cells_.end(), 0.0);
  for (std::size_t i = 0; i < weight_.size(); ++i) cells_[cell(sex_[i], age_[i], state_[i])] += weight_[i];
}

void PersonPopulation::advance(const DemographyModel& dem, const HealthModel& health, int year,
                               const DemographyPath& dp, const HealthPath& hp, DemographyModel::YearScratch& scratch) {
  const std::size_t n = weight_.size();
  person_years_ += static_cast<std::int64_t>(n);
  const auto y = static_cast<std::uint64_t>(year);
  // 1. Health transitions: the year's rows, cumulated.
  const std::array<double, kConditions> mult = health.year_multipliers(year, hp);
  std::vector<double> cum(kCells * kStates);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      for (int st = 0; st < kStates; ++st) {
        double row[kStates];
        health.transition_row(sex, age, st, mult, row);
        double* c = &cum[cell(sex, age, st) * kStates];
        double s = 0.0;
        for (int k = 0; k < kStates; ++k) c[k] = (s += row[k]);
      }
  // (The persons' population by cell after the transitions is summed in the same pass.)
  std::fill(cells_.begin(), cells_.end(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t from = cell(sex_[i], age_[i], state_[i]);
    const double* c = &cum[from * kStates];
    const double u = PersonRng(keys_.health, id_[i], y).uniform() * c[kStates - 1];
    int to = 0;
    while (to < kStates - 1 && u >= c[to]) ++to;
    state_[i] = static_cast<std::uint8_t>(to);
    cells_[from - from % kStates + static_cast<std::size_t>(to)] += weight_[i];  // cell(sex, age, to)
  }
  // 2. Deaths (q split over the persons' state mix), births of the start-of-year population,
  // ageing, migration.
  dem.death_probabilities(dp, year, scratch.q.data());
  health.state_death_probabilities(cells_, scratch.q.data(), scratch.q_cells.data());
  const Births births = dem.births(cells_, dp, year);
  dem.migrants(dp, year, scratch.migrants.data());
  // Deaths and ageing; the survivors' persons by (sex, age) at the end of the year are summed in the
  // same pass (net migration is spread over them).
  std::vector<double> total(static_cast<std::size_t>(kSexes) * kAges, 0.0);
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double q = scratch.q_cells[cell(sex_[i], age_[i], state_[i])];
    if (PersonRng(keys_.survival, id_[i], y).uniform() < q) continue;  // died in the year
    const auto age = static_cast<std::uint8_t>(std::min(age_[i] + 1, kMaxAge));
    if (m != i) {
      id_[m] = id_[i], sex_[m] = sex_[i], state_[m] = state_[i], urban_[m] = urban_[i], group_[m] = group_[i];
      weight_[m] = weight_[i], rank_v_[m] = rank_v_[i], rank_u_[m] = rank_u_[i],
      income_factor_[m] = income_factor_[i];
    }
    age_[m] = age;
    total[static_cast<std::size_t>(sex_[m]) * kAges + age] += weight_[m];
    ++m;
  }
  id_.resize(m), sex_.resize(m), age_.resize(m), state_.resize(m), urban_.resize(m), group_.resize(m);
  weight_.resize(m), rank_v_.resize(m), rank_u_.resize(m), income_factor_.resize(m);
  for (int sex = 0; sex < kSexes; ++sex) {
    const double b = (sex == kMale ? births.male : births.female) *
                     (1.0 - dem.infant_separation_share() * scratch.q_cells[cell(sex, 0, 0)]);
    if (!(b > 0.0)) continue;
    const double expected = b / mean_weight_;
    PersonRng g(keys_.births, static_cast<std::uint64_t>(sex), y);
    auto count = static_cast<std::int64_t>(std::floor(expected));
    if (g.uniform() < expected - static_cast<double>(count)) ++count;
    count = std::max<std::int64_t>(count, 1);
    const double w = b / static_cast<double>(count);
    for (std::int64_t k = 0; k < count; ++k) {
      add_person(sex, 0, 0, w);
      total[static_cast<std::size_t>(sex) * kAges] += w;
    }
  }
  // Net migration: the persons of a (sex, age) rescaled (the cell projection's rule).
  std::vector<double> factor(total.size(), 1.0);
  for (std::size_t k = 0; k < total.size(); ++k) {
    const double mig = scratch.migrants[k];
    if (mig == 0.0) continue;
    if (total[k] > 0.0) {
      factor[k] = std::max(0.0, 1.0 + mig / total[k]);
    } else if (mig > 0.0) {  // immigrants into an empty (sex, age): one person in state 0 carries them
      add_person(static_cast<int>(k / kAges), static_cast<int>(k % kAges), 0, mig);
    }
  }
  // The weights rescaled and the end-of-year population by cell summed in one pass.
  std::fill(cells_.begin(), cells_.end(), 0.0);
  for (std::size_t i = 0; i < weight_.size(); ++i) {
    weight_[i] *= factor[static_cast<std::size_t>(sex_[i]) * kAges + age_[i]];
    cells_[cell(sex_[i], age_[i], state_[i])] += weight_[i];
  }
}

void PersonPopulation::realise_enrolment(EnrolmentYear& en) {
  const std::vector<double> expected_general = std::move(en.enrolled_general);
  const std::vector<double> expected_assisted = std::move(en.enrolled_assisted);
  en.enrolled_general.assign(kCells, 0.0);
  en.enrolled_assisted.assign(kCells, 0.0);
  // Per cell: the assisted share and the general share among the others.
  std::vector<double> pa(kCells, 0.0), pg(kCells, 0.0);
  for (std::size_t c = 0; c < kCells; ++c) {
    const double pop = cells_[c];
    if (!(pop > 0.0)) continue;
    pa[c] = std::clamp(expected_assisted[c] / pop, 0.0, 1.0);
    const double general = std::clamp(expected_general[c] / pop, 0.0, 1.0 - pa[c]);
    pg[c] = pa[c] < 1.0 ? general / (1.0 - pa[c]) : 0.0;
  }
  double enrolled = 0.0;
  for (std::size_t i = 0; i < weight_.size(); ++i) {
    const std::size_t c = cell(sex_[i], age_[i], state_[i]);
    // Branch-free: assisted (2) if v < the assisted share, else general (1) if u < the general share.
    const bool assisted = rank_v_[i] < pa[c], general = !assisted && rank_u_[i] < pg[c];
    group_[i] = static_cast<std::uint8_t>(2 * assisted + general);
    const double w = weight_[i];
    en.enrolled_general[c] += general ? w : 0.0;
    en.enrolled_assisted[c] += assisted ? w : 0.0;
    enrolled += (assisted || general) ? w : 0.0;
  }
  en.enrolled_persons = enrolled;
}

std::vector<benefits::PersonClaimsLaw> person_claims_laws(const CostModel& costs, const YearFactors& f) {
  using benefits::PersonClaimsLaw;
  CellRates rates;
  costs.cell_rates(f, rates);
  const CellClaimInputs in[2] = {costs.class_inputs(0, f), costs.class_inputs(1, f)};
  // The claims law of every cell: rates by cell, medians and log-sds by cost class (as the cell
  // step: outpatient and 两病 costs from class 0, inpatient and chronic/special by class).
  PersonClaimsLaw cls_law[2];
  for (int k = 0; k < 2; ++k) {
    PersonClaimsLaw& l = cls_law[k];
    l.set_inpatient(benefits::inpatient_claims(in[k].inpatient));
    PersonClaimsLaw::set_service(benefits::service_claims(in[0].outpatient), l.p_op, l.mu_op, l.sigma_op);
    PersonClaimsLaw::set_service(benefits::service_claims(in[k].chronic_special), l.p_cs, l.mu_cs, l.sigma_cs);
    PersonClaimsLaw::set_service(benefits::service_claims(in[0].two_diseases_hypertension), l.p_h, l.mu_h,
                                 l.sigma_h);
    PersonClaimsLaw::set_service(benefits::service_claims(in[0].two_diseases_diabetes), l.p_d, l.mu_d, l.sigma_d);
  }
  std::vector<PersonClaimsLaw> law(kCells);
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age)
      for (int st = 0; st < kStates; ++st) {
        const std::size_t c = cell(sex, age, st);
        PersonClaimsLaw& l = law[c];
        l = cls_law[cost_class(st)];
        l.set_lambda(rates.inpatient_lambda[c]);
        l.p_op = rates.outpatient[c];
        l.p_cs = rates.chronic_special[c];
        l.p_h = rates.two_hypertension[c];
        l.p_d = rates.two_diabetes[c];
      }
  return law;
}

cell_claims::YearClaims PersonPopulation::claims(const CostModel& costs, const YearFactors& f,
                                                 const benefits::YearRules& rules, const IncomeYear& income,
                                                 const benefits::BurdenThresholds& thresholds,
                                                 cell_claims::YearCounts& n) {
  const std::vector<benefits::PersonClaimsLaw> law = person_claims_laws(costs, f);
  const benefits::CatastrophicEffective cat[kGroups] = {rules.catastrophic_for(kGeneral),
                                                         rules.catastrophic_for(kAssisted)};
  cell_claims::YearClaims c;
  burden_ = benefits::BurdenTable{};
  batch_.assign(static_cast<std::size_t>(std::max(batches_, 0)), PersonBatchTotals{});
  benefits::PersonYear py;
  py.admissions.reserve(64);
  const auto y = static_cast<std::uint64_t>(f.year);
  const double scale[2] = {std::exp(income.mu[0]), std::exp(income.mu[1])};
  for (std::size_t i = 0; i < weight_.size(); ++i) {
    const double w = weight_[i];
    const int age = age_[i], st = state_[i];
    n.add_population(age, w);
    const std::uint8_t g = group_[i];
    if (g == 0) continue;
    const bool assisted = g == 2;
    n.add_enrolled(age, st, w, assisted ? w : 0.0);
    py.group = assisted ? kAssisted : kGeneral;
    PersonRng rng(keys_.claims, id_[i], y);
    benefits::draw_person_year(law[cell(sex_[i], age, st)], rng, py);
    const bool any = !py.admissions.empty() || py.outpatient_cost_yuan > 0.0 || py.chronic_special_cost_yuan > 0.0 ||
                     py.hypertension_cost_yuan > 0.0 || py.diabetes_cost_yuan > 0.0;
    const double income_yuan = scale[urban_[i]] * income_factor_[i];
    const int quintile = income.quintile_of(income_yuan);
    if (!any) {  // no cost: nothing paid by anyone (tests/engine/micro_test.cpp), only the person counted
      burden_.add({w, income_yuan, 0.0, 0.0, 0.0}, quintile, assisted, thresholds);
      if (!batch_.empty()) batch_[id_[i] % batch_.size()].value[PersonBatchTotals::kEnrollees] += w;
      continue;
    }
    const benefits::BenefitResult r = benefits::compute_benefits(py, rules, cat[assisted ? kAssisted : kGeneral]);
    const double two_cost = py.hypertension_cost_yuan + py.diabetes_cost_yuan;
    if (two_cost > 0.0) n.two_patients += w;
    c.ip.pay += w * r.basic_inpatient;
    c.ip.cost += w * r.inpatient_cost_yuan;
    c.ip.oop += w * (r.inpatient_cost_yuan - r.basic_inpatient - r.catastrophic - r.assistance);
    c.op.pay += w * r.outpatient;
    c.op.cost += w * py.outpatient_cost_yuan;
    c.op.oop += w * (py.outpatient_cost_yuan - r.outpatient);
    c.cs.pay += w * r.chronic_special;
    c.cs.cost += w * py.chronic_special_cost_yuan;
    c.cs.oop += w * (py.chronic_special_cost_yuan - r.chronic_special);
    c.two.pay += w * r.two_diseases;
    c.two.cost += w * two_cost;
    c.two.oop += w * (two_cost - r.two_diseases);
    c.cat_claims += w * r.catastrophic;
    c.assist += w * r.assistance;
    if (r.catastrophic > 0.0) c.cat_persons += w;
    burden_.add({w, income_yuan, r.out_of_pocket, r.catastrophic, r.assistance}, quintile, assisted, thresholds);
    if (!batch_.empty()) {
      auto& b = batch_[id_[i] % batch_.size()].value;
      b[PersonBatchTotals::kEnrollees] += w;
      b[PersonBatchTotals::kBasicInpatient] += w * r.basic_inpatient;
      b[PersonBatchTotals::kOutpatient] += w * r.outpatient;
      b[PersonBatchTotals::kChronicSpecial] += w * r.chronic_special;
      b[PersonBatchTotals::kTwoDiseases] += w * r.two_diseases;
      b[PersonBatchTotals::kCatastrophicClaims] += w * r.catastrophic;
      b[PersonBatchTotals::kAssistance] += w * r.assistance;
      b[PersonBatchTotals::kCatastrophicBeneficiaries] += r.catastrophic > 0.0 ? w : 0.0;
      b[PersonBatchTotals::kOutOfPocket] += w * r.out_of_pocket;
      b[PersonBatchTotals::kTotalCost] += w * r.total_cost;
    }
  }
  return c;
}

}  // namespace fundsim
