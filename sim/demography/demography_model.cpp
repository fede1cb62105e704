#include "demography/demography_model.hpp"

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "demography/life_table.hpp"
#include "demography/single_year.hpp"
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

std::vector<double> spread_5y(const std::vector<double>& w5, int first_age, int n_ages) {
  // Relative weights by 5-year group from first_age, spread evenly, normalised over 0..100.
  std::vector<double> out(kAges, 0.0);
  double s = 0.0;
  for (int a = first_age; a < first_age + n_ages && a < kAges; ++a) {
    const std::size_t g = static_cast<std::size_t>((a - first_age) / 5);
    out[a] = g < w5.size() ? w5[g] : 0.0;
    s += out[a];
  }
  if (s > 0.0)
    for (double& v : out) v /= s;
  return out;
}

}  // namespace

int DemographyPath::index(int year) const {
  if (year < first_year || year > last_year)
    throw std::out_of_range("DemographyPath: year " + std::to_string(year) + " outside path");
  return year - first_year;
}

DemographyModel::DemographyModel(const DemographyParams& p)
    : base_year_(p.base_population.year),
      mort_(p.mortality),
      fert_(p.fertility),
      migr_(p.migration) {
  const auto& bp = p.base_population;
  if (bp.male_thousands.size() != kFiveYearGroups || bp.female_thousands.size() != kFiveYearGroups)
    throw InputError("demography.base_population: expected 21 five-year groups");
  if (mort_.mx_male.size() != kAbridgedAges || mort_.mx_female.size() != kAbridgedAges ||
      mort_.b_male.size() != kAbridgedAges || mort_.b_female.size() != kAbridgedAges)
    throw InputError("demography.mortality: expected 22 abridged ages");
  if (fert_.asfr_shape_5y.size() != 7)
    throw InputError("demography.fertility.asfr_shape_5y: expected 7 groups");
  if (migr_.age_pattern_5y.size() != kFiveYearGroups)
    throw InputError("demography.migration.age_pattern_5y: expected 21 groups");
  if (fert_.tfr.empty()) throw InputError("demography.fertility.tfr: empty schedule");
  if (migr_.net_migrants_persons.empty())
    throw InputError("demography.migration.net_migrants_persons: empty schedule");

  // Base population, persons.
  const auto m1 = sprague_split(bp.male_thousands);
  const auto f1 = sprague_split(bp.female_thousands);
  double total = 0.0;
  for (int a = 0; a < kAges; ++a) total += m1[a] + f1[a];
  const double scale =
      1000.0 * (bp.total_thousands && total > 0.0 ? *bp.total_thousands / total : 1.0);
  base_pop_.assign(kSexes * kAges, 0.0);
  for (int a = 0; a < kAges; ++a) {
    base_pop_[kMale * kAges + a] = m1[a] * scale;
    base_pop_[kFemale * kAges + a] = f1[a] * scale;
  }

  // Mortality.
  const auto mm = single_year_mx(mort_.mx_male);
  const auto mf = single_year_mx(mort_.mx_female);
  const auto bm = single_year_weights(mort_.b_male);
  const auto bf = single_year_weights(mort_.b_female);
  base_mx_.assign(kSexes * kAges, 0.0);
  b_.assign(kSexes * kAges, 0.0);
  for (int a = 0; a < kAges; ++a) {
    base_mx_[kMale * kAges + a] = mm[a];
    base_mx_[kFemale * kAges + a] = mf[a];
    b_[kMale * kAges + a] = bm[a];
    b_[kFemale * kAges + a] = bf[a];
  }

  // Fertility and migration patterns.
  asfr_ = spread_5y(fert_.asfr_shape_5y, 15, 35);
  migration_pattern_.assign(kSexes * kAges, 0.0);
  const auto mig = spread_5y(migr_.age_pattern_5y, 0, kAges);
  for (int a = 0; a < kAges; ++a) {
    migration_pattern_[kMale * kAges + a] = migr_.male_share * mig[a];
    migration_pattern_[kFemale * kAges + a] = (1.0 - migr_.male_share) * mig[a];
  }
  male_birth_share_ = fert_.sex_ratio_at_birth / (1.0 + fert_.sex_ratio_at_birth);
  infant_separation_ = mort_.infant_separation_share;
}

PopulationByState DemographyModel::base_population_by_state() const {
  PopulationByState pop = make_population();
  for (int sex = 0; sex < kSexes; ++sex)
    for (int a = 0; a < kAges; ++a) pop[cell(sex, a, 0)] = base_pop_[sex * kAges + a];
  return pop;
}

DemographyPath DemographyModel::make_path(Rng* mr, Rng* fr, Rng* gr, int first_year,
                                          int last_year) const {
  if (last_year < first_year) throw std::invalid_argument("DemographyModel: last < first year");
  const int n = last_year - first_year + 1;
  DemographyPath path;
  path.first_year = first_year;
  path.last_year = last_year;
  path.k.resize(n);
  path.tfr.resize(n);
  path.net_migrants.resize(n);
  boost::random::normal_distribution<double> z(0.0, 1.0);
  double walk = 0.0, u = 0.0;
  for (int i = 0; i < n; ++i) {
    const int t = first_year + i;
    const double em = mr ? z(*mr) : 0.0;
    const double ef = fr ? z(*fr) : 0.0;
    const double eg = gr ? z(*gr) : 0.0;
    if (t >= mort_.stochastic_from_year) walk += mort_.volatility_per_year * em;
    path.k[i] = mort_.drift_per_year * (t - mort_.reference_year) + walk;
    if (t >= fert_.stochastic_from_year) u = fert_.tfr_persistence * u + fert_.tfr_volatility * ef;
    path.tfr[i] = std::max(0.0, fert_.tfr.at(t)) * std::exp(u);
    path.net_migrants[i] = migr_.net_migrants_persons.at(t) + migr_.volatility_persons * eg;
  }
  return path;
}

DemographyPath DemographyModel::sample_path(Rng& mortality_rng, Rng& fertility_rng,
                                            Rng& migration_rng, int first_year,
                                            int last_year) const {
  return make_path(&mortality_rng, &fertility_rng, &migration_rng, first_year, last_year);
}

DemographyPath DemographyModel::mean_path(int first_year, int last_year) const {
  return make_path(nullptr, nullptr, nullptr, first_year, last_year);
}

void DemographyModel::death_probabilities(const DemographyPath& path, int year, double* q) const {
  const double k = path.k[path.index(year)];
  for (std::size_t i = 0; i < base_mx_.size(); ++i) {
    // m = m_base e^{b k}: exactly m_base when b k = 0. The exponent is capped so that the product
    // stays finite for extreme k (m_base <= 10, e^700 ~ 1e304; any such m means q = 1).
    q[i] = q_from_m(base_mx_[i] * std::exp(std::min(b_[i] * k, 700.0)));
  }
}

Births DemographyModel::births(const PopulationByState& pop, const DemographyPath& path,
                               int year) const {
  const double tfr = path.tfr[path.index(year)];
  double b = 0.0;
  for (int a = 15; a < 50; ++a) b += age_sex_total(pop, kFemale, a) * asfr_[a];
  b *= tfr;
  return {b * male_birth_share_, b * (1.0 - male_birth_share_)};
}

void DemographyModel::migrants(const DemographyPath& path, int year, double* out) const {
  const double level = path.net_migrants[path.index(year)];
  for (std::size_t i = 0; i < migration_pattern_.size(); ++i) out[i] = level * migration_pattern_[i];
}

double DemographyModel::life_expectancy_at_birth(const double* q) {
  return fundsim::life_expectancy_at_birth(q);
}

void DemographyModel::project_year(PopulationByState& pop, const DemographyPath& path, int year,
                                   YearScratch& scratch, const CellDeathRule& cell_q) const {
  death_probabilities(path, year, scratch.q.data());
  cell_q(pop, scratch.q.data(), scratch.q_cells.data());
  const Births b = births(pop, path, year);
  migrants(path, year, scratch.migrants.data());
  advance_one_year(pop, scratch.q_cells.data(), b, scratch.migrants.data(), infant_separation_);
}

void DemographyModel::project_year(PopulationByState& pop, const DemographyPath& path, int year) const {
  YearScratch scratch;
  project_year(pop, path, year, scratch,
               [](const PopulationByState&, const double* q, double* qc) { uniform_state_q(q, qc); });
}

}  // namespace fundsim
