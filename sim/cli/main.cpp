// fundsim: parse, validate, build, run, write. Each subcommand is in sim/cli/cmd_<name>.cpp.
#include <csignal>
#include <stdexcept>
#include <iostream>
#include <vector>

#include "cli/cli.hpp"
#include "fundsim_version.hpp"
#include "numeric/batch_math.hpp"
#include "scenario/errors.hpp"

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
  app.set_version_flag("--version",
                       std::string("fundsim ") + kVersion + " (git commit " + kGitCommit + ")",
                       "print the version and git commit, then exit");
  cli::Context ctx;
  ctx.cancel = &g_cancel;
  ctx.argc = &argc;
  ctx.argv = &argv;
  for (int i = 0; i < argc; ++i) ctx.command_line += (i ? " " : "") + std::string(argv[i]);

  const std::vector<cli::Registered> commands = {
      cli::register_run(app, ctx),     cli::register_validate(app, ctx), cli::register_benefit(app, ctx),
      cli::register_paths(app, ctx),   cli::register_solve(app, ctx),    cli::register_calibrate(app, ctx),
      cli::register_report(app, ctx),  cli::register_budget(app, ctx),  cli::register_monitor(app, ctx),
      cli::register_sensitivity(app, ctx), cli::register_pool(app, ctx), cli::register_burden(app, ctx)};
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      // A usage error: exit code 2, with "did you mean" when it helps.
      if (e.get_exit_code() != 0) {
        const std::string msg = cli::usage_error(app, argc, argv);
        std::cerr << "error: " << (msg.empty() ? std::string(e.what()) : msg)
                  << "\nRun with --help for more information.\n";
        return 2;
      }
      return app.exit(e);  // --help and --version: exit code 0
    }
    try {
      numeric::batch_level();  // FUNDSIM_BATCH_MATH is input: checked before any work
    } catch (const std::invalid_argument& e) {
      std::cerr << "error: " << e.what() << "\n";
      return 2;
    }
    for (const auto& c : commands)
      if (c.command && c.command->parsed()) return c.action();
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
