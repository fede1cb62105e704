#include <iostream>

#include "app/commands.hpp"
#include "cli/cli.hpp"

#ifdef FUNDSIM_HAVE_MPI
#include "app/mpi_distribution.hpp"
#endif

namespace fundsim::cli {

Registered register_run(CLI::App& app, const Context& ctx) {
  struct State {
    RunCommand run;
    std::int64_t draws = 0;
    std::uint64_t seed = 0;
  };
  auto st = std::make_shared<State>();
  st->run.command_line = ctx.command_line;
  auto* c = app.add_subcommand("run", "run a scenario and write its results directory");
  c->add_option("scenario", st->run.scenario, "scenario YAML file, or a pool directory (pool.yaml)")->required();
  c->add_option("--draws", st->draws, "number of Monte Carlo draws (default: run.draws)")->check(CLI::PositiveNumber);
  c->add_option("--seed", st->seed, "base seed (default: run.seed)");
  c->add_option("--threads", st->run.threads, "OpenMP threads (default: all cores)")->check(CLI::NonNegativeNumber);
  c->add_option("--out", st->run.out, "output directory (default: results/<scenario>)");
  c->add_option("--set", st->run.sets, "override a parameter: key.path=value (repeatable)");
  c->add_flag("--keep-draws", st->run.keep_draws, "also write draws.csv (every draw)");
  c->add_flag("--quiet", st->run.quiet, "no progress and no headline");
  c->add_flag("--force", st->run.force, "replace an existing output directory");
  c->add_option("--detail", st->run.detail, "extra detail files: population (by year, age and sex)")
      ->check(one_of("population"));
  Context cx = ctx;
  return {c, [st, c, cx]() {
            if (c->count("--draws")) st->run.draws = st->draws;
            if (c->count("--seed")) st->run.seed = st->seed;
#ifdef FUNDSIM_HAVE_MPI
            MpiSession mpi(cx.argc, cx.argv);
            if (mpi.size() > 1) {
              mpi.check_same_math();
              const Distribution dist = mpi.distribution();
              return cmd_run(st->run, std::cout, cx.cancel, &dist);
            }
#endif
            return cmd_run(st->run, std::cout, cx.cancel);
          }};
}

Registered register_validate(CLI::App& app, const Context&) {
  struct State {
    std::string scenario;
    std::vector<std::string> sets;
  };
  auto st = std::make_shared<State>();
  auto* c = app.add_subcommand("validate", "check a scenario and print the resolved parameters (changes nothing)");
  c->add_option("scenario", st->scenario, "scenario YAML file, or a pool directory (pool.yaml)")->required();
  c->add_option("--set", st->sets, "override a parameter: key.path=value (repeatable)");
  return {c, [st]() { return cmd_validate(st->scenario, st->sets, std::cout); }};
}

}  // namespace fundsim::cli
