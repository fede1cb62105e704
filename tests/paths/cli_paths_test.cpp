// End-to-end: `fundsim paths` and `fundsim solve` as a user runs them, and `fundsim run` on the
// solved scenario.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "../cli/cli_support.hpp"

namespace fundsim::testing {
namespace {

// cumulative_probability of depletion.csv in `year` (the column found by its name).
double cumulative_depletion(const std::filesystem::path& dir, int year) {
  std::stringstream in(read_file(dir / "depletion.csv"));
  auto fields = [](const std::string& line) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    return f;
  };
  std::string line;
  std::getline(in, line);
  const auto header = fields(line);
  const auto col = std::find(header.begin(), header.end(), "cumulative_probability") - header.begin();
  while (std::getline(in, line)) {
    const auto f = fields(line);
    if (f.at(0) == std::to_string(year)) return std::stod(f.at(static_cast<std::size_t>(col)));
  }
  return -1.0;
}

// warning.csv: the probability of each band sums to 1 in every year, and the first year flagged is
// the first in which P(red or worse) exceeds the scenario's threshold.
TEST(WarningFile, BandsAndFirstYearOverThreshold) {
  const auto out = temp_path("warning-run");
  const CommandResult r =
      run_command(fundsim_binary() + " run " + source_path("tests/paths/small-trend.yaml") +
                  " --draws 100 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::stringstream in(read_file(out / "warning.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "year,p_exhausted,p_red,p_amber,p_target,p_comfortable,p_excessive,p_red_or_worse,"
            "p_current_deficit,red_probability_threshold,first_year_over_threshold");
  int first_over = 0, flagged = 0, flags = 0;
  while (std::getline(in, line)) {
    std::vector<double> v;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) v.push_back(std::stod(cell));
    ASSERT_EQ(v.size(), 11u) << line;
    EXPECT_NEAR(v[1] + v[2] + v[3] + v[4] + v[5] + v[6], 1.0, 1e-12) << line;
    EXPECT_DOUBLE_EQ(v[7], v[1] + v[2]);
    EXPECT_EQ(v[9], 0.2);  // fund.warning.red_probability_threshold of the baseline
    if (!first_over && v[7] > v[9]) first_over = static_cast<int>(v[0]);
    if (v[10] == 1.0) {
      flagged = static_cast<int>(v[0]);
      ++flags;
    }
  }
  ASSERT_NE(first_over, 0) << "the test scenario should cross the threshold";
  EXPECT_EQ(flags, 1);
  EXPECT_EQ(flagged, first_over);
  EXPECT_NE(r.output.find("first exceeds 20% in " + std::to_string(first_over)), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("warning bands, % of draws"), std::string::npos) << r.output;
}

TEST(PathsCommand, WritesTablesAndRefusesBadRules) {
  const auto out = temp_path("paths-out");
  const std::string scen = source_path("tests/paths/small-trend.yaml");
  CommandResult r =
      run_command(fundsim_binary() + " paths " + scen +
                  " --draws 40 --path base=scenario --path plus30=individual=increment:30 "
                  "--path 'plan=individual=schedule:2026=430;2027=460;then=growth:0.03' --out " +
                  out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string csv = read_file(out / "paths.csv");
  EXPECT_EQ(
      csv.substr(0, csv.find('\n')),
      "path,year,individual_contribution,fiscal_subsidy,enrollees,revenue_total,spending_total,"
      "p_current_deficit,p_depleted,months_payable_p50,contribution_burden_rural,fiscal_cost,p_"
      "depleted_by_year");
  EXPECT_NE(csv.find("\nplus30,2030,550,"), std::string::npos);  // 400 + 5 x 30
  EXPECT_NE(csv.find("\nplan,2027,460,"), std::string::npos);
  const std::string diff = read_file(out / "paths_diff.csv");
  EXPECT_EQ(diff.substr(0, diff.find('\n')),
            "path,reference,year,quantity,mean,se,se_independent,p05,p50,p95");
  EXPECT_NE(diff.find("\nplus30,base,2030,individual_contribution,50,0,0,50,50,50\n"),
            std::string::npos);
  const auto j = nlohmann::json::parse(read_file(out / "paths.json"));
  EXPECT_EQ(j["paths"].size(), 3u);
  EXPECT_EQ(j["draws"], 40);

  // Bad input: exit code 2, a message naming the argument, nothing written.
  const auto bad = temp_path("paths-bad");
  r = run_command(fundsim_binary() + " paths " + scen + " --path a=individual=growth:x --out " +
                  bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.output.find(
          "--path a=individual=growth:x: expected a rate per year after 'growth:', found 'x'"),
      std::string::npos)
      << r.output;
  r = run_command(fundsim_binary() + " paths " + scen +
                  " --path a=scenario --path a=individual=flat --out " + bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("path name 'a' used twice"), std::string::npos) << r.output;
  r = run_command(fundsim_binary() + " paths " + scen + " --path a=individual=ratio:500:5 --out " +
                  bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("financing.individual_contribution_yuan.after.ratio"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(bad));
}

TEST(SolveCommand, SolvedScenarioReproducesTheFiguresAndOneStepLowerFails) {
  const auto out = temp_path("solve-out");
  const std::string scen = source_path("tests/paths/small-trend.yaml");
  CommandResult r = run_command(
      fundsim_binary() + " solve " + scen +
      " --family individual-increment --by 2040 --max-p-depleted 0.05 --draws 200 --seed 11"
      " --quiet --out " +
      out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto sol = nlohmann::json::parse(read_file(out / "solution.json"));
  ASSERT_TRUE(sol["feasible"].get<bool>());
  const double value = sol["value"].get<double>();
  const double achieved = sol["achieved"]["p_depleted_by"].get<double>();
  EXPECT_LE(achieved, 0.05);
  EXPECT_EQ(sol["next_lower"]["value"].get<double>(), value - 1);
  EXPECT_GT(sol["next_lower"]["p_depleted_by"].get<double>(), 0.05);

  // `fundsim run` accepts scenario.solved.yaml and, with its own draws and seed, reproduces the
  // figure.
  const auto run_dir = temp_path("solve-run");
  r = run_command(fundsim_binary() + " run " + (out / "scenario.solved.yaml").string() +
                  " --quiet --out " + run_dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Both are a count of draws over the number of draws (depletion.csv no longer sums yearly
  // probabilities), so they are equal exactly.
  EXPECT_EQ(cumulative_depletion(run_dir, 2040), achieved);

  // One yuan a year less, run independently from the original scenario (whose rule is already
  // `increment`), fails the target.
  const auto lower_dir = temp_path("solve-lower");
  r = run_command(
      fundsim_binary() + " run " + scen + " --draws 200 --seed 11 --quiet --out " +
      lower_dir.string() +
      " --set financing.individual_contribution_yuan.after.per_year=" + std::to_string(value - 1));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_GT(cumulative_depletion(lower_dir, 2040), 0.05);

  // An unreachable target: exit code 3, solution.json says so, no scenario.solved.yaml.
  const auto none = temp_path("solve-none");
  r = run_command(fundsim_binary() + " solve " + scen +
                  " --family individual-increment --range 0:3 --by 2040 --max-p-depleted 0 --draws "
                  "50 --quiet --out " +
                  none.string());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_FALSE(nlohmann::json::parse(read_file(none / "solution.json"))["feasible"].get<bool>());
  EXPECT_FALSE(std::filesystem::exists(none / "scenario.solved.yaml"));

  // Bad arguments: exit code 2, nothing written.
  const auto bad = temp_path("solve-bad");
  r = run_command(fundsim_binary() + " solve " + scen +
                  " --family individual-exponential --by 2040 "
                  "--max-p-depleted 0.05 --out " +
                  bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--family: expected one of individual-increment|"), std::string::npos)
      << r.output;
  r = run_command(fundsim_binary() + " solve " + scen +
                  " --family individual-increment --by 2099 "
                  "--max-p-depleted 0.05 --draws 5 --out " +
                  bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--by 2099: expected a projected year from 2023 to 2045"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(bad));
}


// summary.csv: the statistic `stat` (column) of `metric` per year.
std::map<int, double> summary_stat(const std::filesystem::path& dir, const std::string& metric, int column) {
  std::stringstream in(read_file(dir / "summary.csv"));
  std::string line;
  std::getline(in, line);  // year,metric,mean,sd,p05,p25,p50,p75,p95
  std::map<int, double> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    if (cells.size() > static_cast<std::size_t>(column) && cells[1] == metric)
      out[std::stoi(cells[0])] = std::stod(cells[static_cast<std::size_t>(column)]);
  }
  return out;
}

// The constrained solve as a user runs it: the solved path, run by `fundsim run`, meets the target
// and every constraint (enrollees against a plain run of the scenario on the same draws and seed);
// a constraint tighter than the target allows is reported infeasible (exit 3) with the binding
// constraint and the closest path, and no scenario.solved.yaml.
TEST(SolveCommand, SolvedPathMeetsEveryConstraintWhenRunAndInfeasibleExitsThree) {
  const std::string scen = source_path("tests/paths/small-decisions.yaml");
  const auto out = temp_path("solve-constrained");
  const std::string common =
      " --family individual-increment --by 2035 --max-p-depleted 0.1 --range 0:160 --step 20 --draws 16 --seed 5";
  CommandResult r = run_command(fundsim_binary() + " solve " + scen + common +
                                " --max-burden 0.04 --max-enrollee-loss 0.5 --max-subsidy-growth 0.05 --out " +
                                out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("enrollees"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fiscal cost"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Monte Carlo: P ="), std::string::npos) << r.output;
  const auto sol = nlohmann::json::parse(read_file(out / "solution.json"));
  ASSERT_TRUE(sol["feasible"].get<bool>());
  ASSERT_EQ(sol["checks"].size(), 4u);
  for (const auto& c : sol["checks"]) EXPECT_TRUE(c["met"].get<bool>()) << c.dump();
  EXPECT_TRUE(std::filesystem::exists(out / "frontier.csv"));

  const auto run_dir = temp_path("solve-constrained-run"), ref_dir = temp_path("solve-constrained-ref");
  r = run_command(fundsim_binary() + " run " + (out / "scenario.solved.yaml").string() + " --quiet --out " +
                  run_dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_command(fundsim_binary() + " run " + scen + " --draws 16 --seed 5 --quiet --out " + ref_dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_LE(cumulative_depletion(run_dir, 2035), 0.1 + 1e-12);
  // The run names the financing rule behind its probabilities (manifest and headline).
  const std::string rule = fmt::format("then {:+g} yuan/yr", sol["value"].get<double>());
  EXPECT_NE(nlohmann::json::parse(read_file(run_dir / "manifest.json"))["financing_rule"].get<std::string>().find(rule),
            std::string::npos);
  const auto burden = summary_stat(run_dir, "contribution_burden_rural", 6);  // p50
  const auto enrollees = summary_stat(run_dir, "enrollees", 2), ref = summary_stat(ref_dir, "enrollees", 2);
  const auto subsidy = summary_stat(run_dir, "fiscal_subsidy", 2);
  ASSERT_FALSE(burden.empty());
  for (const auto& [year, b] : burden)
    if (year <= 2035) {
      EXPECT_LE(b, 0.04) << year;
      EXPECT_GE(enrollees.at(year), 0.5 * ref.at(year)) << year;
    }
  EXPECT_LE(std::pow(subsidy.at(2035) / subsidy.begin()->second, 1.0 / (2035 - subsidy.begin()->first)) - 1, 0.05);

  const auto none = temp_path("solve-infeasible");
  r = run_command(fundsim_binary() + " solve " + scen + common + " --max-burden 0.001 --out " + none.string());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("INFEASIBLE"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("binding constraint: --max-burden"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("closest path within the constraints"), std::string::npos) << r.output;
  const auto inf = nlohmann::json::parse(read_file(none / "solution.json"));
  EXPECT_FALSE(inf["feasible"].get<bool>());
  EXPECT_EQ(inf["binding"].get<std::string>(), "max-burden");
  EXPECT_FALSE(std::filesystem::exists(none / "scenario.solved.yaml"));
}

// `fundsim sensitivity` writes tornado.csv with the agreed columns, sorted by swing within each
// output, and names the financing rule; a bad --param exits 2 and writes nothing.
TEST(SensitivityCommand, WritesTheTornado) {
  const std::string scen = source_path("tests/paths/small-decisions.yaml");
  const auto out = temp_path("sensitivity-out");
  CommandResult r = run_command(fundsim_binary() + " sensitivity " + scen +
                                " --no-sampled --param fund.interest.mean_rate=0.005:0.025 "
                                "--param fund.initial_balance_yuan=6e11:9e11 --output p_exhausted_by@2035 "
                                "--output balance_cumulative@2035 --out " +
                                out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("financing: individual:"), std::string::npos) << r.output;
  std::stringstream in(read_file(out / "tornado.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "parameter,low,high,output,base,at_low,at_high,swing");
  std::map<std::string, std::vector<double>> swings;
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    const auto c = line.find_last_of(',');
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 8u) << line;
    swings[cells[3]].push_back(std::stod(line.substr(c + 1)));
    EXPECT_DOUBLE_EQ(std::stod(cells[7]), std::abs(std::stod(cells[6]) - std::stod(cells[5])));
  }
  EXPECT_EQ(rows, 4);
  for (const auto& [o, v] : swings) EXPECT_TRUE(std::is_sorted(v.rbegin(), v.rend())) << o;

  const auto bad = temp_path("sensitivity-bad");
  r = run_command(fundsim_binary() + " sensitivity " + scen + " --param fund.interest.mean_rate=x:2 --out " +
                  bad.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--param fund.interest.mean_rate=x:2: expected KEY=LOW:HIGH"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(bad));
}

}  // namespace
}  // namespace fundsim::testing
