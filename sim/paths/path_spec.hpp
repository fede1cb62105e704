// Contribution growth paths: a compact rule syntax for the individual contribution and the fiscal
// subsidy after the last legislated year, translated into `--set`-style overrides of
// financing.individual_contribution_yuan / financing.fiscal_subsidy_yuan, so that every path is an
// ordinary scenario (validated by the loader, re-emittable, runnable by `fundsim run`).
//
// RULE := ITEM[,ITEM...] | scenario
// ITEM := TARGET=KIND
// TARGET := individual | subsidy
// KIND := flat | increment:YUAN | growth:RATE | indexed:SHARE | ratio:RATIO:YEARS
//       | schedule:YEAR=YUAN[;YEAR=YUAN...][;then=KIND]
// `scenario` keeps the scenario's own rules (a reference path).
#pragma once

#include <string>
#include <vector>

namespace fundsim::paths {

enum class Target { individual, subsidy };

// Key path of the schedule a target refers to.
const char* schedule_key(Target t);
const char* target_name(Target t);

struct PathSpec {
  std::string name;               // the path's label in outputs
  std::string rule;               // as typed (normalised whitespace)
  std::vector<std::string> sets;  // the overrides implementing it (key.path=value)
};

// Parses "NAME=RULE" (the --path argument). Throws InputError naming the argument and what was
// expected.
PathSpec parse_path_argument(const std::string& arg);

// Translates a RULE into overrides; `context` prefixes error messages (e.g. "--path low=...").
std::vector<std::string> rule_to_sets(const std::string& rule, const std::string& context);

// The rule syntax, for `fundsim paths --help` and docs/paths.md.
std::string rule_syntax_help();

}  // namespace fundsim::paths
