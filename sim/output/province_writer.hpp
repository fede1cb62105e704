// The output directory of a province run (sim/province): the standard files of the province as a
// whole (its totals: the pools plus the adjustment fund), risk.csv with the province's own risks,
// adjustment.csv, and every pool's standard files under pools/<name>/. Written atomically.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "engine/summary.hpp"
#include "engine/table.hpp"
#include "output/writer.hpp"
#include "province/province.hpp"

namespace fundsim {

// adjustment.csv: per year, one row per pool and one for the fund ("adjustment_fund").
//   paid_in / paid_out      what the pool paid into / received from the fund (the fund's row: sums)
//   balance                 the pool's reserve after transfers (the fund's row: the fund's balance)
//   shortfall_mean_yuan     the pool's negative reserve that its government's finance carries
//                           (max(0, -balance)); the fund's row: requests it could not pay (unmet)
//   p_exhausted             P(balance < 0) in the year (the fund: requests unmet, or F < 0 when fully pooled)
//   p_exhausted_by          P(exhausted in this year or before)
struct AdjustmentRow {
  int year = 0;
  std::string pool;
  Stats paid_in, paid_out, balance;
  double interest_mean = 0.0, shortfall_mean = 0.0, p_exhausted = 0.0, p_exhausted_by = 0.0;
};
std::vector<AdjustmentRow> adjustment_rows(const province::ProvinceResult& r, const std::vector<std::string>& pools);
Table tabulate_adjustment(const std::vector<AdjustmentRow>& rows);

// migration.csv (a province with migration between its pools): per year and flow, the persons moved
// over the draws (mean, 5th and 95th percentiles).
struct MigrationRow {
  int year = 0;
  std::string from, to;
  Stats moved;
};
std::vector<MigrationRow> migration_rows(const province::ProvinceResult& r, const province::LoadedProvince& lp);
Table tabulate_migration(const std::vector<MigrationRow>& rows);

// The province's own risks by year, appended to its risk.csv: P(any pool exhausted) in the year and
// by the year, P(adjustment fund exhausted) in the year and by the year.
std::vector<TableColumn> province_risk_columns(const province::ProvinceResult& r);

// The pools most at risk: names by P(exhausted by `year`), highest first (ties: the listed order).
std::vector<std::pair<std::string, double>> pools_by_risk(const province::ProvinceResult& r,
                                                          const std::vector<std::string>& pools, int year);

// The province's "loaded scenario" for its manifest and summaries: the first pool's parameters
// (warning bands, sampled parameters), the province's path, chain, name and provenance hash.
LoadedScenario province_as_scenario(const province::LoadedProvince& lp);

void write_province_directory(const std::string& dir, bool force, const province::LoadedProvince& lp,
                              const province::ProvinceResult& r, std::uint64_t seed, const RunInfo& info,
                              bool keep_draws, const std::atomic<bool>* cancel = nullptr);

}  // namespace fundsim
