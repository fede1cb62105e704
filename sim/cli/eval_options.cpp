#include "cli/eval_options.hpp"

#include "app/commands.hpp"
#include "output/writer.hpp"

namespace fundsim::cli {

void add_eval_options(CLI::App* c, EvalArgs& a, const std::string& set_help, const std::string& out_suffix,
                      const std::string& quiet_help) {
  c->add_option("--draws", a.draws, "number of Monte Carlo draws (default: run.draws)")
      ->check(CLI::PositiveNumber);
  c->add_option("--seed", a.seed, "base seed (default: run.seed)");
  c->add_option("--threads", a.threads, "OpenMP threads (default: all cores)")->check(CLI::NonNegativeNumber);
  c->add_option("--set", a.sets, set_help);
  c->add_option("--out", a.out, "output directory (default: results/<scenario>" + out_suffix + ")");
  c->add_flag("--force", a.force, "replace an existing output directory");
  c->add_flag("--quiet", a.quiet, quiet_help);
}

std::string checked_out_dir(const EvalArgs& a, const std::string& out_suffix) {
  const std::string dir = a.out.empty() ? default_out_dir(a.scenario) + out_suffix : a.out;
  check_output_dir(dir, a.force);
  return dir;
}

paths::EvalOptions eval_options(const EvalArgs& a, const CLI::App* c, const Context& cx) {
  paths::EvalOptions opt;
  opt.scenario = a.scenario;
  opt.sets = a.sets;
  opt.draws = c->count("--draws") ? a.draws : 0;
  opt.has_seed = c->count("--seed") > 0;
  opt.seed = a.seed;
  opt.threads = a.threads;
  opt.cancel = cx.cancel;
  return opt;
}

}  // namespace fundsim::cli
