#include "scenario/pool.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "scenario/data_table.hpp"
#include "scenario/errors.hpp"
#include "scenario/scenario.hpp"

namespace fundsim {

namespace fs = std::filesystem;

namespace {

constexpr int kAgeGroups = kFiveYearGroups;  // 0-4, ..., 95-99, 100+

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw InputError(fmt::format("{}: {}", where, what));
}

// --- pool.yaml ---------------------------------------------------------------------------------

struct PoolYaml {
  std::string file, name, level, parent, scenario, calibration;
  int census_year = 0;
  double urban_share = -1;             // < 0: not given
  std::optional<double> net_migration;  // a total with the base scenario's age profile
  YAML::Node settings;
};

std::string at_line(const std::string& file, const YAML::Node& n) {
  return fmt::format("{}:{}", file, n.Mark().line + 1);
}

// A YAML file of the package; a syntax error names file:line.
YAML::Node load_yaml(const std::string& file, const char* what) { return read_yaml_file(file, what); }

PoolYaml read_pool_yaml(const std::string& file) {
  const YAML::Node n = load_yaml(file, "the pool description (pool.yaml)");
  if (!n.IsMap()) fail(file + ":1", "expected a mapping with name, level, scenario, census_year and calibration");
  PoolYaml p;
  p.file = file;
  static const std::set<std::string> known = {"name",        "level",    "parent", "scenario",
                                              "census_year", "calibration", "urban_share",
                                              "net_migration_persons", "settings"};
  for (const auto& kv : n) {
    const std::string k = kv.first.Scalar();
    if (!known.count(k))
      fail(at_line(file, kv.first), fmt::format("key '{}': unknown; expected one of name, level, parent, scenario, "
                                                "census_year, calibration, urban_share, net_migration_persons, settings",
                                                k));
  }
  auto text = [&](const char* key, bool required) -> std::string {
    const YAML::Node v = n[key];
    if (!v.IsDefined() || v.IsNull()) {
      if (required) fail(file + ":1", fmt::format("key '{}': required", key));
      return "";
    }
    if (!v.IsScalar() || v.Scalar().empty()) fail(at_line(file, v), fmt::format("key '{}': expected a text value", key));
    return v.Scalar();
  };
  auto number = [&](const char* key, const YAML::Node& v) {
    const auto x = parse_number(v.IsScalar() ? v.Scalar() : std::string());
    if (!x || !std::isfinite(*x)) fail(at_line(file, v), fmt::format("key '{}': expected a finite number", key));
    return *x;
  };
  p.name = text("name", true);
  for (char c : p.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      fail(at_line(file, n["name"]), "key 'name': expected letters, digits, '-' or '_' (it names output directories)");
  p.level = text("level", true);
  if (p.level != "city" && p.level != "province")
    fail(at_line(file, n["level"]), fmt::format("key 'level': expected city or province, found '{}'", p.level));
  p.parent = text("parent", false);
  p.scenario = text("scenario", true);
  p.calibration = text("calibration", true);
  {
    const YAML::Node v = n["census_year"];
    if (!v.IsDefined() || v.IsNull()) fail(file + ":1", "key 'census_year': required (the year of population.csv)");
    const double y = number("census_year", v);
    if (y != std::floor(y) || y < 1990 || y > 2100)
      fail(at_line(file, v), "key 'census_year': expected a year between 1990 and 2100");
    p.census_year = static_cast<int>(y);
  }
  if (const YAML::Node v = n["urban_share"]; v.IsDefined() && !v.IsNull()) {
    p.urban_share = number("urban_share", v);
    if (p.urban_share < 0 || p.urban_share > 1) fail(at_line(file, v), "key 'urban_share': expected a share in [0, 1]");
  }
  if (const YAML::Node v = n["net_migration_persons"]; v.IsDefined() && !v.IsNull())
    p.net_migration = number("net_migration_persons", v);
  if (const YAML::Node v = n["settings"]; v.IsDefined() && !v.IsNull()) {
    if (!v.IsMap()) fail(at_line(file, v), "key 'settings': expected a mapping of scenario sections");
    p.settings.reset(v);
  }
  return p;
}

// --- tables ------------------------------------------------------------------------------------

int whole(const CsvTable& t, std::size_t r, std::size_t c, const char* what) {
  const double x = t.rows[r][c];
  // Whole and within +-1e6 (ages and years; also what an int holds: the cast below is defined).
  if (x != std::floor(x) || !(std::abs(x) <= 1e6))
    fail(t.where(r, c), fmt::format("column '{}': expected {}, found {}", t.columns[c], what, x));
  return static_cast<int>(x);
}

struct AgeTable {
  std::vector<double> male, female;  // 21 groups
};

AgeTable read_age_table(const std::string& path, bool nonnegative) {
  const CsvTable t = read_csv_table(path, {"age_from", "age_to", "male", "female"});
  if (t.rows.empty()) fail(path + ":1", "expected one row per age or 5-year group, found none");
  const std::size_t cf = t.column("age_from"), ct = t.column("age_to"), cm = t.column("male"), cw = t.column("female");
  std::vector<int> from, to;
  std::vector<double> male, female;
  std::vector<std::string> where_from, where_to;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    from.push_back(whole(t, r, cf, "a whole age"));
    to.push_back(whole(t, r, ct, "a whole age"));
    for (std::size_t c : {cm, cw})
      if (nonnegative && t.rows[r][c] < 0) fail(t.where(r, c), fmt::format("column '{}': expected persons >= 0", t.columns[c]));
    male.push_back(t.rows[r][cm]);
    female.push_back(t.rows[r][cw]);
    where_from.push_back(t.where(r, cf));
    where_to.push_back(t.where(r, ct));
  }
  AgeTable a;
  a.male = five_year_groups(from, to, male, where_from, where_to);
  a.female = five_year_groups(from, to, female, where_from, where_to);
  return a;
}

CsvTable read_year_table(const std::string& path, const std::vector<std::string>& required,
                          const std::vector<std::string>& optional) {
  std::vector<std::string> columns = required;
  columns.insert(columns.begin(), "year");
  CsvTable t = read_csv_table(path, columns, optional);
  if (t.rows.empty()) fail(path + ":1", "expected one row per year, found none");
  const std::size_t cy = t.column("year");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const int year = whole(t, r, cy, "a year");
    if (year < 1990 || year > 2100) fail(t.where(r, cy), "column 'year': expected a year between 1990 and 2100");
    if (r > 0 && year != static_cast<int>(t.rows[r - 1][cy]) + 1)
      fail(t.where(r, cy), fmt::format("column 'year': expected {} (consecutive years), found {}",
                                      static_cast<int>(t.rows[r - 1][cy]) + 1, year));
  }
  for (const auto& name : t.columns) {
    bool known = name == "year";
    for (const auto& c : required) known = known || c == name;
    for (const auto& c : optional) known = known || c == name;
    if (!known) fail(path + ":1", fmt::format("column '{}': unknown; expected year and {}", name, [&] {
                       std::string s;
                       for (const auto& c : required) s += c + ",";
                       for (const auto& c : optional) s += c + " (optional),";
                       s.pop_back();
                       return s;
                     }()));
  }
  return t;
}

YAML::Node sequence(const std::vector<double>& v) {
  YAML::Node n(YAML::NodeType::Sequence);
  for (double x : v) n.push_back(x);
  return n;
}

YAML::Node schedule_values(const std::map<int, double>& values) {
  YAML::Node n(YAML::NodeType::Map), vals(YAML::NodeType::Map);
  for (const auto& [y, x] : values) vals[y] = x;
  n["values"] = vals;
  return n;
}

InputFile hashed(const std::string& key, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return {key, path, sha256_hex(ss.str())};
}

}  // namespace

std::vector<double> five_year_groups(const std::vector<int>& age_from, const std::vector<int>& age_to,
                                     const std::vector<double>& persons,
                                     const std::vector<std::string>& where_from,
                                     const std::vector<std::string>& where_to) {
  std::vector<double> g(kAgeGroups, 0.0);
  int next = 0;  // the age the next row must start at
  for (std::size_t i = 0; i < age_from.size(); ++i) {
    const int a = age_from[i], b = age_to[i];
    if (a != next) {
      if (a > next) fail(where_from[i], fmt::format("column 'age_from': ages {} to {} are missing (expected a row from {})", next, a - 1, next));
      fail(where_from[i], fmt::format("column 'age_from': age {} is repeated (the previous row already covers it; expected {})", a, next));
    }
    if (b < a) fail(where_to[i], fmt::format("column 'age_to': expected an age >= age_from ({}), found {}", a, b));
    if (b >= 100) {  // the open group: everyone aged 100 and over
      if (a != 100)
        fail(where_from[i], fmt::format("column 'age_from': the row reaching 100 is the open group 100 and over; "
                                        "expected it to start at 100, found {}", a));
      if (i + 1 != age_from.size())
        fail(where_from[i + 1], "column 'age_from': expected no row after the open group from 100");
      g[kAgeGroups - 1] += persons[i];
      next = -1;
      break;
    }
    const bool single = a == b, five = a % 5 == 0 && b == a + 4;
    if (!single && !five)
      fail(where_to[i], fmt::format("column 'age_to': expected a single age ({0}) or a 5-year group ({0}-{1}), found {0}-{2}",
                                    a, a + 4, b));
    g[static_cast<std::size_t>(a / 5)] += persons[i];
    next = b + 1;
  }
  if (next != -1)
    fail(where_to.back(), fmt::format("column 'age_to': the table stops at {}; expected rows up to the open group from 100 (age_to 100)", next - 1));
  return g;
}

bool is_pool_directory(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_regular_file(fs::path(dir) / "pool.yaml", ec);
}

LoadedScenario load_pool(const std::string& dir, const std::vector<std::string>& sets) {
  const fs::path root(dir);
  const std::string pool_file = (root / "pool.yaml").string();
  if (!is_pool_directory(dir)) fail(dir, "expected a scenario file or a pool directory holding pool.yaml");
  const PoolYaml p = read_pool_yaml(pool_file);
  const std::string base = (root / p.scenario).lexically_normal().string();
  std::error_code ec;
  if (!fs::is_regular_file(base, ec)) fail(pool_file, fmt::format("key 'scenario': expected the base scenario file, cannot open '{}'", base));

  PoolOrigin origin;
  origin.name = p.name;
  origin.level = p.level;
  origin.parent = p.parent;
  origin.directory = dir;
  origin.base_scenario = base;
  std::vector<ScenarioLayer> layers;
  std::vector<InputFile> inputs;
  auto file = [&](const char* name) { return (root / name).string(); };
  auto exists = [&](const char* name) { return fs::is_regular_file(root / name, ec); };
  // An optional table with a header and no rows (as `fundsim pool init` writes it) is not given.
  auto given = [&](const char* name) {
    if (!exists(name)) return false;
    std::ifstream in(file(name));
    int lines = 0;  // the header and any rows (comments and blank lines aside)
    for (std::string line; std::getline(in, line) && lines < 2;)
      if (line.find_first_not_of(" \t\r") != std::string::npos && line[0] != '#') ++lines;
    return lines >= 2;
  };

  // Population at the census.
  if (!exists("population.csv")) fail(file("population.csv"), "required: the census population by age and sex");
  {
    const AgeTable a = read_age_table(file("population.csv"), true);
    double total = 0;
    std::vector<double> m(kAgeGroups), f(kAgeGroups);
    for (int i = 0; i < kAgeGroups; ++i) {
      m[static_cast<std::size_t>(i)] = a.male[static_cast<std::size_t>(i)] / 1000.0;
      f[static_cast<std::size_t>(i)] = a.female[static_cast<std::size_t>(i)] / 1000.0;
      total += m[static_cast<std::size_t>(i)] + f[static_cast<std::size_t>(i)];
    }
    if (!(total > 0)) fail(file("population.csv") + ":1", "expected a population above 0");
    YAML::Node n;
    n["demography"]["base_population"]["year"] = p.census_year;
    n["demography"]["base_population"]["male_thousands"] = sequence(m);
    n["demography"]["base_population"]["female_thousands"] = sequence(f);
    n["demography"]["base_population"]["total_thousands"] = total;
    layers.push_back({n, file("population.csv")});
    inputs.push_back(hashed("pool.population", file("population.csv")));
    origin.given.push_back({"population by age and sex at the census", file("population.csv")});
  }

  // Fund history: the jump-off year and its balance.
  if (!exists("history.csv")) fail(file("history.csv"), "required: the fund's history by year");
  int jump_off = 0;
  {
    const CsvTable t = read_year_table(file("history.csv"),
                                        {"enrollees", "revenue_yuan", "spending_yuan", "cumulative_balance_yuan"},
                                        {"assisted_persons", "admissions", "catastrophic_claims_yuan"});
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      for (const char* c : {"enrollees", "revenue_yuan", "spending_yuan", "assisted_persons", "admissions",
                            "catastrophic_claims_yuan"}) {
        if (!t.has_column(c)) continue;
        const std::size_t k = t.column(c);
        if (t.rows[r][k] < 0) fail(t.where(r, k), fmt::format("column '{}': expected a count or amount >= 0, found {}", c, t.rows[r][k]));
      }
    const std::size_t last = t.rows.size() - 1;
    jump_off = static_cast<int>(t.rows[last][t.column("year")]);
    if (jump_off < p.census_year)
      fail(t.where(last, t.column("year")),
           fmt::format("column 'year': the last year (the jump-off, {}) must not precede the census year {}", jump_off, p.census_year));
    YAML::Node n;
    n["run"]["jump_off_year"] = jump_off;
    n["fund"]["initial_balance_yuan"] = t.rows[last][t.column("cumulative_balance_yuan")];
    layers.push_back({n, file("history.csv")});
    inputs.push_back(hashed("pool.history", file("history.csv")));
    origin.given.push_back({fmt::format("fund history {}-{} (jump-off {} and its balance)",
                                        static_cast<int>(t.rows[0][0]), jump_off, jump_off),
                            file("history.csv")});
  }

  // Net migration: by age (migration.csv) or a total with the base scenario's age profile.
  if (given("migration.csv")) {
    if (p.net_migration) fail(pool_file, "key 'net_migration_persons': give either it or migration.csv, not both");
    const AgeTable a = read_age_table(file("migration.csv"), false);
    double tm = 0, tf = 0;
    bool pos = false, neg = false;
    std::vector<double> pattern(kAgeGroups);
    for (int i = 0; i < kAgeGroups; ++i) {
      const double x = a.male[static_cast<std::size_t>(i)], y = a.female[static_cast<std::size_t>(i)];
      tm += x;
      tf += y;
      pos = pos || x > 0 || y > 0;
      neg = neg || x < 0 || y < 0;
      pattern[static_cast<std::size_t>(i)] = std::abs(x + y);
    }
    if (pos && neg)
      fail(file("migration.csv") + ":1",
           "expected net migration of one sign at every age (the model spreads one net total by an age profile)");
    YAML::Node n;
    n["demography"]["migration"]["net_migrants_persons"] = tm + tf;
    if (tm + tf != 0) {
      n["demography"]["migration"]["male_share"] = tm / (tm + tf);
      n["demography"]["migration"]["age_pattern_5y"] = sequence(pattern);
    }
    layers.push_back({n, file("migration.csv")});
    inputs.push_back(hashed("pool.migration", file("migration.csv")));
    origin.given.push_back({"net migration by age and sex", file("migration.csv")});
  } else if (p.net_migration) {
    YAML::Node n;
    n["demography"]["migration"]["net_migrants_persons"] = *p.net_migration;
    layers.push_back({n, pool_file});
    origin.given.push_back({"net migration total (the base scenario's age profile)", pool_file});
  } else {
    origin.inherited.push_back("net migration (the base scenario's: demography.migration)");
  }

  // Incomes: from census_year - 1 (the first projected year's deductible reads the prior year)
  // through the base scenario's last data year, so that no year of the base's series is left in.
  std::optional<std::pair<int, int>> income_years;  // first and last year of income.csv
  auto income_coverage_error = [&](int last) {
    fail(file("income.csv") + ":1", fmt::format("column 'year': expected every year from {} (census year - 1) to {} "
                                                "(the later of the jump-off and the base scenario's last income year)",
                                                p.census_year - 1, last));
  };
  if (given("income.csv")) {
    const CsvTable t = read_year_table(file("income.csv"), {"rural_yuan", "urban_yuan"}, {"all_yuan"});
    const bool has_all = t.has_column("all_yuan");
    if (!has_all && p.urban_share < 0)
      fail(file("income.csv") + ":1", "expected a column 'all_yuan', or urban_share in pool.yaml to weight rural and urban income");
    // The last year needed is known once the base is read (the merged schedules, after loading).
    income_years = {static_cast<int>(t.rows.front()[t.column("year")]), static_cast<int>(t.rows.back()[t.column("year")])};
    if (income_years->first > p.census_year - 1) income_coverage_error(jump_off);
    std::map<int, double> rural, urban, all;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const int year = static_cast<int>(t.rows[r][t.column("year")]);
      for (const char* c : {"rural_yuan", "urban_yuan", "all_yuan"}) {
        if (!t.has_column(c)) continue;
        const std::size_t k = t.column(c);
        if (!(t.rows[r][k] > 0) && !(std::string(c) == "all_yuan" && std::isnan(t.rows[r][k])))
          fail(t.where(r, k), fmt::format("column '{}': expected an income > 0 yuan", c));
      }
      rural[year] = t.rows[r][t.column("rural_yuan")];
      urban[year] = t.rows[r][t.column("urban_yuan")];
      const double a = has_all ? t.rows[r][t.column("all_yuan")] : std::nan("");
      if (std::isnan(a) && p.urban_share < 0)
        fail(t.where(r, t.column("all_yuan")), "column 'all_yuan': empty, and no urban_share in pool.yaml to derive it");
      all[year] = std::isnan(a) ? p.urban_share * urban[year] + (1 - p.urban_share) * rural[year] : a;
    }
    YAML::Node n;
    n["demography"]["income"]["rural_yuan"] = schedule_values(rural);
    n["demography"]["income"]["urban_yuan"] = schedule_values(urban);
    n["demography"]["income"]["national_yuan"] = schedule_values(all);
    layers.push_back({n, file("income.csv")});
    inputs.push_back(hashed("pool.income", file("income.csv")));
    origin.given.push_back({"per-capita disposable income (rural, urban, all residents)", file("income.csv")});
  } else {
    origin.inherited.push_back("per-capita disposable income (the base scenario's: demography.income)");
  }

  // Financing standards and the subsidy split.
  if (given("financing.csv")) {
    const CsvTable t = read_year_table(file("financing.csv"), {"individual_yuan", "subsidy_yuan"},
                                        {"central_share", "provincial_share", "city_share"});
    std::map<int, double> ind, sub;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const int year = static_cast<int>(t.rows[r][t.column("year")]);
      for (const char* c : {"individual_yuan", "subsidy_yuan"})
        if (t.rows[r][t.column(c)] < 0) fail(t.where(r, t.column(c)), fmt::format("column '{}': expected yuan >= 0", c));
      ind[year] = t.rows[r][t.column("individual_yuan")];
      sub[year] = t.rows[r][t.column("subsidy_yuan")];
    }
    YAML::Node n;
    n["financing"]["individual_contribution_yuan"] = schedule_values(ind);
    n["financing"]["fiscal_subsidy_yuan"] = schedule_values(sub);
    const std::size_t last = t.rows.size() - 1;
    double split = 0;
    bool any_split = false;
    for (const auto& [col, key] : {std::pair{"central_share", "central_share_of_subsidy"},
                                   std::pair{"provincial_share", "provincial_share_of_subsidy"},
                                   std::pair{"city_share", "city_share_of_subsidy"}}) {
      if (!t.has_column(col) || std::isnan(t.rows[last][t.column(col)])) continue;
      const double x = t.rows[last][t.column(col)];
      if (x < 0 || x > 1) fail(t.where(last, t.column(col)), fmt::format("column '{}': expected a share in [0, 1]", col));
      n["financing"][key] = x;
      split += x;
      any_split = true;
    }
    if (split > 1 + 1e-9)
      fail(file("financing.csv") + ":" + std::to_string(t.lines[last]),
           fmt::format("the central, provincial and city shares add up to {:.4f}; expected at most 1 (the county pays the rest)", split));
    layers.push_back({n, file("financing.csv")});
    inputs.push_back(hashed("pool.financing", file("financing.csv")));
    origin.given.push_back({fmt::format("financing standards {}-{}{}", static_cast<int>(t.rows[0][0]),
                                        static_cast<int>(t.rows[last][0]), any_split ? " and the subsidy split" : ""),
                            file("financing.csv")});
    origin.inherited.push_back(fmt::format("financing standards after {} (the base scenario's schedules and rules)",
                                           static_cast<int>(t.rows[last][0])));
    if (!any_split) origin.inherited.push_back("the subsidy split by level of government (the base scenario's)");
  } else {
    origin.inherited.push_back("financing standards and the subsidy split (the base scenario's: financing)");
  }

  // The pool's own rules.
  YAML::Node rules;
  if (exists("rules.yaml")) {
    const YAML::Node n = load_yaml(file("rules.yaml"), "the pool's rules (rules.yaml)");
    if (!n.IsNull() && !n.IsMap())
      fail(file("rules.yaml") + ":1", "expected a scenario fragment (a mapping, e.g. benefits: ...)");
    if (n.IsMap()) rules.reset(n);
  }
  if (rules.IsMap() && rules.size() > 0) {
    layers.push_back({rules, file("rules.yaml")});
    inputs.push_back(hashed("pool.rules", file("rules.yaml")));
    origin.given.push_back({"benefit rules (a scenario fragment)", file("rules.yaml")});
  } else {
    origin.inherited.push_back("benefit rules (the base scenario's: benefits)");
  }

  // Calibration: explicit.
  {
    YAML::Node n;
    if (p.calibration == "inherited") {
      origin.inherited.push_back("calibrated parameters");  // completed below, from the loaded scenario
    } else if (p.calibration == "none") {
      n["run"]["parameter_draws_file"] = "";
      origin.calibration = "none (the base scenario's parameter values, no parameter draws)";
    } else {
      n["run"]["parameter_draws_file"] = p.calibration;  // relative to pool.yaml (the layer's file)
      origin.calibration = "own: " + (root / p.calibration).lexically_normal().string();
      origin.given.push_back({"calibrated parameters", (root / p.calibration).lexically_normal().string()});
    }
    if (n.size()) layers.push_back({n, pool_file});
  }
  // The pool's name keys its own random streams (claims noise, cost-trend deviation).
  {
    YAML::Node n;
    n["run"]["pool"] = p.name;
    layers.push_back({n, pool_file});
  }
  origin.inherited.push_back("mortality, fertility, health states, costs and enrolment behaviour (the base scenario's)");
  if (p.settings.IsMap() && p.settings.size() > 0) {
    layers.push_back({p.settings, pool_file});
    origin.given.push_back({"settings (a scenario fragment)", pool_file});
  }
  {
    YAML::Node n;
    n["name"] = p.name;
    layers.push_back({n, pool_file});
  }
  inputs.insert(inputs.begin(), hashed("pool.description", pool_file));

  LoadedScenario r = load_scenario_layers(base, layers, sets, dir, inputs);
  if (income_years) {
    const auto& inc = r.scenario.demography.income;  // the base's years merged with the pool's
    const int last = std::max({jump_off, inc.rural_yuan.last_year(), inc.urban_yuan.last_year(), inc.national_yuan.last_year()});
    if (income_years->second < last) income_coverage_error(last);
  }
  if (p.calibration == "inherited") {
    const std::string& f = r.scenario.run.parameter_draws_file;
    origin.calibration = f.empty() ? "inherited: none (the base scenario has no calibration)" : "inherited from " + f;
    for (auto& x : origin.inherited)
      if (x == "calibrated parameters") x += " (" + origin.calibration + ")";
    if (!f.empty())
      r.warnings.push_back(fmt::format("pool {}: the calibration is inherited from {} (estimates of the base scenario, "
                                       "not of this pool)",
                                       p.name, f));
  }
  r.pool = origin;
  return r;
}

std::vector<std::string> write_pool_templates(const std::string& dir) {
  const fs::path root(dir);
  static const std::pair<const char*, const char*> kFiles[] = {
      {"pool.yaml",
       "# A pool data package (fundsim pool init). Fill in the files, then `fundsim validate DIR` and\n"
       "# `fundsim run DIR`. What a pool does not give comes from `scenario` (listed in manifest.json).\n"
       "name: my-city                 # letters, digits, - or _ (names output directories)\n"
       "level: city                   # city | province\n"
       "parent:                       # optional: the province this pool belongs to\n"
       "scenario: ../../scenarios/national-baseline.yaml   # the base scenario, relative to this folder\n"
       "census_year: 2020             # the year of population.csv\n"
       "calibration: inherited        # inherited (the base scenario's estimates) | none | a parameter file\n"
       "urban_share:                  # optional: urban share of residents (weights income.csv without all_yuan)\n"
       "net_migration_persons:        # optional: net migrants per year (base age profile); or migration.csv\n"
       "settings: {}                  # optional: any scenario keys, e.g. {fund: {interest: {mean_rate: 0.015}}}\n"},
      {"population.csv",
       "# Census population of the pool by age and sex (persons). One row per single age (age_from =\n"
       "# age_to) or per 5-year group (0-4, 5-9, ...), contiguous from 0; the last row ends at 100 and\n"
       "# holds everyone aged 100 and over (e.g. 100,100,...). Lines starting with # are comments.\n"
       "age_from,age_to,male,female\n"},
      {"history.csv",
       "# The resident fund's history (persons; nominal yuan). Consecutive years; the last year is the\n"
       "# jump-off and its cumulative balance opens the projection. assisted_persons, admissions and\n"
       "# catastrophic_claims_yuan are optional: leave a field empty where unknown.\n"
       "year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan,assisted_persons,admissions,catastrophic_claims_yuan\n"},
      {"income.csv",
       "# Optional (else the base scenario's income is used): per-capita disposable income of the pool's\n"
       "# rural, urban and all residents (yuan/year), every year from census_year - 1 through the later\n"
       "# of the jump-off and the base scenario's last income year. all_yuan may be empty if pool.yaml\n"
       "# gives urban_share.\n"
       "year,rural_yuan,urban_yuan,all_yuan\n"},
      {"financing.csv",
       "# Optional (else the base scenario's standards): the pool's individual contribution and fiscal\n"
       "# subsidy per enrollee (yuan/year); the last row's central, provincial and city shares of the\n"
       "# subsidy are used (the county pays the rest; leave empty to inherit the base split). Years\n"
       "# after the last row follow the base scenario's schedules.\n"
       "year,individual_yuan,subsidy_yuan,central_share,provincial_share,city_share\n"},
      {"migration.csv",
       "# Optional: net migrants per year by age and sex (persons, one sign at every age), single ages\n"
       "# or 5-year groups as in population.csv. Delete this file to inherit the base scenario's.\n"
       "age_from,age_to,male,female\n"},
      {"rules.yaml",
       "# Optional: the pool's own benefit rules as a scenario fragment; keys not given are the base\n"
       "# scenario's. Example:\n"
       "# benefits:\n"
       "#   catastrophic:\n"
       "#     base: inpatient_and_chronic_special\n"
       "{}\n"},
  };
  std::error_code ec;
  for (const auto& [name, text] : kFiles)
    if (fs::exists(root / name, ec)) fail((root / name).string(), "exists; fundsim pool init never overwrites a file");
  fs::create_directories(root, ec);
  if (ec) fail(dir, "cannot create the directory: " + ec.message());
  std::vector<std::string> written;
  for (const auto& [name, text] : kFiles) {
    const fs::path f = root / name;
    std::ofstream out(f);
    out << text;
    if (!out) fail(f.string(), "cannot write the template");
    written.push_back(f.string());
  }
  return written;
}

}  // namespace fundsim
