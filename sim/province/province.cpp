#include "province/province.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

#include "calibration/model_factory.hpp"
#include "demography/cells.hpp"
#include "engine/table.hpp"
#include "fund/accounts.hpp"
#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::province {

namespace fs = std::filesystem;

namespace {

Location where(const LocationMap& locs, const std::string& key, const Location& fallback) {
  auto it = locs.find(key);
  return it == locs.end() ? fallback : it->second;
}

// Applies `file` (after its `extends` chain) onto `c`; records where each key was set and the chain.
// Each pool path is made absolute against the file that lists it.
void apply_chain(const std::string& file, ProvinceConfig& c, LocationMap& locs, std::vector<std::string>& chain,
                 std::vector<std::string>& pool_dirs, int depth) {
  if (depth > 16) throw InputError(fmt::format("{}:1: extends: expected a chain of at most 16 files", file));
  const YAML::Node n = read_yaml_file(file, "the province file");
  const Location top{file, 1};
  if (!n.IsMap()) throw_at(top, "", "expected a mapping with name, pools and adjustment_fund");
  const fs::path dir = fs::path(file).parent_path();
  if (n["extends"] && n["extends"].IsScalar()) {
    const std::string parent = (dir / n["extends"].as<std::string>()).lexically_normal().string();
    if (!fs::exists(parent))
      throw_at(Location{file, n["extends"].Mark().line + 1}, "extends",
               "an existing province file, found '" + n["extends"].as<std::string>() + "'");
    apply_chain(parent, c, locs, chain, pool_dirs, depth + 1);
  }
  ApplyVisitor::apply_struct(n, "", top, c, file, locs);
  chain.push_back(file);
  if (n["pools"]) {
    pool_dirs.clear();
    for (std::size_t i = 0; i < c.pools.size(); ++i)
      pool_dirs.push_back((dir / c.pools[i].path).lexically_normal().string());
  }
}

}  // namespace

bool is_province_file(const std::string& path) {
  if (fs::is_directory(path)) return false;
  const std::string ext = fs::path(path).extension().string();
  if (ext != ".yaml" && ext != ".yml") return false;
  try {
    const YAML::Node n = YAML::LoadFile(path);
    // A province file has pools (or, extending one, its own adjustment fund, pool overrides or
    // migration); a scenario has none of these keys.
    return n.IsMap() && (n["pools"].IsDefined() || n["adjustment_fund"].IsDefined() || n["pool_sets"].IsDefined() ||
                         n["migration"].IsDefined());
  } catch (const YAML::Exception&) {
    return false;  // the scenario loader reports the syntax error
  }
}

LoadedProvince load_province(const std::string& path, const std::vector<std::string>& sets) {
  LoadedProvince r;
  r.path = path;
  LocationMap locs;
  apply_chain(path, r.config, locs, r.files, r.pool_dirs, 0);
  const Location top{path, 1};
  CheckVisitor checker("", locs, top);
  checker.run(r.config);
  const ProvinceConfig& c = r.config;
  if (c.pools.empty()) throw_at(where(locs, "pools", top), "pools", "a list of at least one pool ({path: DIR})");
  std::set<std::string> names, dirs;
  std::vector<std::string> pool_sets = c.pool_sets;
  pool_sets.insert(pool_sets.end(), sets.begin(), sets.end());
  for (std::size_t i = 0; i < r.pool_dirs.size(); ++i) {
    const std::string key = fmt::format("pools[{}].path", i);
    const Location loc = where(locs, key, where(locs, "pools", top));
    if (!dirs.insert(r.pool_dirs[i]).second) throw_at(loc, key, "each pool once, found '" + c.pools[i].path + "' twice");
    if (!fs::exists(fs::path(r.pool_dirs[i]) / "pool.yaml"))
      throw_at(loc, key, "a pool data package (a directory holding pool.yaml), found '" + c.pools[i].path + "'");
    try {
      r.pools.push_back(load_scenario(r.pool_dirs[i], pool_sets));
    } catch (const InputError& e) {
      throw InputError(fmt::format("{} [pool {} of {}:{}]", e.what(), c.pools[i].path, loc.file, loc.line));
    }
    const Scenario& s = r.pools.back().scenario;
    const Scenario& s0 = r.pools.front().scenario;
    if (!names.insert(s.run.pool).second)
      throw_at(loc, key, "pools with distinct names (pool.yaml name), found '" + s.run.pool + "' twice");
    if (s.run.engine != "cell") throw_at(loc, key, "a pool on the cell engine (run.engine: cell), found " + s.run.engine);
    if (s.run.jump_off_year != s0.run.jump_off_year || s.run.end_year != s0.run.end_year)
      throw_at(loc, key,
               fmt::format("the jump-off and end years of the first pool ({}-{}), found {}-{}", s0.run.jump_off_year,
                           s0.run.end_year, s.run.jump_off_year, s.run.end_year));
  }
  // Migration flows: known pools, distinct ends, rate or persons (not both), years in order.
  for (std::size_t k = 0; k < c.migration.flows.size(); ++k) {
    const MigrationFlow& f = c.migration.flows[k];
    const std::string key = fmt::format("migration.flows[{}]", k);
    const Location loc = where(locs, key + ".from", where(locs, "migration.flows", top));
    for (const auto& [end, name] : {std::pair{".from", f.from}, std::pair{".to", f.to}})
      if (!names.count(name))
        throw_at(where(locs, key + end, loc), key + end,
                 "the name of one of the province's pools (pool.yaml name), found '" + name + "'");
    if (f.from == f.to) throw_at(where(locs, key + ".to", loc), key + ".to", "a pool other than the origin '" + f.from + "'");
    const bool has_rate = locs.count(key + ".rate") > 0, has_persons = locs.count(key + ".persons") > 0;
    if (has_rate == has_persons)
      throw_at(loc, key, has_rate ? "rate or persons, found both" : "rate (share of the origin's population) or persons");
    if (f.first_year > f.last_year)
      throw_at(where(locs, key + ".last_year", loc), key + ".last_year",
               fmt::format("a year not before first_year {}, found {}", f.first_year, f.last_year));
  }
  // The resolved record: the design as used and each pool's provenance hash.
  YAML::Emitter e;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name;
  e << YAML::Key << "description" << YAML::Value << c.description;
  const AdjustmentDesign& d = c.adjustment_fund;
  e << YAML::Key << "adjustment_fund" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << d.name << YAML::Key << "description" << YAML::Value << d.description;
  e << YAML::Key << "mode" << YAML::Value << d.mode;
  e << YAML::Key << "revenue_share" << YAML::Value << format_number(d.revenue_share);
  e << YAML::Key << "excess_balance_share" << YAML::Value << format_number(d.excess_balance_share);
  e << YAML::Key << "excess_balance_months" << YAML::Value << format_number(d.excess_balance_months);
  e << YAML::Key << "deficit_share" << YAML::Value << format_number(d.deficit_share);
  e << YAML::Key << "deficit_basis" << YAML::Value << d.deficit_basis;
  e << YAML::Key << "initial_balance_yuan" << YAML::Value << format_number(d.initial_balance_yuan);
  e << YAML::EndMap;
  e << YAML::Key << "pools" << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < r.pools.size(); ++i)
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << r.pools[i].scenario.run.pool << YAML::Key
      << "directory" << YAML::Value << r.pool_dirs[i] << YAML::Key << "scenario_sha256" << YAML::Value
      << r.pools[i].sha256 << YAML::EndMap;
  e << YAML::EndSeq;
  e << YAML::Key << "pool_sets" << YAML::Value << YAML::Flow << pool_sets;
  if (!c.migration.flows.empty()) {
    const MigrationConfig& m = c.migration;
    e << YAML::Key << "migration" << YAML::Value << YAML::BeginMap << YAML::Key << "flows" << YAML::Value
      << YAML::BeginSeq;
    for (const MigrationFlow& f : m.flows) {
      e << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << f.from << YAML::Key << "to"
        << YAML::Value << f.to << YAML::Key << "rate" << YAML::Value << format_number(f.rate) << YAML::Key
        << "persons" << YAML::Value << format_number(f.persons) << YAML::Key << "first_year" << YAML::Value
        << f.first_year << YAML::Key << "last_year" << YAML::Value << f.last_year << YAML::EndMap;
    }
    e << YAML::EndSeq;
    const MigrationAgeSchedule& a = m.age_schedule;
    e << YAML::Key << "age_schedule" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [k, v] : {std::pair{"a1", a.a1}, {"alpha1", a.alpha1}, {"a2", a.a2}, {"alpha2", a.alpha2},
                               {"mu2", a.mu2}, {"lambda2", a.lambda2}, {"c", a.c}})
      e << YAML::Key << k << YAML::Value << format_number(v);
    e << YAML::EndMap;
    e << YAML::Key << "max_cell_share" << YAML::Value << format_number(m.max_cell_share) << YAML::EndMap;
  }
  e << YAML::EndMap;
  r.resolved_yaml = std::string(e.c_str()) + "\n";
  r.sha256 = sha256_hex(r.resolved_yaml);
  return r;
}

// --- the model ---------------------------------------------------------------------------------

Aggregation aggregation(Metric m) {
  switch (m) {
    case m_population:
    case m_enrollees:
    case m_enrollees_assisted:
    case m_two_disease_patients:
    case m_revenue_subsidy:
    case m_revenue_individual:
    case m_revenue_assistance_paid:
    case m_spending_total:
    case m_spending_inpatient:
    case m_spending_outpatient:
    case m_spending_two_diseases:
    case m_spending_chronic_special:
    case m_spending_catastrophic:
    case m_assistance_spending:
    case m_out_of_pocket:
    case m_subsidy_central:
    case m_subsidy_provincial:
    case m_subsidy_city:
    case m_subsidy_county:
    case m_employee_scheme_members:
    case m_catastrophic_claims:
    case m_total_cost:
    case m_catastrophic_beneficiaries:
      return Aggregation::sum;
    case m_revenue_total:       // + the fund's interest
    case m_revenue_interest:    // + the fund's interest
    case m_balance_cumulative:  // + the fund's balance
    case m_balance_current:     // revenue_total - spending_total
    case m_months_payable:      // balance_cumulative / (spending_total / 12)
    case m_spending_per_enrollee:
      return Aggregation::derived;
    case m_share_65_plus:
    case m_life_expectancy_at_birth:
    case m_disposable_income_rural:
      return Aggregation::population_weighted;
    case m_share_65_plus_enrollees:
    case m_prevalence_hypertension:
    case m_prevalence_diabetes:
    case m_individual_contribution:
    case m_fiscal_subsidy:
    case m_contribution_burden_rural:
      return Aggregation::enrollee_weighted;
    case m_interest_rate:
      return Aggregation::first_pool;
    case kMetricCount:
      break;
  }
  return Aggregation::sum;
}

double MigrationAgeSchedule::at(int age) const {
  const double x = age;
  return a1 * std::exp(-alpha1 * x) + a2 * std::exp(-alpha2 * (x - mu2) - std::exp(-lambda2 * (x - mu2))) + c;
}

std::vector<double> MigrationAgeSchedule::cell_weights() const {
  std::vector<double> w(kCells);
  for (std::size_t c = 0; c < kCells; ++c) w[c] = std::max(0.0, at(cell_age(c)));
  return w;
}

void migrate(const std::vector<ResolvedFlow>& flows, const std::vector<double>& cell_weight, double max_cell_share,
             int year, const std::vector<std::vector<double>*>& populations, double* moved) {
  const std::size_t nf = flows.size();
  std::vector<std::vector<double>> take(nf);  // persons flow k takes from each cell (empty: none)
  for (std::size_t k = 0; k < nf; ++k) {
    moved[k] = 0.0;
    const ResolvedFlow& f = flows[k];
    if (year < f.first_year || year > f.last_year) continue;
    const std::vector<double>& from = *populations[static_cast<std::size_t>(f.from)];
    double total = 0.0, weighted = 0.0;
    for (std::size_t c = 0; c < kCells; ++c) {
      total += from[c];
      weighted += cell_weight[c] * from[c];
    }
    const double target = f.rate * total + f.persons;  // one of the two is 0
    if (!(target > 0.0) || !(weighted > 0.0)) continue;
    take[k].resize(kCells);
    for (std::size_t c = 0; c < kCells; ++c) take[k][c] = target * (cell_weight[c] * from[c] / weighted);
  }
  // No cell loses more than max_cell_share of its persons: each origin's flows out of a cell (summed
  // in flow order) scaled down together.
  std::vector<std::vector<double>> out(populations.size());
  for (std::size_t k = 0; k < nf; ++k) {
    if (take[k].empty()) continue;
    std::vector<double>& o = out[static_cast<std::size_t>(flows[k].from)];
    if (o.empty()) o.assign(kCells, 0.0);
    for (std::size_t c = 0; c < kCells; ++c) o[c] += take[k][c];
  }
  for (std::size_t k = 0; k < nf; ++k) {
    if (take[k].empty()) continue;
    const auto p = static_cast<std::size_t>(flows[k].from);
    const std::vector<double>& o = out[p];
    const std::vector<double>& pop = *populations[p];
    for (std::size_t c = 0; c < kCells; ++c) {
      const double limit = max_cell_share * std::max(0.0, pop[c]);
      if (o[c] > limit) take[k][c] *= limit / o[c];
    }
  }
  for (std::size_t k = 0; k < nf; ++k) {
    if (take[k].empty()) continue;
    std::vector<double>& from = *populations[static_cast<std::size_t>(flows[k].from)];
    std::vector<double>& to = *populations[static_cast<std::size_t>(flows[k].to)];
    double sum = 0.0;
    for (std::size_t c = 0; c < kCells; ++c) {
      from[c] -= take[k][c];
      to[c] += take[k][c];
      sum += take[k][c];
    }
    moved[k] = sum;
  }
}

ProvinceModel::ProvinceModel(std::vector<std::unique_ptr<Model>> pools, AdjustmentDesign design,
                             std::vector<ResolvedFlow> flows, MigrationAgeSchedule schedule, double max_cell_share)
    : pools_(std::move(pools)), design_(std::move(design)), flows_(std::move(flows)), max_cell_share_(max_cell_share) {
  if (pools_.empty()) throw InputError("province: expected at least one pool");
  for (const ResolvedFlow& f : flows_)
    if (f.from < 0 || f.to < 0 || f.from >= static_cast<int>(pools_.size()) || f.to >= static_cast<int>(pools_.size()) ||
        f.from == f.to)
      throw InputError("province: a migration flow between two distinct pools of the province expected");
  cell_weight_ = schedule.cell_weights();
  first_year_ = pools_.front()->first_year();
  years_ = pools_.front()->years();
  for (const auto& p : pools_)
    if (p->first_year() != first_year_ || p->years() != years_)
      throw InputError("province: every pool must project the same years");
}

std::unique_ptr<ProvinceModel> build_province_model(const LoadedProvince& lp) {
  std::vector<std::unique_ptr<Model>> models(lp.pools.size());
  for (std::size_t i = 0; i < lp.pools.size(); ++i) models[i] = make_model(lp.pools[i].scenario);
  const MigrationConfig& m = lp.config.migration;
  std::vector<ResolvedFlow> flows;
  auto index = [&](const std::string& name) {
    for (std::size_t i = 0; i < lp.pools.size(); ++i)
      if (lp.pools[i].scenario.run.pool == name) return static_cast<int>(i);
    throw InputError("province: migration flow names an unknown pool '" + name + "'");
  };
  for (const MigrationFlow& f : m.flows)
    flows.push_back({index(f.from), index(f.to), f.rate, f.persons, f.first_year, f.last_year});
  return std::make_unique<ProvinceModel>(std::move(models), lp.config.adjustment_fund, std::move(flows),
                                         m.age_schedule, m.max_cell_share);
}

namespace {

// The province's metrics of year t from its pools' (after transfers) and the fund's.
void record_province_year(DrawTable& out, int t, const std::vector<DrawTable>& pools, double fund_interest,
                          double fund_balance) {
  double pop = 0.0, enr = 0.0;
  for (const DrawTable& p : pools) {
    pop += p.at(t, m_population);
    enr += p.at(t, m_enrollees);
  }
  for (int k = 0; k < kMetricCount; ++k) {
    const Metric m = static_cast<Metric>(k);
    double v = 0.0;
    switch (aggregation(m)) {
      case Aggregation::sum:
        for (const DrawTable& p : pools) v += p.at(t, m);
        break;
      // Weights normalised first, so that one pool's weight is exactly 1 (a one-pool province is the pool).
      case Aggregation::population_weighted:
        if (pop > 0.0)
          for (const DrawTable& p : pools) v += p.at(t, m_population) / pop * p.at(t, m);
        break;
      case Aggregation::enrollee_weighted:
        if (enr > 0.0)
          for (const DrawTable& p : pools) v += p.at(t, m_enrollees) / enr * p.at(t, m);
        break;
      case Aggregation::first_pool:
        v = pools.front().at(t, m);
        break;
      case Aggregation::derived:
        continue;  // below
    }
    out.at(t, m) = v;
  }
  double rev = 0.0, interest = 0.0, balance = 0.0;
  for (const DrawTable& p : pools) {
    rev += p.at(t, m_revenue_total);
    interest += p.at(t, m_revenue_interest);
    balance += p.at(t, m_balance_cumulative);
  }
  const double spending = out.at(t, m_spending_total);
  out.at(t, m_revenue_total) = rev + fund_interest;
  out.at(t, m_revenue_interest) = interest + fund_interest;
  out.at(t, m_balance_current) = out.at(t, m_revenue_total) - spending;
  out.at(t, m_balance_cumulative) = balance + fund_balance;
  out.at(t, m_months_payable) = months_payable(out.at(t, m_balance_cumulative), spending);
  out.at(t, m_spending_per_enrollee) = enr > 0.0 ? spending / enr : 0.0;
}

}  // namespace

void ProvinceModel::project(std::uint64_t seed, std::int64_t draw, DrawTable& province, std::vector<DrawTable>& pools,
                            double* adjustment) const {
  const AdjustmentLayout lay = layout();
  const std::size_t n = pools_.size();
  std::vector<std::unique_ptr<PathStepper>> steps;
  steps.reserve(n);
  for (const auto& p : pools_) {
    steps.push_back(p->start(seed, draw));
    if (!steps.back()) throw InputError("province: a pool's engine cannot be stepped (use run.engine: cell)");
  }
  const bool full = design_.mode == "full_pooling";
  std::vector<YearFlows> f(n);
  std::vector<double> in(n), out(n), request(n);
  double fund = design_.initial_balance_yuan;
  std::vector<std::vector<double>*> populations(n);
  if (!flows_.empty())
    for (std::size_t p = 0; p < n; ++p)
      if (!(populations[p] = steps[p]->population()))
        throw InputError("province: migration between pools needs every pool on the cell engine's population");
  for (int t = 0; t < years_; ++t) {
    if (!flows_.empty()) {  // the population stages of every pool, then the moves between them
      for (std::size_t p = 0; p < n; ++p) steps[p]->advance(t);
      migrate(flows_, cell_weight_, max_cell_share_, first_year_ + t, populations, adjustment + lay.moved(t, 0));
    }
    for (std::size_t p = 0; p < n; ++p) f[p] = steps[p]->flows(t);
    const double rate = f.front().interest_rate;
    const double interest = fund > 0.0 ? fund * rate : 0.0;
    double sum_in = 0.0, sum_out = 0.0, unmet = 0.0;
    bool exhausted = false;
    if (full) {
      // 统收统支: the pool's whole reserve and flows go to the province's fund (transfer -B_p).
      for (std::size_t p = 0; p < n; ++p) {
        const double b = f[p].balance_before_transfer;
        in[p] = std::max(0.0, b);
        out[p] = std::max(0.0, -b);
        sum_in += in[p];
        sum_out += out[p];
      }
      fund = fund + interest + sum_in - sum_out;
      exhausted = fund < 0.0;
    } else {
      double sum_request = 0.0;
      for (std::size_t p = 0; p < n; ++p) {
        const YearFlows& y = f[p];
        const double keep = design_.excess_balance_months / 12.0 * y.spending_total;
        in[p] = design_.revenue_share * std::max(0.0, y.revenue_total) +
                design_.excess_balance_share * std::max(0.0, y.balance_before_transfer - keep);
        const double need = design_.deficit_basis == "reserve_shortfall"
                                ? std::max(0.0, -(y.balance_before_transfer - in[p]))
                                : std::max(0.0, y.spending_total - y.revenue_total);
        request[p] = design_.deficit_share * need;
        sum_in += in[p];
        sum_request += request[p];
      }
      const double available = std::max(0.0, fund + interest + sum_in);
      const double scale = sum_request > available ? available / sum_request : 1.0;
      exhausted = sum_request > available;
      for (std::size_t p = 0; p < n; ++p) {
        out[p] = request[p] * scale;
        sum_out += out[p];
      }
      unmet = sum_request - sum_out;
      fund = std::max(0.0, available - sum_out);
    }
    for (std::size_t p = 0; p < n; ++p) {
      // Full pooling: exactly -B_p (so the pool's reserve is exactly 0).
      const double transfer = full ? -f[p].balance_before_transfer : out[p] - in[p];
      steps[p]->close(t, transfer, pools[p]);
      adjustment[lay.paid_in(t, static_cast<int>(p))] = in[p];
      adjustment[lay.paid_out(t, static_cast<int>(p))] = out[p];
    }
    adjustment[lay.fund(t, AdjustmentLayout::kPaidIn)] = sum_in;
    adjustment[lay.fund(t, AdjustmentLayout::kPaidOut)] = sum_out;
    adjustment[lay.fund(t, AdjustmentLayout::kInterest)] = interest;
    adjustment[lay.fund(t, AdjustmentLayout::kBalance)] = fund;
    adjustment[lay.fund(t, AdjustmentLayout::kExhausted)] = exhausted ? 1.0 : 0.0;
    adjustment[lay.fund(t, AdjustmentLayout::kUnmet)] = unmet;
    record_province_year(province, t, pools, interest, fund);
  }
}

ProvinceResult run_province(const ProvinceModel& model, std::int64_t draws, std::uint64_t seed, int threads,
                            const std::atomic<bool>* cancel, bool progress, const Distribution* dist) {
  const auto t0 = std::chrono::steady_clock::now();
  std::int64_t first = 0, count = draws;
  if (dist && dist->size > 1) std::tie(first, count) = draw_block(draws, dist->rank, dist->size);
  ProvinceResult r;
  r.layout = model.layout();
  auto blank = [&](RunResult& x) {
    x.first_year = model.first_year();
    x.years = model.years();
    for (int m = 0; m < kMetricCount; ++m) x.metrics.push_back(static_cast<Metric>(m));
    x.first_draw = first;
    x.draws = count;
    x.data.assign(static_cast<std::size_t>(count) * static_cast<std::size_t>(x.years) * kMetricCount, 0.0);
  };
  blank(r.province);
  r.pools.resize(static_cast<std::size_t>(model.pools()));
  for (auto& p : r.pools) blank(p);
  r.adjustment.assign(static_cast<std::size_t>(count) * r.layout.size(), 0.0);
  const std::size_t stride = static_cast<std::size_t>(model.years()) * kMetricCount;
  std::function<void(std::int64_t, std::int64_t)> report;
  if (progress)
    report = [t0](std::int64_t done, std::int64_t total) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "\r  draws %lld/%lld  %.1f s   ", static_cast<long long>(done),
                   static_cast<long long>(total), secs);
      if (done == total) std::fprintf(stderr, "\n");
    };
  for_each_draw(
      count, threads,
      [&](std::int64_t i) {
        const std::size_t at = static_cast<std::size_t>(i) * stride;
        DrawTable prov(r.province.data.data() + at, model.years());
        std::vector<DrawTable> pools;
        pools.reserve(r.pools.size());
        for (auto& p : r.pools) pools.emplace_back(p.data.data() + at, model.years());
        model.project(seed, first + i, prov, pools, r.adjustment.data() + static_cast<std::size_t>(i) * r.layout.size());
      },
      report, cancel);
  if (dist && dist->size > 1) {
    dist->gather(r.province);
    for (auto& p : r.pools) dist->gather(p);
    RunResult adj;  // the adjustment columns travel as a block of doubles per draw
    adj.draws = count;
    adj.data.swap(r.adjustment);
    dist->gather(adj);
    r.adjustment.swap(adj.data);
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace fundsim::province
