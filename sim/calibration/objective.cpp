#include "calibration/objective.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "benefits/aggregate.hpp"
#include "costs/cost_model.hpp"
#include "engine/cell_model.hpp"
#include "fund/accounts.hpp"
#include "fund/financing.hpp"
#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::calibration {

LocationMap resolved_locations(const Scenario& s) {
  // Every key of the resolved scenario counts as set (the checks' `required` rule), so that only
  // the overrides' own cross-field checks can fail.
  LocationMap locs;
  Scenario probe;
  const YAML::Node full = YAML::Load(emit_scenario_yaml(s));
  ApplyVisitor v(full, "", "resolved scenario", locs);
  probe.visit(v);
  return locs;
}

namespace {

// All "key=value" overrides as one YAML tree (one pass of the visitor instead of one per key), or
// an undefined node if two keys collide (one a prefix of the other): then they are applied one by one.
YAML::Node merged_layer(const std::vector<std::string>& keys, const std::vector<double>& values) {
  YAML::Node root(YAML::NodeType::Map);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::vector<std::string> parts = key_path_parts(keys[i]);
    if (parts.empty()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node cur = root;
    for (std::size_t j = 0; j < parts.size(); ++j) {
      if (parts[j].empty()) return YAML::Node(YAML::NodeType::Undefined);
      YAML::Node child = cur[parts[j]];
      if (j + 1 == parts.size()) {
        if (child.IsDefined() && !child.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
        child = fmt::format("{:.17g}", values[i]);  // writes through into cur
      } else {
        if (!child.IsDefined() || child.IsNull()) child = YAML::Node(YAML::NodeType::Map);
        else if (!child.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
        cur.reset(child);
      }
    }
  }
  return root;
}

}  // namespace

void apply_overrides(Scenario& s, const std::vector<std::string>& keys, const std::vector<double>& values,
                     LocationMap locs) {
  if (const YAML::Node layer = merged_layer(keys, values); layer.IsDefined()) {
    const Scenario before = s;
    LocationMap locs_before = locs;
    try {
      ApplyVisitor v(layer, "", "parameter", locs);
      s.visit(v);
      v.finish();
      CheckVisitor checker("", locs, Location{"parameter", 1});
      checker.run(s);
      return;
    } catch (const InputError&) {
      s = before;  // name the offending key: apply them one by one below
      locs = std::move(locs_before);
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string text = fmt::format("{}={:.17g}", keys[i], values[i]);
    YAML::Node layer = parse_set_override(text);
    try {
      ApplyVisitor v(layer, "", "parameter", locs);
      s.visit(v);
      v.finish();
    } catch (const InputError& e) {
      throw InputError(std::string(e.what()) + " [applying calibrated parameter " + text + "]");
    }
  }
  CheckVisitor checker("", locs, Location{"parameter", 1});
  checker.run(s);
}

void apply_overrides(Scenario& s, const std::vector<std::string>& keys, const std::vector<double>& values) {
  apply_overrides(s, keys, values, resolved_locations(s));
}

Evaluator::Evaluator(const LoadedCalibration& cal, int last_year)
    : cal_(cal), base_(load_scenario(cal.scenario_path)), last_year_(last_year) {
  if (base_.scenario.run.engine != "cell")
    throw InputError(cal.path + ": scenario: calibration needs a scenario with run.engine: cell (found '" +
                     base_.scenario.run.engine + "' in " + cal.scenario_path + ")");
  if (last_year_ <= cal.config.jump_off_year)
    throw InputError(cal.path + ": fit_window.last_year: expected a year after jump_off_year");
  if (!cal_.fixed_keys.empty()) apply_overrides(base_.scenario, cal_.fixed_keys, cal_.fixed_values);
  base_locations_ = resolved_locations(base_.scenario);
  if (!cal_.target_covariance.empty()) {
    // Cholesky factor (Cholesky-Banachiewicz) of the fitted targets' covariance.
    std::size_t n = 0;
    for (const auto& t : cal_.config.targets) n += t.weight > 0.0 ? 1 : 0;
    const auto& S = cal_.target_covariance;
    if (S.size() != n) throw std::logic_error("calibration: target covariance does not match the fitted targets");
    chol_.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j <= i; ++j) {
        double x = S[i][j];
        for (std::size_t k = 0; k < j; ++k) x -= chol_[i * n + k] * chol_[j * n + k];
        if (i == j) {
          if (!(x > 0.0)) throw InputError(cal.path + ": the targets' error covariance is not positive definite");
          chol_[i * n + i] = std::sqrt(x);
        } else {
          chol_[i * n + j] = x / chol_[j * n + j];
        }
      }
  }
}

std::vector<double> Evaluator::observed() const {
  std::vector<double> o;
  for (const auto& t : cal_.config.targets) o.push_back(t.observed);
  return o;
}

std::vector<double> Evaluator::prior_means() const {
  std::vector<double> o;
  for (const auto& p : cal_.config.parameters)
    if (p.has_prior) o.push_back(p.prior_mean);
  return o;
}

Scenario Evaluator::scenario_with(const std::vector<double>& theta) const {
  Scenario s = base_.scenario;
  std::vector<std::string> keys;
  for (const auto& p : cal_.config.parameters) keys.push_back(p.key);
  apply_overrides(s, keys, theta, base_locations_);
  s.run.jump_off_year = cal_.config.jump_off_year;
  s.run.end_year = last_year_;
  s.run.parameter_draws_file.clear();
  return s;
}

std::vector<double> Evaluator::predict(const std::vector<double>& theta, const std::vector<Target>& targets) const {
  const Scenario s = scenario_with(theta);
  const int j = s.run.jump_off_year;
  CellModel model(s);
  const int years = model.years();
  std::vector<double> data(static_cast<std::size_t>(years) * kMetricCount, 0.0);
  DrawTable table(data.data(), years);
  std::vector<CellYearDetail> detail;
  model.project_central(table, &detail);

  // The engine's cost model, for per-cell admissions and inpatient costs.
  const CostModel& costs = model.cost_model();
  const CostPath cpath = costs.expected_path(s.run.end_year);
  std::vector<CellClaimInputs> inputs(kCells);

  auto detail_of = [&](int year) -> const CellYearDetail& {
    for (const auto& d : detail)
      if (d.year == year) return d;
    throw InputError(fmt::format("calibration: no projection detail for {}", year));
  };
  auto gross_total = [&](const CellYearDetail& d) {
    double t = 0.0;
    for (std::size_t c = 0; c < kCells; ++c) t += d.enrollees[c] * d.gross_cost_year[c];
    return t;
  };
  auto enrollees_of = [&](const CellYearDetail& d) {
    double t = 0.0;
    for (double x : d.enrollees) t += x;
    return t;
  };
  auto metric_at = [&](Metric m, int year) { return table.at(year - model.first_year(), m); };

  // Jump-off year flows (see the header).
  struct JumpOff {
    double enrollees = 0, revenue = 0, spending = 0, balance = 0;
  } jo;
  {
    const CellYearDetail& d0 = detail_of(j);
    const CellYearDetail& d1 = detail_of(j + 1);
    jo.enrollees = enrollees_of(d0);
    const double rural = s.demography.income.rural_yuan.empty() ? 0.0 : s.demography.income.rural_yuan.at(j);
    ContributionPath cp(s.financing);
    const ContributionYear cy = cp.next(j, rural);
    const Revenue rev = contribution_revenue(s.financing, cy, jo.enrollees, 0.0);
    const double tc0 = gross_total(d0), tc1 = gross_total(d1);
    const double share = tc1 > 0 ? (metric_at(m_spending_total, j + 1) - metric_at(m_spending_catastrophic, j + 1)) / tc1 : 0.0;
    const double cat_claims0 = tc1 > 0 ? metric_at(m_catastrophic_claims, j + 1) * tc0 / tc1 : 0.0;
    jo.spending = share * tc0 +
                  benefits::catastrophic_fund_cost(s.benefits.catastrophic.financing, j, jo.enrollees, cat_claims0);
    const FundYear fy =
        fund_step(cal_.config.history.balance_before_first_flow_year_yuan, rev.total(), jo.spending, s.fund.interest.mean_rate);
    jo.revenue = fy.revenue_total;
    jo.balance = fy.balance_cumulative;
  }

  auto cell_quantity = [&](const std::string& q, int year) {
    const CellYearDetail& d = detail_of(year);
    costs.all_cells(costs.factors(year, cpath), inputs.data());
    double n = 0, adm = 0, ipcost = 0;
    for (std::size_t c = 0; c < kCells; ++c) {
      n += d.enrollees[c];
      adm += d.enrollees[c] * inputs[c].inpatient.lambda;
      ipcost += d.enrollees[c] * expected_cost(inputs[c]).by_service[kInpatientService];
    }
    if (q == "hospitalisation_rate") return n > 0 ? adm / n : 0.0;
    if (q == "cost_per_admission") return adm > 0 ? ipcost / adm : 0.0;
    // inpatient_policy_ratio
    if (year == j) throw InputError(fmt::format("calibration: inpatient_policy_ratio is not predicted for the jump-off year {}", j));
    const double compliant = s.benefits.inpatient.compliant_share.at(year) * ipcost;
    return compliant > 0 ? metric_at(m_spending_inpatient, year) / compliant : 0.0;
  };

  std::vector<double> out;
  out.reserve(targets.size());
  for (const auto& t : targets) {
    if (t.year < j || t.year > s.run.end_year)
      throw InputError(fmt::format("{}: target '{}' ({}): the model predicts {}-{} only (population base year {})",
                                   cal_.path, t.name, t.year, j, s.run.end_year, j));
    if (t.quantity == "hospitalisation_rate" || t.quantity == "inpatient_policy_ratio" ||
        t.quantity == "cost_per_admission") {
      out.push_back(cell_quantity(t.quantity, t.year));
      continue;
    }
    const Metric m = *metric_from_name(t.quantity);
    if (t.year == j) {
      if (m == m_enrollees) out.push_back(jo.enrollees);
      else if (m == m_revenue_total) out.push_back(jo.revenue);
      else if (m == m_spending_total) out.push_back(jo.spending);
      else if (m == m_balance_cumulative) out.push_back(jo.balance);
      else
        throw InputError(fmt::format("{}: target '{}': {} is not predicted for the jump-off year {}", cal_.path, t.name,
                                     t.quantity, j));
      continue;
    }
    out.push_back(metric_at(m, t.year));
  }
  return out;
}

std::vector<double> Evaluator::residuals(const std::vector<double>& theta, const std::vector<double>& observed,
                                         const std::vector<double>& prior_means) const {
  const auto& cfg = cal_.config;
  const std::vector<double> pred = predict(theta, cfg.targets);
  std::vector<double> r;
  if (!chol_.empty()) {
    // Generalised least squares: solve L r = (pred - obs) by forward substitution.
    std::vector<double> e;
    for (std::size_t i = 0; i < cfg.targets.size(); ++i)
      if (cfg.targets[i].weight > 0.0) e.push_back(pred[i] - observed[i]);
    const std::size_t n = e.size();
    for (std::size_t i = 0; i < n; ++i) {
      double x = e[i];
      for (std::size_t k = 0; k < i; ++k) x -= chol_[i * n + k] * r[k];
      r.push_back(x / chol_[i * n + i]);
    }
  } else {
    for (std::size_t i = 0; i < cfg.targets.size(); ++i) {
      const Target& t = cfg.targets[i];
      if (t.weight <= 0.0) continue;
      const double se = t.se_share * std::abs(t.observed);
      r.push_back(std::sqrt(t.weight) * (pred[i] - observed[i]) / se);
    }
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i < cfg.parameters.size(); ++i) {
    const FitParameter& p = cfg.parameters[i];
    if (!p.has_prior) continue;
    r.push_back((theta[i] - prior_means[k++]) / p.prior_sd);
  }
  return r;
}

}  // namespace fundsim::calibration
