// read_yaml_file_without: a YAML file read without one top-level block (a parameter file's draws when
// only its point estimates or parameter list are needed). The rest must read exactly as in the full
// file, line numbers included; and the point-only parameter reader must give the full reader's
// point estimates.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "calibration/fit.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

namespace fundsim {
namespace {

namespace fs = std::filesystem;

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& text) {
    path = fs::temp_directory_path() /
           ("fundsim-yaml-reader-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
            ".yaml");
    std::ofstream(path) << text;
  }
  ~TempFile() { fs::remove(path); }
};

TEST(YamlReaderWithout, DropsOnlyTheBlockAndKeepsLineNumbers) {
  const TempFile f(
      "a: 1\n"
      "draws:\n"
      "  - {x: 1, y: 2}\n"
      "  # a comment inside\n"
      "\n"
      "  - {x: 3, y: 4}\n"
      "b:\n"
      "  c: [1, 2]\n"
      "# trailing comment\n"
      "d: 5\n");
  bool content = false;
  const YAML::Node n = read_yaml_file_without(f.path.string(), "test file", "draws", &content);
  EXPECT_TRUE(content);
  EXPECT_FALSE(n["draws"].IsDefined());
  EXPECT_EQ(n["a"].as<int>(), 1);
  EXPECT_EQ(n["b"]["c"][1].as<int>(), 2);
  EXPECT_EQ(n["d"].as<int>(), 5);
  // Marks are those of the file: b on line 7, d on line 10 (1-based).
  EXPECT_EQ(n["b"].Mark().line + 1, 8);  // the mark of b's value (its first child, line 8)
  EXPECT_EQ(n["d"].Mark().line + 1, 10);
  // The full read agrees on everything else.
  const YAML::Node full = read_yaml_file(f.path.string(), "test file");
  EXPECT_EQ(full["draws"].size(), 2u);
  EXPECT_EQ(full["d"].Mark().line, n["d"].Mark().line);
}

TEST(YamlReaderWithout, EmptyOrAbsentBlockIsNoContent) {
  for (const std::string text : {"a: 1\ndraws: []\nb: 2\n", "a: 1\ndraws: ~   # none\nb: 2\n", "a: 1\nb: 2\n",
                                 "a: 1\ndraws:\n# only a comment\nb: 2\n"}) {
    const TempFile f(text);
    bool content = true;
    const YAML::Node n = read_yaml_file_without(f.path.string(), "test file", "draws", &content);
    EXPECT_FALSE(content) << text;
    EXPECT_EQ(n["b"].as<int>(), 2) << text;
  }
  // A key that only starts with the skipped one is not skipped.
  const TempFile g("draws_note: kept\ndraws: [{x: 1}]\n");
  bool content = false;
  const YAML::Node n = read_yaml_file_without(g.path.string(), "test file", "draws", &content);
  EXPECT_TRUE(content);
  EXPECT_EQ(n["draws_note"].as<std::string>(), "kept");
}

TEST(YamlReaderWithout, SyntaxErrorAfterTheBlockNamesTheFileLine) {
  const TempFile f("a: 1\ndraws:\n  - {x: 1}\n  - {x: 2}\nb: [1, 2\n");
  try {
    (void)read_yaml_file_without(f.path.string(), "test file", "draws");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(f.path.string() + ":"), std::string::npos) << what;
    EXPECT_NE(what.find("invalid YAML"), std::string::npos) << what;
    // yaml-cpp reports an unclosed flow sequence at the end of the input or at its start: either
    // way a line of the file at or after line 5, never a line shifted by the skipped block.
    const std::size_t at = what.find(':', f.path.string().size());
    const int line = std::stoi(what.substr(at + 1));
    EXPECT_GE(line, 5) << what;
  }
}

TEST(ParameterFilePoint, EqualsTheFullReadersPointEstimates) {
  const std::string file = std::string(FUNDSIM_SOURCE_DIR) + "/calibration/national-params.yaml";
  const calibration::ParameterFile full = calibration::read_parameter_file(file);
  const calibration::ParameterFile point = calibration::read_parameter_point(file);
  ASSERT_FALSE(full.draws.empty());
  EXPECT_TRUE(point.draws.empty());
  EXPECT_EQ(point.keys, full.keys);
  EXPECT_EQ(point.point, full.point);
}

}  // namespace
}  // namespace fundsim
