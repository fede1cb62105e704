// Shared test fixtures for tests/health and tests/costs: the 2020 census population (5-year groups
// split uniformly into single years) and base mortality q(sex, age) from the UN WPP 2020-2025
// abridged rates (q = 1 - exp(-m) for every single age of a group), both read from
// calibration/data/population.
#pragma once

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "demography/cells.hpp"

namespace fundsim::testing {

inline std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, ',')) out.push_back(f);
  return out;
}

// Persons (thousands) by (sex, age) in state 0.
inline PopulationByState census_2020() {
  std::ifstream in(std::string(FUNDSIM_SOURCE_DIR) + "/calibration/data/population/china_2020_population_5y.csv");
  if (!in) throw std::runtime_error("census file missing");
  PopulationByState pop = make_population();
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    auto f = split_csv(line);
    if (f.size() < 3) continue;
    const int a0 = std::stoi(f[0]);
    const int width = (a0 >= kMaxAge) ? 1 : 5;
    for (int sex = 0; sex < kSexes; ++sex) {
      const double n = std::stod(f[1 + sex]) / width;
      for (int a = a0; a < a0 + width && a <= kMaxAge; ++a) pop[cell(sex, a, 0)] += n;
    }
  }
  return pop;
}

// q(sex, age), index sex * kAges + age.
inline std::vector<double> base_q_2020() {
  std::ifstream in(std::string(FUNDSIM_SOURCE_DIR) + "/calibration/data/population/china_mx_5y_2015_2025.csv");
  if (!in) throw std::runtime_error("mortality file missing");
  std::vector<double> q(kSexes * kAges, 0.0);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    auto f = split_csv(line);
    if (f.size() < 4) continue;
    const int sex = f[0] == "M" ? kMale : kFemale;
    const int a0 = std::stoi(f[1]);
    const int a1 = a0 == 0 ? 1 : a0 == 1 ? 5 : a0 >= kMaxAge ? kMaxAge + 1 : a0 + 5;
    const double m = std::stod(f[3]);
    for (int a = a0; a < a1 && a <= kMaxAge; ++a) q[sex * kAges + a] = 1.0 - std::exp(-m);
  }
  return q;
}

}  // namespace fundsim::testing
