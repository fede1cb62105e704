// Each subcommand lives in its own file sim/cli/cmd_<name>.cpp and registers itself with the
// application; main() runs the selected one. Commands are thin: they parse options and call the
// library (sim/app, sim/paths, ...), which the Python module and the tests call too.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <functional>
#include <string>

#include "cli/usage.hpp"  // one_of(): enumerated option values with "did you mean"

namespace fundsim::cli {

struct Context {
  const std::atomic<bool>* cancel = nullptr;  // set on SIGINT/SIGTERM
  std::string command_line;
  int* argc = nullptr;
  char*** argv = nullptr;
};

struct Registered {
  CLI::App* command = nullptr;
  std::function<int()> action;  // run when `command` was selected; returns the exit code
};

Registered register_run(CLI::App& app, const Context& ctx);
Registered register_validate(CLI::App& app, const Context& ctx);
Registered register_benefit(CLI::App& app, const Context& ctx);
Registered register_paths(CLI::App& app, const Context& ctx);
Registered register_solve(CLI::App& app, const Context& ctx);
Registered register_sensitivity(CLI::App& app, const Context& ctx);
Registered register_calibrate(CLI::App& app, const Context& ctx);
Registered register_report(CLI::App& app, const Context& ctx);
Registered register_budget(CLI::App& app, const Context& ctx);
Registered register_monitor(CLI::App& app, const Context& ctx);
Registered register_pool(CLI::App& app, const Context& ctx);
Registered register_burden(CLI::App& app, const Context& ctx);

}  // namespace fundsim::cli
