#include "engine/cell_model.hpp"

#include <algorithm>
#include <array>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>
#include <optional>

#include "benefits/aggregate.hpp"
#include "benefits/catastrophic_premium.hpp"
#include "benefits/claims_from_costs.hpp"
#include "benefits/two_diseases_users.hpp"
#include "costs/decomposition.hpp"
#include "demography/life_table.hpp"
#include "engine/cell_claims.hpp"
#include "engine/fund_metrics.hpp"
#include "fund/accounts.hpp"
#include "fund/financing.hpp"
#include "numeric/batch_math.hpp"
#include "engine/table.hpp"
#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim {

namespace {

using benefits::InpatientTable;
using benefits::kInpatientTiers;
using benefits::LayerTable;
using benefits::YearRules;

using namespace cell_claims;  // the claims accumulators (engine/cell_claims.hpp)

}  // namespace

void advance_population(const DemographyModel& dem, const HealthModel& health, PopulationByState& pop, int year,
                        const DemographyPath& dp, const HealthPath& hp, DemographyModel::YearScratch& scratch) {
  health.transition(pop, year, hp);
  dem.project_year(pop, dp, year, scratch, [&health](const PopulationByState& p, const double* q, double* qc) {
    health.state_death_probabilities(p, q, qc);
  });
}

namespace {

// The process noise of a year's claims (finite numbers of persons and claims: normal approximation,
// exact variance) and the variances clamped at 0: from the year's linear sums and user moments.
// Draws five normals from `rng` when `noise`, none otherwise.
YearClaims finish_claims(const ClaimsSums& s, const UserMomentsYear& m, bool noise, Rng& rng) {
  boost::random::normal_distribution<double> z{0.0, 1.0};
  YearClaims c;
  c.cat_persons = s.cat_persons;
  c.ip.pay = s.ip_pay;
  c.cat_claims = s.cat_claims;
  c.assist = s.assist;
  c.ip.oop = s.ip_oop;
  c.ip.cost = s.ip_cost;
  double ip_var = 0.0, cat_var = 0.0;
  if (noise) {
    ip_var = std::max(0.0, s.ip_second - s.sq_basic);
    cat_var = std::max(0.0, s.cat_second - s.sq_cat);
  }
  s.op.apply(c.op, m.op, noise);
  for (int cls = 0; cls < 2; ++cls) s.cs[cls].apply(c.cs, m.cs[cls], noise);
  s.two_h.apply(c.two, m.two_h, noise);
  s.two_d.apply(c.two, m.two_d, noise);
  s.two_hd.apply(c.two, m.two_hd, noise);
  c.ip.pay_var = ip_var;
  if (noise) {
    c.ip.pay = std::max(0.0, c.ip.pay + std::sqrt(c.ip.pay_var) * z(rng));
    c.op.pay = std::max(0.0, c.op.pay + std::sqrt(c.op.pay_var) * z(rng));
    c.cs.pay = std::max(0.0, c.cs.pay + std::sqrt(c.cs.pay_var) * z(rng));
    c.two.pay = std::max(0.0, c.two.pay + std::sqrt(c.two.pay_var) * z(rng));
    c.cat_claims = std::max(0.0, c.cat_claims + std::sqrt(cat_var) * z(rng));
  }
  return c;
}

// The cells of each cost class (cost_class of the state: 0 plain, 1 severe) in cell order.
inline constexpr std::size_t kClassCells = kCells / 2;
static_assert(kStates == 8 && kSevere == 4, "half of the states are severe");
inline constexpr std::array<std::array<std::uint16_t, kClassCells>, 2> kCellsOfClass = [] {
  std::array<std::array<std::uint16_t, kClassCells>, 2> out{};
  std::size_t k[2] = {0, 0};
  for (std::size_t c = 0; c < kCells; ++c) {
    const int cls = cost_class(static_cast<int>(c % kStates));
    out[static_cast<std::size_t>(cls)][k[cls]++] = static_cast<std::uint16_t>(c);
  }
  return out;
}();

// The claims step of the cell engine: expectations per cell, summed. The person-level engine
// replaces this step only. prepare() builds the year's tables; sum() then adds the claims of an
// enrolment over them (linear in the enrolled persons: the financing basis calls it for several
// enrolments of one year); finish_claims adds the process noise.
struct CellClaimsStep {
  CellClaimsStep(const CostModel& c, const benefits::BenefitRules& b, bool with_noise)
      : costs(c), benefit_params(b), noise(with_noise) {}
  const CostModel& costs;
  const benefits::BenefitRules& benefit_params;
  bool noise;
  CellRates rates;
  AdmissionCells admit[2];     // per cost class
  AdmissionCells admit_cs[2];  // chronic/special users per cost class (wider catastrophic base only)
  // The year's tables (prepare)
  bool wide = false;
  std::optional<InpatientTable> tables[2][kGroups], cs_tables[2][kGroups];
  NoiseRows rows[2], rows_cs[2];
  UserMomentsYear user;

  YearClaims run(const PopulationByState& pop, const EnrolmentYear& en, const YearFactors& f,
                 double national_prior, Rng& claims_rng, YearCounts& n) {
    prepare(f, national_prior);
    return finish_claims(sum(pop, en.enrolled_general, en.enrolled_assisted, n), user, noise, claims_rng);
  }

  void prepare(const YearFactors& f, double national_prior) {
    costs.cell_rates(f, rates);
    const YearRules rules = benefits::resolve(benefit_params, f.year, national_prior);
    // Medians, level weights and log-sds depend only on the cost class (CostModel::class_inputs).
    const CellClaimInputs rep_in[2] = {costs.class_inputs(0, f), costs.class_inputs(1, f)};
    // Inpatient tables: two cost classes (severe state or not) x two groups (second moments only
    // for process noise).
    const benefits::InpatientClaims ic_plain = benefits::inpatient_claims(rep_in[0].inpatient),
                                    ic_severe = benefits::inpatient_claims(rep_in[1].inpatient);
    // The process noise uses the second moments of the basic and catastrophic tiers only.
    const benefits::SecondMoments second = noise ? benefits::SecondMoments::kPayments : benefits::SecondMoments::kNone;
    for (int g = 0; g < kGroups; ++g) {
      tables[0][g].emplace(ic_plain, rules, static_cast<Group>(g), second);
      tables[1][g].emplace(ic_severe, rules, static_cast<Group>(g), second);
    }
    // Under the wider catastrophic base (inpatient + chronic/special self-pay) a chronic/special
    // user's admissions are settled with their chronic/special self-pay in the base: own tables,
    // own Poisson weights (users of a cell are its persons x p_cs; admissions and chronic/special
    // use are independent given the cell, as in the sampler).
    wide = rules.catastrophic.base_includes_chronic_special;
    if (wide)
      for (int cls = 0; cls < 2; ++cls)
        for (int g = 0; g < kGroups; ++g) {
          const ServiceInputs& in = rep_in[cls].chronic_special;
          cs_tables[cls][g].emplace(InpatientTable::chronic_special_user(
              cls == 0 ? ic_plain : ic_severe, rules, static_cast<Group>(g), second, in.median_yuan, in.sigma,
              InpatientTable::kChronicNodes, &*tables[cls][g]));
        }
    // Single-layer services: conditional user moments (probability 1).
    const ServiceInputs& op_rep = rep_in[0].outpatient;
    user.op = UserMoments::from(LayerTable(op_rep.median_yuan, op_rep.sigma, rules.outpatient).mix(1.0));
    const ServiceInputs& cs_plain = rep_in[0].chronic_special;
    const ServiceInputs& cs_sev = rep_in[1].chronic_special;
    user.cs[0] = UserMoments::from(LayerTable(cs_plain.median_yuan, cs_plain.sigma, rules.chronic_special).mix(1.0));
    user.cs[1] = UserMoments::from(LayerTable(cs_sev.median_yuan, cs_sev.sigma, rules.chronic_special).mix(1.0));
    // 两病: users of hypertension only, diabetes only, both (among non-users of chronic/special).
    benefits::ServiceClaims h = benefits::service_claims(rep_in[0].two_diseases_hypertension),
                           dd = benefits::service_claims(rep_in[0].two_diseases_diabetes);
    benefits::ServiceClaims h0 = h, d0 = dd;
    h.user_probability = dd.user_probability = 1.0;
    h0.user_probability = d0.user_probability = 0.0;
    user.two_h = UserMoments::from(benefits::two_diseases_moments(h, d0, 0.0, rules));
    user.two_d = UserMoments::from(benefits::two_diseases_moments(h0, dd, 0.0, rules));
    user.two_hd = UserMoments::from(benefits::two_diseases_moments(h, dd, 0.0, rules));
    // With process noise: the per-cell basic and catastrophic means (E[tier | n] rows copied).
    if (noise)
      for (int cls = 0; cls < 2; ++cls)
        for (int g = 0; g < kGroups; ++g)
          for (int k = 0; k <= kMaxN; ++k) {
            rows[cls].basic[g][k] = tables[cls][g]->mean_given(k, benefits::kBasic);
            rows[cls].cat[g][k] = tables[cls][g]->mean_given(k, benefits::kCatastrophic);
            if (wide) {
              rows_cs[cls].basic[g][k] = cs_tables[cls][g]->mean_given(k, benefits::kBasic);
              rows_cs[cls].cat[g][k] = cs_tables[cls][g]->mean_given(k, benefits::kCatastrophic);
            }
          }
  }

  // The claims sums of the enrolment (general, assisted: kCells each) over the prepared tables; adds
  // the year's counts to n.
  ClaimsSums sum(const PopulationByState& pop, const std::vector<double>& enrolled_general,
                 const std::vector<double>& enrolled_assisted, YearCounts& counts) {
    ClaimsSums c;
    // The counts are added up in a local copy (the same additions in the same order): the cell
    // loop's stores into the admission arrays cannot then alias them.
    YearCounts n = counts;
    PoissonAccumulator acc[2][kGroups];
    double sq_basic = 0.0, sq_cat = 0.0;
    for (int cls = 0; cls < 2; ++cls) {
      admit[cls].clear();
      admit_cs[cls].clear();
    }
    // The year's counts and user sums (cell_claims.hpp).
    sum_counts_and_users(pop.data(), enrolled_general.data(), enrolled_assisted.data(), rates.outpatient.data(),
                         rates.chronic_special.data(), rates.two_hypertension.data(), rates.two_diabetes.data(), n, c);
    // The enrolled cells' admission rates and persons by cost class, for the Poisson weights (each
    // class's cells in cell order).
    const double *pg = enrolled_general.data(), *pa = enrolled_assisted.data(),
                 *lam = rates.inpatient_lambda.data(), *pcs = rates.chronic_special.data();
    for (int cls = 0; cls < 2; ++cls) {
      AdmissionCells& ad = admit[cls];
      AdmissionCells& ad_cs = admit_cs[cls];
      ad.reserve_cells(kClassCells);
      if (wide) ad_cs.reserve_cells(kClassCells);
      std::size_t k = 0;
      for (const std::uint16_t cl : kCellsOfClass[static_cast<std::size_t>(cls)]) {
        const double ng = pg[cl], na = pa[cl];
        if (!(ng + na > 0.0)) continue;
        if (wide) {
          const double p = pcs[cl];
          ad.lambda[k] = ad_cs.lambda[k] = lam[cl];
          ad.general[k] = ng * (1.0 - p), ad.assisted[k] = na * (1.0 - p);
          ad_cs.general[k] = ng * p, ad_cs.assisted[k] = na * p;
        } else {
          ad.lambda[k] = lam[cl], ad.general[k] = ng, ad.assisted[k] = na;
        }
        ++k;
      }
      ad.count = k;
      if (wide) ad_cs.count = k;
    }
    // Inpatient: the Poisson weights of every enrolled cell, summed per (cost class, group).
    PoissonAccumulator acc_cs[2][kGroups];
    for (int cls = 0; cls < 2; ++cls) {
      if (noise) admit[cls].accumulate<true>(acc[cls], &rows[cls], sq_basic, sq_cat);
      else admit[cls].accumulate<false>(acc[cls], nullptr, sq_basic, sq_cat);
      if (!wide) continue;
      if (noise) admit_cs[cls].accumulate<true>(acc_cs[cls], &rows_cs[cls], sq_basic, sq_cat);
      else admit_cs[cls].accumulate<false>(acc_cs[cls], nullptr, sq_basic, sq_cat);
    }
    // With process noise under the wider base, a cell's chronic/special users and non-users enter
    // the variance as two sub-populations of fixed size (the Bernoulli variance of being a user is
    // left out of the inpatient and catastrophic terms; the chronic/special tier keeps it).
    const int parts = wide ? 2 : 1;  // part 0: all persons (or non-users), part 1: chronic/special users
    for (int part = 0; part < parts; ++part)
      for (int cls = 0; cls < 2; ++cls)
        for (int g = 0; g < kGroups; ++g) {
          const PoissonAccumulator& a = part == 0 ? acc[cls][g] : acc_cs[cls][g];
          const InpatientTable& tab = part == 0 ? *tables[cls][g] : *cs_tables[cls][g];
          // Catastrophic beneficiaries: persons whose catastrophic base passes the deductible (n = 0:
          // chronic/special users under the wider base; 0 otherwise).
          for (int k = 0; k <= kMaxN; ++k)
            c.cat_persons += a.w[static_cast<std::size_t>(k)] * tab.catastrophic_probability_given(k);
          c.ip_pay += a.apply(tab, benefits::kBasic, false);
          c.cat_claims += a.apply(tab, benefits::kCatastrophic, false);
          c.assist += a.apply(tab, benefits::kAssistance, false);
          c.ip_oop += a.apply(tab, benefits::kOutOfPocket, false);
          c.ip_cost += a.apply(tab, benefits::kTotalCost, false);
          if (noise) {
            c.ip_second += a.apply(tab, benefits::kBasic, true);
            c.cat_second += a.apply(tab, benefits::kCatastrophic, true);
          }
        }
    c.sq_basic = sq_basic;
    c.sq_cat = sq_cat;
    counts = n;
    return c;
  }
};

// The fund's side of the year's claims after the waiting period (re-entrants' benefits are reduced
// by the exposure factor x; what the fund does not pay, they pay) and the catastrophic financing.
struct YearSpending {
  double ip = 0, op = 0, cs = 0, two = 0, cat = 0, cat_claims = 0, waived = 0;
  double cat_persons = 0;  // catastrophic beneficiaries the fund pays for (waiting period applied)
  double total() const { return ip + op + cs + two + cat; }
};

YearSpending finance_claims(const YearClaims& c, double exposure, double enrollees, int year,
                            const benefits::CatastrophicFinancing& fin, benefits::CatastrophicPremium& premium) {
  YearSpending s;
  const benefits::WaitingPeriodShares w = benefits::waiting_period(exposure);
  s.waived = w.member * (c.ip.pay + c.op.pay + c.cs.pay + c.two.pay + c.cat_claims);
  s.ip = w.fund * c.ip.pay;
  s.op = w.fund * c.op.pay;
  s.cs = w.fund * c.cs.pay;
  s.two = w.fund * c.two.pay;
  s.cat_claims = c.cat_claims * w.fund;
  s.cat_persons = c.cat_persons * w.fund;
  s.cat = premium.fund_cost(year, enrollees, s.cat_claims, fin);
  return s;
}

// Stage 6 of a year: the waiting period and catastrophic financing of its claims, the contribution
// revenue of its enrollees, and the fund accounts before any transfer (both the year step and a
// financing variant's projection from a draw's basis).
struct YearFinance {
  YearSpending sp;
  Revenue rev;
  FundYear fy;
};
YearFinance finance_year(const Scenario& s, int year, const YearClaims& c, const YearCounts& n,
                         const ContributionYear& cy, double exposure, double assisted_paid_share,
                         benefits::CatastrophicPremium& premium, double balance, double rate) {
  YearFinance f;
  f.sp = finance_claims(c, exposure, n.enr_total, year, s.benefits.catastrophic.financing, premium);
  f.rev = contribution_revenue(s.financing, cy, n.enr_total, n.enr_assisted * assisted_paid_share);
  f.fy = fund_step(balance, f.rev.total(), f.sp.total(), rate);
  return f;
}

// The life expectancy at birth of both sexes from the year's death probabilities (q: kSexes x
// kAges, male first), weighted by the sex ratio at birth.
double life_expectancy_both_sexes(const double* q, double male_birth_share) {
  return male_birth_share * life_expectancy_at_birth(q) + (1.0 - male_birth_share) * life_expectancy_at_birth(q + kAges);
}

}  // namespace

struct CellModel::Paths {
  DemographyPath dem;
  HealthPath health;
  CostPath cost;
  IncomePath income;
  std::vector<double> interest;
};

CellModel::~CellModel() = default;

std::shared_ptr<const CellPopulationBase> make_cell_population_base(const Scenario& s) {
  auto b = std::make_shared<CellPopulationBase>();
  b->dem = std::make_unique<DemographyModel>(s.demography);
  const DemographyModel& dem = *b->dem;
  const int base_year = dem.base_year();
  if (s.run.jump_off_year < base_year - 5)
    throw InputError("run.jump_off_year: expected a year at most 5 years before demography.base_population.year (" +
                     std::to_string(base_year) + ") for the cell engine (earlier years are back-projected)");
  const int last_year = s.run.end_year;
  // Base-year q for the health model's stationary incidence: the mean path in the health base year.
  const int hb = std::clamp(s.health.base_year, base_year + 1, std::max(base_year + 1, last_year));
  const DemographyPath hist = dem.mean_path(base_year + 1, std::max(hb, last_year));
  std::vector<double> q(static_cast<std::size_t>(kSexes) * kAges);
  dem.death_probabilities(hist, hb, q.data());
  b->health = std::make_unique<HealthModel>(s.health, q);
  const HealthModel& health = *b->health;

  // Population at the end of the base year over health states, then the history years on the mean
  // paths up to the jump-off.
  b->pop_base = dem.base_population_by_state();
  health.initialise(b->pop_base);
  b->pop_jump = b->pop_base;
  const HealthPath hpath = health.neutral_path(base_year + 1, std::max(base_year + 1, last_year));
  DemographyModel::YearScratch scratch;
  for (int year = base_year + 1; year <= s.run.jump_off_year; ++year)
    advance_population(dem, health, b->pop_jump, year, hist, hpath, scratch);
  // A jump-off before the base year: reverse survival year by year (back_project_one_year; no
  // migration nationally) and the health states re-initialised at the base shares. Births of the
  // years in between come out of the forward projection again.
  if (s.run.jump_off_year < base_year) {
    const DemographyPath back = dem.mean_path(s.run.jump_off_year + 1, base_year);
    for (int year = base_year; year > s.run.jump_off_year; --year) {
      dem.death_probabilities(back, year, q.data());
      PopulationByState prev = back_project_one_year(b->pop_jump, q.data());
      health.initialise(prev);
      b->pop_jump = std::move(prev);
    }
  }
  return b;
}

std::shared_ptr<const CellPopulationBase> CellBaseCache::get(const Scenario& s) {
  // The key: everything make_cell_population_base reads.
  YAML::Emitter e;
  EmitVisitor v(e);
  e << YAML::BeginMap;
  v("base_population", s.demography.base_population);
  v("mortality", s.demography.mortality);
  v("fertility", s.demography.fertility);
  v("migration", s.demography.migration);
  v("health", s.health);
  v("jump_off_year", s.run.jump_off_year);
  v("end_year", s.run.end_year);
  e << YAML::EndMap;
  const std::string key = e.c_str();
  const std::lock_guard<std::mutex> lock(mutex_);
  auto it = bases_.find(key);
  if (it == bases_.end()) it = bases_.emplace(key, make_cell_population_base(s)).first;
  return it->second;
}

CellModel::CellModel(const Scenario& s, CellBaseCache* cache)
    : s_(s),
      base_(cache ? cache->get(s) : make_cell_population_base(s)),
      basis_cache_(std::make_shared<FinancingBasisCache>()) {
  first_year_ = s.run.jump_off_year + 1;
  years_ = s.run.end_year - s.run.jump_off_year;
  // The cell model produces every metric.
  for (int m = 0; m < kMetricCount; ++m) metrics_.push_back(static_cast<Metric>(m));
  dem_ = base_->dem.get();
  health_ = base_->health.get();
  costs_ = std::make_unique<CostModel>(s.costs, *health_);
  income_ = std::make_unique<IncomeModel>(s.demography.income);
  // The enrolment model's mix is the base-year population over health states.
  enrol_ = std::make_unique<EnrolmentModel>(s.demography.enrolment, &base_->pop_base);
  // Income paths start at the year before the first projected year (catastrophic deductible), but
  // not before the first data year.
  income_first_year_ = s.run.jump_off_year;
  for (const auto* series : {&s.demography.income.national_yuan, &s.demography.income.rural_yuan})
    if (!series->empty()) income_first_year_ = std::max(income_first_year_, series->first_year());
  micro_ = s.run.engine == "micro";
  if (micro_) {
    const MicroParams& mp = s.micro;
    const IncomeParams& ip = s.demography.income;
    const int ref = mp.income_reference_year;
    for (const auto* series : {&ip.national_yuan, &ip.urban_yuan, &ip.rural_yuan})
      if (series->empty())
        throw InputError("demography.income: the person-level engine needs national, urban and rural incomes");
    rural_reference_yuan_ = ip.rural_yuan.at(ref);
    urban_reference_yuan_ = ip.urban_yuan.at(ref);
    std::array<double, 5> quintiles{};
    for (std::size_t q = 0; q < 5; ++q) quintiles[q] = mp.income_quintile_means_yuan.at(q);
    try {
      income_reference_ =
          fit_income_mixture(quintiles, rural_reference_yuan_, urban_reference_yuan_,
                             urban_share_from_means(ip.national_yuan.at(ref), rural_reference_yuan_, urban_reference_yuan_))
              .mixture;
    } catch (const InputError& e) {
      throw InputError(std::string("micro.income_quintile_means_yuan / demography.income at micro.income_reference_year: ") +
                       e.what());
    }
  }
}

IncomeYear CellModel::income_year(const IncomePath& path, int year) const {
  const int y = path.nearest_year(year);
  IncomeYear iy;
  IncomeMixture m = income_reference_;
  m.rural.mu += std::log(path.rural(y) / rural_reference_yuan_);
  m.urban.mu += std::log(path.urban(y) / urban_reference_yuan_);
  iy.mu[0] = m.rural.mu, iy.sigma[0] = m.rural.sigma;
  iy.mu[1] = m.urban.mu, iy.sigma[1] = m.urban.sigma;
  for (int q = 1; q < 5; ++q) iy.quintile_bounds[static_cast<std::size_t>(q - 1)] = m.quantile(0.2 * q);
  iy.low_income_line_yuan = s_.micro.low_income_line_share_of_rural_income * path.rural(y);
  iy.subsistence_yuan = s_.micro.subsistence_share_of_rural_income * path.rural(y);
  return iy;
}

benefits::BurdenThresholds CellModel::burden_thresholds(const IncomeYear& income) const {
  benefits::BurdenThresholds t;
  t.share_low = s_.micro.oop_share_of_income_low;
  t.share_high = s_.micro.oop_share_of_income_high;
  t.capacity_share = s_.micro.oop_share_of_capacity_to_pay;
  t.subsistence_yuan = income.subsistence_yuan;
  t.low_income_line_yuan = income.low_income_line_yuan;
  return t;
}

std::unique_ptr<PersonPopulation> CellModel::make_persons(std::uint64_t seed, std::int64_t draw) const {
  return std::make_unique<PersonPopulation>(
      base_->pop_jump, s_.run.persons, income_reference_,
      PersonStreamKeys::make(seed, static_cast<std::uint64_t>(draw), pool_stream_key(s_.run.pool)));
}

const std::vector<std::string>& CellModel::burden_measure_names() {
  static const std::vector<std::string> names = {
      "persons",
      "mean_out_of_pocket_yuan",
      "share_oop_over_low_share_of_income",
      "share_oop_over_high_share_of_income",
      "share_oop_over_capacity_to_pay",
      "share_impoverished",
      "share_further_impoverished",
      "mean_catastrophic_received_yuan",
      "mean_assistance_received_yuan"};
  return names;
}

DetailLayout CellModel::detail_layout() const {
  if (micro_)
    return {"burden", years_, burden_measure_names(), {"general", "assisted", "all"},
            benefits::BurdenTable::kQuintiles};
  return {"population", years_, {"population", "enrollees"}, {"male", "female"}, kAges};
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
  if (s_.costs.local_trend_deviation_sd_per_year > 0.0) {
    Rng prov = make_rng(seed, d, Purpose::local_trend), own = make_rng(seed, d, Purpose::local_trend,
                                                                        std::max<std::uint64_t>(1, pool_stream_key(s_.run.pool)));
    costs_->add_local_deviation(p.cost, first_year_, prov, own);
  }
  p.income = income_->sample_income_path(incm, income_first_year_, s_.run.end_year);
  p.interest = sample_interest_path(s_.fund.interest, intr, years_);
  return p;
}

void CellModel::project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const {
  if (variant_ && project_from_basis(seed, draw, out)) return;
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
  run_path(std::move(p), 0, -1, out, detail);
}

namespace {

// The cell engine's own metrics of a year (the fund's: record_fund_year).
void record_cell_year(DrawTable& out, int t, const YearCounts& n, const YearClaims& c, const YearSpending& sp,
                      const Revenue& rev, double employee_scheme_persons, const ContributionYear& cy, double rural,
                      double e0, double interest_rate) {
  out.at(t, m_population) = n.pop_total;
  out.at(t, m_enrollees_assisted) = n.enr_assisted;
  out.at(t, m_share_65_plus) = n.pop_total > 0 ? n.pop_65 / n.pop_total : 0.0;
  out.at(t, m_share_65_plus_enrollees) = n.enr_total > 0 ? n.enr_65 / n.enr_total : 0.0;
  out.at(t, m_prevalence_hypertension) = n.adults > 0 ? n.adults_h / n.adults : 0.0;
  out.at(t, m_prevalence_diabetes) = n.adults > 0 ? n.adults_d / n.adults : 0.0;
  out.at(t, m_two_disease_patients) = n.two_patients;
  out.at(t, m_revenue_assistance_paid) = rev.assistance_paid;
  out.at(t, m_spending_inpatient) = sp.ip;
  out.at(t, m_spending_outpatient) = sp.op;
  out.at(t, m_spending_two_diseases) = sp.two;
  out.at(t, m_spending_chronic_special) = sp.cs;
  out.at(t, m_spending_catastrophic) = sp.cat;
  out.at(t, m_contribution_burden_rural) = rural > 0 ? cy.individual_yuan / rural : 0.0;
  out.at(t, m_assistance_spending) = c.assist + rev.assistance_paid;
  out.at(t, m_out_of_pocket) = c.ip.oop + c.op.oop + c.cs.oop + c.two.oop + sp.waived;
  out.at(t, m_employee_scheme_members) = employee_scheme_persons;
  out.at(t, m_life_expectancy_at_birth) = e0;
  out.at(t, m_disposable_income_rural) = rural;
  out.at(t, m_catastrophic_claims) = sp.cat_claims;
  out.at(t, m_interest_rate) = interest_rate;
  out.at(t, m_total_cost) = c.ip.cost + c.op.cost + c.cs.cost + c.two.cost;
  out.at(t, m_catastrophic_beneficiaries) = sp.cat_persons;
}

// Stage 7: the year's fund and cell metrics (fy: the accounts after any transfer).
void record_year(DrawTable& out, int t, const YearCounts& n, const YearClaims& c, const YearFinance& fin,
                 const FundYear& fy, double employee_scheme_persons, const ContributionYear& cy, double rural,
                 double e0, double interest_rate) {
  record_fund_year(out, t, n.enr_total, cy, fin.rev, fin.sp.total(), fy);
  record_cell_year(out, t, n, c, fin.sp, fin.rev, employee_scheme_persons, cy, rural, e0, interest_rate);
}

// The burden measures of year index t by group and quintile (the micro engine's DetailLayout; the
// measures in the order of burden_measure_names).
void record_burden_detail(double* detail, const DetailLayout& layout, int t, const benefits::BurdenTable& b) {
  for (int g = 0; g < benefits::BurdenTable::kGroups; ++g)
    for (int q = 0; q < benefits::BurdenTable::kQuintiles; ++q) {
      const benefits::BurdenSums& x = b.at(q, g);
      const double m[] = {x.persons,
                          x.mean_out_of_pocket_yuan(),
                          x.share_over_low(),
                          x.share_over_high(),
                          x.share_over_capacity(),
                          x.share_impoverished(),
                          x.share_further_impoverished(),
                          x.mean_catastrophic_yuan(),
                          x.mean_assistance_yuan()};
      for (std::size_t k = 0; k < layout.kinds.size(); ++k)
        detail[layout.offset(t, k, static_cast<std::size_t>(g), q)] = m[k];
    }
}

// Population and enrollees of year index t by sex and single age (the model's DetailLayout).
void record_age_detail(double* detail, const DetailLayout& layout, int t, const PopulationByState& pop,
                       const EnrolmentYear& en) {
  for (int sex = 0; sex < kSexes; ++sex)
    for (int age = 0; age < kAges; ++age) {
      double pp = 0.0, ee = 0.0;
      for (int st = 0; st < kStates; ++st) {
        const std::size_t c = cell(sex, age, st);
        pp += pop[c];
        ee += en.enrolled_general[c] + en.enrolled_assisted[c];
      }
      detail[layout.offset(t, 0, static_cast<std::size_t>(sex), age)] = pp;
      detail[layout.offset(t, 1, static_cast<std::size_t>(sex), age)] = ee;
    }
}

}  // namespace

// The decomposition's inputs of one year: population, enrollees and expected gross cost per cell at
// the year's factors and at the jump-off year's unit costs. The jump-off year itself (en null)
// enrols with the jump-off contribution standard and has both bases equal.
CellYearDetail CellModel::year_detail(const Paths& paths, int year, const PopulationByState& pop,
                                      const EnrolmentYear* en) const {
  CellYearDetail d;
  d.year = year;
  d.population = pop;
  EnrolmentYear e0;
  if (!en) {
    const double rural0 = paths.income.rural(paths.income.nearest_year(year));
    ContributionPath c0(s_.financing);
    const ContributionYear cy = c0.next(year, rural0);
    e0 = enrol_->compute(pop, year, cy.individual_yuan, rural0);
    en = &e0;
  }
  d.enrollees.resize(kCells);
  for (std::size_t c = 0; c < kCells; ++c) d.enrollees[c] = en->enrolled_general[c] + en->enrolled_assisted[c];
  std::vector<CellClaimInputs> inputs(kCells);
  const YearFactors f = costs_->factors(year, paths.cost);
  costs_->all_cells(f, inputs.data());
  d.gross_cost_year.resize(kCells);
  for (std::size_t c = 0; c < kCells; ++c) d.gross_cost_year[c] = expected_cost(inputs[c]).total();
  if (year == s_.run.jump_off_year) {
    d.gross_cost_base_uc = d.gross_cost_year;
    return d;
  }
  // Same utilisation, base-year unit costs.
  YearFactors fb = f;
  fb.unit_cost = costs_->factors(s_.run.jump_off_year, paths.cost).unit_cost;
  costs_->all_cells(fb, inputs.data());
  d.gross_cost_base_uc.resize(kCells);
  for (std::size_t c = 0; c < kCells; ++c) d.gross_cost_base_uc[c] = expected_cost(inputs[c]).total();
  return d;
}

// The year step over the stage functions (the order is the file comment of cell_model.hpp): flows()
// runs stages 1-6 up to the fund accounts, close() books a province's transfer and records.
class CellModel::Stepper final : public PathStepper {
 public:
  Stepper(const CellModel& m, Paths paths, std::uint64_t seed, std::int64_t draw)
      : m_(m),
        paths_(std::move(paths)),
        claims_rng_(make_rng(seed, static_cast<std::uint64_t>(std::max<std::int64_t>(draw, 0)), Purpose::claims,
                             pool_stream_key(m.s_.run.pool))),
        pop_(m.base_->pop_jump),
        persons_(m.micro_ && draw >= 0 ? m.make_persons(seed, draw) : nullptr),
        claims_(*m.costs_, m.s_.benefits, m.s_.run.process_noise && draw >= 0),
        contrib_(m.s_.financing),
        balance_(m.s_.fund.initial_balance_yuan),
        birth_share_m_(m.dem_->male_birth_share()) {}

  std::vector<CellYearDetail>* detail = nullptr;  // the decomposition inputs (central path)
  double* age_detail = nullptr;                   // population and enrollees by sex and age (or the burden)
  std::vector<std::vector<PersonBatchTotals>>* batches_by_year = nullptr;  // micro: batch totals by year
  void set_batches(int b) {
    if (persons_) persons_->set_batches(b);
  }
  std::int64_t person_years() const { return persons_ ? persons_->person_years() : 0; }

  // 1-2. Health transitions, deaths, ageing, births, the pool's own migration.
  void advance(int t) override {
    if (advanced_ == t) return;
    const int year = m_.first_year_ + t;
    if (persons_)
      persons_->advance(*m_.dem_, *m_.health_, year, paths_.dem, paths_.health, scratch_);
    else
      advance_population(*m_.dem_, *m_.health_, pop_, year, paths_.dem, paths_.health, scratch_);
    y_.e0 = life_expectancy_both_sexes(scratch_.q.data(), birth_share_m_);
    advanced_ = t;
  }
  std::vector<double>* population() override { return persons_ ? nullptr : &pop_; }

  YearFlows flows(int t) override {
    const Scenario& s = m_.s_;
    const int year = m_.first_year_ + t;
    advance(t);
    const PopulationByState& pop = persons_ ? persons_->cells() : pop_;
    // 3-4. Contribution standards and enrolment.
    y_.rural = paths_.income.rural(paths_.income.nearest_year(year));
    y_.cy = contrib_.next(year, y_.rural);
    m_.enrol_->compute(pop, year, y_.cy.individual_yuan, y_.rural, y_.en);
    if (persons_) persons_->realise_enrolment(y_.en);
    // 5. Claims (the step that differs between engines).
    const YearFactors f = m_.costs_->factors(year, paths_.cost);
    const double national_prior =
        paths_.income.national(paths_.income.nearest_year(year - 1));
    y_.n = YearCounts{};
    if (persons_) {
      const benefits::YearRules rules = benefits::resolve(s.benefits, year, national_prior);
      const IncomeYear income = m_.income_year(paths_.income, year);
      y_.c = persons_->claims(*m_.costs_, f, rules, income, m_.burden_thresholds(income), y_.n);
    } else {
      y_.c = claims_.run(pop_, y_.en, f, national_prior, claims_rng_, y_.n);
    }
    // 6. Waiting period, catastrophic financing, revenue and the fund accounts.
    y_.rate = paths_.interest[static_cast<std::size_t>(t)];
    y_.fin = finance_year(s, year, y_.c, y_.n, y_.cy, y_.en.exposure_factor, y_.en.assisted_contribution_paid_share,
                          premium_, balance_, y_.rate);
    return {balance_, y_.fin.fy.revenue_total, y_.fin.sp.total(), y_.fin.fy.balance_cumulative, y_.rate};
  }

  void close(int t, double transfer_in, DrawTable& out) override {
    const FundYear fy = with_transfer(y_.fin.fy, transfer_in, y_.fin.sp.total());
    balance_ = fy.balance_cumulative;
    // 7. Record.
    record_year(out, t, y_.n, y_.c, y_.fin, fy, y_.en.employee_scheme_persons, y_.cy, y_.rural, y_.e0, y_.rate);
    if (batches_by_year && persons_) batches_by_year->push_back(persons_->batch_totals());
    if (age_detail && persons_) record_burden_detail(age_detail, m_.detail_layout(), t, persons_->burden());
    else if (age_detail) record_age_detail(age_detail, m_.detail_layout(), t, pop_, y_.en);
    if (detail) detail->push_back(m_.year_detail(paths_, m_.first_year_ + t, pop_, &y_.en));
  }

  void open_detail() {
    if (detail) detail->push_back(m_.year_detail(paths_, m_.s_.run.jump_off_year, pop_, nullptr));
  }

 private:
  const CellModel& m_;
  Paths paths_;
  Rng claims_rng_;
  PopulationByState pop_;
  std::unique_ptr<PersonPopulation> persons_;  // the person-level engine's population (run.engine: micro)
  DemographyModel::YearScratch scratch_;
  CellClaimsStep claims_;
  ContributionPath contrib_;
  benefits::CatastrophicPremium premium_;  // experience-rating state
  double balance_;
  double birth_share_m_;
  int advanced_ = -1;  // the last year advance() ran
  // The year between flows() and close().
  struct Pending {
    double e0 = 0.0, rural = 0.0, rate = 0.0;
    ContributionYear cy;
    EnrolmentYear en;
    YearCounts n;
    YearClaims c;
    YearFinance fin;
  } y_;
};

std::unique_ptr<PathStepper> CellModel::start(std::uint64_t seed, std::int64_t draw) const {
  return std::make_unique<Stepper>(*this, sample_paths(seed, draw), seed, draw);
}

std::int64_t CellModel::project_persons(std::uint64_t seed, std::int64_t draw, DrawTable& out, int batches,
                                std::vector<std::vector<PersonBatchTotals>>& batches_by_year) const {
  if (!micro_ || draw < 0) throw std::logic_error("project_persons: a person-level model and a draw >= 0 required");
  Stepper step(*this, sample_paths(seed, draw), seed, draw);
  step.set_batches(batches);
  step.batches_by_year = &batches_by_year;
  batches_by_year.clear();
  for (int t = 0; t < years_; ++t) {
    step.flows(t);
    step.close(t, 0.0, out);
  }
  return step.person_years();
}

void CellModel::run_path(Paths paths, std::uint64_t seed, std::int64_t draw, DrawTable& out,
                         std::vector<CellYearDetail>* detail, double* age_detail) const {
  Stepper step(*this, std::move(paths), seed, draw);
  step.detail = detail;
  step.age_detail = age_detail;
  step.open_detail();
  for (int t = 0; t < years_; ++t) {
    step.flows(t);
    step.close(t, 0.0, out);
  }
}

// ---- financing variants (cell_model.hpp: financing_variant) ----

// A draw's basis, by year: what the financing does not change (population counts, life expectancy,
// income, interest, the waiting-period factor, the employee scheme, the year's user moments) and
// the claims sums and enrolled counts at no opt-out (l0, n0) and per unit of each band's opt-out
// share (lb, nb).
struct CellModel::DrawBasis {
  struct Year {
    double e0 = 0, rural = 0, rate = 0, exposure = 1, employee_persons = 0, assisted_paid_share = 1;
    cell_claims::YearCounts n0;
    cell_claims::ClaimsSums l0;
    std::array<cell_claims::YearCounts, kEnrolmentBands> nb;
    std::array<cell_claims::ClaimsSums, kEnrolmentBands> lb;
    cell_claims::UserMomentsYear user;
  };
  std::vector<Year> years;
};

class FinancingBasisCache {
 public:
  using Basis = CellModel::DrawBasis;
  template <class Build>
  std::shared_ptr<const Basis> get(std::uint64_t seed, std::int64_t draw, Build&& build) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = bases_.find({seed, draw}); it != bases_.end()) return it->second;
    }
    // Built outside the lock (a draw is projected by one thread at a time; if two ever built the
    // same draw, both results are identical and the first stored is kept).
    auto b = std::make_shared<const Basis>(build());
    const std::lock_guard<std::mutex> lock(mutex_);
    return bases_.emplace(std::make_pair(seed, draw), std::move(b)).first->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::pair<std::uint64_t, std::int64_t>, std::shared_ptr<const Basis>> bases_;
};

CellModel::CellModel(const CellModel& b, const Scenario& s)
    : s_(s),
      base_(b.base_),
      basis_cache_(b.basis_cache_),
      variant_(true),
      first_year_(b.first_year_),
      years_(b.years_),
      metrics_(b.metrics_),
      dem_(b.dem_),
      health_(b.health_),
      costs_(b.costs_),
      enrol_(b.enrol_),
      income_(b.income_),
      income_first_year_(b.income_first_year_) {
  for (int band = 0; band < kEnrolmentBands; ++band) max_selection_ratio_[band] = enrol_->max_selection_ratio(band);
}

std::unique_ptr<Model> CellModel::financing_variant(const Scenario& s) const {
  if (micro_) return nullptr;
  return std::unique_ptr<Model>(new CellModel(*this, s));
}

CellModel::DrawBasis CellModel::build_basis(std::uint64_t seed, std::int64_t draw) const {
  Paths paths = sample_paths(seed, draw);
  PopulationByState pop = base_->pop_jump;
  DemographyModel::YearScratch scratch;
  CellClaimsStep claims(*costs_, s_.benefits, s_.run.process_noise && draw >= 0);
  const double male = dem_->male_birth_share();
  const std::array<double, kEnrolmentBands> none{};
  DrawBasis b;
  b.years.resize(static_cast<std::size_t>(years_));
  for (int t = 0; t < years_; ++t) {
    const int year = first_year_ + t;
    DrawBasis::Year& y = b.years[static_cast<std::size_t>(t)];
    advance_population(*dem_, *health_, pop, year, paths.dem, paths.health, scratch);
    y.e0 = life_expectancy_both_sexes(scratch.q.data(), male);
    y.rural = paths.income.rural(paths.income.nearest_year(year));
    y.rate = paths.interest[static_cast<std::size_t>(t)];
    const YearFactors f = costs_->factors(year, paths.cost);
    const double national_prior =
        paths.income.national(paths.income.nearest_year(year - 1));
    claims.prepare(f, national_prior);
    y.user = claims.user;
    const EnrolmentYear e0 = enrol_->split(pop, year, none);
    y.exposure = e0.exposure_factor;
    y.employee_persons = e0.employee_scheme_persons;
    y.assisted_paid_share = e0.assisted_contribution_paid_share;
    y.l0 = claims.sum(pop, e0.enrolled_general, e0.enrolled_assisted, y.n0);
    for (int band = 0; band < kEnrolmentBands; ++band) {
      const EnrolmentYear u = enrol_->optout_derivative(pop, year, band);
      y.lb[static_cast<std::size_t>(band)] =
          claims.sum(pop, u.enrolled_general, u.enrolled_assisted, y.nb[static_cast<std::size_t>(band)]);
    }
  }
  return b;
}

bool CellModel::project_from_basis(std::uint64_t seed, std::int64_t draw, DrawTable& out) const {
  if (micro_ || draw < 0) return false;
  const std::shared_ptr<const DrawBasis> b = basis_cache_->get(seed, draw, [&] { return build_basis(seed, draw); });
  Rng claims_rng = make_rng(seed, static_cast<std::uint64_t>(draw), Purpose::claims, pool_stream_key(s_.run.pool));
  const bool noise = s_.run.process_noise;
  ContributionPath contrib(s_.financing);
  benefits::CatastrophicPremium premium;
  double balance = s_.fund.initial_balance_yuan;
  for (int t = 0; t < years_; ++t) {
    const int year = first_year_ + t;
    const DrawBasis::Year& y = b->years[static_cast<std::size_t>(t)];
    const ContributionYear cy = contrib.next(year, y.rural);
    const std::array<double, kEnrolmentBands> o =
        enrol_->optout_shares(EnrolmentModel::burden(cy.individual_yuan, y.rural));
    YearCounts n = y.n0;
    ClaimsSums l = y.l0;
    for (int band = 0; band < kEnrolmentBands; ++band) {
      const double ob = o[static_cast<std::size_t>(band)];
      if (ob * max_selection_ratio_[static_cast<std::size_t>(band)] > 1.0) return false;  // capped: not linear
      if (ob == 0.0) continue;
      n.add_enrolled_scaled(-ob, y.nb[static_cast<std::size_t>(band)]);
      l.add_scaled(-ob, y.lb[static_cast<std::size_t>(band)]);
    }
    const YearClaims c = finish_claims(l, y.user, noise, claims_rng);
    const YearFinance fin =
        finance_year(s_, year, c, n, cy, y.exposure, y.assisted_paid_share, premium, balance, y.rate);
    const FundYear fy = with_transfer(fin.fy, 0.0, fin.sp.total());
    balance = fy.balance_cumulative;
    record_year(out, t, n, c, fin, fy, y.employee_persons, cy, y.rural, y.e0, y.rate);
  }
  return true;
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
  struct Row {
    int year;
    const char* basis;
    int from;
    SpendingDecomposition d;
  };
  using K = ColumnKind;
  static const Layout<Row> layout = {
      {"year", K::integer, [](const Row& r) { return TableCell(std::int64_t{r.year}); }},
      {"basis", K::text, [](const Row& r) { return TableCell(std::string(r.basis)); }},
      {"from_year", K::integer, [](const Row& r) { return TableCell(std::int64_t{r.from}); }},
      {"gross_cost_from_yuan", K::number, [](const Row& r) { return TableCell(r.d.total_0); }},
      {"gross_cost_to_yuan", K::number, [](const Row& r) { return TableCell(r.d.total_t); }},
      {"change_yuan", K::number, [](const Row& r) { return TableCell(r.d.change()); }},
      {"population_size_yuan", K::number, [](const Row& r) { return TableCell(r.d.contribution[kPopulationSize]); }},
      {"ageing_yuan", K::number, [](const Row& r) { return TableCell(r.d.contribution[kAgeing]); }},
      {"prevalence_yuan", K::number, [](const Row& r) { return TableCell(r.d.contribution[kPrevalence]); }},
      {"utilisation_yuan", K::number, [](const Row& r) { return TableCell(r.d.contribution[kUtilisation]); }},
      {"unit_cost_yuan", K::number, [](const Row& r) { return TableCell(r.d.contribution[kUnitCost]); }},
  };
  std::vector<Row> rows;
  if (!detail.empty()) {
    const DecompositionYear y0 = dyear(detail.front());
    for (std::size_t i = 1; i < detail.size(); ++i) {
      // Unit costs are measured against the jump-off year in both bases: the annual row compares
      // year i-1 and year i with both expressed relative to jump-off prices.
      rows.push_back({detail[i].year, "cumulative", detail.front().year, decompose_spending(y0, dyear(detail[i]))});
      rows.push_back({detail[i].year, "annual", detail[i - 1].year,
                      decompose_spending(dyear(detail[i - 1]), dyear(detail[i]))});
    }
  }
  return {{"decomposition.csv", to_csv(make_table(layout, rows))}};
}

}  // namespace fundsim
