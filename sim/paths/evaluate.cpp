#include "paths/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "calibration/model_factory.hpp"
#include "engine/run.hpp"
#include "engine/summary.hpp"
#include "output/province_writer.hpp"
#include "province/province.hpp"
#include "scenario/errors.hpp"

namespace fundsim::paths {

LoadedScenario load_base(const EvalOptions& opt) {
  if (province::is_province_file(opt.scenario))
    return province_as_scenario(province::load_province(opt.scenario, opt.sets));
  return load_scenario(opt.scenario, opt.sets);
}

namespace {

// A path of a province: every pool with the base's and the path's overrides, run together.
PathRun evaluate_province_path(const EvalOptions& opt, const PathSpec& spec) {
  PathRun p;
  p.spec = spec;
  p.province_file = opt.scenario;
  std::vector<std::string> sets = opt.sets;
  sets.insert(sets.end(), spec.sets.begin(), spec.sets.end());
  province::LoadedProvince lp;
  try {
    // The base (load_base: the province with opt.sets) is hashed once, not reloaded per path.
    p.base_sha256 = opt.base ? opt.base->sha256 : province::load_province(opt.scenario, opt.sets).sha256;
    lp = province::load_province(opt.scenario, sets);
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) + (spec.name.empty() ? "" : " [path '" + spec.name + "']"));
  }
  p.loaded = province_as_scenario(lp);
  p.province_sets = lp.config.pool_sets;  // the file's own, then the command's and the path's
  p.province_sets.insert(p.province_sets.end(), sets.begin(), sets.end());
  const std::int64_t draws = opt.draws > 0 ? opt.draws : p.loaded.scenario.run.draws;
  p.seed = opt.has_seed ? opt.seed : static_cast<std::uint64_t>(p.loaded.scenario.run.seed);
  p.result = province::run_province(*province::build_province_model(lp), draws, p.seed, opt.threads, opt.cancel)
                 .province;
  return p;
}

}  // namespace

namespace {
// The resolved YAML without comment lines and without the top-level block `key:`.
std::string without_block(const std::string& yaml, const std::string& key) {
  std::string out;
  bool skipping = false;
  std::size_t pos = 0;
  while (pos < yaml.size()) {
    std::size_t end = yaml.find('\n', pos);
    if (end == std::string::npos) end = yaml.size();
    const std::string_view line(yaml.data() + pos, end - pos);
    pos = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (line.front() != ' ') skipping = line.substr(0, key.size() + 1) == key + ":";
    if (!skipping) {
      out.append(line);
      out.push_back('\n');
    }
  }
  return out;
}
}  // namespace

bool differs_in_financing_only(const LoadedScenario& base, const LoadedScenario& path) {
  if (base.inputs.size() != path.inputs.size()) return false;
  for (std::size_t i = 0; i < base.inputs.size(); ++i)
    if (base.inputs[i].key != path.inputs[i].key || base.inputs[i].sha256 != path.inputs[i].sha256) return false;
  return without_block(base.resolved_yaml, "financing") == without_block(path.resolved_yaml, "financing");
}

std::unique_ptr<SharedBase> make_shared_base(const LoadedScenario& base, const std::vector<std::string>& sets) {
  auto b = std::make_unique<SharedBase>();
  b->loaded = apply_overrides(base, sets);
  b->model = make_model(b->loaded.scenario);
  return b;
}

PathRun evaluate_path(const EvalOptions& opt, const PathSpec& spec) {
  if (province::is_province_file(opt.scenario)) return evaluate_province_path(opt, spec);
  PathRun p;
  p.spec = spec;
  try {
    if (opt.base) {
      p.loaded = apply_overrides(*opt.base, spec.sets);
      p.base_sha256 = opt.base->sha256;
    } else {
      p.base_sha256 = load_base(opt).sha256;
      std::vector<std::string> sets = opt.sets;
      sets.insert(sets.end(), spec.sets.begin(), spec.sets.end());
      p.loaded = load_scenario(opt.scenario, sets);
    }
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) +
                     (spec.name.empty() ? "" : " [path '" + spec.name + "']"));
  }
  const std::int64_t draws = opt.draws > 0 ? opt.draws : p.loaded.scenario.run.draws;
  p.seed = opt.has_seed ? opt.seed : static_cast<std::uint64_t>(p.loaded.scenario.run.seed);
  if (opt.shared && opt.base && differs_in_financing_only(opt.shared->loaded, p.loaded)) {
    if (const std::unique_ptr<Model> variant = opt.shared->model->financing_variant(p.loaded.scenario)) {
      RunOptions ro;
      ro.draws = draws;
      ro.seed = p.seed;
      ro.threads = opt.threads;
      ro.cancel = opt.cancel;
      p.result = run_draws(*variant, ro);
      return p;
    }
  }
  p.result = run_scenario(make_model, p.loaded, draws, p.seed, opt.threads, opt.cancel).result;
  return p;
}

std::vector<PathRun> evaluate_paths(const EvalOptions& opt_in, const std::vector<PathSpec>& specs) {
  EvalOptions opt = opt_in;
  std::optional<LoadedScenario> own_base;
  if (!opt.base) opt.base = &own_base.emplace(load_base(opt_in));
  const LoadedScenario& base = *opt.base;
  const bool province = province::is_province_file(opt.scenario);
  for (const auto& spec : specs) {
    try {
      (void)apply_overrides(base, spec.sets);
    } catch (const InputError& e) {
      throw InputError(std::string(e.what()) + " [path '" + spec.name + "']");
    }
  }
  std::unique_ptr<SharedBase> shared;
  const RunParams& rp = base.scenario.run;
  const std::int64_t draws = opt.draws > 0 ? opt.draws : rp.draws;
  if (specs.size() > 1 && !province && draws * (rp.end_year - rp.jump_off_year) <= kMaxSharedDrawYears) {
    shared = make_shared_base(base, {});
    opt.shared = shared.get();
  }
  std::vector<PathRun> runs;
  for (const auto& spec : specs) runs.push_back(evaluate_path(opt, spec));
  return runs;
}

namespace {

bool produces(const RunResult& r, Metric m) {
  return std::find(r.metrics.begin(), r.metrics.end(), m) != r.metrics.end();
}

int year_index(const RunResult& r, int year) {
  return year - r.first_year;
}

double variance(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(v.size() - 1);
}

}  // namespace

namespace {
// Per draw: 1 if the metric falls below `threshold` in any projected year up to `by_year`.
std::vector<char> below_by(const RunResult& r, int by_year, Metric m, double threshold) {
  std::vector<char> out(static_cast<std::size_t>(r.draws), 0);
  const int last = std::min(year_index(r, by_year), r.years - 1);
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 0; y <= last; ++y)
      if (r.value(d, y, m) < threshold) {
        out[static_cast<std::size_t>(d)] = 1;
        break;
      }
  return out;
}
}  // namespace

std::vector<char> depleted_by(const RunResult& r, int by_year) {
  return below_by(r, by_year, m_balance_cumulative, 0.0);
}

std::vector<char> months_below_by(const RunResult& r, int by_year, double months) {
  return below_by(r, by_year, m_months_payable, months);
}

double share_true(const std::vector<char>& v) {
  if (v.empty()) return 0.0;
  std::size_t k = 0;
  for (char c : v) k += c ? 1 : 0;
  return static_cast<double>(k) / static_cast<double>(v.size());
}

std::vector<PathYearRow> path_rows(const PathRun& p) {
  const RunResult& r = p.result;
  const auto risk = risk_table(r, p.loaded.scenario.fund.warning);
  const bool burden = produces(r, m_contribution_burden_rural);
  std::vector<PathYearRow> rows;
  for (int y = 0; y < r.years; ++y) {
    PathYearRow row;
    row.path = p.spec.name;
    row.year = r.first_year + y;
    row.individual_contribution = r.mean(y, m_individual_contribution);
    row.fiscal_subsidy = r.mean(y, m_fiscal_subsidy);
    row.enrollees = r.mean(y, m_enrollees);
    row.revenue_total = r.mean(y, m_revenue_total);
    row.spending_total = r.mean(y, m_spending_total);
    row.p_current_deficit = risk[static_cast<std::size_t>(y)].p_current_deficit;
    row.p_depleted = risk[static_cast<std::size_t>(y)].p_depleted;
    row.p_depleted_by_year = share_true(depleted_by(r, row.year));
    row.months_payable_p50 = risk[static_cast<std::size_t>(y)].months_payable_p50;
    if (burden) row.contribution_burden_rural = r.mean(y, m_contribution_burden_rural);
    row.fiscal_cost = r.mean(y, m_revenue_subsidy);
    rows.push_back(row);
  }
  return rows;
}

std::vector<DiffRow> difference_rows(const PathRun& ref, const PathRun& path) {
  const RunResult &a = ref.result, &b = path.result;
  if (a.draws != b.draws || a.first_year != b.first_year || a.years != b.years ||
      ref.seed != path.seed)
    throw std::logic_error("difference_rows: paths were not run on the same draws");
  const std::size_t n = static_cast<std::size_t>(a.draws);
  const double dn = static_cast<double>(std::max<std::size_t>(n, 1));
  struct Quantity {
    const char* name;
    Metric metric;
  };
  std::vector<Quantity> continuous = {{"individual_contribution", m_individual_contribution},
                                      {"fiscal_subsidy", m_fiscal_subsidy},
                                      {"enrollees", m_enrollees},
                                      {"revenue_total", m_revenue_total},
                                      {"spending_total", m_spending_total},
                                      {"fiscal_cost", m_revenue_subsidy},
                                      {"balance_current", m_balance_current},
                                      {"balance_cumulative", m_balance_cumulative},
                                      {"months_payable", m_months_payable}};
  if (produces(a, m_contribution_burden_rural) && produces(b, m_contribution_burden_rural))
    continuous.push_back({"contribution_burden_rural", m_contribution_burden_rural});

  std::vector<DiffRow> rows;
  for (int y = 0; y < a.years; ++y) {
    const int year = a.first_year + y;
    auto row_for = [&](const char* name, const std::vector<double>& va,
                       const std::vector<double>& vb, bool quantiles) {
      std::vector<double> diff(n);
      for (std::size_t d = 0; d < n; ++d) diff[d] = vb[d] - va[d];
      DiffRow row;
      row.path = path.spec.name;
      row.reference = ref.spec.name;
      row.year = year;
      row.quantity = name;
      double s = 0.0;
      for (double x : diff) s += x;
      row.mean = s / dn;
      row.se = std::sqrt(variance(diff) / dn);
      row.se_independent = std::sqrt((variance(va) + variance(vb)) / dn);
      if (quantiles && n > 0) {
        std::sort(diff.begin(), diff.end());
        row.p05 = quantile_sorted(diff, 0.05);
        row.p50 = quantile_sorted(diff, 0.50);
        row.p95 = quantile_sorted(diff, 0.95);
      }
      rows.push_back(row);
    };
    for (const Quantity& q : continuous) {
      std::vector<double> va(n), vb(n);
      for (std::size_t d = 0; d < n; ++d) {
        va[d] = a.value(static_cast<std::int64_t>(d), y, q.metric);
        vb[d] = b.value(static_cast<std::int64_t>(d), y, q.metric);
      }
      row_for(q.name, va, vb, true);
    }
    // Probabilities: differences of per-draw indicators (mean = difference of probabilities).
    auto indicator = [&](const RunResult& r, auto pred) {
      std::vector<double> v(n);
      for (std::size_t d = 0; d < n; ++d) v[d] = pred(r, static_cast<std::int64_t>(d)) ? 1.0 : 0.0;
      return v;
    };
    auto deficit = [&](const RunResult& r, std::int64_t d) {
      return r.value(d, y, m_balance_current) < 0.0;
    };
    auto depleted = [&](const RunResult& r, std::int64_t d) {
      return r.value(d, y, m_balance_cumulative) < 0.0;
    };
    row_for("p_current_deficit", indicator(a, deficit), indicator(b, deficit), false);
    row_for("p_depleted", indicator(a, depleted), indicator(b, depleted), false);
    auto as_double = [](const std::vector<char>& v) {
      return std::vector<double>(v.begin(), v.end());
    };
    row_for("p_depleted_by_year", as_double(depleted_by(a, year)), as_double(depleted_by(b, year)),
            false);
  }
  return rows;
}

}  // namespace fundsim::paths
