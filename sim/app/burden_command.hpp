// fundsim burden: policy options compared on the person-level engine's persons (run.engine: micro),
// on common random numbers. The baseline and each option (a scenario file, usually `extends:` the
// baseline and changing benefit rules: the catastrophic deductible, its ratio tiers, the tilt for
// assisted groups, the assistance limit, the wider catastrophic base) are run with the same seed and
// draws; persons are keyed by (seed, draw, person), so every option settles the same persons' same
// costs and only the rules differ. For each option, year, income quintile and measure the difference
// from the baseline is averaged over draws, with its standard error sd(differences) / sqrt(draws)
// (common random numbers: the persons' sampling error largely cancels) beside the standard error the
// difference would have if the two were drawn independently (sqrt(se_base^2 + se_option^2)).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/run.hpp"
#include "engine/table.hpp"
#include "scenario/loader.hpp"

namespace fundsim {

struct BurdenCompareOptions {
  std::string baseline;              // scenario file
  std::vector<std::string> options;  // option scenario files
  std::vector<std::string> sets;     // --set, applied to the baseline and every option
  std::int64_t draws = 0;            // 0: run.draws
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::int64_t persons = 0;  // 0: run.persons
  int threads = 0;
  std::vector<int> years;  // reported years (empty: every year)
};

struct BurdenRun {
  std::string name;  // scenario name
  LoadedScenario loaded;
  RunResult result;
  std::string burden_csv;  // the run's own burden.csv (RunOutcome::extra_files)
};

struct BurdenComparison {
  std::uint64_t seed = 0;
  std::vector<BurdenRun> runs;  // baseline first
  Table table;                  // comparison.csv
};

// Loads (engine forced to micro), runs and compares. Throws InputError on bad input.
BurdenComparison compare_burden(const BurdenCompareOptions& o, const std::atomic<bool>* cancel = nullptr);

// The comparison table: option, year, group, income_quintile, measure, baseline_mean, option_mean,
// difference_mean, difference_se (common draws), difference_se_independent, draws. The measures: every
// burden measure (group all and the assisted group; quintiles all and 1-5) and, per year, the fund's
// spending (spending_total, spending_catastrophic), the assistance fund's spending
// (assistance_spending) and enrollees' out of pocket (out_of_pocket), yuan.
Table burden_comparison_table(const std::vector<BurdenRun>& runs, const std::vector<int>& years);

// A short text summary for the terminal: per option, the change in fund and assistance spending
// and in the share of persons over the higher catastrophic-spending threshold and impoverished.
std::string burden_summary(const BurdenComparison& c);

}  // namespace fundsim
