#include "output/budget_writer.hpp"

#include <cmath>

#include "output/writer.hpp"

namespace fundsim {

namespace {

template <std::size_t N>
std::string header(const std::array<std::string_view, N>& cols) {
  std::string s;
  for (std::size_t i = 0; i < N; ++i) s += (i ? "," : "") + std::string(cols[i]);
  return s + "\n";
}

// A text field, quoted when it holds a comma or a quote.
std::string text(const std::string& t) {
  if (t.find_first_of(",\"\n") == std::string::npos) return t;
  std::string q = "\"";
  for (char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string num(double x) { return format_number(x); }

std::string band_fields(const Band& b, bool probability) {
  if (probability) return num(b.mean) + ",,,,,";
  return num(b.mean) + "," + num(b.p50) + "," + num(b.p10) + "," + num(b.p90) + "," + num(b.p05) + "," + num(b.p95);
}

}  // namespace

std::string budget_csv(int year, const std::vector<BudgetRow>& rows, const std::string& history_source) {
  std::string s = header(kBudgetColumns);
  for (const auto& r : rows) {
    s += std::to_string(year) + "," + text(r.item) + "," + text(r.label) + "," + text(r.unit) + "," +
         band_fields(r.band, r.probability) + ",";
    if (r.last_year_actual) {
      const double a = *r.last_year_actual, ch = r.band.mean - a;
      s += std::to_string(year - 1) + "," + num(a) + "," + num(ch) + "," + (a != 0.0 ? num(ch / std::abs(a)) : "") +
           "," + text(history_source);
    } else {
      s += ",,,,";
    }
    s += "\n";
  }
  return s;
}

std::string monthly_csv(int year, const std::vector<MonthlyRow>& rows) {
  std::string s = header(kMonthlyColumns);
  for (const auto& r : rows)
    s += std::to_string(year) + "," + std::to_string(r.month) + "," + text(r.item) + "," + text(r.unit) + "," +
         band_fields(r.band, r.probability) + "\n";
  return s;
}

std::string monitor_csv(int year, const MonitorResult& m) {
  std::string s = header(kMonitorColumns);
  for (const auto& r : m.months)
    s += std::to_string(year) + "," + std::to_string(r.month) + "," + text(r.item) + "," + text(r.unit) + "," +
         r.status + "," + (r.actual ? num(*r.actual) : "") + "," + band_fields(r.forecast, false) + "," +
         num(r.budget.p05) + "," + num(r.budget.p50) + "," + num(r.budget.p95) + "," + r.flag + "\n";
  return s;
}

std::string monitor_year_end_csv(int year, const MonitorResult& m) {
  std::string s = header(kYearEndColumns);
  for (const auto& r : m.year_end)
    s += std::to_string(year) + "," + text(r.item) + "," + text(r.unit) + "," + band_fields(r.forecast, false) + "," +
         num(r.budget.mean) + "," + num(r.budget.p50) + "," + num(r.budget.p05) + "," + num(r.budget.p95) + "\n";
  return s;
}

std::string monitor_warning_csv(const MonitorResult& m) {
  const MonitorWarning& w = m.warning;
  std::string s = header(kMonitorWarningColumns);
  s += std::to_string(w.year) + "," + std::to_string(w.spending_months_seen) + "," +
       std::to_string(w.revenue_months_seen) + "," + num(w.months_payable_p50) + "," + num(w.months_payable_p05) +
       "," + num(w.months_payable_p95) + "," + w.band + "," + num(w.p_exhausted) + "," + num(w.p_red) + "," +
       num(w.p_amber) + "," + num(w.p_target) + "," + num(w.p_comfortable) + "," + num(w.p_excessive) + "," +
       num(w.p_current_deficit) + "," + num(m.spending_level_mean) + "," + text(w.line) + "\n";
  return s;
}

}  // namespace fundsim
