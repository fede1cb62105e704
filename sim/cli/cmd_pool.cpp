// fundsim pool init DIR: documented blank templates of a pool data package (sim/scenario/pool.hpp).
// Every command that takes a scenario takes a pool directory too (validate, run, paths, solve, ...).
#include <iostream>

#include "cli/cli.hpp"
#include "scenario/pool.hpp"

namespace fundsim::cli {

Registered register_pool(CLI::App& app, const Context&) {
  auto dir = std::make_shared<std::string>();
  auto* pool = app.add_subcommand("pool", "a pooling region's own data (city or province): pool init DIR");
  pool->require_subcommand(1);
  auto* init = pool->add_subcommand(
      "init", "write documented blank templates of a pool data package into DIR (never overwrites a file)");
  init->add_option("dir", *dir, "directory of the pool data package")->required();
  return {init, [dir]() {
            for (const auto& f : write_pool_templates(*dir)) std::cout << "wrote " << f << "\n";
            std::cout << "fill in population.csv and history.csv (and the optional files), then: fundsim validate "
                      << *dir << "\n";
            return 0;
          }};
}

}  // namespace fundsim::cli
