// Data-table parameters: a CSV file named in a scenario, its path relative to the file that names
// it (a --set: the working directory), kept as an absolute path after loading so that the resolved
// scenario reloads. Read through one validated reader (read_csv_table); the loader hashes the
// content of every data table of a scenario into its SHA-256 (LoadedScenario::inputs).
#pragma once

#include <string>
#include <vector>

namespace fundsim {

struct DataTable {
  std::string path;  // absolute after loading; empty: none
  bool operator==(const DataTable&) const = default;
};

// A CSV file: a header row of column names, then rows of numbers (one per column).
struct CsvTable {
  std::string path;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;   // NaN: an empty field of an optional column
  std::vector<int> lines;                  // the file line of each row (1-based)
  std::vector<std::vector<int>> field_at;  // the 1-based character column of each field of each row
  // Index of a column; throws InputError "file: expected a column 'name'" if absent.
  std::size_t column(const std::string& name) const;
  bool has_column(const std::string& name) const;
  // "file:line:column" of row r's field c, for error messages.
  std::string where(std::size_t r, std::size_t c) const;
};

// Reads and validates a CSV table: every row has the header's number of fields, every field is a
// finite number (or empty, read as NaN, in an `optional` column), the `required` columns exist.
// Errors throw InputError naming file:line:column and what was expected. Lines starting with '#'
// and blank lines are skipped.
CsvTable read_csv_table(const std::string& path, const std::vector<std::string>& required = {},
                        const std::vector<std::string>& optional = {});

}  // namespace fundsim
