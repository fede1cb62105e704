// The commands behind the command line (and the Python module): each takes parsed options and
// returns an exit code; user errors throw InputError (exit code 2 at the top).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "calibration/model_factory.hpp"
#include "engine/run.hpp"
#include "engine/runner.hpp"
#include "scenario/loader.hpp"

namespace fundsim {

struct RunCommand {
  std::string scenario;
  std::optional<std::int64_t> draws;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string out;  // default results/<scenario file stem>
  std::vector<std::string> sets;
  bool keep_draws = false;
  bool quiet = false;
  bool force = false;
  std::vector<std::string> detail;  // extra detail files: "population"
  std::string command_line;
};

// run_scenario (with the model builder injected), RunOutcome and Distribution: engine/run.hpp. The
// commands run the model of calibration/model_factory.hpp (the engine with parameter uncertainty).
inline RunOutcome run_scenario(const LoadedScenario& loaded, std::int64_t draws, std::uint64_t seed, int threads,
                               const std::atomic<bool>* cancel = nullptr, bool progress = false,
                               const Distribution* dist = nullptr, bool detail = false) {
  return run_scenario(make_model, loaded, draws, seed, threads, cancel, progress, dist, detail);
}

int cmd_run(const RunCommand& cmd, std::ostream& out, const std::atomic<bool>* cancel,
            const Distribution* dist = nullptr);
int cmd_validate(const std::string& scenario, const std::vector<std::string>& sets, std::ostream& out);

// Default output directory for a scenario file: results/<stem>.
std::string default_out_dir(const std::string& scenario_path);
// The current time in UTC, ISO 8601 (the manifests' start and end times).
std::string utc_now();

// Warnings recorded in the manifest (few draws, benchmark engine, non-finite values).
std::vector<std::string> run_warnings(const LoadedScenario& s, const RunResult& r);

// One-screen summary printed at the end of `run`.
std::string headline(const LoadedScenario& s, const RunResult& r);

}  // namespace fundsim
