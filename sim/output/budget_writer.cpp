#include "output/budget_writer.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace fundsim {

namespace {

using K = ColumnKind;

TableCell integer_cell(std::int64_t x) { return x; }

// The six columns of a band, in the order of every band in these files.
constexpr std::array<std::pair<const char*, double Band::*>, 6> kBandFields = {{
    {"mean", &Band::mean},
    {"p50", &Band::p50},
    {"p10", &Band::p10},
    {"p90", &Band::p90},
    {"p05", &Band::p05},
    {"p95", &Band::p95},
}};

// Appends a band's six columns (a band read from the row by `band`).
template <class Row>
void add_band_columns(Layout<Row>& l, Band Row::*band) {
  for (const auto& column : kBandFields) {
    const auto field = column.second;  // a copy: lambdas may not capture structured bindings (clang 14)
    l.push_back({column.first, K::number, [band, field](const Row& r) { return TableCell((r.*band).*field); }});
  }
}

// The same for rows that may hold a probability: only its mean is meaningful, the quantile cells
// of such a row stay empty.
template <class Row>
void add_band_columns(Layout<Row>& l, Band Row::*band, bool Row::*probability) {
  l.push_back({"mean", K::number, [band](const Row& r) { return TableCell((r.*band).mean); }});
  for (const auto& column : std::span(kBandFields).subspan(1)) {
    const auto field = column.second;
    l.push_back({column.first, K::text, [band, probability, field](const Row& r) {
                   return r.*probability ? TableCell(std::string()) : TableCell(format_number((r.*band).*field));
                 }});
  }
}

// The budget's mean minus last year's actual (missing without an actual).
std::optional<double> change_from_last_year(const BudgetRow& r) {
  if (!r.last_year_actual) return std::nullopt;
  return r.band.mean - *r.last_year_actual;
}

// That change relative to |last year's actual| (missing without an actual, or when it is 0).
std::optional<double> relative_change(const BudgetRow& r) {
  const std::optional<double> change = change_from_last_year(r);
  if (!change || *r.last_year_actual == 0.0) return std::nullopt;
  return *change / std::abs(*r.last_year_actual);
}

// budget.csv. The last-year columns are filled when the history has the item in year - 1.
Layout<BudgetRow> budget_layout(int year, const std::string& history_source) {
  using R = BudgetRow;
  Layout<R> l = {
      {"year", K::integer, [year](const R&) { return integer_cell(year); }},
      text_column("item", &R::item),
      text_column("label", &R::label),
      text_column("unit", &R::unit),
  };
  add_band_columns(l, &R::band, &R::probability);
  const Layout<R> last_year = {
      {"last_year", K::text,
       [year](const R& r) { return TableCell(r.last_year_actual ? std::to_string(year - 1) : std::string()); }},
      optional_number_column("last_year_actual", &R::last_year_actual),
      {"change", K::text, [](const R& r) { return optional_number_cell(change_from_last_year(r)); }},
      {"change_pct", K::text, [](const R& r) { return optional_number_cell(relative_change(r)); }},
      {"source", K::text,
       [history_source](const R& r) { return TableCell(r.last_year_actual ? history_source : std::string()); }},
  };
  l.insert(l.end(), last_year.begin(), last_year.end());
  return l;
}

// monthly.csv
Layout<MonthlyRow> monthly_layout(int year) {
  using R = MonthlyRow;
  Layout<R> l = {
      {"year", K::integer, [year](const R&) { return integer_cell(year); }},
      integer_column("month", &R::month),
      text_column("item", &R::item),
      text_column("unit", &R::unit),
  };
  add_band_columns(l, &R::band, &R::probability);
  return l;
}

// monitor.csv: the actual (empty for a forecast month), the re-forecast band and the budget's band.
Layout<MonitorRow> monitor_layout(int year) {
  using R = MonitorRow;
  Layout<R> l = {
      {"year", K::integer, [year](const R&) { return integer_cell(year); }},
      integer_column("month", &R::month),
      text_column("item", &R::item),
      text_column("unit", &R::unit),
      text_column("status", &R::status),
      optional_number_column("actual", &R::actual),
  };
  add_band_columns(l, &R::forecast);
  const Layout<R> budget = {
      {"budget_p05", K::number, [](const R& r) { return TableCell(r.budget.p05); }},
      {"budget_p50", K::number, [](const R& r) { return TableCell(r.budget.p50); }},
      {"budget_p95", K::number, [](const R& r) { return TableCell(r.budget.p95); }},
      text_column("flag", &R::flag),
  };
  l.insert(l.end(), budget.begin(), budget.end());
  return l;
}

// monitor_year_end.csv
Layout<YearEndRow> year_end_layout(int year) {
  using R = YearEndRow;
  Layout<R> l = {
      {"year", K::integer, [year](const R&) { return integer_cell(year); }},
      text_column("item", &R::item),
      text_column("unit", &R::unit),
  };
  add_band_columns(l, &R::forecast);
  const Layout<R> budget = {
      {"budget_mean", K::number, [](const R& r) { return TableCell(r.budget.mean); }},
      {"budget_p50", K::number, [](const R& r) { return TableCell(r.budget.p50); }},
      {"budget_p05", K::number, [](const R& r) { return TableCell(r.budget.p05); }},
      {"budget_p95", K::number, [](const R& r) { return TableCell(r.budget.p95); }},
  };
  l.insert(l.end(), budget.begin(), budget.end());
  return l;
}

// monitor_warning.csv (one row): the year-end in the warning bands and the fitted spending level.
Layout<MonitorWarning> monitor_warning_layout(double spending_level) {
  using R = MonitorWarning;
  return {
      integer_column("year", &R::year),
      integer_column("spending_months_seen", &R::spending_months_seen),
      integer_column("revenue_months_seen", &R::revenue_months_seen),
      number_column("months_payable_p50", &R::months_payable_p50),
      number_column("months_payable_p05", &R::months_payable_p05),
      number_column("months_payable_p95", &R::months_payable_p95),
      text_column("band", &R::band),
      number_column("p_exhausted", &R::p_exhausted),
      number_column("p_red", &R::p_red),
      number_column("p_amber", &R::p_amber),
      number_column("p_target", &R::p_target),
      number_column("p_comfortable", &R::p_comfortable),
      number_column("p_excessive", &R::p_excessive),
      number_column("p_current_deficit", &R::p_current_deficit),
      {"spending_level", K::number, [spending_level](const R&) { return TableCell(spending_level); }},
      text_column("line", &R::line),
  };
}

}  // namespace

Table tabulate_budget(int year, const std::vector<BudgetRow>& rows, const std::string& history_source) {
  return make_table(budget_layout(year, history_source), rows);
}
Table tabulate_monthly(int year, const std::vector<MonthlyRow>& rows) { return make_table(monthly_layout(year), rows); }
Table tabulate_monitor(int year, const MonitorResult& m) { return make_table(monitor_layout(year), m.months); }
Table tabulate_monitor_year_end(int year, const MonitorResult& m) {
  return make_table(year_end_layout(year), m.year_end);
}
Table tabulate_monitor_warning(const MonitorResult& m) {
  return make_table(monitor_warning_layout(m.spending_level_mean), std::vector<MonitorWarning>{m.warning});
}

std::string budget_csv(int year, const std::vector<BudgetRow>& rows, const std::string& history_source) {
  return to_csv(tabulate_budget(year, rows, history_source));
}
std::string monthly_csv(int year, const std::vector<MonthlyRow>& rows) { return to_csv(tabulate_monthly(year, rows)); }
std::string monitor_csv(int year, const MonitorResult& m) { return to_csv(tabulate_monitor(year, m)); }
std::string monitor_year_end_csv(int year, const MonitorResult& m) { return to_csv(tabulate_monitor_year_end(year, m)); }
std::string monitor_warning_csv(const MonitorResult& m) { return to_csv(tabulate_monitor_warning(m)); }

}  // namespace fundsim
