// fundsim: parse, validate, build, run, write. The work is in sim/app (shared with Python).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "app/commands.hpp"
#include "scenario/errors.hpp"

#ifdef FUNDSIM_HAVE_MPI
#include "app/mpi_distribution.hpp"
#endif

namespace {
std::atomic<bool> g_cancel{false};  // the only process-wide state: set by SIGINT/SIGTERM
extern "C" void on_signal(int) { g_cancel.store(true); }
}  // namespace

int main(int argc, char** argv) {
  using namespace fundsim;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  CLI::App app{"fundsim: Monte Carlo projections of the resident medical insurance fund"};
  app.require_subcommand(1);
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  RunCommand run;
  run.command_line = command_line;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
  auto* run_cmd = app.add_subcommand("run", "run a scenario and write its results directory");
  run_cmd->add_option("scenario", run.scenario, "scenario YAML file")->required();
  run_cmd->add_option("--draws", draws, "number of Monte Carlo draws (default: run.draws)")->check(CLI::PositiveNumber);
  run_cmd->add_option("--seed", seed, "base seed (default: run.seed)");
  run_cmd->add_option("--threads", run.threads, "OpenMP threads (default: all cores)")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--out", run.out, "output directory (default: results/<scenario>)");
  run_cmd->add_option("--set", run.sets, "override a parameter: key.path=value (repeatable)");
  run_cmd->add_flag("--keep-draws", run.keep_draws, "also write draws.csv (every draw)");
  run_cmd->add_flag("--quiet", run.quiet, "no progress and no headline");
  run_cmd->add_flag("--force", run.force, "replace an existing output directory");

  std::string validate_scenario;
  std::vector<std::string> validate_sets;
  auto* val_cmd = app.add_subcommand("validate", "check a scenario and print the resolved parameters");
  val_cmd->add_option("scenario", validate_scenario, "scenario YAML file")->required();
  val_cmd->add_option("--set", validate_sets, "override a parameter: key.path=value (repeatable)");

  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      return code == 0 ? 0 : 2;
    }
    if (*run_cmd) {
      if (run_cmd->count("--draws")) run.draws = draws;
      if (run_cmd->count("--seed")) run.seed = seed;
#ifdef FUNDSIM_HAVE_MPI
      MpiSession mpi(&argc, &argv);
      if (mpi.size() > 1) {
        const Distribution dist = mpi.distribution();
        return cmd_run(run, std::cout, &g_cancel, &dist);
      }
#endif
      return cmd_run(run, std::cout, &g_cancel);
    }
    if (*val_cmd) return cmd_validate(validate_scenario, validate_sets, std::cout);
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    if (g_cancel.load()) {
      std::cerr << "\nfundsim: interrupted; no output was written\n";
      return 130;
    }
    std::cerr << "fundsim: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
