// What `fundsim run` shows and writes (issue 21, item 3): the headline's milestone years follow the
// horizon, and every probability in depletion.csv, risk.csv and warning.csv is a count of draws
// over the number of draws N, written as the double nearest to k/N (no running-sum noise such as
// 0.11000000000000001).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <vector>

#include "cli_support.hpp"
#include "engine/summary.hpp"
#include "output/writer.hpp"

namespace fundsim::testing {
namespace {

const std::string kSmall = source_path("tests/scenarios/valid/small-trend.yaml");

TEST(Milestones, FollowTheHorizon) {
  EXPECT_EQ(milestone_years(2023, 2027), (std::vector<int>{2025, 2027}));
  EXPECT_EQ(milestone_years(2023, 2024), (std::vector<int>{2024}));
  EXPECT_EQ(milestone_years(2023, 2023), (std::vector<int>{2023}));
  EXPECT_EQ(milestone_years(2023, 2030), (std::vector<int>{2025, 2030}));
  // Every 5th year for 20 years, every 10th after, and the last year.
  EXPECT_EQ(milestone_years(2023, 2060), (std::vector<int>{2025, 2030, 2035, 2040, 2050, 2060}));
  EXPECT_EQ(milestone_years(2023, 2102),
            (std::vector<int>{2025, 2030, 2035, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2102}));
  for (int first = 2019; first <= 2031; ++first)
    for (int last = first; last <= first + 85; ++last) {
      const std::vector<int> m = milestone_years(first, last);
      ASSERT_FALSE(m.empty());
      EXPECT_EQ(m.back(), last);
      for (std::size_t i = 0; i < m.size(); ++i) {
        EXPECT_TRUE(m[i] > first || (m[i] == first && first == last)) << first << "-" << last;
        if (i) {
          EXPECT_LT(m[i - 1], m[i]);
        }
        if (i + 1 < m.size()) {
          EXPECT_EQ(m[i] % 5, 0);
        }
      }
    }
}

std::string line_starting(const std::string& text, const std::string& prefix) {
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);)
    if (line.rfind(prefix, 0) == 0) return line;
  return {};
}

TEST(Headline, ShortHorizonShowsItsOwnMilestones) {
  // The small scenario projects from 2025 (jump-off end of 2024): to 2031, the milestones are 2030
  // (a fifth year) and the last year 2031; months payable and the bands also show the first year.
  const auto out = temp_path("headline-short");
  const CommandResult r =
      run_command(fundsim_binary() + " run " + kSmall +
                  " --set run.end_year=2031 --draws 8 --out " + out.string() + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string dep = line_starting(r.output, "  P(reserve exhausted) by");
  EXPECT_NE(dep.find("by  2030: "), std::string::npos) << r.output;
  EXPECT_NE(dep.find("%  2031: "), std::string::npos) << r.output;
  EXPECT_EQ(dep.find("2025: "), std::string::npos) << r.output;
  const std::string months = line_starting(r.output, "  median months payable:");
  EXPECT_NE(months.find("payable:  2025: "), std::string::npos) << r.output;
  EXPECT_NE(months.find("  2031: "), std::string::npos) << r.output;
  for (const char* year : {"    2025: ", "    2030: ", "    2031: "})
    EXPECT_NE(line_starting(r.output, year), "") << year << "\n" << r.output;
  EXPECT_EQ(line_starting(r.output, "    2026: "), "") << r.output;
}

// CSV text -> header and rows of fields.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
Csv parse_csv(const std::string& text) {
  Csv c;
  std::stringstream ss(text);
  std::string line;
  auto fields = [](const std::string& l) {
    std::vector<std::string> f;
    std::stringstream ls(l);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    return f;
  };
  std::getline(ss, line);
  c.header = fields(line);
  while (std::getline(ss, line))
    if (!line.empty()) c.rows.push_back(fields(line));
  return c;
}

// Every probability column of a results CSV holds the text of k / n for a whole k in [0, n].
void expect_counts_over_n(const std::string& name, const std::string& text, std::int64_t n) {
  const Csv c = parse_csv(text);
  ASSERT_FALSE(c.rows.empty()) << name;
  int checked = 0;
  for (std::size_t j = 0; j < c.header.size(); ++j) {
    const std::string& col = c.header[j];
    const bool probability =
        (col.rfind("p_", 0) == 0 || col.find("probability") != std::string::npos) &&
        col != "red_probability_threshold";
    if (!probability) continue;
    for (const auto& row : c.rows) {
      const double p = std::stod(row.at(j));
      const double k = std::round(p * static_cast<double>(n));
      EXPECT_EQ(row.at(j), fmt::format("{}", k / static_cast<double>(n)))
          << name << " " << col << " " << row[0];
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << name;
}

TEST(ExactProbabilities, ResultFilesHoldCountsOverN) {
  // 100 draws of the small scenario: depletion years spread over the horizon, so that a running
  // sum of 1/100 would show noise (0.11000000000000001) as it did before.
  const auto out = temp_path("exact-100");
  const CommandResult r = run_command(fundsim_binary() + " run " + kSmall +
                                      " --draws 100 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"depletion.csv", "risk.csv", "warning.csv"})
    expect_counts_over_n(f, read_file(out / f), 100);
  // depletion.csv: the count columns add up; the probability is count / N.
  const Csv d = parse_csv(read_file(out / "depletion.csv"));
  ASSERT_EQ(d.header, (std::vector<std::string>{"year", "probability", "cumulative_probability",
                                                "count", "cumulative_count"}));
  std::int64_t cum = 0;
  int depleted_years = 0;
  for (const auto& row : d.rows) {
    const std::int64_t k = std::stoll(row[3]);
    cum += k;
    depleted_years += (k > 0 && row[0] != "never") ? 1 : 0;
    EXPECT_EQ(row[1], fmt::format("{}", static_cast<double>(k) / 100.0)) << row[0];
    EXPECT_EQ(std::stoll(row[4]), cum) << row[0];
    EXPECT_EQ(row[2], fmt::format("{}", static_cast<double>(cum) / 100.0)) << row[0];
  }
  EXPECT_EQ(cum, 100);
  EXPECT_EQ(d.rows.back()[0], "never");
  EXPECT_EQ(d.rows.back()[2], "1");
  EXPECT_GE(depleted_years, 3) << "the check needs depletion spread over several years";
}

TEST(ExactProbabilities, CumulativeDepletionOfASyntheticRun) {
  // 100 draws, 40 years: draw d < 40 first depletes in year d, the others never. The cumulative
  // probability in year y is exactly (y + 1) / 100 (a running sum of 0.01 drifts from it).
  RunResult r;
  r.first_year = 2023;
  r.years = 40;
  r.draws = 100;
  r.metrics = {m_balance_current, m_balance_cumulative, m_months_payable};
  r.data.assign(static_cast<std::size_t>(r.draws) * r.years * kMetricCount, 1.0);
  for (int d = 0; d < 40; ++d)
    for (int y = d; y < r.years; ++y)
      r.data[(static_cast<std::size_t>(d) * r.years + y) * kMetricCount + m_balance_cumulative] =
          -1.0;
  const auto rows = depletion_distribution(r);
  ASSERT_EQ(rows.size(), 41u);
  for (int y = 0; y < 40; ++y) {
    EXPECT_EQ(rows[y].count, 1);
    EXPECT_EQ(rows[y].cumulative_count, y + 1);
    EXPECT_EQ(rows[y].cumulative_probability, static_cast<double>(y + 1) / 100.0) << y;
  }
  EXPECT_EQ(rows[40].count, 60);
  EXPECT_EQ(rows[40].cumulative_probability, 1.0);
  expect_counts_over_n("synthetic depletion.csv", depletion_csv(rows), 100);
}

}  // namespace
}  // namespace fundsim::testing
