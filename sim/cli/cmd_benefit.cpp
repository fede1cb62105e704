// fundsim benefit: the reimbursement calculator (one person's year) and, with --compare-sampler,
// the aggregate layer against the individual-level sampler for one cell. Logic lives in
// sim/benefits/benefit_command.* and sim/benefits/sampler_check.*.
#include <iostream>
#include <optional>

#include "app/benefit_command.hpp"
#include "app/sampler_check.hpp"
#include "cli/cli.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

namespace fundsim::cli {

Registered register_benefit(CLI::App& app, const Context&) {
  struct State {
    std::string scenario;
    std::vector<std::string> sets;
    int year = 0;
    std::string group = "general";
    std::vector<std::string> admissions;
    std::string outpatient, chronic_special, two_diseases;
    bool json = false;
    std::uint64_t persons = 0;
    std::string cell = "female,70,hypertension+diabetes";
    std::string stress = "none";
    std::uint64_t seed = 0;
  };
  auto st = std::make_shared<State>();
  auto* c = app.add_subcommand(
      "benefit",
      "one person's year under a scenario's benefit rules: each tier's payment, the out-of-pocket remainder "
      "and the intermediates (table, or JSON with --json). With --compare-sampler PERSONS: the aggregate "
      "layer's expected payment per tier against the mean of PERSONS simulated persons of one cell (per "
      "group), exit code 1 if a tier differs by more than max(0.5%, 3 SE).");
  c->footer(
      "Year: must lie in [run.jump_off_year - 3, run.end_year]; the catastrophic deductible uses the\n"
      "prior-year national per-capita disposable income on the scenario's central income path.\n"
      "Admission: COST[:LEVEL], LEVEL primary|secondary|tertiary (default secondary); repeat the option.\n"
      "Costs are yuan >= 0. Bad arguments: a message naming the argument and exit code 2.\n"
      "Sampler check: cell claims from the scenario's cost model at the central path of the year;\n"
      "stress heavy-tail (log-sd >= 1.8), low-cap (inpatient 20,000, catastrophic 50,000, chronic 1,000,\n"
      "outpatient 100), high-deductible (deductibles x10 or >= 100, catastrophic x3).");
  c->add_option("scenario", st->scenario, "scenario YAML file")->required();
  c->add_option("--year", st->year, "benefit year (rules of that year)")->required();
  c->add_option("--group", st->group, "general|assisted (default general)")
      ->check(one_of("general|assisted"));
  c->add_option("--admission", st->admissions, "an inpatient admission COST[:LEVEL] (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  c->add_option("--outpatient", st->outpatient, "annual general outpatient cost (yuan)");
  c->add_option("--chronic-special", st->chronic_special, "annual chronic/special outpatient cost (yuan)");
  c->add_option("--two-diseases", st->two_diseases,
                "两病 medication costs: hypertension=COST,diabetes=COST (either or both)");
  c->add_flag("--json", st->json, "print JSON instead of the table");
  c->add_option("--set", st->sets, "override a scenario parameter: key.path=value (repeatable)");
  auto* cmp = c->add_option("--compare-sampler", st->persons,
                            "compare the aggregate layer with PERSONS simulated persons per group (>= 1000)");
  c->add_option("--cell", st->cell,
                "sampler cell SEX,AGE,STATE (default female,70,hypertension+diabetes; state names joined "
                "by '+' or 0..7)")
      ->needs(cmp);
  c->add_option("--stress", st->stress, "sampler stress: none|heavy-tail|low-cap|high-deductible")
      ->needs(cmp)
      ->check(one_of("none|heavy-tail|low-cap|high-deductible"));
  c->add_option("--seed", st->seed, "sampler seed (default run.seed)")->needs(cmp);
  return {c, [st, c]() {
            const LoadedScenario loaded = load_scenario(st->scenario, st->sets);
            const Scenario& s = loaded.scenario;
            if (c->count("--compare-sampler")) {
              for (const char* opt : {"--admission", "--outpatient", "--chronic-special", "--two-diseases"})
                if (c->count(opt))
                  throw InputError(std::string(opt) + ": not used with --compare-sampler (the cell's costs come "
                                                      "from the scenario's cost model)");
              benefits::SamplerCheckOptions o;
              o.year = st->year;
              o.persons = st->persons;
              o.cell = benefits::parse_cell_spec(st->cell);
              o.stress = benefits::parse_stress(st->stress);
              if (c->count("--group")) {
                try {
                  o.group = benefits::parse_group(st->group);
                } catch (const InputError& e) {
                  throw InputError(std::string("--group: ") + e.what());
                }
              }
              if (c->count("--seed")) o.seed = st->seed;
              const benefits::SamplerCheckReport r = benefits::run_sampler_check(s, o);
              if (st->json) {
                std::cout << benefits::sampler_check_json(r).dump(2) << "\n";
              } else {
                std::cout << benefits::format_sampler_check(r);
              }
              return r.pass() ? 0 : 1;
            }
            benefits::BenefitQuery q;
            q.year = st->year;
            q.group = st->group;
            q.admissions = st->admissions;
            if (c->count("--outpatient")) q.outpatient = st->outpatient;
            if (c->count("--chronic-special")) q.chronic_special = st->chronic_special;
            if (c->count("--two-diseases")) q.two_diseases = st->two_diseases;
            const benefits::BenefitAnswer a = benefits::compute_benefit_query(s, q);
            if (st->json) {
              std::cout << benefits::benefit_answer_json(a).dump(2) << "\n";
            } else {
              std::cout << benefits::benefit_answer_table(a);
            }
            return 0;
          }};
}

}  // namespace fundsim::cli
