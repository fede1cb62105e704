#include "fund/actuals.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "scenario/errors.hpp"

namespace fundsim {

namespace {

struct Field {
  std::string text;
  int column = 1;  // 1-based character position of the field's start
};

// Splits one CSV line (RFC 4180 quotes: "a,b" and "" inside quotes).
std::vector<Field> split_line(const std::string& line) {
  std::vector<Field> out;
  Field f;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f.text += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        f.text += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(f);
      f = Field{};
      f.column = static_cast<int>(i) + 2;
    } else {
      f.text += c;
    }
  }
  out.push_back(f);
  return out;
}

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

// Printable excerpt of user text for messages.
std::string shown(const std::string& s) {
  std::string o;
  for (char c : s.substr(0, 40)) o += (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) ? c : '?';
  return s.size() > 40 ? o + "..." : o;
}

[[noreturn]] void fail(const std::string& file, int line, int column, const std::string& what) {
  throw InputError(fmt::format("{}:{}:{}: {}", file, line, column, what));
}

std::optional<double> to_number(const std::string& t) {
  if (t.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double x = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(x)) return std::nullopt;
  // strtod accepts hexadecimal and "inf"/"nan"; only plain decimal numbers are taken.
  for (char c : t)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return std::nullopt;
  return x;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) {
    if (cur.back() == '\r') cur.pop_back();
    lines.push_back(cur);
  }
  return lines;
}

std::string read_text(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open the {} file", path, what));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string item_list() {
  std::string s;
  for (const auto& i : kFlowItems) s += (s.empty() ? "" : ", ") + std::string(i.name);
  return s;
}

}  // namespace

MonthlyActuals parse_actuals(const std::string& text, const std::string& file) {
  MonthlyActuals a;
  a.file = file;
  const auto lines = lines_of(text);
  bool header = false;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n) + 1;
    const std::string& l = lines[n];
    if (trim(l).empty() || trim(l)[0] == '#') continue;
    const auto f = split_line(l);
    if (!header) {
      if (f.size() != 3 || trim(f[0].text) != "month" || trim(f[1].text) != "item" || trim(f[2].text) != "value")
        fail(file, line, 1, "expected the header 'month,item,value', found '" + shown(l) + "'");
      header = true;
      continue;
    }
    if (f.size() != 3)
      fail(file, line, f.size() > 3 ? f[3].column : static_cast<int>(l.size()) + 1,
           fmt::format("expected 3 fields (month,item,value), found {}", f.size()));
    const std::string ms = trim(f[0].text), is = trim(f[1].text), vs = trim(f[2].text);
    int month = 0;
    {
      bool digits = !ms.empty() && ms.size() <= 2;
      for (char c : ms) digits = digits && std::isdigit(static_cast<unsigned char>(c));
      if (digits) month = std::atoi(ms.c_str());
      if (!digits || month < 1 || month > 12)
        fail(file, line, f[0].column, "expected a month 1-12, found '" + shown(ms) + "'");
    }
    const auto item = flow_item_from_name(is);
    if (!item) fail(file, line, f[1].column, "expected an item (" + item_list() + "), found '" + shown(is) + "'");
    if (vs.empty()) fail(file, line, f[2].column, "expected a value (a number), found nothing");
    const auto v = to_number(vs);
    if (!v) fail(file, line, f[2].column, "expected a finite decimal number, found '" + shown(vs) + "'");
    auto& slot = a.value[static_cast<std::size_t>(*item)][static_cast<std::size_t>(month - 1)];
    if (slot) fail(file, line, f[0].column, fmt::format("month {} of {} is given twice", month, is));
    slot = *v;
    ++a.rows;
  }
  if (!header) fail(file, 1, 1, "expected the header 'month,item,value', found an empty file");
  return a;
}

MonthlyActuals read_actuals(const std::string& path) { return parse_actuals(read_text(path, "actuals"), path); }

FundHistory parse_history(const std::string& text, const std::string& file) {
  FundHistory h;
  const auto lines = lines_of(text);
  std::size_t n = 0;
  while (n < lines.size() && (trim(lines[n]).empty() || trim(lines[n])[0] == '#')) ++n;
  if (n == lines.size()) fail(file, 1, 1, "expected a header with a 'year' column, found an empty file");
  const auto head = split_line(lines[n]);
  const int header_line = static_cast<int>(n) + 1;
  int year_col = -1;
  std::vector<std::pair<int, std::pair<std::string, double>>> cols;  // column index -> (item, scale to yuan)
  auto known = [](const std::string& s) {
    return flow_item_from_name(s).has_value() || s == "balance_current" || s == "balance_cumulative";
  };
  for (std::size_t c = 0; c < head.size(); ++c) {
    const std::string name = trim(head[c].text);
    const int ci = static_cast<int>(c);
    if (name == "year") year_col = ci;
    else if (name == "revenue_100m_yuan") cols.push_back({ci, {"revenue_total", 1e8}});
    else if (name == "expenditure_100m_yuan") cols.push_back({ci, {"spending_total", 1e8}});
    else if (name == "cumulative_balance_100m_yuan") cols.push_back({ci, {"balance_cumulative", 1e8}});
    else
      for (const auto& [suffix, scale] : {std::pair<std::string, double>{"_100m_yuan", 1e8}, {"_10k_yuan", 1e4},
                                          {"_yuan", 1.0}})
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
            known(name.substr(0, name.size() - suffix.size()))) {
          cols.push_back({ci, {name.substr(0, name.size() - suffix.size()), scale}});
          break;
        }
  }
  if (year_col < 0) fail(file, header_line, 1, "expected a 'year' column in the header");
  for (++n; n < lines.size(); ++n) {
    const int line = static_cast<int>(n) + 1;
    if (trim(lines[n]).empty() || trim(lines[n])[0] == '#') continue;
    const auto f = split_line(lines[n]);
    if (static_cast<int>(f.size()) <= year_col)
      fail(file, line, static_cast<int>(lines[n].size()) + 1, "expected a year in column " + std::to_string(year_col + 1));
    const std::string ys = trim(f[static_cast<std::size_t>(year_col)].text);
    const auto y = to_number(ys);
    if (!y || *y != std::floor(*y) || *y < 1900 || *y > 2300)
      fail(file, line, f[static_cast<std::size_t>(year_col)].column, "expected a year, found '" + shown(ys) + "'");
    HistoryYear& row = h[static_cast<int>(*y)];
    for (const auto& [ci, what] : cols) {
      if (static_cast<std::size_t>(ci) >= f.size()) continue;
      const std::string t = trim(f[static_cast<std::size_t>(ci)].text);
      if (t.empty()) continue;
      const auto v = to_number(t);
      if (!v)
        fail(file, line, f[static_cast<std::size_t>(ci)].column,
             "expected a number (" + trim(head[static_cast<std::size_t>(ci)].text) + "), found '" + shown(t) + "'");
      row[what.first] = *v * what.second;
    }
    if (!row.count("balance_current") && row.count("revenue_total") && row.count("spending_total"))
      row["balance_current"] = row["revenue_total"] - row["spending_total"];
  }
  return h;
}

FundHistory read_history(const std::string& path) { return parse_history(read_text(path, "history"), path); }

}  // namespace fundsim
