// Pool data packages (issue 16, first part): templates, loading a pool over the national baseline,
// what is given and inherited, provenance, and bad pool data (file:line:column, exit 2, nothing
// written).
#include "scenario/pool.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

namespace fs = std::filesystem;
using testing::fundsim_binary;
using testing::read_file;
using testing::run_command;
using testing::source_path;
using testing::temp_path;

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

// The national 5-year shape (demography defaults) scaled to `total` persons: a city of that size.
std::string population_csv(double total) {
  const BasePopulationParams b;
  double sum = 0;
  for (int i = 0; i < kFiveYearGroups; ++i) sum += b.male_thousands[i] + b.female_thousands[i];
  std::string s = "# test city\nage_from,age_to,male,female\n";
  for (int i = 0; i < kFiveYearGroups; ++i) {
    const int a = 5 * i, z = i + 1 < kFiveYearGroups ? a + 4 : 100;
    s += fmt::format("{},{},{:.3f},{:.3f}\n", a, z, b.male_thousands[i] / sum * total, b.female_thousands[i] / sum * total);
  }
  return s;
}

// A complete pool: 1,000,000 persons, history 2020-2024, incomes 2019-2024, financing with a split,
// its own catastrophic base.
fs::path write_pool(const std::string& name) {
  const fs::path d = temp_path(name);
  fs::create_directories(d);
  write(d / "pool.yaml", fmt::format("name: test-city\nlevel: city\nparent: test-province\nscenario: {}\n"
                                     "census_year: 2020\ncalibration: inherited\nurban_share: 0.6\n",
                                     source_path("scenarios/national-baseline.yaml")));
  write(d / "population.csv", population_csv(1e6));
  write(d / "history.csv",
        "year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan,assisted_persons\n"
        "2020,700000,630e6,570e6,420e6,\n2021,695000,680e6,650e6,450e6,50000\n2022,690000,710e6,660e6,500e6,51000\n"
        "2023,685000,740e6,735e6,505e6,52000\n2024,680000,780e6,745e6,540e6,\n");
  write(d / "income.csv",  // all_yuan given but for 2022 (urban_share weights that year)
        "year,rural_yuan,urban_yuan,all_yuan\n2019,15000,35000,27000\n2020,16000,36000,28000\n2021,17500,38000,29800\n"
        "2022,18500,39000,\n2023,19800,41000,32500\n2024,21000,43000,34200\n");
  write(d / "financing.csv",
        "year,individual_yuan,subsidy_yuan,central_share,provincial_share,city_share\n"
        "2023,380,640,0.6,0.12,0.14\n2024,400,670,0.6,0.12,0.14\n");
  write(d / "rules.yaml", "benefits:\n  catastrophic:\n    base: inpatient_and_chronic_special\n");
  return d;
}

TEST(Pool, LoadsOverTheNationalBaselineAndSaysWhatItInherits) {
  const fs::path d = write_pool("pool-ok");
  const LoadedScenario s = load_scenario(d.string());
  ASSERT_TRUE(s.pool.has_value());
  EXPECT_EQ(s.scenario.name, "test-city");
  // Population: the table as given (no rescaling), in thousands.
  const auto& bp = s.scenario.demography.base_population;
  double total = 0;
  for (int i = 0; i < kFiveYearGroups; ++i) total += bp.male_thousands[i] + bp.female_thousands[i];
  EXPECT_NEAR(total, 1000.0, 1e-4);  // the CSV rounds to 0.001 persons
  ASSERT_TRUE(bp.total_thousands.has_value());
  EXPECT_NEAR(*bp.total_thousands, total, 1e-9);
  // History: the jump-off and its balance; incomes (all residents as given, or 0.6 urban + 0.4
  // rural where the field is empty).
  EXPECT_EQ(s.scenario.run.jump_off_year, 2024);
  EXPECT_DOUBLE_EQ(s.scenario.fund.initial_balance_yuan, 540e6);
  EXPECT_DOUBLE_EQ(s.scenario.demography.income.national_yuan.at(2022), 0.6 * 39000 + 0.4 * 18500);
  EXPECT_DOUBLE_EQ(s.scenario.demography.income.national_yuan.at(2023), 32500);
  EXPECT_DOUBLE_EQ(s.scenario.demography.income.rural_yuan.at(2019), 15000);
  // Financing: the pool's years, then the base scenario's schedule (2025 onward); the split.
  EXPECT_DOUBLE_EQ(s.scenario.financing.individual_contribution_yuan.at(2024), 400);
  EXPECT_DOUBLE_EQ(s.scenario.financing.city_share_of_subsidy, 0.14);
  EXPECT_TRUE(s.scenario.benefits.catastrophic.base == "inpatient_and_chronic_special");
  // Given and inherited, and the warning about the inherited calibration.
  const PoolOrigin& o = *s.pool;
  EXPECT_EQ(o.given.size(), 5u);  // population, history, income, financing, rules
  bool migration_inherited = false, calibration_inherited = false;
  for (const auto& x : o.inherited) {
    migration_inherited = migration_inherited || x.find("net migration") != std::string::npos;
    calibration_inherited = calibration_inherited || x.find("calibrated parameters") != std::string::npos;
  }
  EXPECT_TRUE(migration_inherited);
  EXPECT_TRUE(calibration_inherited);
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_NE(s.warnings.back().find("inherited"), std::string::npos);
  // Provenance: the pool's files are inputs; editing one changes the hash.
  int pool_inputs = 0;
  for (const auto& f : s.inputs) pool_inputs += f.key.rfind("pool.", 0) == 0;
  EXPECT_EQ(pool_inputs, 6);  // description, population, history, income, financing, rules
  write(d / "history.csv", read_file(d / "history.csv") + "# edited\n");
  EXPECT_NE(load_scenario(d.string()).sha256, s.sha256);
}

TEST(Pool, SingleAgesAddUpToTheirFiveYearGroups) {
  std::vector<int> from, to, from5, to5;
  std::vector<double> single, grouped;
  std::vector<std::string> w;
  for (int a = 0; a <= 100; ++a) {
    from.push_back(a);
    to.push_back(a);
    single.push_back(1000.0 + 7.0 * a);
    w.push_back("x");
  }
  for (int g = 0; g < kFiveYearGroups; ++g) {
    from5.push_back(5 * g);
    to5.push_back(g + 1 < kFiveYearGroups ? 5 * g + 4 : 100);
    double s = 0;
    for (int a = 5 * g; a <= std::min(5 * g + 4, 100); ++a) s += 1000.0 + 7.0 * a;
    grouped.push_back(s);
  }
  const std::vector<std::string> w5(from5.size(), "x");
  const auto a = five_year_groups(from, to, single, w, w);
  const auto b = five_year_groups(from5, to5, grouped, w5, w5);
  ASSERT_EQ(a.size(), static_cast<std::size_t>(kFiveYearGroups));
  for (int g = 0; g < kFiveYearGroups; ++g) EXPECT_DOUBLE_EQ(a[g], b[g]) << g;
  EXPECT_DOUBLE_EQ(a.back(), 1700.0);  // age 100 alone
}

// Each bad input: the message names the file, line and column (or key) and what was expected.
TEST(Pool, BadDataNamesFileLineAndColumn) {
  struct Case {
    const char* name;
    const char* file;
    std::string text;
    std::string expect;
  };
  std::string pop = population_csv(1e6);
  const std::string pop_missing = [&] {  // drop the 10-14 row (line 5)
    std::string s = pop;
    const auto a = s.find("\n10,14,");
    return s.erase(a, s.find('\n', a + 1) - a);
  }();
  const std::string pop_repeated = [&] {  // 10-14 twice
    std::string s = pop;
    const auto a = s.find("\n10,14,");
    const std::string line = s.substr(a, s.find('\n', a + 1) - a);
    return s.insert(a, line);
  }();
  const std::vector<Case> cases = {
      {"malformed", "population.csv", [&] {
         std::string s = pop;
         return s.replace(s.find("\n0,4,") + 5, 1, "x");
       }(), "population.csv:3:5: column 'male': expected a finite number"},
      {"missing-group", "population.csv", pop_missing, "population.csv:5:1: column 'age_from': ages 10 to 14 are missing"},
      {"repeated-group", "population.csv", pop_repeated, "population.csv:6:1: column 'age_from': age 10 is repeated"},
      {"age-beyond-range", "population.csv", [&] {  // the fuzzer's find (tests/fuzz/regressions/pool-age-beyond-int.txt)
         std::string s = pop;
         return s.replace(s.find("\n10,14,") + 4, 2, "4444444444444444444444");
       }(), "population.csv:5:4: column 'age_to': expected a whole age"},
      {"negative-enrollees", "history.csv",
       "year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan\n2023,700000,1,1,1\n2024,-5,1,1,1\n",
       "history.csv:3:6: column 'enrollees': expected a count or amount >= 0"},
      {"missing-census-year", "pool.yaml",
       fmt::format("name: c\nlevel: city\nscenario: {}\ncalibration: none\n", source_path("scenarios/national-baseline.yaml")),
       "pool.yaml:1: key 'census_year': required"},
      {"gap-in-years", "history.csv",
       "year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan\n2022,700000,1,1,1\n2024,700000,1,1,1\n",
       "history.csv:3:1: column 'year': expected 2023 (consecutive years), found 2024"},
      {"income-years", "income.csv", "year,rural_yuan,urban_yuan,all_yuan\n2021,1,2,\n",
       "income.csv:1: column 'year': expected every year from 2019"},
  };
  for (const Case& c : cases) {
    const fs::path d = write_pool(std::string("pool-bad-") + c.name);
    write(d / c.file, c.text);
    try {
      (void)load_scenario(d.string());
      ADD_FAILURE() << c.name << ": no error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(c.expect), std::string::npos) << c.name << ": " << e.what();
    }
    // The command line: exit 2, and nothing written.
    const fs::path out = temp_path(std::string("pool-bad-out-") + c.name);
    const auto r = run_command(fmt::format("{} run {} --draws 2 --quiet --out {}", fundsim_binary(), d.string(), out.string()));
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.output;
    EXPECT_FALSE(fs::exists(out)) << c.name;
  }
}

TEST(Pool, InitWritesTemplatesOnceAndRunRecordsThePool) {
  const fs::path d = temp_path("pool-init");
  const auto r = run_command(fmt::format("{} pool init {}", fundsim_binary(), d.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"pool.yaml", "population.csv", "history.csv", "income.csv", "financing.csv", "migration.csv", "rules.yaml"})
    EXPECT_TRUE(fs::exists(d / f)) << f;
  const auto again = run_command(fmt::format("{} pool init {}", fundsim_binary(), d.string()));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.output.find("pool.yaml: exists"), std::string::npos) << again.output;
  // The blank templates are not a pool yet: with the base scenario's path filled in, validate names
  // the empty population table.
  {
    std::string y = read_file(d / "pool.yaml");
    const auto a = y.find("scenario: ");
    y.replace(a, y.find('\n', a) - a, "scenario: " + source_path("scenarios/national-baseline.yaml"));
    write(d / "pool.yaml", y);
  }
  const auto v = run_command(fmt::format("{} validate {}", fundsim_binary(), d.string()));
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.output.find("population.csv:1: expected one row"), std::string::npos) << v.output;

  // A filled pool runs, and manifest.json says what the pool gave and inherited.
  const fs::path p = write_pool("pool-run");
  const fs::path out = temp_path("pool-run-out");
  const auto run = run_command(fmt::format("{} run {} --draws 4 --quiet --out {}", fundsim_binary(), p.string(), out.string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto m = nlohmann::json::parse(read_file(out / "manifest.json"));
  ASSERT_TRUE(m.contains("pool"));
  EXPECT_EQ(m["pool"]["name"], "test-city");
  EXPECT_EQ(m["pool"]["given"].size(), 5u);
  EXPECT_GE(m["pool"]["inherited"].size(), 3u);
  EXPECT_EQ(m["first_year"], 2025);
  bool has_history = false;
  for (const auto& f : m["input_files"]) has_history = has_history || f["key"] == "pool.history";
  EXPECT_TRUE(has_history);
}

}  // namespace
}  // namespace fundsim
