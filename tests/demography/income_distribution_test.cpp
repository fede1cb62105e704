// The income distribution across persons (groundwork of issue 17): a rural/urban lognormal mixture
// with the published component means, log-sds fitted to the national income quintiles.
#include "demography/income_distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <array>
#include <cstdio>
#include <vector>
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

IncomeMixture example() {
  IncomeMixture m;
  m.urban_share = 0.6;
  m.rural = {std::log(20000.0) - 0.5 * 0.65 * 0.65, 0.65};
  m.urban = {std::log(50000.0) - 0.5 * 0.8 * 0.8, 0.8};
  return m;
}

TEST(IncomeDistribution, QuintileMeansAverageToTheMeanAndQuantilesInvertTheCdf) {
  const IncomeMixture m = example();
  EXPECT_NEAR(m.mean(), 0.4 * 20000 + 0.6 * 50000, 1e-8);
  const auto q = m.quintile_means();
  double avg = 0;
  for (double x : q) avg += x / 5;
  EXPECT_NEAR(avg / m.mean(), 1.0, 1e-10);
  for (int i = 1; i < 5; ++i) EXPECT_GT(q[i], q[i - 1]);
  for (double p : {0.01, 0.2, 0.5, 0.8, 0.99}) EXPECT_NEAR(m.cdf(m.quantile(p)), p, 1e-10) << p;
  EXPECT_EQ(m.quintile_of(m.quantile(0.1)), 1);
  EXPECT_EQ(m.quintile_of(m.quantile(0.5)), 3);
  EXPECT_EQ(m.quintile_of(m.quantile(0.95)), 5);
  EXPECT_THROW((void)m.quantile(1.0), InputError);
}

// Parameter recovery: the quintile means of a known mixture give back its log-sds.
TEST(IncomeDistribution, FitRecoversKnownLogSds) {
  const IncomeMixture m = example();
  const IncomeFit f = fit_income_mixture(m.quintile_means(), 20000, 50000, 0.6);
  EXPECT_NEAR(f.mixture.rural.sigma, 0.65, 1e-6);
  EXPECT_NEAR(f.mixture.urban.sigma, 0.80, 1e-6);
  EXPECT_LT(f.max_abs_log_error, 1e-8);
  EXPECT_THROW(fit_income_mixture({1, 3, 2, 4, 5}, 1, 2, 0.5), InputError);
  EXPECT_THROW(fit_income_mixture({1, 2, 3, 4, 5}, 2, 1, 0.5), InputError);
}

// The national quintiles 2021-2023 (calibration/data/economy/income_quintiles_national.csv) with the
// rural, urban and national means (disposable_income.csv). Goodness of fit, measured: the largest
// error of a group mean is the top fifth's, -8.7% (2021), -8.6% (2022), -7.6% (2023); the bottom
// four are within 6% (log error 0.06). The NBS
// groups are fifths of surveyed HOUSEHOLDS ranked by per-capita income, so the average of the five
// group means (37,323 yuan in 2021) exceeds the per-capita mean (35,128): poorer households are
// larger. A mixture over persons that keeps the per-capita means cannot reach the top group exactly.
// Rows of a data file with text columns: header name -> field, one map per row (no quoted commas
// in the numeric columns read here).
std::vector<std::map<std::string, std::string>> rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> head;
  for (std::stringstream ss(line); std::getline(ss, line, ',');) head.push_back(line);
  std::vector<std::map<std::string, std::string>> out;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> r;
    std::stringstream ss(line);
    for (const auto& h : head) {
      std::string f;
      std::getline(ss, f, ',');
      r[h] = f;
    }
    out.push_back(r);
  }
  return out;
}

TEST(IncomeDistribution, FitsTheNationalQuintiles) {
  const std::string dir = std::string(FUNDSIM_SOURCE_DIR) + "/calibration/data/economy/";
  std::map<int, std::array<double, 5>> quintiles;
  for (const auto& r : rows(dir + "income_quintiles_national.csv"))
    quintiles[std::stoi(r.at("year"))][static_cast<std::size_t>(std::stoi(r.at("quintile")) - 1)] =
        std::stod(r.at("per_capita_disposable_income_yuan"));
  std::map<int, std::array<double, 3>> means;  // national, urban, rural
  for (const auto& r : rows(dir + "disposable_income.csv"))
    means[std::stoi(r.at("year"))] = {std::stod(r.at("national_yuan")), std::stod(r.at("urban_yuan")),
                                      std::stod(r.at("rural_yuan"))};
  ASSERT_EQ(quintiles.size(), 3u);
  for (const auto& [year, q] : quintiles) {
    const auto [national, urban, rural] = means.at(year);
    const double share = urban_share_from_means(national, rural, urban);
    const IncomeFit f = fit_income_mixture(q, rural, urban, share);
    std::printf("%d: urban share %.4f, log-sd rural %.4f urban %.4f, top fifth %+.1f%%, largest |log error| %.3f\n",
                year, share, f.mixture.rural.sigma, f.mixture.urban.sigma, 100 * (f.fitted_means[4] / q[4] - 1),
                f.max_abs_log_error);
    EXPECT_NEAR(f.mixture.mean(), national, 1e-6 * national);  // the per-capita mean is kept
    EXPECT_LT(f.max_abs_log_error, 0.10) << year;
    EXPECT_GT(f.mixture.rural.sigma, 0.3);
    EXPECT_GT(f.mixture.urban.sigma, 0.3);
    // every group mean within 10% and the bottom four within 6%
    for (int i = 0; i < 4; ++i)
      EXPECT_LT(std::abs(std::log(f.fitted_means[static_cast<std::size_t>(i)] / q[static_cast<std::size_t>(i)])), 0.06)
          << year << " quintile " << i + 1;
  }
}

}  // namespace
}  // namespace fundsim
