// Every input under tests/fuzz/regressions/ once crashed, hung or misbehaved in the scenario
// loader (found by or while preparing the fuzz targets, tests/fuzz/). Each must now be refused
// with an InputError naming the file and line, in every build (not only the fuzz build).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

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

TEST_P(FuzzRegression, RefusedWithAClearError) {
  const std::string file = GetParam();
  try {
    (void)load_scenario(file);
    FAIL() << file << " was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file + ":"), std::string::npos) << what;
    EXPECT_NE(what.find("extends: expected an existing scenario file"), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(regression_files()), [](const auto& info) {
  std::string n = fs::path(info.param).stem().string();
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
});

}  // namespace
}  // namespace fundsim::testing
