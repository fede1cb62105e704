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

TEST(Table, NumbersReadBackExactly) {
  for (double x : {0.1 + 0.2, 1.0 / 3.0, 7534.13e8, 2.2250738585072014e-308, -0.0})
    EXPECT_EQ(std::stod(format_number(x)), x) << format_number(x);
}

}  // namespace
}  // namespace fundsim
