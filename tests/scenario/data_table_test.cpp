// Data-table parameters (scenario/data_table.hpp): the path resolved against the declaring file,
// one validated CSV reader with file:line:column errors, and the collector whose files the loader
// hashes.
#include "scenario/data_table.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "scenario/visitors.hpp"

namespace fundsim {
namespace {

namespace fs = std::filesystem;

struct Region {
  DataTable rates;
  template <class V>
  void visit(V& v) {
    v("rates", rates, Meta{.doc = "a data table"});
  }
};
struct Province {
  DataTable national;
  std::map<std::string, Region> pools;
  template <class V>
  void visit(V& v) {
    v("national", national);
    v("pools", pools);
  }
};

struct Dir {
  fs::path dir = fs::temp_directory_path() /
                 ("fundsim-data-table-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
  Dir() {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
  }
  ~Dir() { fs::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(dir / rel) << text; }
};

TEST(DataTable, PathIsRelativeToTheDeclaringFileAndKeptAbsolute) {
  Dir d;
  d.write("data/rates.csv", "year,rate\n2025,0.01\n");
  d.write("data/zz.csv", "year,rate\n2025,0.02\n");
  Province p;
  LocationMap locs;
  const std::string file = (d.dir / "scenario.yaml").string();
  ApplyVisitor v(YAML::Load("national: data/rates.csv\npools: {zhengzhou: {rates: data/zz.csv}}"), "", file, locs);
  p.visit(v);
  v.finish();
  EXPECT_EQ(p.national.path, fs::absolute(d.dir / "data/rates.csv").lexically_normal().string());
  // Every table, nested ones included, for the loader's hash.
  std::vector<std::pair<std::string, std::string>> tables;
  DataTableCollector collect(tables);
  p.visit(collect);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].first, "national");
  EXPECT_EQ(tables[1].first, "pools.zhengzhou.rates");
  EXPECT_EQ(tables[1].second, fs::absolute(d.dir / "data/zz.csv").lexically_normal().string());
  // Emitted as the absolute path, so a resolved scenario reloads from anywhere.
  YAML::Emitter out;
  EmitVisitor e(out);
  e.emit(p);
  Province q;
  ApplyVisitor v2(YAML::Load(out.c_str()), "", "/elsewhere/resolved.yaml", locs);
  q.visit(v2);
  EXPECT_EQ(q.national, p.national);
  EXPECT_EQ(q.pools.at("zhengzhou").rates, p.pools.at("zhengzhou").rates);
}

TEST(DataTable, MissingFileNamesTheDeclaringLineAndKey) {
  Dir d;
  Province p;
  LocationMap locs;
  ApplyVisitor v(YAML::Load("\nnational: data/none.csv"), "", (d.dir / "scenario.yaml").string(), locs);
  try {
    p.visit(v);
    FAIL() << "a missing data table must be an error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("scenario.yaml:2"), std::string::npos) << m;
    EXPECT_NE(m.find("national"), std::string::npos) << m;
    EXPECT_NE(m.find("none.csv"), std::string::npos) << m;
  }
}

TEST(DataTable, ReaderReadsNumbersAndNamesFileLineColumnOfBadInput) {
  Dir d;
  d.write("ok.csv", "# a comment\nyear,rate\n2025,0.01\n\n2026,0.015\r\n");
  const CsvTable t = read_csv_table((d.dir / "ok.csv").string(), {"rate"});
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][t.column("rate")], 0.015);
  EXPECT_EQ(t.rows[0][t.column("year")], 2025.0);
  auto error_of = [&](const std::string& text, const std::vector<std::string>& req = {}) {
    d.write("bad.csv", text);
    try {
      read_csv_table((d.dir / "bad.csv").string(), req);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("year,rate\n2025,0.01\n2026,x\n").find("bad.csv:3:6: column 'rate': expected a finite number, found 'x'"),
            std::string::npos);
  EXPECT_NE(error_of("year,rate\n2025\n").find("bad.csv:2:1: expected 2 fields"), std::string::npos);
  EXPECT_NE(error_of("year,rate\n2025,0.01,7\n").find("bad.csv:2:11: expected 2 fields"), std::string::npos);
  EXPECT_NE(error_of("year,rate\n2025,inf\n").find("bad.csv:2:6"), std::string::npos);
  EXPECT_NE(error_of("year,rate\n", {"share"}).find("expected a column 'share'"), std::string::npos);
  EXPECT_NE(error_of("").find("expected a header row"), std::string::npos);
  EXPECT_THROW(read_csv_table((d.dir / "missing.csv").string()), InputError);
}

}  // namespace
}  // namespace fundsim
