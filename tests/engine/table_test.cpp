// Output tables declared once (sim/engine/table.hpp): the CSV sink and the typed columns.
#include "engine/table.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace fundsim {
namespace {

struct Row {
  int year;
  double x;
  const char* tag;
};

const Layout<Row> kLayout = {
    {"year", ColumnKind::integer, [](const Row& r) { return TableCell(std::int64_t{r.year}); }},
    {"x", ColumnKind::number, [](const Row& r) { return TableCell(r.x); }},
    {"tag", ColumnKind::text, [](const Row& r) { return TableCell(std::string(r.tag)); }},
};

TEST(Table, CsvHasTheDeclaredColumnsAndShortestRoundTripNumbers) {
  const Table t = make_table(kLayout, std::vector<Row>{{2030, 0.1, "a"}, {2031, 1e300, "b"}, {2032, -2.5, "never"}});
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(to_csv(t), "year,x,tag\n2030,0.1,a\n2031,1e+300,b\n2032,-2.5,never\n");
  // The column arrays the Python module receives.
  EXPECT_EQ(t.columns[0].integers, (std::vector<std::int64_t>{2030, 2031, 2032}));
  EXPECT_EQ(t.columns[1].numbers[0], 0.1);
  EXPECT_EQ(t.columns[2].text[2], "never");
}

TEST(Table, EmptyTableIsTheHeaderOnly) {
  EXPECT_EQ(to_csv(make_table(kLayout, std::vector<Row>{})), "year,x,tag\n");
}

TEST(Table, ACellOfAnotherKindIsRejected) {
  Table t;
  t.add("year", ColumnKind::integer);
  EXPECT_THROW(t.append({TableCell(2030.0)}), std::logic_error);
  EXPECT_THROW(t.append({}), std::logic_error);
  t.append({TableCell(std::int64_t{2030})});
  EXPECT_THROW(t.add("late", ColumnKind::number), std::logic_error);
}

TEST(Table, TextWithACommaOrAQuoteIsQuoted) {
  Table t;
  t.add("rule", ColumnKind::text);
  for (const char* v : {"individual=increment:40,subsidy=ratio:2:1", "say \"hi\"", "line\nbreak", "plain"})
    t.append({TableCell(std::string(v))});
  EXPECT_EQ(to_csv(t),
            "rule\n\"individual=increment:40,subsidy=ratio:2:1\"\n\"say \"\"hi\"\"\"\n\"line\nbreak\"\nplain\n");
}

struct MemberRow {
  std::string name;
  int year = 0;
  double x = 0;
  std::optional<double> maybe;
};

TEST(Table, MemberColumnsReadTheirFieldAndAMissingOptionalIsAnEmptyCell) {
  const Layout<MemberRow> layout = {text_column("name", &MemberRow::name), integer_column("year", &MemberRow::year),
                                    number_column("x", &MemberRow::x),
                                    optional_number_column("maybe", &MemberRow::maybe)};
  const std::vector<MemberRow> rows = {{"a", 2030, 0.5, 1.25}, {"b", 2031, -1, std::nullopt}};
  EXPECT_EQ(to_csv(make_table(layout, rows)), "name,year,x,maybe\na,2030,0.5,1.25\nb,2031,-1,\n");
}

TEST(Table, NumbersReadBackExactly) {
  for (double x : {0.1 + 0.2, 1.0 / 3.0, 7534.13e8, 2.2250738585072014e-308, -0.0})
    EXPECT_EQ(std::stod(format_number(x)), x) << format_number(x);
}

}  // namespace
}  // namespace fundsim
