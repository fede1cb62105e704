// Output of `fundsim paths` and `fundsim solve` (written atomically, like a run directory).
//
// paths DIR:  paths.csv, paths_diff.csv, paths.json (the rules, their overrides, seed, draws)
// solve DIR:  solution.json, frontier.csv, scenario.solved.yaml (accepted by `fundsim run`, with run.draws and
//             run.seed set to the solver's so that a plain run reproduces the solved figures)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/table.hpp"
#include "paths/evaluate.hpp"
#include "paths/solver.hpp"

namespace fundsim::paths {

// The tables of the files (one layout each, written by the CSV sink of engine/table.hpp).
Table tabulate_paths(const std::vector<PathYearRow>& rows);
Table tabulate_paths_diff(const std::vector<DiffRow>& rows);
Table tabulate_frontier(const Solution& s);

std::string paths_csv(const std::vector<PathYearRow>& rows);
std::string paths_diff_csv(const std::vector<DiffRow>& rows);
nlohmann::json paths_json(const std::vector<PathRun>& runs, const std::string& command_line);

nlohmann::json solution_json(const Solution& s, const std::string& command_line);
std::string solved_scenario_yaml(const Solution& s);
// One row per grid value evaluated (sorted by value): the target figures, enrollees, burden,
// subsidy growth and fiscal cost.
std::string frontier_csv(const Solution& s);

void write_paths_directory(const std::string& dir, bool force, const std::vector<PathRun>& runs,
                           const std::string& command_line);
void write_solve_directory(const std::string& dir, bool force, const Solution& s,
                           const std::string& command_line);

}  // namespace fundsim::paths
