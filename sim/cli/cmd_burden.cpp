// fundsim burden: policy options compared on the person-level engine's persons (common random
// numbers). Logic lives in sim/app/burden_command.*.
#include <iostream>

#include "app/burden_command.hpp"
#include "cli/cli.hpp"
#include "cli/eval_options.hpp"
#include "engine/summary.hpp"
#include "output/writer.hpp"

namespace fundsim::cli {

Registered register_burden(CLI::App& app, const Context& cx) {
  struct State : EvalArgs {
    std::vector<std::string> options;
    std::int64_t persons = 0;
    std::vector<int> years;
  };
  auto st = std::make_shared<State>();
  auto* c = app.add_subcommand(
      "burden",
      "out-of-pocket burden of policy options on the same persons and draws (the person-level engine, "
      "run.engine micro): per option, year, income quintile and measure, the change from the baseline "
      "with its standard error on common random numbers, and the change in fund, catastrophic and "
      "assistance spending (comparison.csv; each run's burden.csv and summary.csv in <option>/)");
  c->footer(
      "An option is a scenario file, usually `extends:` the baseline and changing benefit rules (the\n"
      "catastrophic deductible, ratio tiers, the assisted-group tilt, the assistance limit, the wider\n"
      "catastrophic base). Both are run with run.engine=micro; run.jump_off_year, run.end_year and\n"
      "run.persons must be the same in all of them.");
  c->add_option("scenario", st->scenario, "baseline scenario YAML file")->required();
  c->add_option("--compare", st->options, "option scenario file (repeatable)")
      ->required()
      ->expected(1, -1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  c->add_option("--persons", st->persons, "persons sampled (default: run.persons)")->check(CLI::Range(100, 100000000));
  c->add_option("--year", st->years, "report only these years (repeatable; default: every year)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  add_eval_options(c, *st, "override a parameter of the baseline and every option: key.path=value (repeatable)",
                   "-burden", "no summary");
  return {c, [st, c, cx]() {
            const std::string dir = checked_out_dir(*st, "-burden");
            BurdenCompareOptions o;
            o.baseline = st->scenario;
            o.options = st->options;
            o.sets = st->sets;
            o.draws = c->count("--draws") ? st->draws : 0;
            o.seed_given = c->count("--seed") > 0;
            o.seed = st->seed;
            o.persons = st->persons;
            o.threads = st->threads;
            o.years = st->years;
            const BurdenComparison cmp = compare_burden(o, cx.cancel);
            AtomicDir out(dir, st->force);
            out.write("comparison.csv", to_csv(cmp.table));
            for (std::size_t i = 0; i < cmp.runs.size(); ++i) {
              const std::string sub = (i == 0 ? std::string("baseline") : "option-" + std::to_string(i)) + "-" +
                                      cmp.runs[i].name + "/";
              out.write(sub + "burden.csv", cmp.runs[i].burden_csv);
              out.write(sub + "summary.csv", summary_csv(summarise(cmp.runs[i].result)));
              out.write(sub + "scenario.resolved.yaml", cmp.runs[i].loaded.resolved_yaml);
            }
            if (cx.cancel && cx.cancel->load()) throw std::runtime_error("cancelled");
            out.commit();
            if (!st->quiet) std::cout << burden_summary(cmp) << "  results: " << dir << "\n";
            return 0;
          }};
}

}  // namespace fundsim::cli
