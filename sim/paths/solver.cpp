#include "paths/solver.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

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
  return fmt::format("{}={}:{}", target_name(f.target), f.kind, value);
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

Evaluation assess(const RunResult& r, const Targets& t, double value) {
  Evaluation e;
  e.value = value;
  e.p_depleted_by = share_true(depleted_by(r, t.by_year));
  e.p_months_below_by = t.months ? share_true(months_below_by(r, t.by_year, *t.months)) : 0.0;
  e.meets = e.p_depleted_by <= t.max_p_depleted &&
            (!t.months || e.p_months_below_by <= t.max_p_months_below);
  return e;
}

Solution solve(const EvalOptions& opt_in, const Family& f, const Targets& t,
               const std::function<void(const Evaluation&)>& on_evaluation) {
  // The scenario files are read once: every evaluation applies its rule to the same base.
  EvalOptions opt = opt_in;
  std::optional<LoadedScenario> own_base;
  if (!opt.base) opt.base = &own_base.emplace(load_base(opt_in));
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

  Solution s;
  s.family = f;
  s.targets = t;
  std::map<long long, Evaluation> cache;
  // Keep only the draws of the lowest meeting value so far (and of the top of the grid while
  // nothing meets), not of every evaluation.
  long long kept_k = -1;
  auto eval = [&](long long k) -> Evaluation {
    if (auto it = cache.find(k); it != cache.end()) return it->second;
    const double v = value_at(k);
    PathSpec spec;
    spec.name = fmt::format("{}={}", f.name, v);
    spec.rule = family_rule(f, v);
    spec.sets = rule_to_sets(spec.rule, "--family " + f.name);
    PathRun run = evaluate_path(opt, spec);
    const int first = run.result.first_year, last = run.result.first_year + run.result.years - 1;
    if (t.by_year < first || t.by_year > last)
      throw InputError(
          fmt::format("--by {}: expected a projected year from {} to {}", t.by_year, first, last));
    const Evaluation e = assess(run.result, t, v);
    s.evaluations.push_back(e);
    if (on_evaluation) on_evaluation(e);
    cache.emplace(k, e);
    if (kept_k < 0 || (e.meets && k < kept_k)) {
      kept_k = k;
      s.solved_run = std::move(run);
    }
    return e;
  };

  long long hi = k_max;
  s.feasible = eval(hi).meets;
  if (s.feasible) {
    long long lo = 0;
    if (eval(lo).meets) {
      hi = lo;
    } else {
      // Invariant: lo fails, hi meets.
      while (hi - lo > 1) {
        const long long mid = lo + (hi - lo) / 2;
        if (eval(mid).meets)
          hi = mid;
        else
          lo = mid;
      }
      s.next_lower = eval(lo);
    }
  }
  s.solved = eval(hi);
  if (kept_k != hi) throw std::logic_error("solve: the kept draws are not the solved value's");
  s.draws = s.solved_run.result.draws;
  s.seed = s.solved_run.seed;
  return s;
}

}  // namespace fundsim::paths
