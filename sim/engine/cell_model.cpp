#include "engine/cell_model.hpp"

#include <algorithm>
#include <array>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include <fmt/format.h>

#include "benefits/aggregate.hpp"
#include "benefits/claims_from_costs.hpp"
#include "costs/decomposition.hpp"
#include "demography/life_table.hpp"
#include "engine/fund_metrics.hpp"
#include "fund/accounts.hpp"
#include "fund/financing.hpp"
#include "numeric/batch_math.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

namespace {

using benefits::InpatientTable;
using benefits::kInpatientTiers;
using benefits::LayerTable;
using benefits::YearRules;

constexpr int kMaxN = InpatientTable::kMaxAdmissions;

// The expected inpatient tiers of a year are linear in each cell's Poisson weights:
// sum_c persons_c sum_n w_n(lambda_c) E[tier | n] = sum_n E[tier | n] W_n, W_n = sum_c persons_c
// w_n(lambda_c). So the cell loop only accumulates W per (cost class, group), and the tables are
// applied once per year. Only the variance (process noise) needs each cell's mixed mean.
struct PoissonAccumulator {
  std::array<double, kMaxN + 1> w{};
  double apply(const InpatientTable& t, benefits::InpatientTier k, bool second) const {
    double s = 0.0;
    for (int n = 1; n <= kMaxN; ++n)
      s += w[static_cast<std::size_t>(n)] * (second ? t.second_given(n, k) : t.mean_given(n, k));
    return s;
  }
};

// Per-cell means of basic and catastrophic payments, for the process-noise variance: E[tier | n] rows
// of the tables, by group.
struct NoiseRows {
  double basic[kGroups][kMaxN + 1] = {}, cat[kGroups][kMaxN + 1] = {};
};

constexpr std::array<double, kMaxN + 1> kInverse = [] {
  std::array<double, kMaxN + 1> a{};
  for (int n = 1; n <= kMaxN; ++n) a[static_cast<std::size_t>(n)] = 1.0 / n;
  return a;
}();

// 1 / n! for n = 0..kMaxN.
constexpr std::array<double, kMaxN + 1> kInverseFactorial = [] {
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
struct AdmissionCells {
  static constexpr int kLanes = 8;
  std::vector<double> lambda, general, assisted, p0;  // p0: exp(-lambda), filled by accumulate
  void clear() {
    lambda.clear();
    general.clear();
    assisted.clear();
  }
  void add(double lam, double persons_general, double persons_assisted) {
    lambda.push_back(lam);
    general.push_back(persons_general);
    assisted.push_back(persons_assisted);
  }
  template <bool kNoise>
  void accumulate(PoissonAccumulator* acc, const NoiseRows* rows, double& sq_basic, double& sq_cat);
};

template <bool kNoise>
void AdmissionCells::accumulate(PoissonAccumulator* acc, const NoiseRows* rows, double& sq_basic,
                                double& sq_cat) {
  using Lanes = double __attribute__((vector_size(kLanes * sizeof(double))));
  Lanes wg[kMaxN + 1] = {}, wa[kMaxN + 1] = {}, tg = {}, ta = {}, sqb = {}, sqc = {};
  const Lanes zero = {}, one = zero + 1.0;
  const std::size_t count = lambda.size();
  p0.resize(count);
  for (std::size_t i = 0; i < count; ++i) p0[i] = -lambda[i];
  numeric::exp_n(p0.data(), p0.data(), count);
  for (std::size_t i0 = 0; i0 < count; i0 += kLanes) {
    Lanes lam = zero, g = zero, a = zero, e = zero;
    for (int j = 0; j < kLanes; ++j) {
      const std::size_t i = i0 + static_cast<std::size_t>(j);
      if (i >= count) break;  // the last block is padded with empty cells
      lam[j] = lambda[i];
      g[j] = general[i];
      a[j] = assisted[i];
      e[j] = p0[i];
    }
    tg += g;
    ta += a;
    Lanes qg = g * e, qa = a * e;  // persons x exp(-lambda) x lambda^n
    wg[0] += qg;
    wa[0] += qa;
    for (int n = 1; n <= kMaxN; ++n) {
      qg *= lam;
      qa *= lam;
      wg[n] += qg;
      wa[n] += qa;
    }
    if constexpr (kNoise) {
      Lanes p = e, cum = e, bg = zero, ba = zero, cg = zero, ca = zero;
      for (int n = 1; n <= kMaxN; ++n) {
        p *= lam * kInverse[static_cast<std::size_t>(n)];
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
      sqb += g * bg * bg + a * ba * ba;
      sqc += g * cg * cg + a * ca * ca;
    }
  }
  double sum_g = 0.0, sum_a = 0.0, mass_g = 0.0, mass_a = 0.0;
  for (int j = 0; j < kLanes; ++j) {
    sum_g += tg[j];
    sum_a += ta[j];
  }
  for (int n = 0; n <= kMaxN; ++n) {
    double sg = 0.0, sa = 0.0;
    for (int j = 0; j < kLanes; ++j) {
      sg += wg[n][j];
      sa += wa[n][j];
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
      sq_basic += sqb[j];
      sq_cat += sqc[j];
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

bool is_adult(int age) { return age >= 18; }

}  // namespace

struct CellModel::Paths {
  DemographyPath dem;
  HealthPath health;
  CostPath cost;
  IncomePath income;
  std::vector<double> interest;
};

CellModel::~CellModel() = default;

CellModel::CellModel(const Scenario& s) : s_(s) {
  first_year_ = s.run.jump_off_year + 1;
  years_ = s.run.end_year - s.run.jump_off_year;
  // The cell model produces every metric.
  for (int m = 0; m < kMetricCount; ++m) metrics_.push_back(static_cast<Metric>(m));

  dem_ = std::make_unique<DemographyModel>(s.demography);
  const int base_year = dem_->base_year();
  if (s.run.jump_off_year < base_year - 5)
    throw InputError("run.jump_off_year: expected a year at most 5 years before demography.base_population.year (" +
                     std::to_string(base_year) + ") for the cell engine (earlier years are back-projected)");
  const int last_year = s.run.end_year;
  // Base-year q for the health model's stationary incidence: the mean path in the health base year.
  const int hb = std::clamp(s.health.base_year, base_year + 1, std::max(base_year + 1, last_year));
  const DemographyPath hist = dem_->mean_path(base_year + 1, std::max(hb, last_year));
  std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges);
  dem_->death_probabilities(hist, hb, q.data());
  health_ = std::make_unique<HealthModel>(s.health, q);
  costs_ = std::make_unique<CostModel>(s.costs, *health_);
  income_ = std::make_unique<IncomeModel>(s.demography.income);

  // Population at the end of the base year over health states, then the history years on the mean
  // paths up to the jump-off.
  pop_jump_ = dem_->base_population_by_state();
  health_->initialise(pop_jump_);
  enrol_ = std::make_unique<EnrolmentModel>(s.demography.enrolment, &pop_jump_);
  const HealthPath hpath = health_->neutral_path(base_year + 1, std::max(base_year + 1, last_year));
  std::vector<double> qc(kCells), mig(static_cast<std::size_t>(kSexes) * kAges);
  for (int year = base_year + 1; year <= s.run.jump_off_year; ++year) {
    health_->transition(pop_jump_, year, hpath);
    dem_->death_probabilities(hist, year, q.data());
    health_->state_death_probabilities(pop_jump_, q.data(), qc.data());
    const Births b = dem_->births(pop_jump_, hist, year);
    dem_->migrants(hist, year, mig.data());
    advance_one_year(pop_jump_, qc.data(), b, mig.data(), dem_->infant_separation_share());
  }
  // A jump-off before the base year: reverse survival (each cohort at age a+1 at the end of year t
  // came from age a at the end of t-1, dividing by the survival probability of year t; the open
  // group 100+ is split over ages 99 and 100+ in proportion to them; no migration nationally) and
  // the health states re-initialised at the base shares. The standard back-projection of a census
  // age structure; births of the years in between come out of the forward projection again.
  if (s.run.jump_off_year < base_year) {
    const DemographyPath back = dem_->mean_path(s.run.jump_off_year + 1, base_year);
    for (int year = base_year; year > s.run.jump_off_year; --year) {
      dem_->death_probabilities(back, year, q.data());
      PopulationByState prev = make_population();
      for (int sex = 0; sex < kSexes; ++sex) {
        const double* qs = q.data() + static_cast<std::size_t>(sex) * kAges;
        const double t99 = age_sex_total(pop_jump_, sex, kMaxAge - 1), t100 = age_sex_total(pop_jump_, sex, kMaxAge);
        const double share99 = t99 + t100 > 0 ? t99 / (t99 + t100) : 0.5;
        for (int age = 0; age < kMaxAge; ++age) {
          // Age `age` at the end of year-1 survives to age+1 (or 100+) at the end of `year`.
          const double from = age + 1 < kMaxAge ? age_sex_total(pop_jump_, sex, age + 1)
                                                : age_sex_total(pop_jump_, sex, kMaxAge) * share99;
          prev[cell(sex, age, 0)] = from / std::max(1e-12, 1.0 - qs[age]);
        }
        prev[cell(sex, kMaxAge, 0)] =
            age_sex_total(pop_jump_, sex, kMaxAge) * (1.0 - share99) / std::max(1e-12, 1.0 - qs[kMaxAge]);
      }
      health_->initialise(prev);
      pop_jump_ = std::move(prev);
    }
  }
  // Income paths start at the year before the first projected year (catastrophic deductible), but
  // not before the first data year.
  income_first_year_ = s.run.jump_off_year;
  for (const auto* series : {&s.demography.income.national_yuan, &s.demography.income.rural_yuan})
    if (!series->empty()) income_first_year_ = std::max(income_first_year_, series->first_year());
}

CellModel::Paths CellModel::sample_paths(std::uint64_t seed, std::int64_t draw) const {
  const auto d = static_cast<std::uint64_t>(draw);
  Rng mort = make_rng(seed, d, Purpose::mortality);
  Rng fert = make_rng(seed, d, Purpose::fertility);
  Rng migr = make_rng(seed, d, Purpose::migration);
  Rng inc = make_rng(seed, d, Purpose::incidence);
  Rng med = make_rng(seed, d, Purpose::medical_trend);
  Rng util = make_rng(seed, d, Purpose::utilisation_trend);
  Rng incm = make_rng(seed, d, Purpose::income);
  Rng intr = make_rng(seed, d, Purpose::interest);
  Paths p;
  p.dem = dem_->sample_path(mort, fert, migr, first_year_, s_.run.end_year);
  p.health = health_->sample_path(inc, first_year_, s_.run.end_year);
  p.cost = costs_->sample_path(med, util, s_.run.end_year);
  p.income = income_->sample_income_path(incm, income_first_year_, s_.run.end_year);
  p.interest = sample_interest_path(s_.fund.interest, intr, years_);
  return p;
}

void CellModel::project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const {
  run_path(sample_paths(seed, draw), seed, draw, out, nullptr);
}

void CellModel::project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out, double* detail) const {
  run_path(sample_paths(seed, draw), seed, draw, out, nullptr, detail);
}

void CellModel::project_central(DrawTable& out, std::vector<CellYearDetail>* detail) const {
  Paths p;
  p.dem = dem_->mean_path(first_year_, s_.run.end_year);
  p.health = health_->neutral_path(first_year_, s_.run.end_year);
  p.cost = costs_->expected_path(s_.run.end_year);
  p.income = income_->mean_income_path(income_first_year_, s_.run.end_year);
  p.interest.assign(static_cast<std::size_t>(years_), s_.fund.interest.mean_rate);
  if (years_ > 0) p.interest[0] = s_.fund.interest.initial_rate;
  run_path(p, 0, -1, out, detail);
}

void CellModel::run_path(const Paths& paths, std::uint64_t seed, std::int64_t draw, DrawTable& out,
                         std::vector<CellYearDetail>* detail, double* age_detail) const {
  const bool noise = s_.run.process_noise && draw >= 0;
  Rng claims_rng = make_rng(seed, static_cast<std::uint64_t>(std::max<std::int64_t>(draw, 0)), Purpose::claims);
  boost::random::normal_distribution<double> z(0.0, 1.0);

  PopulationByState pop = pop_jump_;
  std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges), qc(kCells),
      mig(static_cast<std::size_t>(kSexes) * kAges);
  std::vector<CellClaimInputs> inputs(detail ? kCells : 0);  // the decomposition's per-cell costs
  CellRates rates;
  AdmissionCells admit[2];  // per cost class
  ContributionPath contrib(s_.financing);
  double last_premium = 0.0, last_claims_per_enrollee = 0.0;  // catastrophic experience rating
  double balance = s_.fund.initial_balance_yuan;
  const double birth_share_m = dem_->male_birth_share();

  auto income_at = [&](const std::vector<double>& series, int year) {
    const IncomePath& ip = paths.income;
    const int y = std::clamp(year, ip.first_year, ip.last_year);
    return series[static_cast<std::size_t>(y - ip.first_year)];
  };

  if (detail) {
    // The jump-off year itself, for the decomposition's year 0 (central path only).
    CellYearDetail d0;
    d0.year = s_.run.jump_off_year;
    d0.population = pop;
    const double rural0 = income_at(paths.income.rural_yuan, d0.year);
    ContributionPath c0(s_.financing);
    const ContributionYear cy = c0.next(d0.year, rural0);
    const EnrolmentYear e0 = enrol_->compute(pop, d0.year, cy.individual_yuan, rural0);
    d0.enrollees.resize(kCells);
    for (std::size_t c = 0; c < kCells; ++c) d0.enrollees[c] = e0.enrolled_general[c] + e0.enrolled_assisted[c];
    const YearFactors f0 = costs_->factors(d0.year, paths.cost);
    d0.gross_cost_year.resize(kCells);
    costs_->all_cells(f0, inputs.data());
    for (std::size_t c = 0; c < kCells; ++c) d0.gross_cost_year[c] = expected_cost(inputs[c]).total();
    d0.gross_cost_base_uc = d0.gross_cost_year;
    detail->push_back(std::move(d0));
  }

  for (int t = 0; t < years_; ++t) {
    const int year = first_year_ + t;
    // 1-2. Health transitions, deaths, ageing, births, migration.
    health_->transition(pop, year, paths.health);
    dem_->death_probabilities(paths.dem, year, q.data());
    health_->state_death_probabilities(pop, q.data(), qc.data());
    const Births births = dem_->births(pop, paths.dem, year);
    dem_->migrants(paths.dem, year, mig.data());
    advance_one_year(pop, qc.data(), births, mig.data(), dem_->infant_separation_share());
    const double e0 = birth_share_m * life_expectancy_at_birth(q.data()) +
                      (1.0 - birth_share_m) * life_expectancy_at_birth(q.data() + kAges);

    // 3. Contribution standards.
    const double rural = income_at(paths.income.rural_yuan, year);
    const double national_prior = income_at(paths.income.national_yuan, year - 1);
    const ContributionYear cy = contrib.next(year, rural);

    // 4. Enrolment.
    const EnrolmentYear en = enrol_->compute(pop, year, cy.individual_yuan, rural);

    // 5. Claims inputs and benefit payments.
    const YearFactors f = costs_->factors(year, paths.cost);
    costs_->cell_rates(f, rates);
    const YearRules rules = benefits::resolve(s_.benefits, year, national_prior);

    // Medians, level weights and log-sds depend only on the cost class: read from one cell of each.
    const CellClaimInputs rep_in[2] = {costs_->cell_inputs(cell(0, 40, 0), f),
                                       costs_->cell_inputs(cell(0, 40, kSevere), f)};
    // Inpatient tables: two cost classes (severe state or not) x two groups (second moments only for
    // process noise).
    const benefits::InpatientClaims ic_plain = benefits::inpatient_claims(rep_in[0].inpatient),
                                    ic_severe = benefits::inpatient_claims(rep_in[1].inpatient);
    const InpatientTable tables[2][kGroups] = {
        {InpatientTable(ic_plain, rules, kGeneral, noise), InpatientTable(ic_plain, rules, kAssisted, noise)},
        {InpatientTable(ic_severe, rules, kGeneral, noise), InpatientTable(ic_severe, rules, kAssisted, noise)}};
    // Single-layer services: conditional user moments (probability 1).
    const ServiceInputs& op_rep = rep_in[0].outpatient;
    const UserMoments op_user =
        UserMoments::from(LayerTable(op_rep.median_yuan, op_rep.sigma, rules.outpatient).mix(1.0));
    const ServiceInputs& cs_plain = rep_in[0].chronic_special;
    const ServiceInputs& cs_sev = rep_in[1].chronic_special;
    const UserMoments cs_user[2] = {
        UserMoments::from(LayerTable(cs_plain.median_yuan, cs_plain.sigma, rules.chronic_special).mix(1.0)),
        UserMoments::from(LayerTable(cs_sev.median_yuan, cs_sev.sigma, rules.chronic_special).mix(1.0))};
    // 两病: users of hypertension only, diabetes only, both (among non-users of chronic/special).
    benefits::ServiceClaims h = benefits::service_claims(rep_in[0].two_diseases_hypertension),
                           dd = benefits::service_claims(rep_in[0].two_diseases_diabetes);
    benefits::ServiceClaims h0 = h, d0 = dd;
    h.user_probability = dd.user_probability = 1.0;
    h0.user_probability = d0.user_probability = 0.0;
    const UserMoments two_h = UserMoments::from(benefits::two_diseases_moments(h, d0, 0.0, rules));
    const UserMoments two_d = UserMoments::from(benefits::two_diseases_moments(h0, dd, 0.0, rules));
    const UserMoments two_hd = UserMoments::from(benefits::two_diseases_moments(h, dd, 0.0, rules));

    ServiceTotals ip, op, cs, two;
    double cat_claims = 0.0, cat_var = 0.0, assist = 0.0, ip_var = 0.0;
    double pop_total = 0.0, pop_65 = 0.0, enr_total = 0.0, enr_assisted = 0.0, enr_65 = 0.0;
    double adults = 0.0, adults_h = 0.0, adults_d = 0.0, two_patients = 0.0;
    PoissonAccumulator acc[2][kGroups];
    UserMix op_mix, cs_mix[2], two_h_mix, two_d_mix, two_hd_mix;
    // With process noise: the per-cell basic and catastrophic means (E[tier | n] rows copied).
    double sq_basic = 0.0, sq_cat = 0.0;
    NoiseRows rows[2];
    if (noise)
      for (int cls = 0; cls < 2; ++cls)
        for (int g = 0; g < kGroups; ++g)
          for (int n = 1; n <= kMaxN; ++n) {
            rows[cls].basic[g][n] = tables[cls][g].mean_given(n, benefits::kBasic);
            rows[cls].cat[g][n] = tables[cls][g].mean_given(n, benefits::kCatastrophic);
          }
    for (int cls = 0; cls < 2; ++cls) admit[cls].clear();
    for (int sex = 0; sex < kSexes; ++sex)
      for (int age = 0; age < kAges; ++age)
        for (int st = 0; st < kStates; ++st) {
          const std::size_t c = cell(sex, age, st);
          pop_total += pop[c];
          if (age >= 65) pop_65 += pop[c];
          const double ng = en.enrolled_general[c], na = en.enrolled_assisted[c];
          const double n = ng + na;
          if (n <= 0.0) continue;
          enr_total += n;
          enr_assisted += na;
          if (age >= 65) enr_65 += n;
          if (is_adult(age)) {
            adults += n;
            if (st & kHypertension) adults_h += n;
            if (st & kDiabetes) adults_d += n;
          }
          const int cls = (st & kSevere) ? 1 : 0;
          admit[cls].add(rates.inpatient_lambda[c], ng, na);
          op_mix.add(n, rates.outpatient[c]);
          const double pcs = rates.chronic_special[c];
          cs_mix[cls].add(n, pcs);
          const double ph = rates.two_hypertension[c], pd = rates.two_diabetes[c];
          const double non_cs = 1.0 - pcs;
          two_h_mix.add(n, non_cs * ph * (1.0 - pd));
          two_d_mix.add(n, non_cs * pd * (1.0 - ph));
          two_hd_mix.add(n, non_cs * ph * pd);
          two_patients += n * non_cs * (1.0 - (1.0 - ph) * (1.0 - pd));
        }
    // Inpatient: the Poisson weights of every enrolled cell, summed per (cost class, group).
    for (int cls = 0; cls < 2; ++cls) {
      if (noise) admit[cls].accumulate<true>(acc[cls], &rows[cls], sq_basic, sq_cat);
      else admit[cls].accumulate<false>(acc[cls], nullptr, sq_basic, sq_cat);
    }
    double ip_second = 0.0, cat_second = 0.0, cat_persons = 0.0;
    for (int cls = 0; cls < 2; ++cls)
      for (int g = 0; g < kGroups; ++g) {
        const PoissonAccumulator& a = acc[cls][g];
        const InpatientTable& tab = tables[cls][g];
        // Catastrophic beneficiaries: persons whose catastrophic base passes the deductible.
        for (int n = 1; n <= kMaxN; ++n) cat_persons += a.w[static_cast<std::size_t>(n)] * tab.catastrophic_probability_given(n);
        ip.pay += a.apply(tab, benefits::kBasic, false);
        cat_claims += a.apply(tab, benefits::kCatastrophic, false);
        assist += a.apply(tab, benefits::kAssistance, false);
        ip.oop += a.apply(tab, benefits::kOutOfPocket, false);
        ip.cost += a.apply(tab, benefits::kTotalCost, false);
        if (noise) {
          ip_second += a.apply(tab, benefits::kBasic, true);
          cat_second += a.apply(tab, benefits::kCatastrophic, true);
        }
      }
    if (noise) {
      ip_var = std::max(0.0, ip_second - sq_basic);
      cat_var = std::max(0.0, cat_second - sq_cat);
    }
    op_mix.apply(op, op_user, noise);
    for (int cls = 0; cls < 2; ++cls) cs_mix[cls].apply(cs, cs_user[cls], noise);
    two_h_mix.apply(two, two_h, noise);
    two_d_mix.apply(two, two_d, noise);
    two_hd_mix.apply(two, two_hd, noise);
    ip.pay_var = ip_var;

    // Process noise: finite numbers of persons and claims (normal approximation, exact variance).
    if (noise) {
      ip.pay = std::max(0.0, ip.pay + std::sqrt(ip.pay_var) * z(claims_rng));
      op.pay = std::max(0.0, op.pay + std::sqrt(op.pay_var) * z(claims_rng));
      cs.pay = std::max(0.0, cs.pay + std::sqrt(cs.pay_var) * z(claims_rng));
      two.pay = std::max(0.0, two.pay + std::sqrt(two.pay_var) * z(claims_rng));
      cat_claims = std::max(0.0, cat_claims + std::sqrt(cat_var) * z(claims_rng));
    }

    // Waiting period: re-entrants' benefits are reduced; what the fund does not pay, they pay.
    const double x = std::clamp(en.exposure_factor, 0.0, 1.0);
    const double fund_before = ip.pay + op.pay + cs.pay + two.pay + cat_claims;
    const double spend_ip = x * ip.pay, spend_op = x * op.pay, spend_cs = x * cs.pay, spend_two = x * two.pay;
    cat_claims *= x;
    // Catastrophic premium: the schedule, or experience-rated on last year's claims per enrollee
    // (never falling) from the second projected year.
    const auto& cat_fin = s_.benefits.catastrophic.financing;
    double premium = cat_fin.premium_per_enrollee_yuan.at(year);
    if (cat_fin.premium_rule == "experience" && t > 0)
      premium = std::max(last_premium, last_claims_per_enrollee * (1.0 + cat_fin.experience_loading_share));
    const double spend_cat =
        benefits::catastrophic_fund_cost(cat_fin.mode == "self_insured", enr_total, premium, cat_fin.insurer_profit_cap_share,
                                         cat_fin.fund_loss_share, cat_claims);
    last_premium = premium;
    last_claims_per_enrollee = enr_total > 0 ? cat_claims / enr_total : 0.0;
    const double spending = spend_ip + spend_op + spend_cs + spend_two + spend_cat;

    // 6. Revenue and fund accounts.
    const double assisted_paid = enr_assisted * en.assisted_contribution_paid_share;
    const Revenue rev = contribution_revenue(s_.financing, cy, enr_total, assisted_paid);
    const FundYear fy = fund_step(balance, rev.total(), spending, paths.interest[static_cast<std::size_t>(t)]);
    balance = fy.balance_cumulative;

    const double total_cost = ip.cost + op.cost + cs.cost + two.cost;
    const double oop = ip.oop + op.oop + cs.oop + two.oop + (1.0 - x) * fund_before;

    record_fund_year(out, t, enr_total, cy, rev, spending, fy);
    out.at(t, m_population) = pop_total;
    out.at(t, m_enrollees_assisted) = enr_assisted;
    out.at(t, m_share_65_plus) = pop_total > 0 ? pop_65 / pop_total : 0.0;
    out.at(t, m_share_65_plus_enrollees) = enr_total > 0 ? enr_65 / enr_total : 0.0;
    out.at(t, m_prevalence_hypertension) = adults > 0 ? adults_h / adults : 0.0;
    out.at(t, m_prevalence_diabetes) = adults > 0 ? adults_d / adults : 0.0;
    out.at(t, m_two_disease_patients) = two_patients;
    out.at(t, m_revenue_assistance_paid) = rev.assistance_paid;
    out.at(t, m_spending_inpatient) = spend_ip;
    out.at(t, m_spending_outpatient) = spend_op;
    out.at(t, m_spending_two_diseases) = spend_two;
    out.at(t, m_spending_chronic_special) = spend_cs;
    out.at(t, m_spending_catastrophic) = spend_cat;
    out.at(t, m_contribution_burden_rural) = rural > 0 ? cy.individual_yuan / rural : 0.0;
    out.at(t, m_assistance_spending) = assist + rev.assistance_paid;
    out.at(t, m_out_of_pocket) = oop;
    out.at(t, m_employee_scheme_members) = en.employee_scheme_persons;
    out.at(t, m_life_expectancy_at_birth) = e0;
    out.at(t, m_disposable_income_rural) = rural;
    out.at(t, m_catastrophic_claims) = cat_claims;
    out.at(t, m_interest_rate) = paths.interest[static_cast<std::size_t>(t)];
    out.at(t, m_total_cost) = total_cost;
    out.at(t, m_catastrophic_beneficiaries) = x * cat_persons;

    if (age_detail) {
      double* pd = age_detail + static_cast<std::size_t>(t) * 2 * kSexes * kAges;
      for (int sex = 0; sex < kSexes; ++sex)
        for (int age = 0; age < kAges; ++age) {
          double pp = 0.0, ee = 0.0;
          for (int st = 0; st < kStates; ++st) {
            const std::size_t c = cell(sex, age, st);
            pp += pop[c];
            ee += en.enrolled_general[c] + en.enrolled_assisted[c];
          }
          pd[sex * kAges + age] = pp;
          pd[(kSexes + sex) * kAges + age] = ee;
        }
    }

    if (detail) {
      CellYearDetail dy;
      dy.year = year;
      dy.population = pop;
      dy.enrollees.resize(kCells);
      for (std::size_t c = 0; c < kCells; ++c) dy.enrollees[c] = en.enrolled_general[c] + en.enrolled_assisted[c];
      dy.gross_cost_year.resize(kCells);
      costs_->all_cells(f, inputs.data());
      for (std::size_t c = 0; c < kCells; ++c) dy.gross_cost_year[c] = expected_cost(inputs[c]).total();
      // Same utilisation, base-year unit costs.
      YearFactors fb = f;
      const YearFactors f0 = costs_->factors(s_.run.jump_off_year, paths.cost);
      fb.unit_cost = f0.unit_cost;
      costs_->all_cells(fb, inputs.data());
      dy.gross_cost_base_uc.resize(kCells);
      for (std::size_t c = 0; c < kCells; ++c) dy.gross_cost_base_uc[c] = expected_cost(inputs[c]).total();
      detail->push_back(std::move(dy));
    }
  }
}

}  // namespace fundsim

namespace fundsim {

// Driver decomposition of the change in enrollees' expected gross medical cost along the central
// path (every innovation zero), from the jump-off year to each year (cumulative) and from each
// year to the next (annual). Shapley values over five factors (population size, age-sex
// structure, health-state mix, utilisation, unit cost; sim/costs/decomposition.hpp): the parts add
// up exactly to the change. Fund spending follows gross cost through the benefit rules, which are
// not a factor here.
std::vector<std::pair<std::string, std::string>> CellModel::extra_files() const {
  std::vector<double> buf(static_cast<std::size_t>(years_) * kMetricCount);
  DrawTable table(buf.data(), years_);
  std::vector<CellYearDetail> detail;
  project_central(table, &detail);
  auto dyear = [](const CellYearDetail& d) {
    return make_decomposition_year(d.enrollees, d.gross_cost_base_uc, d.gross_cost_year);
  };
  std::string csv =
      "year,basis,from_year,gross_cost_from_yuan,gross_cost_to_yuan,change_yuan,population_size_yuan,ageing_yuan,"
      "prevalence_yuan,utilisation_yuan,unit_cost_yuan\n";
  if (detail.empty()) return {{"decomposition.csv", csv}};
  const DecompositionYear y0 = dyear(detail.front());
  auto row = [&](int year, const char* basis, int from, const SpendingDecomposition& d) {
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", year, basis, from, d.total_0, d.total_t, d.change(),
                       d.contribution[kPopulationSize], d.contribution[kAgeing], d.contribution[kPrevalence],
                       d.contribution[kUtilisation], d.contribution[kUnitCost]);
  };
  for (std::size_t i = 1; i < detail.size(); ++i) {
    // Unit costs are measured against the jump-off year in both bases: the annual row compares
    // year i-1 and year i with both expressed relative to jump-off prices.
    row(detail[i].year, "cumulative", detail.front().year, decompose_spending(y0, dyear(detail[i])));
    row(detail[i].year, "annual", detail[i - 1].year, decompose_spending(dyear(detail[i - 1]), dyear(detail[i])));
  }
  return {{"decomposition.csv", csv}};
}

}  // namespace fundsim
