// The files of `fundsim budget` (budget.csv, monthly.csv) and `fundsim monitor` (monitor.csv,
// monitor_year_end.csv, monitor_warning.csv): each file's columns are declared once, as a layout in
// budget_writer.cpp (engine/table.hpp), written by the CSV sink; README.md documents them. A missing
// value (the quantiles of a probability, the last-year columns without history, the actual of a
// forecast month) is an empty cell.
#pragma once

#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/monitor.hpp"
#include "engine/table.hpp"

namespace fundsim {

Table tabulate_budget(int year, const std::vector<BudgetRow>& rows, const std::string& history_source);
Table tabulate_monthly(int year, const std::vector<MonthlyRow>& rows);
Table tabulate_monitor(int year, const MonitorResult& r);
Table tabulate_monitor_year_end(int year, const MonitorResult& r);
Table tabulate_monitor_warning(const MonitorResult& r);

// history_source: the file the last-year actuals come from ("" = none).
std::string budget_csv(int year, const std::vector<BudgetRow>& rows, const std::string& history_source);
std::string monthly_csv(int year, const std::vector<MonthlyRow>& rows);
std::string monitor_csv(int year, const MonitorResult& r);
std::string monitor_year_end_csv(int year, const MonitorResult& r);
std::string monitor_warning_csv(const MonitorResult& r);

}  // namespace fundsim
