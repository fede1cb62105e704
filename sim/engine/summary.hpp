// Summaries of a run: per year and metric (mean, sd, quantiles), the risk table and the
// distribution of the depletion year. Computed in draw order: deterministic for any thread count.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/runner.hpp"
#include "engine/table.hpp"
#include "fund/fund_params.hpp"

namespace fundsim {

struct Stats {
  double mean = 0, sd = 0, p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

// Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default of
// R and numpy). `sorted` must be sorted ascending and non-empty.
double quantile_sorted(const std::vector<double>& sorted, double p);
Stats describe(std::vector<double> values);  // takes a copy to reorder
// The distribution across draws of one entry (offset `off` of the layout) of a run's per-draw detail.
Stats detail_stats(const RunResult& r, std::size_t off);

struct SummaryRow {
  int year;
  Metric metric;
  Stats stats;
};

struct RiskRow {
  int year;
  // p_months_below_red / _amber: P(months payable < fund.warning.red_months / amber_months).
  double p_current_deficit, p_depleted, p_months_below_red, p_months_below_amber;
  double months_payable_p05, months_payable_p50, months_payable_p95;
};

// Probabilities are counts of draws over the number of draws N, each divided once (so that they are
// exactly the doubles nearest to k/N, without the rounding noise of a running sum of 1/N).
struct DepletionRow {
  int year;  // 0 for "never"
  double probability, cumulative_probability;
  std::int64_t count, cumulative_count;  // draws first depleted in `year`; in `year` or earlier
};

// Warning bands per year (docs/DESIGN.md §2): probability of each band of months payable.
struct WarningRow {
  int year;
  double p_exhausted, p_red, p_amber, p_target, p_comfortable, p_excessive, p_current_deficit;
  double p_red_or_worse;  // exhausted or red: (count exhausted + count red) / N
};

std::vector<SummaryRow> summarise(const RunResult& r);
std::vector<RiskRow> risk_table(const RunResult& r, const WarningParams& w);
std::vector<DepletionRow> depletion_distribution(const RunResult& r);
std::vector<WarningRow> warning_table(const RunResult& r, const WarningParams& w);
// The warning band (docs/DESIGN.md §2) of a number of months payable, as an index into
// kWarningBandNames: 0 exhausted (< 0), 1 red, 2 amber, 3 target, 4 comfortable (<= excessive_months),
// 5 excessive. The one definition of the band rule (warning.csv, the headline, `fundsim monitor`).
int warning_band(double months, const WarningParams& w);
inline constexpr const char* kWarningBandNames[6] = {"exhausted", "red", "amber", "target", "comfortable", "excessive"};
// The years a one-screen summary shows for a projection first_year..last_year: every 5th calendar
// year within the first 20 years of the projection, every 10th after, and always the last year (so
// a short horizon, e.g. 2023-2027, shows 2025 and 2027, never nothing). Ascending; first_year
// itself only when it is also the last year.
std::vector<int> milestone_years(int first_year, int last_year);
// First year in which P(red or worse) exceeds the threshold; 0 if none.
int first_red_year(const std::vector<WarningRow>& rows, double threshold);

// The headline of a run, computed once: the `run` command prints it (app/commands.cpp headline),
// the output directory keeps it as headline.json and the report reads that file.
struct HeadlineFigures {
  int first_year = 0, last_year = 0;
  std::int64_t draws = 0;
  std::vector<std::pair<int, double>> p_depleted_by;       // milestone years within the horizon
  int first_year_deficit_over_half = 0;                     // P(current deficit) > 50%; 0 if never
  std::vector<std::pair<int, double>> months_payable_p50;  // the first year and milestones
  double red_probability_threshold = 0, red_months = 0;
  int first_red_year = 0;  // P(red or exhausted) above the threshold; 0 if never
};
HeadlineFigures headline_figures(const RunResult& r, const WarningParams& w);

// burden.csv of the person-level engine (a run whose detail is named "burden"): per year, group
// (general, assisted, all) and income quintile (all, 1-5), every burden measure's mean and 5th, 50th
// and 95th percentiles across draws (the 90% band). run_scenario adds it to the run's own files.
Table tabulate_burden_detail(const RunResult& r);
std::string burden_csv(const RunResult& r);

}  // namespace fundsim
