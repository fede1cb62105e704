#include "scenario/data_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim {

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  throw InputError(fmt::format("{}:1: expected a column '{}'", path, name));
}

bool CsvTable::has_column(const std::string& name) const {
  for (const auto& c : columns)
    if (c == name) return true;
  return false;
}

std::string CsvTable::where(std::size_t r, std::size_t c) const {
  return fmt::format("{}:{}:{}", path, lines.at(r), field_at.at(r).at(c));
}

CsvTable read_csv_table(const std::string& path, const std::vector<std::string>& required,
                        const std::vector<std::string>& optional) {
  std::error_code ec;
  std::ifstream in;
  if (std::filesystem::is_regular_file(path, ec)) in.open(path);
  if (!in.is_open()) throw InputError(fmt::format("{}: cannot open the data table", path));
  CsvTable t;
  t.path = path;
  std::string line;
  int lineno = 0;
  auto split = [](const std::string& s) {
    std::vector<std::pair<std::string, int>> fields;  // text, 1-based column of its first character
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = s.find(',', start);
      fields.push_back({s.substr(start, comma == std::string::npos ? std::string::npos : comma - start),
                        static_cast<int>(start) + 1});
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return fields;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split(line);
    if (t.columns.empty()) {
      for (const auto& [name, col] : fields) {
        if (name.empty()) throw InputError(fmt::format("{}:{}:{}: expected a column name", path, lineno, col));
        t.columns.push_back(name);
      }
      continue;
    }
    if (fields.size() != t.columns.size())
      throw InputError(fmt::format("{}:{}:{}: expected {} fields as in the header, found {}", path, lineno,
                                   fields.back().second, t.columns.size(), fields.size()));
    std::vector<double> row;
    std::vector<int> at;
    for (const auto& [text, col] : fields) {
      const std::string& name = t.columns[row.size()];
      const bool may_be_empty = std::find(optional.begin(), optional.end(), name) != optional.end();
      at.push_back(col);
      if (may_be_empty && text.find_first_not_of(" \t") == std::string::npos) {
        row.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      const auto x = parse_number(text);
      if (!x || !std::isfinite(*x))
        throw InputError(fmt::format("{}:{}:{}: column '{}': expected a finite number{}, found '{}'", path, lineno,
                                     col, name, may_be_empty ? " or an empty field" : "", text));
      row.push_back(*x);
    }
    t.rows.push_back(std::move(row));
    t.lines.push_back(lineno);
    t.field_at.push_back(std::move(at));
  }
  if (t.columns.empty()) throw InputError(fmt::format("{}:1: expected a header row of column names", path));
  for (const auto& name : required) t.column(name);
  return t;
}

}  // namespace fundsim
