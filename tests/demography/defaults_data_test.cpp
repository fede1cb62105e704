// The demography defaults equal the figures in calibration/data (read here, never at run time),
// and the Lee-Carter b_x defaults equal their derivation (calibration/demography/derive_defaults.py).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "demography/demography_params.hpp"

namespace fundsim {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& rel) {
  std::ifstream in(std::string(FUNDSIM_SOURCE_DIR) + "/" + rel);
  EXPECT_TRUE(in.good()) << rel;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cols.push_back(c);
    if (!cols.empty()) rows.push_back(cols);
  }
  return rows;
}

TEST(DefaultsData, BasePopulationMatchesFile) {
  const BasePopulationParams p;
  const auto rows = read_csv("calibration/data/population/china_2020_population_5y.csv");
  ASSERT_EQ(rows.size(), 21u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(p.male_thousands[i], std::stod(rows[i][1]));
    EXPECT_EQ(p.female_thousands[i], std::stod(rows[i][2]));
  }
}

TEST(DefaultsData, MortalityMatchesFileAndDerivation) {
  const MortalityParams p;
  const auto rows = read_csv("calibration/data/population/china_mx_5y_2015_2025.csv");
  ASSERT_EQ(rows.size(), 44u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool male = rows[i][0] == "M";
    const std::size_t k = male ? i : i - 22;
    const double mx = std::stod(rows[i][3]);
    EXPECT_EQ(male ? p.mx_male[k] : p.mx_female[k], mx);
    // b_x = max(0.003, -(ln m_2020-25 - ln m_2015-20) / 5), printed to 5 decimals.
    const double r = std::max(0.003, -(std::log(mx) - std::log(std::stod(rows[i][2]))) / 5.0);
    EXPECT_NEAR(male ? p.b_male[k] : p.b_female[k], r, 5e-6) << rows[i][0] << rows[i][1];
  }
}

TEST(DefaultsData, TfrHistoryMatchesFile) {
  const FertilityParams p;
  for (const auto& r : read_csv("calibration/data/population/china_fertility_history.csv")) {
    const int y = std::stoi(r[0]);
    if (y >= 2020) {
      EXPECT_EQ(p.tfr.at(y), std::stod(r[1])) << y;
    }
  }
}

TEST(DefaultsData, IncomeMatchesFile) {
  const IncomeParams p;
  const auto rows = read_csv("calibration/data/economy/disposable_income.csv");
  ASSERT_EQ(static_cast<int>(rows.size()), p.national_yuan.last_year() - 2015 + 1);
  for (const auto& r : rows) {
    const int y = std::stoi(r[0]);
    EXPECT_EQ(p.national_yuan.at(y), std::stod(r[1]));
    EXPECT_EQ(p.urban_yuan.at(y), std::stod(r[2]));
    EXPECT_EQ(p.rural_yuan.at(y), std::stod(r[3]));
  }
}

}  // namespace
}  // namespace fundsim
