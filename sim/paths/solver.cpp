#include "paths/solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "engine/summary.hpp"
#include "province/province.hpp"
#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::paths {

const std::vector<Family>& families() {
  static const std::vector<Family> kFamilies = {
      {"individual-increment", Target::individual, "increment", "per_year", "yuan/year", 0, 500, 1},
      {"individual-growth", Target::individual, "growth", "rate", "per year", 0, 0.3, 0.0005},
      {"individual-indexed", Target::individual, "indexed", "share",
       "share of rural disposable income", 0, 0.1, 0.0001},
      {"subsidy-increment", Target::subsidy, "increment", "per_year", "yuan/year", 0, 1000, 1},
      {"subsidy-growth", Target::subsidy, "growth", "rate", "per year", 0, 0.3, 0.0005},
      {"joint-increment", Target::individual, "increment", "per_year",
       "yuan/year of the individual contribution; subsidy at a fixed ratio to it", 0, 500, 1, true},
      {"joint-indexed", Target::individual, "indexed", "share",
       "individual share of rural disposable income; subsidy at a fixed ratio to it", 0, 0.1, 0.0001,
       true},
  };
  return kFamilies;
}

Family find_family(const std::string& name) {
  std::string names;
  for (const Family& f : families()) {
    if (f.name == name) return f;
    names += (names.empty() ? "" : "|") + f.name;
  }
  throw InputError(fmt::format("--family: expected one of {}, found '{}'", names, name));
}

std::string family_rule(const Family& f, double value) {
  if (!f.joint) return fmt::format("{}={}:{}", target_name(f.target), f.kind, value);
  if (!(f.ratio > 0)) throw std::logic_error("family_rule: a joint family needs its ratio");
  if (f.kind == "increment")
    return fmt::format("individual=increment:{},subsidy=ratio:{}:1", value, f.ratio);
  return fmt::format("individual=indexed:{},subsidy=indexed:{:.12g}", value, f.ratio * value);
}

double legislated_ratio(const Scenario& s) {
  const Schedule &ind = s.financing.individual_contribution_yuan, &sub = s.financing.fiscal_subsidy_yuan;
  if (ind.empty() || sub.empty() || !(ind.values.rbegin()->second > 0))
    throw InputError(
        "--ratio: the scenario has no positive legislated individual contribution to take the "
        "subsidy / individual ratio from; give --ratio");
  return sub.values.rbegin()->second / ind.values.rbegin()->second;
}

void parse_months_target(const std::string& text, Targets& t) {
  const auto colon = text.find(':');
  const auto m = colon == std::string::npos ? std::nullopt : parse_number(text.substr(0, colon));
  const auto p = colon == std::string::npos ? std::nullopt : parse_number(text.substr(colon + 1));
  if (!m || !p || *m < 0 || *m > 240 || *p < 0 || *p > 1)
    throw InputError(
        fmt::format("--max-p-months-below {}: expected MONTHS:PROBABILITY with months 0-240 and "
                    "probability 0-1, e.g. 6:0.1",
                    text));
  t.months = *m;
  t.max_p_months_below = *p;
}

std::vector<double> mean_enrollees(const RunResult& r) {
  std::vector<double> v;
  for (int y = 0; y < r.years; ++y) v.push_back(r.mean(y, m_enrollees));
  return v;
}

namespace {
bool produces(const RunResult& r, Metric m) {
  return std::find(r.metrics.begin(), r.metrics.end(), m) != r.metrics.end();
}
double median_of(const RunResult& r, int y, Metric m) {
  std::vector<double> v;
  for (std::int64_t d = 0; d < r.draws; ++d) v.push_back(r.value(d, y, m));
  std::sort(v.begin(), v.end());
  return quantile_sorted(v, 0.5);
}
}  // namespace

Evaluation assess(const RunResult& r, const Targets& t, double value,
                  const std::vector<double>& reference_enrollees) {
  Evaluation e;
  e.value = value;
  e.depleted = depleted_by(r, t.by_year);
  e.p_depleted_by = share_true(e.depleted);
  e.p_months_below_by = t.months ? share_true(months_below_by(r, t.by_year, *t.months)) : 0.0;
  e.meets = e.p_depleted_by <= t.max_p_depleted &&
            (!t.months || e.p_months_below_by <= t.max_p_months_below);
  const int last = std::min(t.by_year - r.first_year, r.years - 1);
  const bool burden = produces(r, m_contribution_burden_rural);
  e.enrollee_loss = -std::numeric_limits<double>::infinity();
  for (int y = 0; y <= last; ++y) {
    if (!reference_enrollees.empty() && reference_enrollees[static_cast<std::size_t>(y)] > 0)
      e.enrollee_loss = std::max(
          e.enrollee_loss, 1.0 - r.mean(y, m_enrollees) / reference_enrollees[static_cast<std::size_t>(y)]);
    if (burden) e.burden = std::max(e.burden.value_or(-kInf), median_of(r, y, m_contribution_burden_rural));
  }
  if (reference_enrollees.empty() || last < 0) e.enrollee_loss = 0.0;
  const double s0 = r.mean(0, m_fiscal_subsidy), s1 = r.mean(std::max(last, 0), m_fiscal_subsidy);
  e.subsidy_growth = last > 0 && s0 > 0 ? std::pow(s1 / s0, 1.0 / last) - 1.0 : 0.0;
  if (t.max_enrollee_loss && e.enrollee_loss > *t.max_enrollee_loss) e.violated.push_back("max-enrollee-loss");
  if (t.max_burden) {
    if (!burden)
      throw InputError(
          "--max-burden: the scenario's engine does not produce contribution_burden_rural (use the cell "
          "engine)");
    if (*e.burden > *t.max_burden) e.violated.push_back("max-burden");
  }
  if (t.max_subsidy_growth && e.subsidy_growth > *t.max_subsidy_growth)
    e.violated.push_back("max-subsidy-growth");
  e.within_constraints = e.violated.empty();
  if (last >= 0) {
    e.enrollees_by = r.mean(last, m_enrollees);
    e.fiscal_cost_by = r.mean(last, m_revenue_subsidy);
    e.individual_by = r.mean(last, m_individual_contribution);
    e.subsidy_by = r.mean(last, m_fiscal_subsidy);
    if (burden) e.burden_by = median_of(r, last, m_contribution_burden_rural);
  }
  return e;
}

MonteCarloError monte_carlo_error(const Evaluation& chosen, const Evaluation& below) {
  MonteCarloError m;
  const std::size_t n = chosen.depleted.size();
  if (n == 0 || below.depleted.size() != n) return m;
  const double dn = static_cast<double>(n);
  auto se = [&](double p) { return std::sqrt(p * (1.0 - p) / dn); };
  m.se_chosen = se(chosen.p_depleted_by);
  m.se_below = se(below.p_depleted_by);
  // Paired differences d_i = below_i - chosen_i on the same draws.
  double sum = 0.0, sum2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(below.depleted[i]) - static_cast<double>(chosen.depleted[i]);
    sum += d;
    sum2 += d * d;
  }
  m.difference = sum / dn;
  const double var = n > 1 ? (sum2 - dn * m.difference * m.difference) / (dn - 1.0) : 0.0;
  m.se_difference = std::sqrt(std::max(var, 0.0) / dn);
  m.distinguishable = m.difference > 1.96 * m.se_difference && m.se_difference > 0;
  if (!m.distinguishable && m.difference > 0)
    m.draws_to_separate = static_cast<std::int64_t>(
        std::ceil(1.96 * 1.96 * std::max(var, 1.0 / dn) / (m.difference * m.difference)));
  return m;
}

Solution solve(const EvalOptions& opt_in, const Family& f_in, const Targets& t,
               const std::function<void(const Evaluation&)>& on_evaluation) {
  // The scenario files are read once: every evaluation applies its rule to the same base.
  EvalOptions opt = opt_in;
  std::optional<LoadedScenario> own_base;
  if (!opt.base) opt.base = &own_base.emplace(load_base(opt_in));
  Family f = f_in;
  if (f.joint && !(f.ratio > 0)) f.ratio = legislated_ratio(opt.base->scenario);
  if (!(f.step > 0) || !(f.hi > f.lo) || !std::isfinite(f.lo) || !std::isfinite(f.hi))
    throw InputError(fmt::format(
        "--range/--step: expected LO < HI and STEP > 0, found {}:{} step {}", f.lo, f.hi, f.step));
  const double points = std::floor((f.hi - f.lo) / f.step + 1e-9);
  if (points > 1e6)
    throw InputError("--step: expected at most 1,000,000 grid steps between LO and HI");
  const long long k_max = static_cast<long long>(points);
  // Grid values rounded to 12 significant digits, so that 0 + 235 x 1 is 235 and 0 + 209 x 0.0005
  // is 0.1045 exactly as typed (short rule text and outputs); the step is far above 1e-12.
  auto value_at = [&](long long k) {
    const double v = f.lo + static_cast<double>(k) * f.step;
    return std::stod(fmt::format("{:.12g}", v));
  };

  // The search runs stop at by_year: every criterion reads the years up to it, and a run's years do
  // not depend on its horizon (every sampled path is drawn year by year; tests/paths/
  // horizon_test.cpp), so their figures are those of the full horizon. The answer keeps its search
  // run and the full-horizon scenario (keep_run).
  {
    const RunParams& rs = opt.base->scenario.run;
    if (t.by_year < rs.jump_off_year + 1 || t.by_year > rs.end_year)
      throw InputError(fmt::format("--by {}: expected a projected year from {} to {}", t.by_year,
                                   rs.jump_off_year + 1, rs.end_year));
  }
  const std::string horizon = fmt::format("run.end_year={}", t.by_year);
  // The search runs share one model: every member of a family changes the financing only, so each
  // draw's claims are projected once (Model::financing_variant) and every run to by_year reads them.
  std::unique_ptr<SharedBase> shared;
  if (!province::is_province_file(opt.scenario)) {
    shared = make_shared_base(*opt.base, {horizon});
    opt.shared = shared.get();
  }

  Solution s;
  s.family = f;
  s.targets = t;
  // The scenario's own path on the same draws: the reference of the enrollee-loss constraint and
  // of the consequences shown beside the answer.
  PathSpec ref_spec;
  ref_spec.name = "scenario";
  ref_spec.rule = "scenario";
  ref_spec.sets = {horizon};
  const PathRun ref = evaluate_path(opt, ref_spec);
  const std::vector<double> ref_enrollees = mean_enrollees(ref.result);
  s.reference = assess(ref.result, t, std::numeric_limits<double>::quiet_NaN(), ref_enrollees);

  std::map<long long, Evaluation> cache;
  auto spec_of = [&](long long k, bool full_horizon) {
    const double v = value_at(k);
    PathSpec spec;
    spec.name = fmt::format("{}={}", f.name, v);
    spec.rule = family_rule(f, v);
    spec.sets = rule_to_sets(spec.rule, "--family " + f.name);
    if (!full_horizon) spec.sets.push_back(horizon);
    return spec;
  };
  auto member = [&](long long k, bool full_horizon) { return evaluate_path(opt, spec_of(k, full_horizon)); };
  auto eval = [&](long long k) -> Evaluation {
    if (auto it = cache.find(k); it != cache.end()) return it->second;
    const Evaluation e = assess(member(k, false).result, t, value_at(k), ref_enrollees);
    s.evaluations.push_back(e);
    if (on_evaluation) on_evaluation(e);
    cache.emplace(k, e);
    return e;
  };
  // The answer. Its outputs read the years up to by_year (the figures at by_year) and its scenario
  // (scenario.solved.yaml, with the scenario's whole horizon): its run stops at by_year, as the
  // search's, and its scenario is the full-horizon one. A province's answer is run over the whole
  // horizon.
  auto keep_run = [&](long long k) {
    if (!shared) {
      s.solved_run = member(k, true);
      return;
    }
    s.solved_run = member(k, false);
    s.solved_run.spec = spec_of(k, true);
    s.solved_run.loaded = apply_overrides(*opt.base, s.solved_run.spec.sets);
  };

  // 1. The lowest grid value meeting the target. Invariant of the bisection: lo fails, hi meets.
  long long hi = k_max;
  const bool target_reachable = eval(hi).meets;
  std::optional<long long> k_target, k_below;
  if (target_reachable) {
    long long lo = 0;
    if (eval(lo).meets) {
      hi = lo;
    } else {
      while (hi - lo > 1) {
        const long long mid = lo + (hi - lo) / 2;
        if (eval(mid).meets)
          hi = mid;
        else
          lo = mid;
      }
      k_below = lo;
    }
    k_target = hi;
  }
  // 2. Feasible if it is within every constraint (the constrained measures rise with the
  // parameter, so no higher value does better on them).
  if (k_target && eval(*k_target).within_constraints) {
    s.feasible = true;
    s.solved = eval(*k_target);
    if (k_below) {
      s.next_lower = eval(*k_below);
      s.mc = monte_carlo_error(s.solved, *s.next_lower);
    }
    keep_run(*k_target);
  } else {
    // 3. Infeasible: the closest path is the highest value within every constraint.
    const long long top = k_target ? *k_target : k_max;
    const Evaluation at_top = eval(top);
    long long closest = top;
    if (!at_top.within_constraints) {
      if (!eval(0).within_constraints) {
        closest = 0;
      } else {
        long long lo = 0, h = top;  // lo within, h not
        while (h - lo > 1) {
          const long long mid = lo + (h - lo) / 2;
          if (eval(mid).within_constraints)
            lo = mid;
          else
            h = mid;
        }
        closest = lo;
      }
    }
    // The binding constraint(s): those that stop the closest path from rising one grid step (at the
    // bottom of the grid, those it already violates); "search range" if the constraints never bind.
    auto joined = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
      return out;
    };
    if (k_target) s.target_path = eval(*k_target);
    if (at_top.within_constraints)
      s.binding = "search range";
    else if (!eval(closest).within_constraints)
      s.binding = joined(eval(closest).violated);
    else
      s.binding = joined(eval(closest + 1).violated);
    s.solved = eval(closest);
    keep_run(closest);
  }
  s.draws = s.solved_run.result.draws;
  s.seed = s.solved_run.seed;
  return s;
}

}  // namespace fundsim::paths
