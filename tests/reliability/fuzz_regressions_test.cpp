// Every input under tests/fuzz/regressions/ once crashed, hung or misbehaved in the scenario
// loader (found by or while preparing the fuzz targets, tests/fuzz/). Checked in every build (not
// only the fuzz build) with the fuzz targets' property: refused with an InputError naming the
// file, or accepted with a resolved scenario that reloads to the same text.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

namespace fundsim::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> regression_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(FUNDSIM_SOURCE_DIR) / "tests/fuzz/regressions"))
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, RefusedClearlyOrRoundTrips) {
  const std::string file = GetParam();
  LoadedScenario loaded;
  try {
    loaded = load_scenario(file);
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(file + ":"), std::string::npos) << e.what();
    return;
  }
  const fs::path again = fs::temp_directory_path() / ("fundsim-roundtrip-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(again) << loaded.resolved_yaml;
  const LoadedScenario reloaded = load_scenario(again.string());
  fs::remove(again);
  EXPECT_EQ(reloaded.resolved_yaml, loaded.resolved_yaml) << "the resolved scenario does not reload to itself";
  EXPECT_EQ(reloaded.sha256, loaded.sha256);
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(regression_files()), [](const auto& info) {
  std::string n = fs::path(info.param).stem().string();
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
});

}  // namespace
}  // namespace fundsim::testing
