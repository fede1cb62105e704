// The manifest's scenario_sha256 covers every input that changes a number: the resolved scenario and
// the content of the calibration parameter file (issue 22: an edit of calibration/national-params.yaml
// moved 2024 revenue by 11% under an identical hash).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "calibration/model_factory.hpp"
#include "engine/run.hpp"
#include "scenario/loader.hpp"

namespace fundsim {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

struct TempDir {
  fs::path dir;
  TempDir() {
    dir = fs::temp_directory_path() / ("fundsim-provenance-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                       "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDir() { fs::remove_all(dir); }
};

TEST(Provenance, EditingTheCalibrationParameterFileChangesTheHash) {
  TempDir t;
  const std::string params = slurp("calibration/national-params.yaml");
  ASSERT_FALSE(params.empty()) << "tests run from the source root";
  write(t.dir / "params.yaml", params);
  write(t.dir / "scenario.yaml", "extends: " + fs::absolute("tests/scenarios/valid/small-trend.yaml").string() +
                                     "\nrun:\n  parameter_draws_file: params.yaml\n");
  const LoadedScenario a = load_scenario((t.dir / "scenario.yaml").string());
  // The inputs: the parameter file, then the data tables (the inherited budget history).
  ASSERT_EQ(a.inputs.size(), 2u);
  EXPECT_EQ(a.inputs[0].key, "run.parameter_draws_file");
  EXPECT_EQ(a.inputs[0].sha256, sha256_hex(params));
  EXPECT_EQ(a.inputs[1].key, "budget.history_file");

  // The same edit as in the issue: the subsidy top-up's estimate, 0.105... -> 0.2.
  const std::string key = "financing.subsidy_top_up_share: ";
  const auto pos = params.find(key);
  ASSERT_NE(pos, std::string::npos);
  std::string edited = params;
  edited.replace(pos + key.size(), params.find('\n', pos) - pos - key.size(), "0.2");
  write(t.dir / "params.yaml", edited);
  const LoadedScenario b = load_scenario((t.dir / "scenario.yaml").string());
  // The resolved scenario writes calibrated keys at the file's point estimates: the edit shows.
  EXPECT_NE(b.resolved_yaml.find("subsidy_top_up_share: 0.2  #"), std::string::npos);
  EXPECT_NE(a.sha256, b.sha256);

  // An edit the resolved scenario cannot show (here a trailing comment; equally a parameter draw)
  // still changes the hash, which covers the file's content.
  write(t.dir / "params.yaml", params + "\n# edited\n");
  const LoadedScenario c = load_scenario((t.dir / "scenario.yaml").string());
  EXPECT_EQ(a.resolved_yaml, c.resolved_yaml);
  EXPECT_NE(a.sha256, c.sha256);

  // Unchanged content, unchanged hash.
  write(t.dir / "params.yaml", params);
  EXPECT_EQ(load_scenario((t.dir / "scenario.yaml").string()).sha256, a.sha256);
}

TEST(Provenance, WithoutInputFilesTheHashIsThatOfTheResolvedScenario) {
  const LoadedScenario s = load_scenario("tests/scenarios/valid/small-cell.yaml", {"run.parameter_draws_file=\"\"", "budget.history_file=\"\""});
  EXPECT_TRUE(s.inputs.empty());
  EXPECT_EQ(s.sha256, provenance_sha256(s.resolved_yaml, {}));
  EXPECT_EQ(s.sha256, sha256_hex(s.resolved_yaml));
}

// scenario.resolved.yaml reloads to the same run: the same resolved text and hash, and the same
// numbers draw by draw (loaded from another directory, so relative paths cannot hide a difference).
TEST(Provenance, ResolvedScenarioReloadsToTheSameRun) {
  TempDir t;
  const LoadedScenario a = load_scenario("tests/scenarios/valid/small-trend.yaml");
  ASSERT_FALSE(a.inputs.empty());  // the national calibration file is part of it
  write(t.dir / "scenario.resolved.yaml", a.resolved_yaml);
  const LoadedScenario b = load_scenario((t.dir / "scenario.resolved.yaml").string());
  EXPECT_EQ(b.resolved_yaml, a.resolved_yaml);
  EXPECT_EQ(b.sha256, a.sha256);
  const RunOutcome ra = run_scenario(make_model, a, 16, 11, 1), rb = run_scenario(make_model, b, 16, 11, 1);
  ASSERT_EQ(ra.result.data.size(), rb.result.data.size());
  EXPECT_EQ(ra.result.data, rb.result.data);
}

}  // namespace
// The budget's history of actuals is a data table: resolved against the file that names it, and its
// content is part of the hash (an edited 2024 actual changes the budget's last-year column).
TEST(Provenance, EditingTheBudgetHistoryChangesTheHash) {
  TempDir t;
  const std::string hist = "year,revenue_100m_yuan,expenditure_100m_yuan,cumulative_balance_100m_yuan\n"
                           "2024,11138.36,10619.38,8183.02\n";
  write(t.dir / "hist.csv", hist);
  write(t.dir / "scenario.yaml", "extends: " + fs::absolute("tests/scenarios/valid/small-trend.yaml").string() +
                                     "\nbudget:\n  history_file: hist.csv\n");
  const LoadedScenario a = load_scenario((t.dir / "scenario.yaml").string());
  EXPECT_EQ(a.scenario.budget.history_file.path, fs::absolute(t.dir / "hist.csv").lexically_normal().string());
  bool listed = false;
  for (const auto& f : a.inputs) listed |= f.key == "budget.history_file" && f.sha256 == sha256_hex(hist);
  EXPECT_TRUE(listed);
  write(t.dir / "hist.csv", hist.substr(0, hist.size() - 2) + "3\n");  // 8183.02 -> 8183.03
  const LoadedScenario b = load_scenario((t.dir / "scenario.yaml").string());
  EXPECT_EQ(a.resolved_yaml, b.resolved_yaml);
  EXPECT_NE(a.sha256, b.sha256);
}

}  // namespace fundsim
