// The path solver: the lowest member of a one-parameter family of contribution paths that meets a
// risk target, every member evaluated on the same draws (common random numbers).
//
// Target: P(cumulative balance < 0 in any year up to and including `by_year`) <= max_p_depleted,
// and optionally P(months payable < months in any year up to `by_year`) <= max_p_months_below.
// Search: the family's parameter on a grid lo, lo + step, ..., hi (the step is the stated
// tolerance). The risk figures fall as the parameter rises (more revenue per enrollee; the
// enrolment response loses enrollees but each pays more), so the grid is bisected: the answer is
// the first grid value that meets the target, and the value one step below is evaluated and
// reported (it fails the target by construction of the bisection; outputs show its figures).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "paths/evaluate.hpp"

namespace fundsim::paths {

struct Family {
  std::string name;       // e.g. individual-increment
  Target target;          // the schedule whose after-rule it sets
  std::string kind;       // increment | growth | indexed
  std::string parameter;  // name of the parameter in outputs
  std::string unit;
  double lo = 0, hi = 0, step = 0;  // default search grid
};

const std::vector<Family>& families();
// Throws InputError listing the families if `name` is unknown.
Family find_family(const std::string& name);
// The rule text of a family member, e.g. "individual=increment:30".
std::string family_rule(const Family& f, double value);

struct Targets {
  int by_year = 0;
  double max_p_depleted = 0.05;
  std::optional<double> months;     // M in "P(months payable < M in any year up to by_year) <= P2"
  double max_p_months_below = 1.0;  // P2
};

// Parses "M:P" (the --max-p-months-below argument).
void parse_months_target(const std::string& text, Targets& t);

struct Evaluation {
  double value = 0;
  double p_depleted_by = 0;
  double p_months_below_by = 0;  // 0 when no months target is set
  bool meets = false;
};

Evaluation assess(const RunResult& r, const Targets& t, double value);

struct Solution {
  Family family;
  Targets targets;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
  bool feasible = false;                 // some grid value meets the target
  Evaluation solved;                     // the lowest grid value that meets it (or hi, failing)
  std::optional<Evaluation> next_lower;  // one step below; empty if solved.value is the grid's lo
  std::vector<Evaluation> evaluations;   // in the order evaluated
  PathRun solved_run;                    // the solved path's scenario and draws
};

// Throws InputError on a bad grid or a by_year outside the projection.
Solution solve(const EvalOptions& opt, const Family& family, const Targets& targets,
               const std::function<void(const Evaluation&)>& on_evaluation = {});

}  // namespace fundsim::paths
