// Options shared by the commands that evaluate contribution paths on common random numbers
// (`fundsim paths`, `fundsim solve`): the scenario's draws and where the results go.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "paths/evaluate.hpp"

namespace fundsim::cli {

struct EvalArgs {
  std::string scenario;
  std::vector<std::string> sets;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
  int threads = 0;
  std::string out;
  bool force = false;
  bool quiet = false;
};

// Registers --draws, --seed, --threads, --set, --out, --force and --quiet on `c`; the help of
// --set and --quiet and the default directory suffix ("-paths", "-solve") are the command's.
void add_eval_options(CLI::App* c, EvalArgs& a, const std::string& set_help, const std::string& out_suffix,
                      const std::string& quiet_help);

// The output directory (--out, or results/<scenario><suffix>), checked before any draw is computed.
std::string checked_out_dir(const EvalArgs& a, const std::string& out_suffix);

// The library's evaluation options from the parsed arguments (--draws and --seed only if given).
paths::EvalOptions eval_options(const EvalArgs& a, const CLI::App* c, const Context& cx);

}  // namespace fundsim::cli
