#include "paths/sensitivity.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "calibration/fit.hpp"
#include "calibration/parameter_uncertainty_model.hpp"
#include "engine/summary.hpp"
#include "fund/financing_rule.hpp"
#include "fundsim_version.hpp"
#include "output/writer.hpp"
#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::paths {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string metric_list() {
  std::string s;
  for (int i = 0; i < kMetricCount; ++i)
    s += (s.empty() ? "" : ", ") + std::string(metric_name(static_cast<Metric>(i)));
  return s;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return quantile_sorted(v, 0.5);
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return quantile_sorted(v, q);
}

// `--set` text giving `key` the value `v`: a schedule entry "a.values.YEAR" is set as a layer
// {values: {YEAR: v}} of the schedule "a" (schedules merge by year).
std::string set_text(const std::string& key, double v) {
  const auto pos = key.find(".values.");
  if (pos != std::string::npos)
    return fmt::format("{}={{values: {{{}: {}}}}}", key.substr(0, pos), key.substr(pos + 8), v);
  return fmt::format("{}={}", key, v);
}


}  // namespace

OutputSpec parse_output(const std::string& text) {
  const auto at = text.rfind('@');
  const auto year = at == std::string::npos ? std::nullopt : parse_integer(text.substr(at + 1));
  if (!year || at == 0)
    throw InputError(fmt::format(
        "--output {}: expected METRIC@YEAR, e.g. p_exhausted_by@2035 or months_payable_p50@2030",
        text));
  OutputSpec o;
  o.text = text;
  o.year = static_cast<int>(*year);
  std::string name = text.substr(0, at);
  if (name == "p_exhausted_by") {
    o.kind = OutputSpec::Kind::p_exhausted_by;
    o.metric = std::string(metric_name(m_balance_cumulative));
    return o;
  }
  if (name.size() > 4 && name.substr(name.size() - 4) == "_p50") {
    o.kind = OutputSpec::Kind::median;
    name = name.substr(0, name.size() - 4);
  }
  if (!metric_from_name(name))
    throw InputError(fmt::format(
        "--output {}: expected p_exhausted_by, a metric or a metric with _p50 (median) before '@'; "
        "'{}' is not a metric (metrics: {})",
        text, name, metric_list()));
  o.metric = name;
  return o;
}

std::vector<OutputSpec> default_outputs() {
  return {parse_output("p_exhausted_by@2035"), parse_output("p_exhausted_by@2040"),
          parse_output("months_payable_p50@2030"), parse_output("balance_cumulative@2035")};
}

Assumption parse_param(const std::string& text) {
  const auto eq = text.find('=');
  const auto colon = eq == std::string::npos ? std::string::npos : text.find(':', eq);
  const auto lo =
      colon == std::string::npos ? std::nullopt : parse_number(text.substr(eq + 1, colon - eq - 1));
  const auto hi = colon == std::string::npos ? std::nullopt : parse_number(text.substr(colon + 1));
  if (eq == 0 || !lo || !hi)
    throw InputError(fmt::format(
        "--param {}: expected KEY=LOW:HIGH, e.g. fund.interest.mean_rate=0.01:0.02", text));
  Assumption a;
  a.key = text.substr(0, eq);
  a.low = *lo;
  a.high = *hi;
  a.base = kNaN;
  a.kind = "--param";
  return a;
}

std::vector<Assumption> sampled_assumptions(const LoadedScenario& s) {
  std::vector<Assumption> out;
  const std::string& file = s.scenario.run.parameter_draws_file;
  if (file.empty()) return out;
  const calibration::ParameterFile f = calibration::read_parameter_file(file);
  const auto kept = calibration::user_set_keys(s.scenario, f.keys);
  // The declared entries (key, estimate, sd, min, max, optionally low/high) of `parameters:`.
  std::map<std::string, YAML::Node> declared;
  try {
    if (const YAML::Node p = YAML::LoadFile(file)["parameters"]; p.IsSequence())
      for (const auto& item : p)
        if (item.IsMap() && item["key"] && item["key"].IsScalar())
          declared[item["key"].Scalar()] = static_cast<const YAML::Node&>(item);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}: invalid YAML: {}", file, e.mark.line + 1, e.msg));
  }
  auto num = [&](const YAML::Node& n, const char* k) -> std::optional<double> {
    const YAML::Node v = n[k];
    if (!v.IsDefined() || !v.IsScalar()) return std::nullopt;
    return parse_number(v.Scalar());
  };
  const bool sampled = s.scenario.run.parameter_uncertainty && !f.draws.empty();
  for (std::size_t i = 0; i < f.keys.size(); ++i) {
    const std::string& key = f.keys[i];
    if (std::find(kept.begin(), kept.end(), key) != kept.end()) continue;  // fixed by the scenario
    Assumption a;
    a.key = key;
    a.base = f.point[i];
    a.sampled = sampled;
    const auto it = declared.find(key);
    const std::optional<double> low = it != declared.end() ? num(it->second, "low") : std::nullopt;
    const std::optional<double> high = it != declared.end() ? num(it->second, "high") : std::nullopt;
    const std::optional<double> sd = it != declared.end() ? num(it->second, "sd") : std::nullopt;
    if (low && high) {
      a.low = *low;
      a.high = *high;
      a.kind = "sampled: declared range";
    } else if (sd) {
      const double est = num(it->second, "estimate").value_or(f.point[i]);
      const double mn = num(it->second, "min").value_or(-kInf), mx = num(it->second, "max").value_or(kInf);
      a.low = std::clamp(est - 2.0 * *sd, mn, mx);
      a.high = std::clamp(est + 2.0 * *sd, mn, mx);
      a.kind = "calibrated: estimate +- 2 sd";
    } else if (const auto mn = it != declared.end() ? num(it->second, "min") : std::nullopt,
               mx = it != declared.end() ? num(it->second, "max") : std::nullopt;
               mn && mx && *mn < *mx) {
      // A driver sampled from a declared prior (e.g. sampled_from: "prior uniform[min, max]"): the
      // declared support is its documented range.
      a.low = *mn;
      a.high = *mx;
      a.kind = "sampled: declared prior range (min..max)";
    } else if (!f.draws.empty()) {
      std::vector<double> v;
      for (const auto& d : f.draws) v.push_back(d[i]);
      a.low = quantile(v, 0.025);
      a.high = quantile(v, 0.975);
      a.kind = "sampled: 2.5-97.5% of its draws";
    } else {
      continue;  // neither a range nor draws: nothing documents a range
    }
    out.push_back(a);
  }
  return out;
}

double output_value(const RunResult& r, const OutputSpec& o) {
  if (o.kind == OutputSpec::Kind::p_exhausted_by) return share_true(depleted_by(r, o.year));
  const auto y = output_per_draw(r, o);
  if (o.kind == OutputSpec::Kind::median) return median(y);
  return r.mean(o.year - r.first_year, *metric_from_name(o.metric));
}

std::vector<double> output_per_draw(const RunResult& r, const OutputSpec& o) {
  std::vector<double> y(static_cast<std::size_t>(r.draws));
  if (o.kind == OutputSpec::Kind::p_exhausted_by) {
    const auto d = depleted_by(r, o.year);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = d[i] ? 1.0 : 0.0;
    return y;
  }
  const Metric m = *metric_from_name(o.metric);
  for (std::int64_t d = 0; d < r.draws; ++d)
    y[static_cast<std::size_t>(d)] = r.value(d, o.year - r.first_year, m);
  return y;
}

namespace {
// Sums over the draws of each unit, and the binned estimator on the units `keep` (see the header).
struct UnitSums {
  std::vector<double> n, sum;  // per unit: draws, sum of y
  double ss_total = 0, mean = 0, draws = 0;
};

UnitSums unit_sums(const std::vector<std::size_t>& unit_of_draw, const std::vector<double>& y, std::size_t units,
                   const std::vector<char>& keep) {
  UnitSums u;
  u.n.assign(units, 0.0);
  u.sum.assign(units, 0.0);
  double total = 0.0;
  for (std::size_t d = 0; d < y.size(); ++d)
    if (keep[unit_of_draw[d]]) {
      u.n[unit_of_draw[d]] += 1;
      u.sum[unit_of_draw[d]] += y[d];
      total += y[d];
      u.draws += 1;
    }
  u.mean = u.draws > 0 ? total / u.draws : 0.0;
  for (std::size_t d = 0; d < y.size(); ++d)
    if (keep[unit_of_draw[d]]) u.ss_total += (y[d] - u.mean) * (y[d] - u.mean);
  return u;
}

// Share of Var(y) between units, minus its expectation when units do not matter: (K-1)/(n-1).
double units_share(const UnitSums& u) {
  if (!(u.ss_total > 0.0)) return 0.0;
  double ss = 0.0, k = 0.0;
  for (std::size_t i = 0; i < u.n.size(); ++i)
    if (u.n[i] > 0) {
      const double m = u.sum[i] / u.n[i];
      ss += u.n[i] * (m - u.mean) * (m - u.mean);
      k += 1;
    }
  return ss / u.ss_total - (k - 1) / std::max(u.draws - 1, 1.0);
}

double binned_share(const std::vector<double>& x_unit, const UnitSums& u) {
  if (!(u.ss_total > 0.0)) return 0.0;
  std::vector<std::size_t> idx;
  double ss_units = 0.0;
  for (std::size_t i = 0; i < u.n.size(); ++i)
    if (u.n[i] > 0) {
      idx.push_back(i);
      const double m = u.sum[i] / u.n[i];
      ss_units += u.n[i] * (m - u.mean) * (m - u.mean);
    }
  const std::size_t k = idx.size();
  if (k < 4) return 0.0;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x_unit[a] < x_unit[b]; });
  const std::size_t bins = std::max<std::size_t>(2, static_cast<std::size_t>(std::sqrt(static_cast<double>(k))));
  double ss_bins = 0.0;
  for (std::size_t b = 0; b < bins; ++b) {
    double n = 0.0, sum = 0.0;
    for (std::size_t j = b * k / bins; j < (b + 1) * k / bins; ++j) {
      n += u.n[idx[j]];
      sum += u.sum[idx[j]];
    }
    if (n > 0) ss_bins += n * (sum / n - u.mean) * (sum / n - u.mean);
  }
  return (ss_bins - static_cast<double>(bins - 1) / static_cast<double>(k - 1) * ss_units) / u.ss_total;
}

// The estimate on every unit and its delete-a-group jackknife se (units in groups i % G, G <= 20).
template <class F>
std::pair<double, double> with_jackknife(std::size_t units, const F& estimate) {
  std::vector<char> keep(units, 1);
  const double s = estimate(keep);
  const std::size_t groups = std::min<std::size_t>(20, units);
  if (groups < 2) return {s, 0.0};
  std::vector<double> jack;
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t i = 0; i < units; ++i) keep[i] = i % groups != g;
    jack.push_back(estimate(keep));
  }
  const double jm = std::accumulate(jack.begin(), jack.end(), 0.0) / static_cast<double>(groups);
  double ss = 0.0;
  for (double j : jack) ss += (j - jm) * (j - jm);
  return {s, std::sqrt(static_cast<double>(groups - 1) / static_cast<double>(groups) * ss)};
}
}  // namespace

std::pair<double, double> first_order_share(const std::vector<double>& x_unit,
                                            const std::vector<std::size_t>& unit_of_draw,
                                            const std::vector<double>& y) {
  return with_jackknife(x_unit.size(), [&](const std::vector<char>& keep) {
    return binned_share(x_unit, unit_sums(unit_of_draw, y, x_unit.size(), keep));
  });
}

std::pair<double, double> first_order_share(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<std::size_t> unit(x.size());
  std::iota(unit.begin(), unit.end(), std::size_t{0});
  return first_order_share(x, unit, y);
}

std::pair<double, double> between_units_share(std::size_t units, const std::vector<std::size_t>& unit_of_draw,
                                              const std::vector<double>& y) {
  return with_jackknife(units, [&](const std::vector<char>& keep) {
    return units_share(unit_sums(unit_of_draw, y, units, keep));
  });
}

Sensitivity sensitivity(const EvalOptions& opt_in, const SensitivityOptions& so) {
  EvalOptions opt = opt_in;
  std::optional<LoadedScenario> own_base;
  if (!opt.base) opt.base = &own_base.emplace(load_base(opt_in));
  const LoadedScenario& base = *opt.base;
  Sensitivity s;
  s.scenario = base.path;
  s.scenario_name = base.scenario.name;
  s.financing_rule = financing_rule(base.scenario);
  const int first = base.scenario.run.jump_off_year + 1, last = base.scenario.run.end_year;
  if (so.outputs.empty()) {
    for (const auto& o : default_outputs())
      if (o.year >= first && o.year <= last)
        s.outputs.push_back(o);
      else
        s.notes.push_back(fmt::format("default output {} skipped: outside the projection {}-{}", o.text,
                                      first, last));
  } else {
    for (const auto& o : so.outputs)
      if (o.year < first || o.year > last)
        throw InputError(fmt::format("--output {}: expected a projected year from {} to {}", o.text, first, last));
    s.outputs = so.outputs;
  }
  if (s.outputs.empty()) throw InputError("sensitivity: no output inside the projection; give --output METRIC@YEAR");

  if (so.sampled) s.assumptions = sampled_assumptions(base);
  for (const auto& p : so.params) s.assumptions.push_back(p);
  if (s.assumptions.empty())
    s.notes.push_back("the scenario has no parameter file and no --param was given: nothing to vary");

  // Every variant's overrides, validated before anything runs.
  struct Variant {
    std::size_t assumption;
    bool high;
    PathSpec spec;
  };
  std::vector<Variant> variants;
  for (std::size_t i = 0; i < s.assumptions.size(); ++i) {
    const Assumption& a = s.assumptions[i];
    for (bool high : {false, true}) {
      PathSpec spec;
      spec.name = fmt::format("{}={}", a.key, high ? a.high : a.low);
      // One key at a time: the loader keeps only this key (one year of a calibrated schedule keeps
      // that year only), every other sampled key keeps its draws, as in the base run.
      spec.sets.push_back(set_text(a.key, high ? a.high : a.low));
      try {
        (void)apply_overrides(base, spec.sets);
      } catch (const InputError& e) {
        throw InputError(std::string(e.what()) + (a.kind == "--param" ? " [--param " + a.key + "]" : ""));
      }
      variants.push_back({i, high, spec});
    }
  }

  // Every output reads years up to its own, and a run's years do not depend on its horizon
  // (tests/paths/horizon_test.cpp): the runs stop at the latest output year (as the solver's
  // search runs do), unless an assumption is itself a run setting.
  int latest = first;
  for (const auto& o : s.outputs) latest = std::max(latest, o.year);
  bool varies_run = false;
  for (const auto& a : s.assumptions) varies_run = varies_run || a.key.rfind("run.", 0) == 0;
  PathSpec base_spec;
  base_spec.name = "base";
  if (latest < last && !varies_run) {
    const std::string horizon = fmt::format("run.end_year={}", latest);
    base_spec.sets.push_back(horizon);
    for (auto& v : variants) v.spec.sets.push_back(horizon);
  }
  const PathRun b = evaluate_path(opt, base_spec);
  s.seed = b.seed;
  s.draws = b.result.draws;
  s.runs = 1;
  std::vector<double> base_values;
  for (const auto& o : s.outputs) base_values.push_back(output_value(b.result, o));

  std::vector<std::vector<double>> at(s.assumptions.size() * 2);
  for (const auto& v : variants) {
    const PathRun r = evaluate_path(opt, v.spec);
    ++s.runs;
    auto& vals = at[v.assumption * 2 + (v.high ? 1 : 0)];
    for (const auto& o : s.outputs) vals.push_back(output_value(r.result, o));
  }
  for (std::size_t k = 0; k < s.outputs.size(); ++k) {
    std::vector<TornadoRow> rows;
    for (std::size_t i = 0; i < s.assumptions.size(); ++i) {
      TornadoRow row;
      row.parameter = s.assumptions[i].key;
      row.kind = s.assumptions[i].kind;
      row.low = s.assumptions[i].low;
      row.high = s.assumptions[i].high;
      row.output = s.outputs[k].text;
      row.base = base_values[k];
      row.at_low = at[i * 2][k];
      row.at_high = at[i * 2 + 1][k];
      row.swing = std::abs(row.at_high - row.at_low);
      rows.push_back(row);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const TornadoRow& a, const TornadoRow& b) { return a.swing > b.swing; });
    s.rows.insert(s.rows.end(), rows.begin(), rows.end());
  }

  // Variance shares of the sampled keys, from the base run's draws.
  const std::string& file = base.scenario.run.parameter_draws_file;
  bool any_sampled = false;
  for (const auto& a : s.assumptions) any_sampled = any_sampled || a.sampled;
  if (any_sampled) {
    const calibration::ParameterFile f = calibration::read_parameter_file(file);
    const std::size_t n = static_cast<std::size_t>(b.result.draws), units = f.draws.size();
    // Draw d of the run used parameter vector unit[d] (ParameterUncertaintyModel's own mapping).
    std::vector<std::size_t> unit(n);
    for (std::size_t d = 0; d < n; ++d)
      unit[d] = calibration::parameter_draw_index(b.seed, b.result.first_draw + static_cast<std::int64_t>(d), units);
    std::size_t used = 0;
    {
      std::vector<char> seen(units, 0);
      for (auto u : unit) seen[u] = 1;
      for (char c : seen) used += c ? 1 : 0;
    }
    const int bins = static_cast<int>(std::max<std::size_t>(2, static_cast<std::size_t>(std::sqrt(static_cast<double>(used)))));
    std::vector<std::vector<double>> per_draw;
    for (const auto& o : s.outputs) per_draw.push_back(output_per_draw(b.result, o));
    for (std::size_t k = 0; k < s.outputs.size(); ++k) {
      const auto [share, se] = between_units_share(units, unit, per_draw[k]);
      s.shares.push_back({"(all sampled keys together)", s.outputs[k].text, share, se, static_cast<int>(used), b.result.draws});
    }
    for (const auto& a : s.assumptions) {
      if (!a.sampled) continue;
      const auto ki = static_cast<std::size_t>(std::find(f.keys.begin(), f.keys.end(), a.key) - f.keys.begin());
      std::vector<double> x(units);
      for (std::size_t u = 0; u < units; ++u) x[u] = f.draws[u][ki];
      for (std::size_t k = 0; k < s.outputs.size(); ++k) {
        const auto [share, se] = first_order_share(x, unit, per_draw[k]);
        s.shares.push_back({a.key, s.outputs[k].text, share, se, bins, b.result.draws});
      }
    }
  } else {
    s.notes.push_back("no key is sampled per draw (no parameter draws): no variance shares");
  }
  return s;
}

namespace {

// The layouts of tornado.csv and variance_shares.csv, each column declared once.
const Layout<TornadoRow>& tornado_layout() {
  using R = TornadoRow;
  static const Layout<R> l = {
      text_column("parameter", &R::parameter),
      number_column("low", &R::low),
      number_column("high", &R::high),
      text_column("output", &R::output),
      number_column("base", &R::base),
      number_column("at_low", &R::at_low),
      number_column("at_high", &R::at_high),
      number_column("swing", &R::swing),
  };
  return l;
}

const Layout<VarianceShare>& variance_shares_layout() {
  using R = VarianceShare;
  static const Layout<R> l = {
      text_column("driver", &R::driver),
      text_column("output", &R::output),
      number_column("first_order_share", &R::share),
      number_column("se", &R::se),
      integer_column("bins", &R::bins),
      integer_column("draws", &R::draws),
  };
  return l;
}

}  // namespace

Table tabulate_tornado(const std::vector<TornadoRow>& rows) { return make_table(tornado_layout(), rows); }
Table tabulate_variance_shares(const std::vector<VarianceShare>& rows) {
  return make_table(variance_shares_layout(), rows);
}
std::string tornado_csv(const std::vector<TornadoRow>& rows) { return to_csv(tabulate_tornado(rows)); }
std::string variance_shares_csv(const std::vector<VarianceShare>& rows) {
  return to_csv(tabulate_variance_shares(rows));
}

namespace {
nlohmann::json sensitivity_json(const Sensitivity& s, const std::string& command_line) {
  nlohmann::json j;
  j["fundsim_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["command_line"] = command_line;
  j["scenario"] = s.scenario;
  j["scenario_name"] = s.scenario_name;
  j["financing_rule"] = s.financing_rule;
  j["seed"] = s.seed;
  j["draws"] = s.draws;
  j["runs"] = s.runs;
  j["common_random_numbers"] = "the base and every low/high run use the same seed and draw indices";
  nlohmann::json outs = nlohmann::json::array();
  for (const auto& o : s.outputs) outs.push_back(o.text);
  j["outputs"] = outs;
  nlohmann::json as = nlohmann::json::array();
  for (const auto& a : s.assumptions)
    as.push_back({{"key", a.key}, {"low", a.low}, {"high", a.high}, {"range", a.kind},
                  {"sampled_per_draw", a.sampled},
                  {"base", std::isfinite(a.base) ? nlohmann::json(a.base) : nlohmann::json(nullptr)}});
  j["assumptions"] = as;
  j["tornado_order"] = "rows grouped by output (in the order of `outputs`), largest swing first";
  j["variance_shares_method"] =
      "first-order Sobol index Var(E[Y|X])/Var(Y) of each sampled key, from the base run's draws. Each draw "
      "uses one of the K parameter vectors of the parameter file, so the units are those vectors: binned "
      "conditional-mean estimator over the K vectors sorted by the key (floor(sqrt(K)) equal-count bins), "
      "between-bin sum of squares minus (B-1)/(K-1) of the between-vector sum of squares (its expectation "
      "when the key does not matter), over the total sum of squares; se by delete-a-group jackknife over "
      "min(20, K) groups of vectors. '(all sampled keys together)' is the between-vector share minus "
      "(K-1)/(n-1): every sampled key with its interactions; process noise and keys not sampled make up "
      "the rest.";
  j["notes"] = s.notes;
  return j;
}
}  // namespace

void write_sensitivity_directory(const std::string& dir, bool force, const Sensitivity& s,
                                 const std::string& command_line) {
  AtomicDir out(dir, force);
  out.write("tornado.csv", tornado_csv(s.rows));
  out.write("variance_shares.csv", variance_shares_csv(s.shares));
  out.write("sensitivity.json", sensitivity_json(s, command_line).dump(2) + "\n");
  out.commit();
}

std::string sensitivity_summary(const Sensitivity& s, std::size_t top) {
  std::string h = fmt::format("fundsim sensitivity: {} — {} draws, seed {}, {} runs on common random numbers\n",
                              s.scenario_name, s.draws, s.seed, s.runs);
  h += "  financing: " + s.financing_rule + "\n";
  for (const auto& o : s.outputs) {
    std::vector<const TornadoRow*> rows;
    for (const auto& r : s.rows)
      if (r.output == o.text) rows.push_back(&r);
    if (rows.empty()) continue;
    h += fmt::format("  {} (base {}):\n", o.text, format_number(rows.front()->base));
    for (std::size_t i = 0; i < rows.size() && i < top; ++i)
      h += fmt::format("    {:<58} {:>10.4g} .. {:<10.4g} -> {:>11.5g} .. {:<11.5g} swing {:.5g}\n", rows[i]->parameter,
                       rows[i]->low, rows[i]->high, rows[i]->at_low, rows[i]->at_high, rows[i]->swing);
  }
  if (!s.shares.empty()) {
    h += "  first-order variance shares of the sampled keys (binned estimator, +- jackknife se):\n";
    for (const auto& o : s.outputs) {
      std::string line = fmt::format("    {}:", o.text);
      bool any = false;
      for (const auto& v : s.shares)
        if (v.output == o.text && v.share - 2 * v.se > 0) {
          line += fmt::format("  {} {:.0f}% (+-{:.0f})", v.driver, 100 * v.share, 100 * v.se);
          any = true;
        }
      h += line + (any ? "" : " none distinguishable from zero at these draws") + "\n";
    }
    h += "    (keys whose share is within 2 se of zero are left out)\n";
  }
  for (const auto& n : s.notes) h += "  note: " + n + "\n";
  return h;
}

}  // namespace fundsim::paths
