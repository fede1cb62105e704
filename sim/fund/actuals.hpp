// Readers of the fund's observed figures: the monthly actuals of the current year (`fundsim
// monitor --actuals FILE`) and the annual history of the fund's accounts (budget.history_file).
// Bad input throws InputError naming file:line:column and what was expected.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>

#include "fund/monthly.hpp"

namespace fundsim {

// Actuals: CSV with the header `month,item,value`; one row per month (1-12) and flow item (the
// names of kFlowItems); values in the caller's unit (the reader does not scale them). Blank lines
// and lines starting with '#' are skipped. A month given twice for an item is an error.
struct MonthlyActuals {
  std::string file;
  // value[item][month 0..11], absent = not yet seen.
  std::array<std::array<std::optional<double>, 12>, kFlowItemCount> value{};
  int rows = 0;
};
MonthlyActuals parse_actuals(const std::string& text, const std::string& file_name);
MonthlyActuals read_actuals(const std::string& path);

// History: CSV with a `year` column and money columns, recognised by name:
//   revenue_100m_yuan -> revenue_total, expenditure_100m_yuan -> spending_total,
//   cumulative_balance_100m_yuan -> balance_cumulative (the national series' names), and
//   <item>_yuan, <item>_10k_yuan, <item>_100m_yuan for any flow item, balance_current or
//   balance_cumulative. Other columns are ignored; empty cells are absent. balance_current is
//   derived as revenue_total - spending_total when not given. Values are returned in yuan.
using HistoryYear = std::map<std::string, double>;
using FundHistory = std::map<int, HistoryYear>;
FundHistory parse_history(const std::string& text, const std::string& file_name);
FundHistory read_history(const std::string& path);

}  // namespace fundsim
