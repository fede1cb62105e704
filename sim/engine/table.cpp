#include "engine/table.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace fundsim {

std::string format_number(double x) { return fmt::format("{}", x); }

TableCell optional_number_cell(const std::optional<double>& x) {
  return x ? format_number(*x) : std::string();
}

namespace {

// A text field as RFC 4180: quoted (quotes doubled) only when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::size_t TableColumn::size() const {
  switch (kind) {
    case ColumnKind::number:
      return numbers.size();
    case ColumnKind::integer:
      return integers.size();
    case ColumnKind::text:
      break;
  }
  return text.size();
}

TableColumn& Table::add(std::string name, ColumnKind kind) {
  TableColumn c;
  c.name = std::move(name);
  c.kind = kind;
  if (!columns.empty() && rows() != 0) throw std::logic_error("Table::add: columns are added before rows");
  columns.push_back(std::move(c));
  return columns.back();
}

void Table::append(const std::vector<TableCell>& row) {
  if (row.size() != columns.size()) throw std::logic_error("Table::append: one cell per column");
  for (std::size_t i = 0; i < row.size(); ++i) {
    TableColumn& c = columns[i];
    const TableCell& v = row[i];
    if (c.kind == ColumnKind::number && std::holds_alternative<double>(v))
      c.numbers.push_back(std::get<double>(v));
    else if (c.kind == ColumnKind::integer && std::holds_alternative<std::int64_t>(v))
      c.integers.push_back(std::get<std::int64_t>(v));
    else if (c.kind == ColumnKind::text && std::holds_alternative<std::string>(v))
      c.text.push_back(std::get<std::string>(v));
    else
      throw std::logic_error("Table::append: column " + c.name + " has another kind");
  }
}

std::string to_csv(const Table& t) {
  std::string s;
  for (std::size_t i = 0; i < t.columns.size(); ++i) s += (i ? "," : "") + csv_field(t.columns[i].name);
  s += "\n";
  const std::size_t n = t.rows();
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const TableColumn& c = t.columns[i];
      if (i) s += ',';
      switch (c.kind) {
        case ColumnKind::number:
          s += format_number(c.numbers[r]);
          break;
        case ColumnKind::integer:
          s += fmt::format("{}", c.integers[r]);
          break;
        case ColumnKind::text:
          s += csv_field(c.text[r]);
          break;
      }
    }
    s += '\n';
  }
  return s;
}

}  // namespace fundsim
