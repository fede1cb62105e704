// The design document that comments and docs cite is in the repository (issue 21, item 3): every
// mention of DESIGN in the sources, tests, notebooks and docs names docs/DESIGN.md, and every
// section it cites (§N) is a section "## N." of that file.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli_support.hpp"

namespace fundsim::testing {
namespace {

namespace fs = std::filesystem;

TEST(DesignDoc, CitationsPointToTheCopyInDocs) {
  const fs::path root = FUNDSIM_SOURCE_DIR;
  const fs::path design = root / "docs/DESIGN.md";
  ASSERT_TRUE(fs::is_regular_file(design));
  std::set<std::string> sections;
  const std::string doc = read_file(design);
  const std::regex heading("\n## ([0-9]+)\\.");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), heading);
       it != std::sregex_iterator(); ++it)
    sections.insert((*it)[1]);
  ASSERT_GE(sections.size(), 4u);

  const std::set<std::string> extensions = {".cpp",  ".hpp", ".h",   ".py", ".md",  ".ipynb",
                                            ".yaml", ".sh",  ".txt", ".in", ".html"};
  const std::regex mention("(\\S*)DESIGN(\\S*)");
  const std::regex cited_section("docs/DESIGN\\.md §([0-9]+)");
  int citations = 0;
  for (const char* top :
       {"sim", "tests", "docs", "notebooks", "bench", "scripts", "calibration", "scenarios"}) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / top)) {
      if (!e.is_regular_file() || !extensions.count(e.path().extension().string())) continue;
      if (e.path() == design || e.path().filename() == "design_doc_test.cpp") continue;
      const std::string text = read_file(e.path());
      for (auto it = std::sregex_iterator(text.begin(), text.end(), mention);
           it != std::sregex_iterator(); ++it) {
        const std::string word = (*it)[0];
        EXPECT_NE(word.find("docs/DESIGN.md"), std::string::npos)
            << fs::relative(e.path(), root).string() << ": '" << word
            << "' does not name docs/DESIGN.md";
        ++citations;
      }
      for (auto it = std::sregex_iterator(text.begin(), text.end(), cited_section);
           it != std::sregex_iterator(); ++it)
        EXPECT_TRUE(sections.count((*it)[1]))
            << fs::relative(e.path(), root).string() << ": no section §" << (*it)[1]
            << " in docs/DESIGN.md";
    }
  }
  const std::string readme = read_file(root / "README.md");
  EXPECT_NE(readme.find("docs/DESIGN.md"), std::string::npos)
      << "README.md should point to the design document";
  EXPECT_GT(citations, 5);
}

}  // namespace
}  // namespace fundsim::testing
