// Pool calibration (issue 16 part 2; docs/pool-calibration.md): parameter recovery from a synthetic
// pool whose history fundsim generates at known parameter values with process and measurement
// noise; shrinkage toward the national estimates that grows as the pool shrinks; the pool's own
// parameter file used through pool.yaml; bad input refused with exit code 2 and nothing written.
//
// Every number here is derived in the test from the repository: the synthetic pools are Jiyuan's
// package (scenarios/henan/jiyuan: census population, incomes; history scaled) with the population
// scaled, and the true values are the national estimates (calibration/national-params.yaml) moved
// by a stated number of prior sds. The recovery table is printed (run the test binary with
// --gtest_filter=PoolCalibration.* to see it).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "../cli/cli_support.hpp"
#include "calibration/fit.hpp"
#include "calibration/pool_calibration.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

namespace fs = std::filesystem;
using namespace fundsim;
using namespace fundsim::calibration;

namespace {

const fs::path kSource = FUNDSIM_SOURCE_DIR;

// A copy of the Jiyuan package with the population and history scaled by `scale`, the national
// baseline as its base (absolute path), and without rules.yaml (the national benefit rules: the
// catastrophic base on inpatient costs only, four times faster to evaluate).
fs::path make_pool(const std::string& name, double scale) {
  const fs::path dir = fs::path(FUNDSIM_BINARY_DIR) / "pool_calibration_test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path src = kSource / "scenarios/henan/jiyuan";
  fs::copy_file(src / "income.csv", dir / "income.csv");
  {
    std::ifstream in(src / "pool.yaml");
    std::ofstream out(dir / "pool.yaml");
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("name:", 0) == 0) line = "name: " + name;
      if (line.rfind("scenario:", 0) == 0) line = "scenario: " + (kSource / "scenarios/national-baseline.yaml").string();
      out << line << "\n";
    }
  }
  // Scale every number but the first `keep` columns of each data row.
  auto scaled = [&](const char* file, std::size_t keep) {
    std::ifstream in(src / file);
    std::ofstream out(dir / file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#' || !std::isdigit(static_cast<unsigned char>(line[0]))) {
        out << line << "\n";
        continue;
      }
      std::stringstream ss(line);
      std::string field, row;
      for (std::size_t c = 0; std::getline(ss, field, ','); ++c)
        row += (c ? "," : "") + (c < keep || field.empty() ? field : fmt::format("{:.17g}", std::stod(field) * scale));
      out << row << "\n";
    }
  };
  scaled("population.csv", 2);
  scaled("history.csv", 1);
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// The true values: the national estimate + delta x the prior sd, per free parameter.
std::vector<double> truth_of(const PoolCalibration& pc, const std::vector<double>& delta) {
  std::vector<double> t;
  for (std::size_t i = 0; i < pc.cal.config.parameters.size(); ++i)
    t.push_back(pc.cal.config.parameters[i].prior_mean + delta[i] * pc.cal.config.parameters[i].prior_sd);
  return t;
}

// Calibrates the pool in `dir` after replacing its history by the synthetic one at `delta`.
struct Fitted {
  PoolCalibration pc;
  CalibrationResult r;
  std::vector<double> truth;
};
Fitted fit_synthetic(const fs::path& dir, const std::vector<double>& delta, bool noise, std::uint64_t seed) {
  const PoolCalibrationSettings settings;
  const PoolCalibration template_pc = make_pool_calibration(dir.string(), settings);
  Fitted f{template_pc, {}, truth_of(template_pc, delta)};
  write(dir / "history.csv", synthetic_history_csv(template_pc, f.truth, seed, 0, noise));
  f.pc = make_pool_calibration(dir.string(), settings);
  f.r = run_calibration(f.pc.cal);
  return f;
}

void print_table(const std::string& title, const Fitted& f) {
  std::cout << "\n" << title << "\n| parameter | national (prior mean) | prior sd | true | estimate | posterior sd | 95% interval | data weight |\n"
            << "|---|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < f.truth.size(); ++i) {
    const auto& p = f.pc.cal.config.parameters[i];
    const auto [lo, hi] = interval95(f.pc, f.r, i);
    std::cout << fmt::format("| `{}` | {:.5g} | {:.3g} | {:.5g} | {:.5g} | {:.3g} | [{:.5g}, {:.5g}] | {:.2f} |\n", p.key,
                             p.prior_mean, p.prior_sd, f.truth[i], f.r.fit.theta[i], f.r.sd[i], lo, hi,
                             1.0 - std::pow(f.r.sd[i] / p.prior_sd, 2));
  }
}

// Known values away from the national estimates, in prior sds (cost level, admission scale,
// structural non-coverage, subsidy top-up).
const std::vector<double> kDelta = {1.0, -1.0, 1.0, 0.8};

}  // namespace

TEST(PoolCalibration, RecoversKnownParametersWithinTheirReported95PercentIntervals) {
  const fs::path dir = make_pool("recovery", 1.0);
  const Fitted f = fit_synthetic(dir, kDelta, true, 20250101);
  print_table(fmt::format("Recovery: Jiyuan-sized pool ({:.0f} enrollees in {}), history {}-{} with process and "
                          "measurement noise (seed 20250101, draw 0)",
                          f.pc.cal.config.targets.front().observed, f.pc.census_year, f.pc.census_year, f.pc.last_year),
              f);
  for (std::size_t i = 0; i < f.truth.size(); ++i) {
    const auto [lo, hi] = interval95(f.pc, f.r, i);
    EXPECT_LE(lo, f.truth[i]) << f.pc.cal.config.parameters[i].key;
    EXPECT_GE(hi, f.truth[i]) << f.pc.cal.config.parameters[i].key;
    // The data move the estimate from the prior toward the truth.
    EXPECT_LT(std::abs(f.r.fit.theta[i] - f.truth[i]), std::abs(f.pc.cal.config.parameters[i].prior_mean - f.truth[i]))
        << f.pc.cal.config.parameters[i].key;
  }

  // The pool's own parameter file, named in pool.yaml, is what the pool then runs on.
  write(dir / "calibrated-params.yaml", pool_parameter_file_yaml(f.pc, f.r));
  const ParameterFile own = read_parameter_file((dir / "calibrated-params.yaml").string());
  EXPECT_EQ(own.keys, f.pc.inherited.keys);
  EXPECT_EQ(own.draws.size(), f.pc.inherited.draws.size());
  {
    std::ifstream in(dir / "pool.yaml");
    std::stringstream ss;
    for (std::string line; std::getline(in, line);)
      ss << (line.rfind("calibration:", 0) == 0 ? std::string("calibration: calibrated-params.yaml") : line) << "\n";
    write(dir / "pool.yaml", ss.str());
  }
  const LoadedScenario s = load_scenario(dir.string());
  ASSERT_TRUE(s.pool.has_value());
  EXPECT_EQ(s.pool->calibration.rfind("own: ", 0), 0u) << s.pool->calibration;
  EXPECT_EQ(fs::path(s.scenario.run.parameter_draws_file).filename(), "calibrated-params.yaml");
}

TEST(PoolCalibration, ASmallerPoolShrinksMoreTowardTheNationalEstimates) {
  // The same true values and noise-free histories (the expected data), so that the difference is
  // the pools' process noise alone: one hundredth of Jiyuan (a county-sized pool of about 6,000
  // enrollees) and ten times Jiyuan (a large prefecture, about 6 million).
  const Fitted small = fit_synthetic(make_pool("small", 0.01), kDelta, false, 1);
  const Fitted large = fit_synthetic(make_pool("large", 10.0), kDelta, false, 1);
  print_table("Shrinkage: one hundredth of Jiyuan, noise-free history", small);
  print_table("Shrinkage: ten times Jiyuan, noise-free history", large);
  double d_small = 0, d_large = 0;  // distance from the prior in prior sds
  for (std::size_t i = 0; i < kDelta.size(); ++i) {
    const auto& p = small.pc.cal.config.parameters[i];
    // Claims carry process noise (cost level, admission scale): wider for the small pool. The
    // enrollee count and the revenue (register counts x standards) carry none, so the parameters
    // they identify are about as precise in both (not narrower for the small pool).
    if (i < 2) {
      EXPECT_GT(small.r.sd[i], 1.2 * large.r.sd[i]) << p.key;
    }
    EXPECT_GE(small.r.sd[i], 0.999 * large.r.sd[i]) << p.key;
    d_small += std::abs(small.r.fit.theta[i] - p.prior_mean) / p.prior_sd;
    d_large += std::abs(large.r.fit.theta[i] - p.prior_mean) / p.prior_sd;
  }
  EXPECT_LT(d_small, d_large);
  // The small pool's targets carry more process noise (relative to the observed value).
  for (std::size_t i = 0; i < small.pc.errors.size(); ++i) {
    if (small.pc.cal.config.targets[i].quantity != "spending_total") continue;
    EXPECT_GT(small.pc.errors[i].process_sd / small.pc.cal.config.targets[i].observed,
                2.0 * large.pc.errors[i].process_sd / large.pc.cal.config.targets[i].observed);
  }
}

TEST(PoolCalibration, BadInputNamesTheFileAndKeyAndWritesNothing) {
  using fundsim::testing::run_command;
  const fs::path dir = make_pool("bad", 1.0);
  const std::string cmd = fundsim::testing::fundsim_binary() + " calibrate " + dir.string() + " --quiet";
  // A history without the census year's row.
  {
    std::ifstream in(dir / "history.csv");
    std::stringstream ss;
    for (std::string line; std::getline(in, line);)
      if (line.rfind("2020,", 0) != 0) ss << line << "\n";
    write(dir / "history.csv", ss.str());
  }
  auto r = run_command(cmd);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("history.csv:1: column 'year': expected a row for the census year 2020"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "calibrated-params.yaml"));
  // A settings file with an unknown key and one with a key no inherited file holds.
  fs::remove_all(dir);
  make_pool("bad", 1.0);
  write(dir / "s1.yaml", "seed: 3\nprocess_noise_draw: 50\n");
  r = run_command(cmd + " --settings " + (dir / "s1.yaml").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("s1.yaml:2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("process_noise_draw"), std::string::npos) << r.output;
  write(dir / "s2.yaml",
        "parameters:\n  - {key: costs.inpatient_sigma_tertiary_extra, min: 0, max: 1, prior_sd: 0.1, source: test}\n");
  r = run_command(cmd + " --settings " + (dir / "s2.yaml").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("costs.inpatient_sigma_tertiary_extra': expected a key of the inherited parameter file"),
            std::string::npos)
      << r.output;
  write(dir / "s3.yaml", "parameters:\n  - {key: costs.inpatient_sigma, min: 0, max: 1, source: test}\n");
  r = run_command(cmd + " --settings " + (dir / "s3.yaml").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("prior_sd"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "calibrated-params.yaml"));
  for (const auto& e : fs::directory_iterator(dir)) EXPECT_NE(e.path().extension(), ".tmp") << e.path();
}

// Coverage of the reported 95% intervals over 20 synthetic histories (seeds 1-20, draw 0) of the
// Jiyuan-sized pool at the same true values: not run by default (about 3 minutes); run with
//   build/tests/fundsim_calibration_tests --gtest_also_run_disabled_tests
//     --gtest_filter='PoolCalibration.DISABLED_CoverageOver20SyntheticHistories'
// It prints, per parameter, how many of the 20 intervals hold the true value.
TEST(PoolCalibration, DISABLED_CoverageOver20SyntheticHistories) {
  const fs::path dir = make_pool("coverage", 1.0);
  const PoolCalibrationSettings settings;
  const PoolCalibration template_pc = make_pool_calibration(dir.string(), settings);
  const std::vector<double> truth = truth_of(template_pc, kDelta);
  std::vector<int> covered(truth.size(), 0);
  std::vector<double> z_sum(truth.size(), 0.0), z_sq(truth.size(), 0.0);
  const int runs = 20;
  for (int seed = 1; seed <= runs; ++seed) {
    write(dir / "history.csv", synthetic_history_csv(template_pc, truth, static_cast<std::uint64_t>(seed), 0, true));
    const PoolCalibration pc = make_pool_calibration(dir.string(), settings);
    const CalibrationResult r = run_calibration(pc.cal);
    for (std::size_t i = 0; i < truth.size(); ++i) {
      const auto [lo, hi] = interval95(pc, r, i);
      covered[i] += lo <= truth[i] && truth[i] <= hi ? 1 : 0;
      const double z = (r.fit.theta[i] - truth[i]) / r.sd[i];
      z_sum[i] += z;
      z_sq[i] += z * z;
    }
  }
  std::cout << "\n| parameter | intervals holding the truth | mean z | rms z |\n|---|---|---|---|\n";
  for (std::size_t i = 0; i < truth.size(); ++i)
    std::cout << fmt::format("| `{}` | {}/{} | {:+.2f} | {:.2f} |\n", template_pc.cal.config.parameters[i].key, covered[i],
                             runs, z_sum[i] / runs, std::sqrt(z_sq[i] / runs));
  for (std::size_t i = 0; i < truth.size(); ++i) EXPECT_GE(covered[i], 16) << template_pc.cal.config.parameters[i].key;
}
