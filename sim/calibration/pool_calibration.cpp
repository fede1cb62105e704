#include "calibration/pool_calibration.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <omp.h>

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "calibration/objective.hpp"
#include "calibration/parameter_uncertainty_model.hpp"
#include "engine/cell_model.hpp"
#include "engine/metrics.hpp"
#include "random/streams.hpp"
#include "scenario/data_table.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"
#include "scenario/pool.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::calibration {

namespace fs = std::filesystem;

std::vector<PoolFreeParameter> default_pool_parameters() {
  // Prior sds: the between-pool dispersion of each quantity. No between-city or between-province
  // series of the resident fund is in the repository (calibration/data/regional/README.md), so each
  // is an assumption, stated in the parameter's unit and as the dispersion of the quantity it sets.
  return {
      {"costs.inpatient_cost_growth_2018_to_base_per_year", -0.15, 0.25, 0.05,
       "assumption: cost per admission differs between pools by about 20% (1 sd); the parameter compounds over "
       "costs.base_year - 2018 = 4 years, so 0.20 / 4 = 0.05 a year"},
      {"costs.inpatient_admissions_scale_per_person_year", 0.03, 0.40, 0.025,
       "assumption: admissions per enrollee differ between pools by about 23% of the national 0.108 (1 sd)"},
      {"demography.enrolment.structural_noncoverage_share", 0.0, 0.50, 0.03,
       "assumption: residents outside any scheme (registered elsewhere, abroad, duplicates) differ between "
       "pools by about 3 points (1 sd), mostly through migration"},
      {"financing.subsidy_top_up_share", 0.0, 1.0, 0.05,
       "assumption: local subsidy above the national floor differs between pools by about 5% of the floor (1 sd)"},
  };
}

PoolCalibrationSettings load_pool_calibration_settings(const std::string& path) {
  PoolCalibrationSettings s;
  if (path.empty()) return s;
  const YAML::Node node = read_yaml_file(path, "pool calibration settings");
  if (node.IsNull()) return s;
  LocationMap locs;
  const Location top{path, 1};
  ApplyVisitor::apply_struct(node, "", top, s, path, locs);
  // Required keys are checked in what the file gives (the default parameter list is complete).
  PoolCalibrationSettings probe = s;
  if (!node["parameters"].IsDefined()) probe.parameters.clear();
  CheckVisitor checker("", locs, top);
  checker.run(probe);
  if (s.parameters.empty()) throw_at(top, "parameters", "at least one free parameter");
  std::set<std::string> keys;
  for (std::size_t i = 0; i < s.parameters.size(); ++i) {
    const std::string k = fmt::format("parameters[{}].key", i);
    auto it = locs.find(k);
    const Location at = it == locs.end() ? top : it->second;
    if (!keys.insert(s.parameters[i].key).second) throw_at(at, k, "each key once, found '" + s.parameters[i].key + "' twice");
    if (s.parameters[i].key.rfind("run.", 0) == 0) throw_at(at, k, "a model parameter (run.* settings are not fitted)");
  }
  return s;
}

namespace {

std::string num(double x) { return fmt::format("{:.17g}", x); }

// Quantities of history.csv: column, target quantity, measurement share.
struct Column {
  const char* column;
  const char* quantity;
  double PoolMeasurementError::*share;
  bool census_year;  // fitted in the census year too (else only in later years)
};
constexpr Column kColumns[] = {
    {"enrollees", "enrollees", &PoolMeasurementError::enrollees, true},
    {"revenue_yuan", "revenue_total", &PoolMeasurementError::revenue, false},
    {"spending_yuan", "spending_total", &PoolMeasurementError::spending, false},
    {"cumulative_balance_yuan", "balance_cumulative", &PoolMeasurementError::balance, false},
    {"admissions", "hospitalisation_rate", &PoolMeasurementError::admissions, false},
    {"catastrophic_claims_yuan", "catastrophic_claims", &PoolMeasurementError::catastrophic_claims, false},
    {"assisted_persons", "enrollees_assisted", &PoolMeasurementError::enrollees, true},  // check only
};

// The engine model of the pool at theta over the fitted years, with or without process noise.
CellModel engine_at(const Evaluator& ev, const std::vector<double>& theta, bool noise) {
  Scenario s = ev.scenario_with(theta);
  s.run.process_noise = noise;
  return CellModel(s);
}

}  // namespace

std::vector<std::vector<double>> process_noise_draws(const PoolCalibration& pc, const std::vector<double>& theta,
                                                     std::uint64_t seed, int draws, int threads) {
  LoadedCalibration cal = pc.cal;
  cal.target_covariance.clear();  // only the predictions are used here
  const Evaluator ev(cal, pc.last_year);
  const CellModel noisy = engine_at(ev, theta, true), clean = engine_at(ev, theta, false);
  const auto& targets = pc.cal.config.targets;
  const int years = noisy.years();
  std::vector<std::vector<double>> out(static_cast<std::size_t>(draws), std::vector<double>(targets.size(), 0.0));
  const int nt = threads > 0 ? threads : omp_get_max_threads();
  std::string error;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt)
  for (int k = 0; k < draws; ++k) {
    try {
      std::vector<double> a(static_cast<std::size_t>(years) * kMetricCount), b(a.size());
      DrawTable ta(a.data(), years), tb(b.data(), years);
      noisy.project(seed, k, ta);
      clean.project(seed, k, tb);
      for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto m = metric_from_name(targets[i].quantity);
        if (!m || targets[i].year <= pc.census_year) continue;  // not perturbed by the engine
        const int t = targets[i].year - noisy.first_year();
        out[static_cast<std::size_t>(k)][i] = ta.at(t, *m) - tb.at(t, *m);
      }
    } catch (const std::exception& e) {
#pragma omp critical
      error = e.what();
    }
  }
  if (!error.empty()) throw std::runtime_error("process-noise draws: " + error);
  return out;
}

PoolCalibration make_pool_calibration(const std::string& dir, const PoolCalibrationSettings& settings, int threads) {
  PoolCalibration pc;
  pc.settings = settings;
  pc.pool_dir = dir;
  if (!is_pool_directory(dir))
    throw InputError(dir + ": expected a pool directory holding pool.yaml (fundsim pool init DIR writes one)");
  const LoadedScenario pool = load_scenario(dir);
  const PoolOrigin& origin = *pool.pool;
  pc.pool_name = origin.name;
  const std::string pool_yaml = (fs::path(dir) / "pool.yaml").string();

  // The priors' centre: the parameter file the pool would otherwise inherit.
  const LoadedScenario base = load_scenario(origin.base_scenario);
  pc.inherited_file = base.scenario.run.parameter_draws_file;
  if (pc.inherited_file.empty())
    throw InputError(fmt::format("{}: scenario: the base scenario {} has no run.parameter_draws_file; a pool "
                                 "calibration shrinks toward the base scenario's calibrated estimates",
                                 pool_yaml, origin.base_scenario));
  pc.inherited = read_parameter_file(pc.inherited_file);
  auto national_index = [&](const std::string& key) -> std::ptrdiff_t {
    const auto it = std::find(pc.inherited.keys.begin(), pc.inherited.keys.end(), key);
    return it == pc.inherited.keys.end() ? -1 : it - pc.inherited.keys.begin();
  };
  const std::vector<std::string> kept = user_set_keys(pool.scenario, pc.inherited.keys);

  // History.
  const std::string hist = (fs::path(dir) / "history.csv").string();
  const CsvTable t = read_csv_table(hist, {"year", "enrollees", "revenue_yuan", "spending_yuan", "cumulative_balance_yuan"},
                                    {"assisted_persons", "admissions", "catastrophic_claims_yuan"});
  pc.census_year = pool.scenario.demography.base_population.year;
  const std::size_t cy = t.column("year");
  std::ptrdiff_t census_row = -1;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const int year = static_cast<int>(t.rows[r][cy]);
    if (year == pc.census_year) census_row = static_cast<std::ptrdiff_t>(r);
    if (year < pc.census_year)
      pc.notes.push_back(fmt::format("{}:{}: year {} precedes the census year {}: not fitted (the model's "
                                     "population starts at the census)",
                                     hist, t.lines[r], year, pc.census_year));
  }
  if (census_row < 0)
    throw InputError(fmt::format("{}:1: column 'year': expected a row for the census year {} (its cumulative "
                                 "balance opens the fitted years)",
                                 hist, pc.census_year));
  pc.last_year = static_cast<int>(t.rows.back()[cy]);
  if (pc.last_year <= pc.census_year)
    throw InputError(fmt::format("{}:{}: column 'year': expected at least one year after the census year {} to fit",
                                 hist, t.lines.back(), pc.census_year));
  pc.opening_balance_yuan = t.rows[static_cast<std::size_t>(census_row)][t.column("cumulative_balance_yuan")];

  // The calibration: start scenario = the pool, from the census year.
  LoadedCalibration& cal = pc.cal;
  CalibrationConfig& c = cal.config;
  cal.path = pool_yaml;
  cal.scenario_path = dir;
  c.name = "pool-" + origin.name;
  c.description = fmt::format("pool {} fitted to its history {}-{} ({}), shrunk toward {}", origin.name,
                              pc.census_year, pc.last_year, hist, pc.inherited_file);
  c.scenario = dir;
  c.jump_off_year = pc.census_year;
  c.seed = settings.seed;
  c.fit_window = {pc.census_year, pc.last_year};
  c.history.balance_before_first_flow_year_yuan = 0.0;  // census-year flows are not fitted
  c.optimiser = settings.optimiser;
  c.uncertainty.method = "laplace";
  c.uncertainty.draws = std::max<int>(1, static_cast<int>(pc.inherited.draws.size()));
  std::set<std::string> free_keys;
  for (const auto& p : settings.parameters) {
    const std::ptrdiff_t j = national_index(p.key);
    if (j < 0)
      throw InputError(fmt::format("pool calibration settings: parameters: key '{}': expected a key of the inherited "
                                   "parameter file {} (its estimate is the prior's centre)",
                                   p.key, pc.inherited_file));
    if (std::find(kept.begin(), kept.end(), p.key) != kept.end())
      throw InputError(fmt::format("{}: key '{}' is set explicitly by the pool (rules.yaml or settings), so a "
                                   "calibrated value would never be used; remove it there or from the free parameters",
                                   pool_yaml, p.key));
    const double mean = pc.inherited.point[static_cast<std::size_t>(j)];
    FitParameter f;
    f.key = p.key;
    f.min = p.min;
    f.max = p.max;
    if (mean < p.min || mean > p.max)
      throw InputError(fmt::format("pool calibration settings: parameters: key '{}': expected bounds around the "
                                   "inherited estimate {} (found [{}, {}])",
                                   p.key, mean, p.min, p.max));
    f.start = mean;
    f.has_prior = true;
    f.prior_mean = mean;
    f.prior_sd = p.prior_sd;
    f.source = p.source;
    c.parameters.push_back(f);
    free_keys.insert(p.key);
  }
  for (std::size_t j = 0; j < pc.inherited.keys.size(); ++j) {
    const std::string& k = pc.inherited.keys[j];
    if (free_keys.count(k) || std::find(kept.begin(), kept.end(), k) != kept.end()) continue;
    cal.fixed_keys.push_back(k);
    cal.fixed_values.push_back(pc.inherited.point[j]);
  }
  cal.fixed_keys.push_back("fund.initial_balance_yuan");
  cal.fixed_values.push_back(pc.opening_balance_yuan);

  // Targets.
  std::vector<double> share;  // measurement share per target
  for (std::size_t r = static_cast<std::size_t>(census_row); r < t.rows.size(); ++r) {
    const int year = static_cast<int>(t.rows[r][cy]);
    for (const Column& col : kColumns) {
      if (!t.has_column(col.column)) continue;
      if (year == pc.census_year && !col.census_year) continue;
      double obs = t.rows[r][t.column(col.column)];
      if (std::isnan(obs)) continue;  // an empty optional field
      const std::string q = col.quantity;
      if (q == "hospitalisation_rate") obs /= t.rows[r][t.column("enrollees")];
      if (obs == 0.0) {
        pc.notes.push_back(fmt::format("{}: {} = 0: not fitted (errors are relative)",
                                       t.where(r, t.column(col.column)), col.column));
        continue;
      }
      Target tg;
      tg.name = q == "hospitalisation_rate" ? "hospitalisation rate (admissions / enrollees)" : col.column;
      tg.quantity = q;
      tg.year = year;
      tg.observed = obs;
      tg.weight = q == "enrollees_assisted" ? 0.0 : 1.0;  // no free parameter sets the assisted count
      tg.source = fmt::format("{}:{}", hist, t.lines[r]);
      c.targets.push_back(tg);
      share.push_back(settings.measurement.*col.share);
    }
  }

  // Target errors: measurement + process noise of this pool, at the national estimates.
  std::vector<double> centre;
  for (const auto& p : c.parameters) centre.push_back(p.prior_mean);
  const Evaluator ev(cal, pc.last_year);
  const std::vector<double> pred = ev.predict(centre, c.targets);
  const auto D = process_noise_draws(pc, centre, static_cast<std::uint64_t>(settings.seed), settings.process_noise_draws,
                                     threads);
  const std::size_t n = c.targets.size();
  std::vector<double> mean(n, 0.0);
  const double K = static_cast<double>(D.size());
  for (const auto& d : D)
    for (std::size_t i = 0; i < n; ++i) mean[i] += d[i] / K;
  std::vector<std::vector<double>> cov(n, std::vector<double>(n, 0.0));
  for (const auto& d : D)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) cov[i][j] += (d[i] - mean[i]) * (d[j] - mean[j]) / (K - 1.0);
  // Admissions: Poisson counts given the cells' rates (the engine's admission model), so the rate
  // admissions / enrollees has variance rate / enrollees.
  auto enrollees_pred = [&](int year) {
    for (std::size_t i = 0; i < n; ++i)
      if (c.targets[i].quantity == "enrollees" && c.targets[i].year == year) return pred[i];
    return 0.0;
  };
  for (std::size_t i = 0; i < n; ++i)
    if (c.targets[i].quantity == "hospitalisation_rate") {
      const double e = enrollees_pred(c.targets[i].year);
      cov[i][i] += e > 0 ? pred[i] / e : 0.0;
    }
  pc.errors.resize(n);
  std::vector<std::size_t> fitted;
  for (std::size_t i = 0; i < n; ++i) {
    TargetError& e = pc.errors[i];
    e.measurement_sd = share[i] * std::abs(c.targets[i].observed);
    e.process_sd = std::sqrt(cov[i][i]);
    e.total_sd = std::hypot(e.measurement_sd, e.process_sd);
    c.targets[i].se_share = e.total_sd / std::abs(c.targets[i].observed);  // the report's marginal z
    if (c.targets[i].weight > 0) fitted.push_back(i);
  }
  cal.target_covariance.assign(fitted.size(), std::vector<double>(fitted.size(), 0.0));
  for (std::size_t a = 0; a < fitted.size(); ++a)
    for (std::size_t b = 0; b < fitted.size(); ++b)
      cal.target_covariance[a][b] = cov[fitted[a]][fitted[b]] + (a == b ? std::pow(pc.errors[fitted[a]].measurement_sd, 2) : 0.0);
  return pc;
}

std::pair<double, double> interval95(const PoolCalibration& pc, const CalibrationResult& r, std::size_t i) {
  const auto& p = pc.cal.config.parameters[i];
  return {std::max(p.min, r.fit.theta[i] - 1.959963984540054 * r.sd[i]),
          std::min(p.max, r.fit.theta[i] + 1.959963984540054 * r.sd[i])};
}

std::string pool_parameter_file_yaml(const PoolCalibration& pc, const CalibrationResult& r) {
  const auto& c = pc.cal.config;
  const ParameterFile& nat = pc.inherited;
  auto free_index = [&](const std::string& key) -> std::ptrdiff_t {
    for (std::size_t i = 0; i < c.parameters.size(); ++i)
      if (c.parameters[i].key == key) return static_cast<std::ptrdiff_t>(i);
    return -1;
  };
  std::string s;
  s += "# fundsim parameter file of a pool, written by `fundsim calibrate " + pc.pool_dir +
       "` (do not edit by hand: re-run the calibration).\n";
  s += "# Use it with `calibration: <this file>` in the pool's pool.yaml. The free parameters are the pool's\n";
  s += "# posterior (normal priors centred on the inherited estimates: the shrinkage); every other key is\n";
  s += "# the inherited file's (point estimate, and its draw k in draw k). Method: docs/pool-calibration.md.\n";
  s += fmt::format("calibration: \"{}\"\n", c.name);
  s += fmt::format("inherited_from: \"{}\"\n", pc.inherited_file);
  s += fmt::format("fit_window: [{}, {}]\n", c.fit_window.first_year, c.fit_window.last_year);
  s += "uncertainty_method: laplace\n";
  s += fmt::format("seed: {}\n", c.seed);
  s += fmt::format("process_noise_draws: {}\n", pc.settings.process_noise_draws);
  s += fmt::format("objective: {}\n", num(r.fit.objective));
  s += fmt::format("optimiser: \"{} ({} evaluations, {})\"\n", c.optimiser.algorithm, r.fit.evaluations, r.fit.status);
  s += "parameters:\n";
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    const auto& p = c.parameters[i];
    const auto [lo, hi] = interval95(pc, r, i);
    s += fmt::format(
        "  - {{key: {}, estimate: {}, sd: {}, interval_95: [{}, {}], prior_mean: {}, prior_sd: {}, min: {}, max: {}, "
        "sampled_from: \"pool posterior (laplace)\"}}\n",
        p.key, num(r.fit.theta[i]), num(r.sd[i]), num(lo), num(hi), num(p.prior_mean), num(p.prior_sd), num(p.min),
        num(p.max));
  }
  for (const auto& k : nat.keys)
    if (free_index(k) < 0) s += fmt::format("  - {{key: {}, sampled_from: \"inherited ({})\"}}\n", k, pc.inherited_file);
  s += "point_estimate:\n";
  for (std::size_t j = 0; j < nat.keys.size(); ++j) {
    const std::ptrdiff_t i = free_index(nat.keys[j]);
    s += fmt::format("  {}: {}\n", nat.keys[j], num(i >= 0 ? r.fit.theta[static_cast<std::size_t>(i)] : nat.point[j]));
  }
  s += "draws:\n";
  for (std::size_t k = 0; k < r.draws.size(); ++k) {
    s += "  - {";
    for (std::size_t j = 0; j < nat.keys.size(); ++j) {
      const std::ptrdiff_t i = free_index(nat.keys[j]);
      const double x = i >= 0 ? r.draws[k][static_cast<std::size_t>(i)] : (nat.draws.empty() ? nat.point[j] : nat.draws[k][j]);
      s += fmt::format("{}{}: {}", j ? ", " : "", nat.keys[j], num(x));
    }
    s += "}\n";
  }
  return s;
}

std::string pool_report_markdown(const PoolCalibration& pc, const CalibrationResult& r) {
  const auto& c = pc.cal.config;
  std::string s = fit_report_markdown(pc.cal, r);
  s += "\n### Shrinkage toward the inherited estimates (" + pc.inherited_file + ")\n\n";
  s += "data weight = 1 - posterior variance / prior variance (0: the prior alone; 1: the data alone).\n\n";
  s += "| key | inherited (prior mean) | prior sd | estimate | posterior sd | 95% interval | data weight |\n"
       "|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    const auto& p = c.parameters[i];
    const auto [lo, hi] = interval95(pc, r, i);
    s += fmt::format("| `{}` | {:.5g} | {:.3g} | {:.5g} | {:.3g} | {:.5g} - {:.5g} | {:.2f} |\n", p.key, p.prior_mean,
                     p.prior_sd, r.fit.theta[i], r.sd[i], lo, hi, 1.0 - std::pow(r.sd[i] / p.prior_sd, 2));
  }
  s += fmt::format("\n### Target errors (measurement + process noise of this pool over {} engine draws)\n\n",
                   pc.settings.process_noise_draws);
  s += "| target | year | observed | measurement sd % | process sd % | total sd % |\n|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < c.targets.size(); ++i) {
    const auto& t = c.targets[i];
    const auto& e = pc.errors[i];
    const double o = std::abs(t.observed);
    s += fmt::format("| {} | {} | {:.6g} | {:.2f} | {:.2f} | {:.2f} |\n", t.name, t.year, t.observed,
                     100 * e.measurement_sd / o, 100 * e.process_sd / o, 100 * e.total_sd / o);
  }
  if (!pc.notes.empty()) {
    s += "\n### Not used\n\n";
    for (const auto& n : pc.notes) s += "- " + n + "\n";
  }
  return s;
}

std::string synthetic_history_csv(const PoolCalibration& pc, const std::vector<double>& truth, std::uint64_t seed,
                                  int draw, bool noise) {
  LoadedCalibration cal = pc.cal;
  cal.target_covariance.clear();  // only the predictions are used here
  const Evaluator ev(cal, pc.last_year);
  // Every quantity of every year, at the truth (the census year: enrollees and the model's
  // jump-off-year flows).
  std::vector<Target> q;
  for (int y = pc.census_year; y <= pc.last_year; ++y)
    for (const char* name : {"enrollees", "revenue_total", "spending_total", "balance_cumulative", "hospitalisation_rate",
                             "catastrophic_claims", "enrollees_assisted"}) {
      const std::string n = name;
      if (y == pc.census_year && (n == "balance_cumulative" || n == "catastrophic_claims" || n == "enrollees_assisted"))
        continue;
      Target t;
      t.name = n;
      t.quantity = n;
      t.year = y;
      q.push_back(t);
    }
  std::vector<double> v = ev.predict(truth, q);
  if (noise) {
    PoolCalibration probe = pc;
    probe.cal.config.targets = q;
    probe.cal.target_covariance.clear();
    const std::vector<std::vector<double>> d = process_noise_draws(probe, truth, seed, draw + 1, 1);
    // Only draw `draw` is needed; process_noise_draws runs draws 0..draw (cheap for small draw).
    const auto& dk = d.back();
    Rng rng = make_rng(seed, static_cast<std::uint64_t>(draw), Purpose::test, 1);
    boost::random::normal_distribution<double> z(0.0, 1.0);
    const PoolMeasurementError& m = pc.settings.measurement;
    std::vector<double> enr(static_cast<std::size_t>(pc.last_year - pc.census_year + 1), 0.0);
    for (std::size_t i = 0; i < q.size(); ++i)
      if (q[i].quantity == "enrollees") enr[static_cast<std::size_t>(q[i].year - pc.census_year)] = v[i];
    for (std::size_t i = 0; i < q.size(); ++i) {
      const std::string& n = q[i].quantity;
      double x = v[i] + dk[i];
      double share = m.enrollees;
      if (n == "revenue_total") share = m.revenue;
      if (n == "spending_total") share = m.spending;
      if (n == "balance_cumulative") share = m.balance;
      if (n == "catastrophic_claims") share = m.catastrophic_claims;
      if (n == "hospitalisation_rate") {
        share = m.admissions;
        const double e = enr[static_cast<std::size_t>(q[i].year - pc.census_year)];
        x += e > 0 ? std::sqrt(v[i] / e) * z(rng) : 0.0;  // Poisson admissions (normal approximation)
      }
      v[i] = x * (1.0 + share * z(rng));
    }
  }
  auto value = [&](const char* name, int year) -> std::string {
    for (std::size_t i = 0; i < q.size(); ++i)
      if (q[i].quantity == name && q[i].year == year) return num(v[i]);
    return "";
  };
  std::string s =
      "# Synthetic history written by fundsim (synthetic_history_csv): the model at known parameter values";
  s += noise ? fmt::format(" with process and measurement noise (seed {}, draw {}).\n", seed, draw) : " (no noise).\n";
  s += "year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan,assisted_persons,admissions,catastrophic_claims_yuan\n";
  for (int y = pc.census_year; y <= pc.last_year; ++y) {
    double adm = std::nan("");
    for (std::size_t i = 0; i < q.size(); ++i)
      if (q[i].quantity == "hospitalisation_rate" && q[i].year == y) adm = v[i];
    double enr = 0;
    for (std::size_t i = 0; i < q.size(); ++i)
      if (q[i].quantity == "enrollees" && q[i].year == y) enr = v[i];
    const std::string bal = y == pc.census_year ? num(pc.opening_balance_yuan) : value("balance_cumulative", y);
    s += fmt::format("{},{},{},{},{},{},{},{}\n", y, value("enrollees", y), value("revenue_total", y),
                     value("spending_total", y), bal, value("enrollees_assisted", y),
                     y == pc.census_year ? std::string() : num(adm * enr), value("catastrophic_claims", y));
  }
  return s;
}

}  // namespace fundsim::calibration
