// Golden regression results: every tests/golden/<name>/scenario.yaml is run with the fundsim
// command and its summary.csv compared with tests/golden/<name>/summary.csv under the declared
// tolerances of tests/golden/tolerances.yaml. A failure prints a readable diff: metric, year,
// column, expected, got and the tolerance. After a deliberate model change, regenerate with
//   bash tests/golden/regenerate.sh
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace fundsim::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kGolden = fs::path(FUNDSIM_SOURCE_DIR) / "tests/golden";
constexpr std::array<const char*, 7> kColumns = {"mean", "sd", "p05", "p25", "p50", "p75", "p95"};

struct Tolerance {
  double rel = 0.0, abs = 0.0;
};

struct Tolerances {
  std::map<std::string, Tolerance> column, metric;
  Tolerance of(const std::string& metric_name, const std::string& col) const {
    if (auto it = metric.find(metric_name); it != metric.end()) return it->second;
    return column.at(col);
  }
};

Tolerance read_tolerance(const YAML::Node& n) {
  Tolerance t;
  t.rel = n["rel"] ? n["rel"].as<double>() : 0.0;
  t.abs = n["abs"] ? n["abs"].as<double>() : 0.0;
  return t;
}

Tolerances read_tolerances() {
  const YAML::Node y = YAML::LoadFile((kGolden / "tolerances.yaml").string());
  Tolerances t;
  for (const char* c : kColumns) {
    if (!y["columns"][c]) throw std::runtime_error(std::string("tolerances.yaml: no tolerance for column ") + c);
    t.column[c] = read_tolerance(y["columns"][c]);
  }
  if (y["metrics"])
    for (const auto& kv : y["metrics"]) t.metric[kv.first.as<std::string>()] = read_tolerance(kv.second);
  return t;
}

// summary.csv keyed by (metric, year) -> the seven columns.
using Table = std::map<std::pair<std::string, int>, std::array<double, 7>>;

Table read_summary(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::string line;
  std::getline(in, line);
  if (line != "year,metric,mean,sd,p05,p25,p50,p75,p95") throw std::runtime_error(p.string() + ": unexpected header");
  Table t;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string year, metric, x;
    std::getline(ss, year, ',');
    std::getline(ss, metric, ',');
    std::array<double, 7> v{};
    for (double& d : v) {
      std::getline(ss, x, ',');
      d = std::stod(x);
    }
    t[{metric, std::stoi(year)}] = v;
  }
  return t;
}

// Per metric: the years and the largest relative move of the values beyond tolerance.
struct Moved {
  int first_year = 0, last_year = 0, values = 0;
  double max_rel = 0.0;
};

// The readable diff: one line per value beyond tolerance (and per missing or extra row); `moved`
// (optional) gets a one-line-per-metric overview.
std::vector<std::string> compare(const Table& expected, const Table& got, const Tolerances& tol,
                                 std::map<std::string, Moved>* moved = nullptr) {
  std::vector<std::string> diff;
  for (const auto& [key, e] : expected) {
    auto it = got.find(key);
    if (it == got.end()) {
      diff.push_back(fmt::format("{:<26} {:>4}  missing from the new summary.csv", key.first, key.second));
      continue;
    }
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      const double x = e[c], y = it->second[c];
      const Tolerance t = tol.of(key.first, kColumns[c]);
      const double allowed = t.abs + t.rel * std::fabs(x);
      const bool same_nonfinite = !std::isfinite(x) && !std::isfinite(y) && std::isnan(x) == std::isnan(y);
      if (same_nonfinite || std::fabs(x - y) <= allowed) continue;
      const double rel = x != 0.0 ? (y - x) / std::fabs(x) : std::numeric_limits<double>::infinity();
      if (moved) {
        Moved& m = (*moved)[key.first];
        if (m.values == 0) m.first_year = key.second;
        m.first_year = std::min(m.first_year, key.second);
        m.last_year = std::max(m.last_year, key.second);
        ++m.values;
        m.max_rel = std::max(m.max_rel, std::fabs(rel));
      }
      diff.push_back(fmt::format("{:<26} {:>4}  {:<4}  expected {:>14.7g}  got {:>14.7g}  ({:+.3e} relative; "
                                 "tolerance rel {:g} abs {:g})",
                                 key.first, key.second, kColumns[c], x, y, rel, t.rel, t.abs));
    }
  }
  for (const auto& [key, g] : got)
    if (!expected.count(key))
      diff.push_back(fmt::format("{:<26} {:>4}  new row, not in the golden summary.csv", key.first, key.second));
  return diff;
}

int run_command(const std::string& cmd, std::string& output) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) output += buf.data();
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kGolden))
    if (e.is_directory() && fs::exists(e.path() / "scenario.yaml")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, SummaryWithinDeclaredTolerances) {
  const std::string name = GetParam();
  const fs::path dir = kGolden / name;
  ASSERT_TRUE(fs::exists(dir / "summary.csv"))
      << dir << " has no summary.csv: run bash tests/golden/regenerate.sh";
  const fs::path out = fs::temp_directory_path() / fmt::format("fundsim-golden-{}-{}", ::getpid(), name);
  fs::remove_all(out);
  std::string log;
  const std::string cmd = fmt::format("{}/fundsim run {} --quiet --threads 2 --out {}", FUNDSIM_BINARY_DIR,
                                      (dir / "scenario.yaml").string(), out.string());
  ASSERT_EQ(run_command(cmd, log), 0) << cmd << "\n" << log;
  const Table expected = read_summary(dir / "summary.csv");
  const Table got = read_summary(out / "summary.csv");
  fs::remove_all(out);
  ASSERT_FALSE(expected.empty());
  std::map<std::string, Moved> moved;
  const auto diff = compare(expected, got, read_tolerances(), &moved);
  std::string text = "  by metric:\n";
  for (const auto& [metric, m] : moved)
    text += fmt::format("    {:<26} {} value(s) in {}-{}, largest relative move {:.3e}\n", metric, m.values,
                        m.first_year, m.last_year, m.max_rel);
  text += "  values:\n";
  for (std::size_t i = 0; i < diff.size() && i < 40; ++i) text += "  " + diff[i] + "\n";
  if (diff.size() > 40) text += fmt::format("  ... and {} more\n", diff.size() - 40);
  EXPECT_TRUE(diff.empty()) << "golden " << name << ": " << diff.size()
                            << " value(s) beyond tolerance (metric, year, column):\n"
                            << text
                            << "If the change is intended: bash tests/golden/regenerate.sh and review git diff "
                               "tests/golden\n";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Golden, ::testing::ValuesIn(golden_names()), [](const auto& info) {
  std::string n = info.param;
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
});

// The comparison must catch a moved number, a missing row and respect the tolerance.
TEST(GoldenCompare, ReportsMetricYearAndColumnBeyondTolerance) {
  Tolerances tol;
  for (const char* c : kColumns) tol.column[c] = {1e-9, 0.0};
  tol.metric["interest_rate"] = {0.0, 1e-3};
  Table a;
  a[{"spending_total", 2030}] = {100, 10, 90, 95, 100, 105, 110};
  a[{"interest_rate", 2030}] = {0.015, 0.001, 0.013, 0.014, 0.015, 0.016, 0.017};
  Table b = a;
  EXPECT_TRUE(compare(a, b, tol).empty());
  b[{"spending_total", 2030}][0] = 100 * (1 + 1e-10);  // within rel 1e-9
  b[{"interest_rate", 2030}][4] = 0.0155;              // within abs 1e-3
  EXPECT_TRUE(compare(a, b, tol).empty());
  b[{"spending_total", 2030}][6] = 111;
  const auto d = compare(a, b, tol);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].find("spending_total"), std::string::npos) << d[0];
  EXPECT_NE(d[0].find("2030"), std::string::npos) << d[0];
  EXPECT_NE(d[0].find("p95"), std::string::npos) << d[0];
  EXPECT_NE(d[0].find("expected            110"), std::string::npos) << d[0];
  b.erase({"interest_rate", 2030});
  EXPECT_EQ(compare(a, b, tol).size(), 2u) << "a missing row is reported too";
}

}  // namespace
}  // namespace fundsim::testing
