// End-to-end tests of `fundsim benefit`: the calculator on hand-worked cases (table and JSON; the
// expected figures are re-derived by tests/benefits_cli/derive_expected.py from the rules in
// tests/benefits_cli/hand-rules.yaml), every bad argument -> exit code 2 with a message naming it,
// the aggregate-vs-sampler check with 1,000,000 persons per group in the national baseline and three
// stress settings, and the shipped regional scenarios (validate, run, subsidy split).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../cli/cli_support.hpp"

namespace fundsim::testing {
namespace {

const std::string kHand = "tests/benefits_cli/hand-rules.yaml";

CommandResult fundsim(const std::string& args) {
  return run_command("cd " + std::string(FUNDSIM_SOURCE_DIR) + " && " + fundsim_binary() + " " + args);
}

nlohmann::json json_of(const CommandResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(r.output);
}

struct Expected {
  double basic_inpatient, outpatient, chronic_special, two_diseases, catastrophic, assistance, out_of_pocket,
      total_cost;
};

void expect_tiers(const nlohmann::json& j, const Expected& e) {
  EXPECT_NEAR(j.at("basic_inpatient").get<double>(), e.basic_inpatient, 1e-6);
  EXPECT_NEAR(j.at("outpatient").get<double>(), e.outpatient, 1e-6);
  EXPECT_NEAR(j.at("chronic_special").get<double>(), e.chronic_special, 1e-6);
  EXPECT_NEAR(j.at("two_diseases").get<double>(), e.two_diseases, 1e-6);
  EXPECT_NEAR(j.at("catastrophic").get<double>(), e.catastrophic, 1e-6);
  EXPECT_NEAR(j.at("assistance").get<double>(), e.assistance, 1e-6);
  EXPECT_NEAR(j.at("out_of_pocket").get<double>(), e.out_of_pocket, 1e-6);
  EXPECT_NEAR(j.at("total_cost").get<double>(), e.total_cost, 1e-6);
}

// A table row "name   value" -> value (NaN if absent).
double table_value(const std::string& table, const std::string& name) {
  std::istringstream in(table);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name, 0) == 0 && line.size() > name.size() && line[name.size()] == ' ') {
      return std::stod(line.substr(name.size()));
    }
  return std::nan("");
}

TEST(BenefitCommand, TableOneSecondaryAdmission) {
  // 10,000 at secondary: compliant 8,000, deductible 500, fund 0.8 x 7,500 = 6,000; catastrophic base
  // 1,500 below the deductible 20,000; out of pocket 4,000.
  const CommandResult r = fundsim("benefit " + kHand + " --year 2025 --admission 10000");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("admission 1 (secondary): cost 10000.00, compliant 8000.00, deductible applied 500.00"),
            std::string::npos)
      << r.output;
  EXPECT_NEAR(table_value(r.output, "basic inpatient"), 6000.0, 1e-9);
  EXPECT_NEAR(table_value(r.output, "catastrophic insurance"), 0.0, 1e-9);
  EXPECT_NEAR(table_value(r.output, "out of pocket"), 4000.0, 1e-9);
  EXPECT_NEAR(table_value(r.output, "total cost"), 10000.0, 1e-9);
  EXPECT_NEAR(table_value(r.output, "  catastrophic base"), 1500.0, 1e-9);
  EXPECT_NEAR(table_value(r.output, "  catastrophic deductible"), 20000.0, 1e-9);
  EXPECT_NE(r.output.find("prior-year 2024 income 40000.00"), std::string::npos) << r.output;
}

TEST(BenefitCommand, JsonCapAndThreeCatastrophicTiers) {
  // Fund before cap 47,400 + 31,600 = 79,000 -> cap 50,000; base 120,000 - 1,500 - 50,000 = 68,500:
  // 0.6 x 10,000 + 0.7 x 30,000 + 0.8 x 8,500 = 33,800. Outpatient min(0.5 x 700, 300) = 300;
  // 两病 min(300 + 480, 600) = 600.
  const nlohmann::json j = json_of(fundsim("benefit " + kHand +
                                           " --year 2025 --admission 100000:tertiary --admission 50000:secondary "
                                           "--outpatient 800 --two-diseases hypertension=1000,diabetes=1000 --json"));
  expect_tiers(j, {50000, 300, 0, 600, 33800, 0, 68100, 152800});
  const auto& im = j.at("intermediates");
  EXPECT_NEAR(im.at("inpatient_fund_before_cap").get<double>(), 79000.0, 1e-6);
  // Compliant cost above the cap: the fund pays 79,000 / 118,500 of the compliant cost above the
  // deductibles, so the cap is reached with (79,000 - 50,000) x 118,500 / 79,000 = 43,500 left;
  // coinsurance within the cap 68,500 - 43,500 = 25,000.
  EXPECT_NEAR(im.at("inpatient_cost_above_cap").get<double>(), 43500.0, 1e-6);
  EXPECT_NEAR(im.at("inpatient_coinsurance_within_cap").get<double>(), 25000.0, 1e-6);
  EXPECT_NEAR(im.at("catastrophic_base").get<double>(), 68500.0, 1e-6);
  EXPECT_NEAR(im.at("inpatient_deductible_applied").get<double>(), 1500.0, 1e-6);
  ASSERT_EQ(im.at("catastrophic_segments").size(), 3u);
  EXPECT_NEAR(im.at("catastrophic_segments")[2].get<double>(), 8500.0, 1e-6);
  ASSERT_EQ(j.at("admissions").size(), 2u);
  EXPECT_EQ(j.at("admissions")[0].at("level"), "tertiary");
  EXPECT_NEAR(j.at("admissions")[1].at("fund_before_cap").get<double>(), 31600.0, 1e-6);
  EXPECT_EQ(j.at("year"), 2025);
  EXPECT_EQ(j.at("prior_year_income").at("year"), 2024);
}

TEST(BenefitCommand, JsonAssistedGroup) {
  // Assisted: deductible 10,000, ratios 0.65 / 0.75, uncapped: base 31,600 -> 0.65 x 20,000 +
  // 0.75 x 1,600 = 14,200; assistance 0.7 x (80,000 - 47,400 - 14,200) = 12,880.
  const nlohmann::json j =
      json_of(fundsim("benefit " + kHand + " --year 2025 --group assisted --admission 100000:tertiary --json"));
  expect_tiers(j, {47400, 0, 0, 0, 14200, 12880, 25520, 100000});
  EXPECT_EQ(j.at("group"), "assisted");
  EXPECT_TRUE(j.at("rules").at("catastrophic").at("cap_yuan").is_null());
}

TEST(BenefitCommand, JsonChronicSpecialAbsorbsTwoDiseases) {
  // Chronic/special user: 两病 drugs paid under chronic/special: 0.7 x (4,000 - 200) = 2,660.
  const nlohmann::json j = json_of(
      fundsim("benefit " + kHand + " --year 2025 --chronic-special 3000 --two-diseases hypertension=1000 --json"));
  expect_tiers(j, {0, 0, 2660, 0, 0, 0, 1340, 4000});
}

TEST(BenefitCommand, YearRangeEdgesAccepted) {
  // [run.jump_off_year - 3, run.end_year] = [2019, 2030] for the test scenario.
  EXPECT_EQ(fundsim("benefit " + kHand + " --year 2019 --admission 1000").exit_code, 0);
  EXPECT_EQ(fundsim("benefit " + kHand + " --year 2030 --admission 1000").exit_code, 0);
}

TEST(BenefitCommand, BadArgumentsExitTwoNamingTheArgument) {
  struct Case {
    std::string args, must_contain;
  };
  const Case cases[] = {
      {"--year 2025 --admission=-5000", "--admission '-5000': cost must be >= 0"},
      {"--year 2025 --admission -5000", "--admission '-5000'"},
      {"--year 2025 --admission abc", "--admission 'abc': 'abc' is not a number"},
      {"--year 2025 --admission 5000:quaternary", "unknown hospital level 'quaternary'"},
      {"--year 2025 --group rich --admission 5000", "--group: expected one of general|assisted, found 'rich'"},
      {"--year 2031 --admission 5000", "--year 2031: expected a year in [2019, 2030]"},
      {"--year 2018 --admission 5000", "--year 2018: expected a year in [2019, 2030]"},
      {"--year 2025 --outpatient=-1", "--outpatient: cost must be >= 0"},
      {"--year 2025 --outpatient inf", "--outpatient: cost must be finite"},
      {"--year 2025 --chronic-special 1e999", "--chronic-special: '1e999' is not a number"},
      {"--year 2025 --two-diseases asthma=100", "unknown disease 'asthma'"},
      {"--year 2025 --two-diseases hypertension=-3", "--two-diseases 'hypertension=-3' (hypertension): cost must be >= 0"},
      {"--year 2025 --two-diseases hypertension=1,hypertension=2", "hypertension given twice"},
      {"--admission 5000", "--year is required"},
      {"--year 2025 --compare-sampler 10", "--compare-sampler: at least 1000 persons"},
      {"--year 2025 --compare-sampler 5000 --stress huge",
       "--stress: expected one of none|heavy-tail|low-cap|high-deductible, found 'huge'"},
      {"--year 2025 --compare-sampler 5000 --cell female,101,0", "--cell 'female,101,0': age '101'"},
      {"--year 2025 --compare-sampler 5000 --cell other,50,0", "unknown sex 'other'"},
      {"--year 2025 --compare-sampler 5000 --cell male,50,asthma", "unknown health state 'asthma'"},
      {"--year 2025 --compare-sampler 5000 --admission 100", "--admission: not used with --compare-sampler"},
      {"--year 2025 --stress low-cap", "--stress requires --compare-sampler"},
  };
  for (const Case& c : cases) {
    const CommandResult r = fundsim("benefit " + kHand + " " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.must_contain), std::string::npos) << c.args << "\n" << r.output;
  }
  const CommandResult missing = fundsim("benefit tests/benefits_cli/no-such-file.yaml --year 2025");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("no-such-file.yaml"), std::string::npos) << missing.output;
}

// Aggregate layer vs individual sampler: 1,000,000 persons per group, national baseline and three
// stress settings; every tier within max(0.5%, 3 SE), and the command's exit code agrees.
TEST(BenefitCommand, SamplerMatchesAggregateBaselineAndStress) {
  for (const std::string stress : {"none", "heavy-tail", "low-cap", "high-deductible"}) {
    const CommandResult r = fundsim("benefit scenarios/national-baseline.yaml --year 2025 --compare-sampler 1000000 "
                                    "--stress " + stress + " --json");
    ASSERT_EQ(r.exit_code, 0) << stress << "\n" << r.output;
    const nlohmann::json j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j.at("persons"), 1000000);
    EXPECT_EQ(j.at("stress"), stress);
    ASSERT_EQ(j.at("groups").size(), 2u);
    for (const auto& g : j.at("groups")) {
      ASSERT_EQ(g.at("tiers").size(), 9u);  // eight money tiers and the catastrophic beneficiary share
      for (const auto& [tier, t] : g.at("tiers").items()) {
        const double agg = t.at("aggregate").get<double>(), smp = t.at("sampled").get<double>();
        const double se = t.at("se").get<double>();
        EXPECT_TRUE(std::isfinite(agg) && std::isfinite(smp));
        EXPECT_LE(std::abs(smp - agg), std::max(0.005 * std::abs(agg), 3.0 * se) + 1e-9) << stress << " " << tier;
        EXPECT_TRUE(t.at("pass").get<bool>()) << stress << " " << tier;
      }
      // Tiers the rules make positive are positive (the comparison is not vacuous).
      for (const char* tier : {"basic_inpatient", "outpatient", "chronic_special", "two_diseases", "catastrophic"})
        EXPECT_GT(g.at("tiers").at(tier).at("aggregate").get<double>(), 0.0) << stress << " " << tier;
      if (g.at("group") == "assisted") {
        EXPECT_GT(g.at("tiers").at("assistance").at("aggregate").get<double>(), 0.0);
      }
    }
  }
}

TEST(BenefitCommand, SamplerTableAndOptions) {
  const CommandResult r = fundsim("benefit " + kHand +
                                  " --year 2025 --compare-sampler 20000 --cell male,45,severe --group assisted "
                                  "--seed 7");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("cell male,45,severe"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("group assisted"), std::string::npos);
  EXPECT_EQ(r.output.find("group general"), std::string::npos);
  EXPECT_NE(r.output.find("all tiers pass"), std::string::npos);
  // Same seed, same figures.
  EXPECT_EQ(r.output, fundsim("benefit " + kHand +
                              " --year 2025 --compare-sampler 20000 --cell male,45,4 --group assisted --seed 7")
                          .output);
}

TEST(RegionalScenarios, ZhengzhouValidatesRunsAndSplitsTheSubsidyExactly) {
  EXPECT_EQ(fundsim("validate scenarios/zhengzhou-2021.yaml").exit_code, 0);
  const auto out = temp_path("zhengzhou");
  const CommandResult r =
      fundsim("run scenarios/zhengzhou-2021.yaml --draws 20 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string csv = read_file(out / "summary.csv");
  auto mean_of = [&](int year, const std::string& metric) {
    const std::string key = "\n" + std::to_string(year) + "," + metric + ",";
    const auto p = csv.find(key);
    EXPECT_NE(p, std::string::npos) << metric;
    return p == std::string::npos ? std::nan("") : std::stod(csv.substr(p + key.size()));
  };
  // 2022: subsidy 810 per enrollee, split 348 : 92.8 : 169.6 : 169.6 of 780.
  const double total = mean_of(2022, "revenue_subsidy"), enrollees = mean_of(2022, "enrollees");
  EXPECT_NEAR(total / enrollees, 810.0, 1e-6);
  EXPECT_NEAR(mean_of(2022, "subsidy_central") / total, 348.0 / 780.0, 1e-12);
  EXPECT_NEAR(mean_of(2022, "subsidy_provincial") / total, 92.8 / 780.0, 1e-12);
  EXPECT_NEAR(mean_of(2022, "subsidy_city") / total, 169.6 / 780.0, 1e-12);
  EXPECT_NEAR(mean_of(2022, "subsidy_county") / total, 169.6 / 780.0, 1e-12);
  EXPECT_NEAR(mean_of(2022, "individual_contribution"), 350.0, 1e-9);
  // A city-sized pool: a few million enrollees, not the nation.
  EXPECT_GT(enrollees, 1e6);
  EXPECT_LT(enrollees, 2e7);
  std::filesystem::remove_all(out);
}

TEST(RegionalScenarios, GuangxiValidatesRunsAndHasOneUncappedTier) {
  EXPECT_EQ(fundsim("validate scenarios/guangxi-catastrophic.yaml").exit_code, 0);
  const auto out = temp_path("guangxi");
  const CommandResult r = fundsim("run scenarios/guangxi-catastrophic.yaml --draws 20 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::remove_all(out);
  // 150,000 tertiary in 2025 under the scenario's rules: one 60% tier above half the 2024 income.
  const nlohmann::json j =
      json_of(fundsim("benefit scenarios/guangxi-catastrophic.yaml --year 2025 --admission 150000:tertiary --json"));
  const auto& cat = j.at("rules").at("catastrophic");
  ASSERT_EQ(cat.at("tiers").size(), 1u);
  EXPECT_NEAR(cat.at("tiers")[0].at("ratio").get<double>(), 0.6, 1e-12);
  EXPECT_TRUE(cat.at("cap_yuan").is_null());
  const double income = j.at("prior_year_income").at("yuan").get<double>();
  EXPECT_NEAR(cat.at("deductible_yuan").get<double>(), 0.5 * income, 1e-9);
  const double base = j.at("intermediates").at("catastrophic_base").get<double>();
  EXPECT_NEAR(j.at("catastrophic").get<double>(), 0.6 * std::max(0.0, base - 0.5 * income), 1e-6);
}

}  // namespace
}  // namespace fundsim::testing
