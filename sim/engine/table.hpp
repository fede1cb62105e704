// Output tables declared once: a table is a list of named, typed columns; a layout (the columns of
// one file, each with how to read it from a row) is written once, next to the rows it reads, and
// every sink takes the same Table: CSV text (the output directory), column arrays (the Python
// module; pybind11 turns them into numpy arrays) and, later, the workbook. In engine/ because the
// engine writes its own files (decomposition.csv); output/ and paths/ use it too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fundsim {

// Shortest text that reads back to the same double: every file is exact and reproducible.
std::string format_number(double x);

enum class ColumnKind { number, integer, text };

// One column's values (only the vector of its kind is filled).
struct TableColumn {
  std::string name;
  ColumnKind kind = ColumnKind::number;
  std::vector<double> numbers;
  std::vector<std::int64_t> integers;
  std::vector<std::string> text;
  std::size_t size() const;
};

using TableCell = std::variant<double, std::int64_t, std::string>;

struct Table {
  std::vector<TableColumn> columns;
  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  // Adds a column (throws std::logic_error if its length differs from the others').
  TableColumn& add(std::string name, ColumnKind kind);
  // Appends one row, a cell per column in order, each of its column's kind (std::logic_error if not).
  void append(const std::vector<TableCell>& row);
};

// A column declared once: name, kind and how to read its cell from a row of type Row.
template <class Row>
struct ColumnSpec {
  std::string name;
  ColumnKind kind;
  std::function<TableCell(const Row&)> cell;
};

template <class Row>
using Layout = std::vector<ColumnSpec<Row>>;

// An optional number as a text cell: format_number, or an empty cell when missing.
TableCell optional_number_cell(const std::optional<double>& x);

// Columns that read one member of the row (the common case of a layout).
template <class Row>
ColumnSpec<Row> number_column(std::string name, double Row::*field) {
  return {std::move(name), ColumnKind::number, [field](const Row& r) { return TableCell(r.*field); }};
}
template <class Row, class Int>
ColumnSpec<Row> integer_column(std::string name, Int Row::*field) {
  return {std::move(name), ColumnKind::integer,
          [field](const Row& r) { return TableCell(static_cast<std::int64_t>(r.*field)); }};
}
template <class Row>
ColumnSpec<Row> text_column(std::string name, std::string Row::*field) {
  return {std::move(name), ColumnKind::text, [field](const Row& r) { return TableCell(r.*field); }};
}
// A missing value is an empty cell (a text column: the CSV keeps the cell empty).
template <class Row>
ColumnSpec<Row> optional_number_column(std::string name, std::optional<double> Row::*field) {
  return {std::move(name), ColumnKind::text, [field](const Row& r) { return optional_number_cell(r.*field); }};
}

template <class Row>
Table make_table(const Layout<Row>& layout, const std::vector<Row>& rows) {
  Table t;
  for (const auto& c : layout) t.add(c.name, c.kind);
  std::vector<TableCell> cells(layout.size());
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < layout.size(); ++i) cells[i] = layout[i].cell(r);
    t.append(cells);
  }
  return t;
}

// Sink: CSV text, a header line of the column names and one line per row (numbers by
// format_number, integers in decimal, text as is unless it holds a comma, a quote or a line break:
// then quoted, with its quotes doubled, as RFC 4180).
std::string to_csv(const Table& t);

}  // namespace fundsim
