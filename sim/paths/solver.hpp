// The path solver: the lowest member of a one-parameter family of contribution paths that meets a
// risk target within coverage, burden and fiscal constraints, every member evaluated on the same
// draws (common random numbers).
//
// Target: P(cumulative balance < 0 in any year up to and including `by_year`) <= max_p_depleted,
// and optionally P(months payable < months in any year up to `by_year`) <= max_p_months_below.
// Constraints (each optional), in every year from the first projected year through `by_year`:
//   max_enrollee_loss  mean enrollees >= (1 - SHARE) x mean enrollees of the scenario's own path on
//                      the same draws;
//   max_burden         median contribution_burden_rural <= SHARE;
//   max_subsidy_growth the fiscal subsidy standard's (mean over draws) average yearly growth from the
//                      first projected year to `by_year` <= RATE.
// Search: the family's parameter on a grid lo, lo + step, ..., hi (the step is the stated
// tolerance). The risk figures fall as the parameter rises (more revenue per enrollee), and the
// constrained measures rise with it (a higher contribution loses enrollees, weighs more on
// incomes, and in the subsidy families costs more). So the answer is the first grid value that
// meets the target (bisection), if it also meets every constraint; the value one step below is
// evaluated and reported. Otherwise the problem is infeasible and is reported as such (exit code 3
// on the command line), never relaxed: the closest path is then the highest grid value that meets
// every constraint (bisection; the grid's lo if none does), and the binding constraint is the one
// that stops the closest path from rising a step (or "search range" if even hi, within every
// constraint, misses the target).
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
  // Joint families set both schedules: the individual by `kind`, the subsidy at `ratio` x the
  // individual (joint-increment: subsidy=ratio:R:1; joint-indexed: subsidy=indexed:R x share).
  // ratio 0 = the scenario's last legislated subsidy / individual ratio (filled in by solve()).
  bool joint = false;
  double ratio = 0;
};

const std::vector<Family>& families();
// Throws InputError listing the families if `name` is unknown.
Family find_family(const std::string& name);
// The rule text of a family member, e.g. "individual=increment:30" (a joint family's ratio must be
// set).
std::string family_rule(const Family& f, double value);
// The last legislated subsidy / individual ratio of a scenario (the default of joint families).
double legislated_ratio(const Scenario& s);

struct Targets {
  int by_year = 0;
  double max_p_depleted = 0.05;
  std::optional<double> months;     // M in "P(months payable < M in any year up to by_year) <= P2"
  double max_p_months_below = 1.0;  // P2
  std::optional<double> max_enrollee_loss;   // SHARE (see the header)
  std::optional<double> max_burden;          // SHARE of rural per-capita disposable income
  std::optional<double> max_subsidy_growth;  // RATE per year
};

// Parses "M:P" (the --max-p-months-below argument).
void parse_months_target(const std::string& text, Targets& t);

struct Evaluation {
  double value = 0;
  double p_depleted_by = 0;
  double p_months_below_by = 0;  // 0 when no months target is set
  bool meets = false;            // the risk target(s)
  // Constrained measures through by_year (computed whether or not a constraint is set).
  double enrollee_loss = 0;                  // max over years of 1 - enrollees / reference's
  std::optional<double> burden;              // max over years of the median burden
  double subsidy_growth = 0;                 // average yearly growth of the subsidy standard
  bool within_constraints = true;
  std::vector<std::string> violated;         // names of the constraints not met
  // In by_year (means over draws; burden: median): the consequences shown beside the answer.
  double enrollees_by = 0, fiscal_cost_by = 0, individual_by = 0, subsidy_by = 0;
  std::optional<double> burden_by;
  std::vector<char> depleted;  // per draw: depleted by by_year (Monte Carlo error of differences)
};

// Mean enrollees per projected year of the scenario's own path (the reference of max_enrollee_loss).
std::vector<double> mean_enrollees(const RunResult& r);

// `reference_enrollees` may be empty when no enrollee-loss constraint is set (the loss is then 0).
Evaluation assess(const RunResult& r, const Targets& t, double value,
                  const std::vector<double>& reference_enrollees = {});

// Monte Carlo error of the target probability at the chosen step and the step below.
struct MonteCarloError {
  double se_chosen = 0, se_below = 0;  // sqrt(p (1 - p) / n)
  double difference = 0;               // p_below - p_chosen
  double se_difference = 0;            // on common random numbers (paired draws)
  bool distinguishable = false;        // difference > 1.96 x se_difference
  std::optional<std::int64_t> draws_to_separate;  // when not distinguishable and difference > 0
};
MonteCarloError monte_carlo_error(const Evaluation& chosen, const Evaluation& below);

struct Solution {
  Family family;
  Targets targets;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
  bool feasible = false;  // a grid value meets the target and every constraint
  // Feasible: the lowest grid value meeting the target. Infeasible: the closest path (see the
  // header), whose figures say how far it is from the target.
  Evaluation solved;
  std::optional<Evaluation> next_lower;  // one step below; empty if solved.value is the grid's lo
  std::optional<MonteCarloError> mc;     // with next_lower
  // Infeasible: the constraint(s) that stop the closest path from rising one step (comma-separated),
  // or "search range" when even the top of the range, within every constraint, misses the target.
  std::string binding;
  std::optional<Evaluation> target_path;  // infeasible by a constraint: the target's lowest path
  Evaluation reference;                  // the scenario's own path on the same draws
  std::vector<Evaluation> evaluations;   // in the order evaluated
  // The solved (or closest) path: its scenario over the whole horizon (`loaded`, `spec`) and its
  // draws up to the target year (`result`; a province's: the whole horizon).
  PathRun solved_run;
};

// Throws InputError on a bad grid or a by_year outside the projection.
Solution solve(const EvalOptions& opt, const Family& family, const Targets& targets,
               const std::function<void(const Evaluation&)>& on_evaluation = {});

}  // namespace fundsim::paths
