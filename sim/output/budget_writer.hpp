// The files of `fundsim budget` (budget.csv, monthly.csv) and `fundsim monitor` (monitor.csv,
// monitor_year_end.csv, monitor_warning.csv): each file's columns are declared once here (the
// k*Columns arrays), and README.md documents them.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "engine/budget.hpp"
#include "engine/monitor.hpp"

namespace fundsim {

inline constexpr std::array<std::string_view, 15> kBudgetColumns = {
    "year", "item", "label", "unit", "mean", "p50", "p10", "p90", "p05", "p95",
    "last_year", "last_year_actual", "change", "change_pct", "source"};
inline constexpr std::array<std::string_view, 10> kMonthlyColumns = {"year", "month", "item", "unit", "mean",
                                                                     "p50",  "p10",   "p90",  "p05",  "p95"};
inline constexpr std::array<std::string_view, 16> kMonitorColumns = {
    "year", "month", "item", "unit", "status", "actual", "mean", "p50",
    "p10",  "p90",   "p05",  "p95",  "budget_p05", "budget_p50", "budget_p95", "flag"};
inline constexpr std::array<std::string_view, 13> kYearEndColumns = {
    "year", "item", "unit", "mean", "p50", "p10", "p90", "p05", "p95", "budget_mean", "budget_p50", "budget_p05",
    "budget_p95"};
inline constexpr std::array<std::string_view, 16> kMonitorWarningColumns = {
    "year", "spending_months_seen", "revenue_months_seen", "months_payable_p50", "months_payable_p05",
    "months_payable_p95", "band", "p_exhausted", "p_red", "p_amber", "p_target", "p_comfortable", "p_excessive",
    "p_current_deficit", "spending_level", "line"};

// history_source: the file the last-year actuals come from ("" = none).
std::string budget_csv(int year, const std::vector<BudgetRow>& rows, const std::string& history_source);
std::string monthly_csv(int year, const std::vector<MonthlyRow>& rows);
std::string monitor_csv(int year, const MonitorResult& r);
std::string monitor_year_end_csv(int year, const MonitorResult& r);
std::string monitor_warning_csv(const MonitorResult& r);

}  // namespace fundsim
