// In-year monitoring against the budget (`fundsim monitor`): the months seen so far re-forecast the
// year-end by a credibility update of each flow's annual level (fund/monthly.hpp, LevelForecast),
// with bands; the actuals sit beside the budget's band and months outside it are flagged; a warning
// line gives the year-end in the warning bands of docs/DESIGN.md §2.
//
// Bands: each forecast is mean + sd x z_d over the budget's draws d, where z_d is that quantity's
// standardised value in draw d of the budget (revenue, spending, balance: the budget's own spread
// and shape). The mean and sd come from the credibility update, so the band narrows, never widens,
// as months are added, and has zero width once all twelve months of both sides are seen and the
// opening balance is known.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "fund/actuals.hpp"

namespace fundsim {

struct MonitorInput {
  MonthlyActuals actuals;                     // in yuan
  std::optional<double> opening_balance_yuan;  // known closing balance of year - 1 (else the draws')
};

struct MonitorRow {
  int month = 0;
  std::string item, unit, status;     // status: actual | forecast
  std::optional<double> actual;       // in unit
  Band forecast;                      // in unit (zero width for an actual month)
  Band budget;                        // the budget's band for the month (no months seen)
  std::string flag;                   // "above" / "below" the budget's 90% band, or empty
};

struct YearEndRow {
  std::string item, unit;
  Band forecast, budget;
};

struct MonitorWarning {
  int year = 0;
  int revenue_months_seen = 0, spending_months_seen = 0;
  double months_payable_p50 = 0, months_payable_p05 = 0, months_payable_p95 = 0;
  std::string band;  // band of the median year-end months payable
  double p_exhausted = 0, p_red = 0, p_amber = 0, p_target = 0, p_comfortable = 0, p_excessive = 0;
  double p_current_deficit = 0;
  std::string line;  // one-line summary
};

struct MonitorResult {
  std::vector<MonitorRow> months;
  std::vector<YearEndRow> year_end;
  MonitorWarning warning;
  double spending_level_mean = 1, spending_level_sd = 0, revenue_level_mean = 1, revenue_level_sd = 0;
};

MonitorResult monitor_year(const BudgetDraws& b, const Scenario& s, const MonitorInput& in, const MoneyUnit& u);

// The warning band (docs/DESIGN.md §2) of a number of months payable: exhausted, red, amber, target,
// comfortable, excessive.
std::string warning_band_name(double months, const WarningParams& w);

}  // namespace fundsim
