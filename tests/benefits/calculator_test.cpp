// Hand-worked calculator cases on the rules of test_rules.hpp (arithmetic in each comment).
#include "benefits/calculator.hpp"

#include <gtest/gtest.h>

#include "scenario/errors.hpp"
#include "test_rules.hpp"

namespace fundsim::benefits {
namespace {

using testing::hand_year;
constexpr double kTol = 1e-6;

PersonYear inpatient(std::initializer_list<Admission> a, Group g = kGeneral) {
  PersonYear p;
  p.group = g;
  p.admissions = a;
  return p;
}

TEST(Calculator, C01_NoCostsPayNothing) {
  const BenefitResult r = compute_benefits(PersonYear{}, hand_year());
  EXPECT_EQ(r.total_cost, 0.0);
  EXPECT_EQ(r.out_of_pocket, 0.0);
  EXPECT_EQ(r.basic_inpatient + r.catastrophic + r.assistance + r.outpatient, 0.0);
}

TEST(Calculator, C02_SecondaryAdmission) {
  // 10,000: compliant 8,000; deductible 500; fund 0.8 x 7,500 = 6,000; coinsurance 1,500;
  // base 1,500 < 10,000 -> no catastrophic; out of pocket 10,000 - 6,000 = 4,000.
  const BenefitResult r = compute_benefits(inpatient({{10000, Level::secondary}}), hand_year());
  EXPECT_NEAR(r.inpatient.compliant_yuan, 8000, kTol);
  EXPECT_NEAR(r.inpatient.deductible_applied_yuan, 500, kTol);
  EXPECT_NEAR(r.basic_inpatient, 6000, kTol);
  EXPECT_NEAR(r.inpatient.coinsurance_yuan, 1500, kTol);
  EXPECT_NEAR(r.inpatient.cat_base_yuan, 1500, kTol);
  EXPECT_NEAR(r.catastrophic, 0, kTol);
  EXPECT_NEAR(r.out_of_pocket, 4000, kTol);
}

TEST(Calculator, C03_CompliantBelowDeductible) {
  // primary 100: compliant 80 < deductible 100 -> deductible applied 80, fund 0, out of pocket 100.
  const BenefitResult r = compute_benefits(inpatient({{100, Level::primary}}), hand_year());
  EXPECT_NEAR(r.inpatient.deductible_applied_yuan, 80, kTol);
  EXPECT_NEAR(r.basic_inpatient, 0, kTol);
  EXPECT_NEAR(r.out_of_pocket, 100, kTol);
}

TEST(Calculator, C04_CompliantExactlyAtDeductible) {
  // primary 125: compliant 0.8 x 125 = 100 = deductible -> fund 0.9 x 0 = 0.
  const BenefitResult r = compute_benefits(inpatient({{125, Level::primary}}), hand_year());
  EXPECT_NEAR(r.inpatient.deductible_applied_yuan, 100, kTol);
  EXPECT_NEAR(r.basic_inpatient, 0, kTol);
}

TEST(Calculator, C05_DeductiblePerAdmission) {
  // two primary admissions of 1,000: compliant 800 each, deductible 100 each;
  // fund 0.9 x 700 x 2 = 1,260; out of pocket 2,000 - 1,260 = 740.
  const BenefitResult r =
      compute_benefits(inpatient({{1000, Level::primary}, {1000, Level::primary}}), hand_year());
  EXPECT_NEAR(r.inpatient.deductible_applied_yuan, 200, kTol);
  EXPECT_NEAR(r.basic_inpatient, 1260, kTol);
  EXPECT_NEAR(r.out_of_pocket, 740, kTol);
}

TEST(Calculator, C06_MixedLevels) {
  // primary 1,000: compliant 800, deductible 100, fund 0.9 x 700 = 630;
  // tertiary 20,000: compliant 16,000, deductible 1,000, fund 0.6 x 15,000 = 9,000.
  // basic 9,630; base 16,800 - 1,100 - 9,630 = 6,070 < 10,000; out of pocket 21,000 - 9,630 = 11,370.
  const BenefitResult r =
      compute_benefits(inpatient({{1000, Level::primary}, {20000, Level::tertiary}}), hand_year());
  EXPECT_NEAR(r.basic_inpatient, 9630, kTol);
  EXPECT_NEAR(r.inpatient.cat_base_yuan, 6070, kTol);
  EXPECT_NEAR(r.catastrophic, 0, kTol);
  EXPECT_NEAR(r.out_of_pocket, 11370, kTol);
}

TEST(Calculator, C07_CostExactlyAtBasicCap) {
  // tertiary: the cap 50,000 is reached when 0.6 (c - 1,000) = 50,000, c = 84,333.33, cost = c / 0.8
  // = 105,416.67. basic 50,000; above cap 0; coinsurance 0.4 x 83,333.33 = 33,333.33 = base;
  // catastrophic 0.6 x (30,000 - 10,000) + 0.7 x (33,333.33 - 30,000) = 12,000 + 2,333.33.
  const double c = 1000.0 + 50000.0 / 0.6;
  const BenefitResult r = compute_benefits(inpatient({{c / 0.8, Level::tertiary}}), hand_year());
  EXPECT_NEAR(r.basic_inpatient, 50000, 1e-6);
  EXPECT_NEAR(r.inpatient.above_cap_yuan, 0, 1e-6);
  EXPECT_NEAR(r.inpatient.coinsurance_yuan, 100000.0 / 3.0, 1e-6);
  EXPECT_NEAR(r.catastrophic, 12000 + 0.7 * (100000.0 / 3.0 - 30000), 1e-6);
}

TEST(Calculator, C08_AboveBasicCapAllTiers) {
  // tertiary 150,000: compliant 120,000; deductible 1,000; fund before cap 0.6 x 119,000 = 71,400
  // -> basic 50,000; within cap 50,000 / 0.6 = 83,333.33; above cap 119,000 - 83,333.33 = 35,666.67;
  // coinsurance 33,333.33; base 69,000; catastrophic 0.6 x 20,000 + 0.7 x 30,000 + 0.8 x 9,000
  // = 12,000 + 21,000 + 7,200 = 40,200; out of pocket 150,000 - 50,000 - 40,200 = 59,800.
  const BenefitResult r = compute_benefits(inpatient({{150000, Level::tertiary}}), hand_year());
  EXPECT_NEAR(r.inpatient.fund_before_cap_yuan, 71400, kTol);
  EXPECT_NEAR(r.basic_inpatient, 50000, kTol);
  EXPECT_NEAR(r.inpatient.above_cap_yuan, 119000 - 50000 / 0.6, 1e-6);
  EXPECT_NEAR(r.inpatient.coinsurance_yuan, 50000 / 0.6 - 50000, 1e-6);
  EXPECT_NEAR(r.inpatient.cat_base_yuan, 69000, 1e-6);
  EXPECT_NEAR(r.inpatient.cat_segment_yuan[0], 20000, 1e-6);
  EXPECT_NEAR(r.inpatient.cat_segment_yuan[1], 30000, 1e-6);
  EXPECT_NEAR(r.inpatient.cat_segment_yuan[2], 9000, 1e-6);
  EXPECT_NEAR(r.catastrophic, 40200, 1e-6);
  EXPECT_NEAR(r.out_of_pocket, 59800, 1e-6);
}

TEST(Calculator, C09_BaseExactlyAtCatastrophicDeductible) {
  // secondary: base 0.2 (c - 500) = 10,000 -> c = 50,500, cost 63,125; fund 0.8 x 50,000 = 40,000
  // (below the cap); catastrophic 0.
  const BenefitResult r = compute_benefits(inpatient({{63125, Level::secondary}}), hand_year());
  EXPECT_NEAR(r.basic_inpatient, 40000, kTol);
  EXPECT_NEAR(r.inpatient.cat_base_yuan, 10000, kTol);
  EXPECT_NEAR(r.catastrophic, 0, kTol);
}

TEST(Calculator, C10_BaseExactlyAtTierBound) {
  // tertiary: base 0.4 (c - 1,000) = 30,000 -> c = 76,000, cost 95,000; fund 0.6 x 75,000 = 45,000;
  // catastrophic 0.6 x 20,000 = 12,000, second segment 0; out of pocket 95,000 - 57,000 = 38,000.
  const BenefitResult r = compute_benefits(inpatient({{95000, Level::tertiary}}), hand_year());
  EXPECT_NEAR(r.basic_inpatient, 45000, kTol);
  EXPECT_NEAR(r.inpatient.cat_segment_yuan[1], 0, kTol);
  EXPECT_NEAR(r.catastrophic, 12000, kTol);
  EXPECT_NEAR(r.out_of_pocket, 38000, kTol);
}

TEST(Calculator, C11_CatastrophicCapBinds) {
  // tertiary 300,000: compliant 240,000; basic 50,000 (cap); base 239,000 - 50,000 = 189,000;
  // before cap 12,000 + 21,000 + 0.8 x 129,000 = 136,200 -> cap 100,000; out of pocket 150,000.
  const BenefitResult r = compute_benefits(inpatient({{300000, Level::tertiary}}), hand_year());
  EXPECT_NEAR(r.inpatient.cat_before_cap_yuan, 136200, kTol);
  EXPECT_NEAR(r.catastrophic, 100000, kTol);
  EXPECT_NEAR(r.out_of_pocket, 150000, kTol);
}

TEST(Calculator, C12_AssistedTiltNoCapAndAssistanceLimit) {
  // Same person, assisted: deductible 5,000, ratios 0.65 / 0.75 / 0.85, no cap:
  // 0.65 x 25,000 + 0.75 x 30,000 + 0.85 x 129,000 = 16,250 + 22,500 + 109,650 = 148,400.
  // Assistance base 240,000 - 50,000 - 148,400 = 41,600; 0.7 x 41,600 = 29,120 -> limit 20,000.
  // Out of pocket 300,000 - 50,000 - 148,400 - 20,000 = 81,600.
  const BenefitResult r = compute_benefits(inpatient({{300000, Level::tertiary}}, kAssisted), hand_year());
  EXPECT_NEAR(r.inpatient.cat_deductible_yuan, 5000, kTol);
  EXPECT_NEAR(r.catastrophic, 148400, kTol);
  EXPECT_NEAR(r.inpatient.assistance_base_yuan, 41600, kTol);
  EXPECT_NEAR(r.assistance, 20000, kTol);
  EXPECT_NEAR(r.out_of_pocket, 81600, kTol);
}

TEST(Calculator, C13_AssistedBelowCatastrophicDeductible) {
  // assisted, secondary 20,000: compliant 16,000; basic 0.8 x 15,500 = 12,400; base 3,100 < 5,000;
  // assistance base 16,000 - 12,400 = 3,600 (deductible included) -> 0.7 x 3,600 = 2,520;
  // out of pocket 20,000 - 12,400 - 2,520 = 5,080.
  const BenefitResult r = compute_benefits(inpatient({{20000, Level::secondary}}, kAssisted), hand_year());
  EXPECT_NEAR(r.catastrophic, 0, kTol);
  EXPECT_NEAR(r.assistance, 2520, kTol);
  EXPECT_NEAR(r.out_of_pocket, 5080, kTol);
}

TEST(Calculator, C14_AssistedWithCatastrophic) {
  // assisted, tertiary 50,000: compliant 40,000; basic 0.6 x 39,000 = 23,400; base 15,600;
  // catastrophic 0.65 x (15,600 - 5,000) = 6,890; assistance 0.7 x (40,000 - 23,400 - 6,890) =
  // 0.7 x 9,710 = 6,797; out of pocket 50,000 - 23,400 - 6,890 - 6,797 = 12,913.
  const BenefitResult r = compute_benefits(inpatient({{50000, Level::tertiary}}, kAssisted), hand_year());
  EXPECT_NEAR(r.catastrophic, 6890, kTol);
  EXPECT_NEAR(r.assistance, 6797, kTol);
  EXPECT_NEAR(r.out_of_pocket, 12913, kTol);
}

TEST(Calculator, C15_GeneralGroupSameCostNoAssistance) {
  // general, tertiary 50,000: base 15,600; catastrophic 0.6 x 5,600 = 3,360; assistance 0;
  // out of pocket 50,000 - 23,400 - 3,360 = 23,240.
  const BenefitResult r = compute_benefits(inpatient({{50000, Level::tertiary}}), hand_year());
  EXPECT_NEAR(r.catastrophic, 3360, kTol);
  EXPECT_EQ(r.assistance, 0.0);
  EXPECT_NEAR(r.out_of_pocket, 23240, kTol);
}

PersonYear outpatient(double op, double cs = 0, double h = 0, double d = 0) {
  PersonYear p;
  p.outpatient_cost_yuan = op;
  p.chronic_special_cost_yuan = cs;
  p.hypertension_cost_yuan = h;
  p.diabetes_cost_yuan = d;
  return p;
}

TEST(Calculator, C16_OutpatientBelowAndAtDeductible) {
  // 50 < deductible 100 -> 0; exactly 100 -> 0.5 x 0 = 0.
  EXPECT_EQ(compute_benefits(outpatient(50), hand_year()).outpatient, 0.0);
  EXPECT_EQ(compute_benefits(outpatient(100), hand_year()).outpatient, 0.0);
}

TEST(Calculator, C17_OutpatientRatio) {
  // 500: 0.5 x (500 - 100) = 200; out of pocket 300.
  const BenefitResult r = compute_benefits(outpatient(500), hand_year());
  EXPECT_NEAR(r.outpatient, 200, kTol);
  EXPECT_NEAR(r.out_of_pocket, 300, kTol);
}

TEST(Calculator, C18_OutpatientExactlyAtAndAboveCap) {
  // cap reached at 100 + 300 / 0.5 = 700 -> 300; 2,000 -> min(950, 300) = 300.
  EXPECT_NEAR(compute_benefits(outpatient(700), hand_year()).outpatient, 300, kTol);
  EXPECT_NEAR(compute_benefits(outpatient(2000), hand_year()).outpatient, 300, kTol);
}

TEST(Calculator, C19_ChronicSpecialRatio) {
  // 1,000: 0.7 x (1,000 - 200) = 560.
  EXPECT_NEAR(compute_benefits(outpatient(0, 1000), hand_year()).chronic_special, 560, kTol);
}

TEST(Calculator, C20_ChronicSpecialCap) {
  // 10,000: 0.7 x 9,800 = 6,860 -> cap 5,000; out of pocket 5,000.
  const BenefitResult r = compute_benefits(outpatient(0, 10000), hand_year());
  EXPECT_NEAR(r.chronic_special, 5000, kTol);
  EXPECT_NEAR(r.out_of_pocket, 5000, kTol);
}

TEST(Calculator, C21_HypertensionBelowCap) {
  // 400: 0.5 x 400 = 200 < 300.
  EXPECT_NEAR(compute_benefits(outpatient(0, 0, 400), hand_year()).two_diseases, 200, kTol);
}

TEST(Calculator, C22_HypertensionCap) {
  // 1,000: 500 -> cap 300; exactly at the cap point 600: 0.5 x 600 = 300.
  EXPECT_NEAR(compute_benefits(outpatient(0, 0, 1000), hand_year()).two_diseases, 300, kTol);
  EXPECT_NEAR(compute_benefits(outpatient(0, 0, 600), hand_year()).two_diseases, 300, kTol);
}

TEST(Calculator, C23_DiabetesCap) {
  // 1,200: 600 -> cap 480.
  EXPECT_NEAR(compute_benefits(outpatient(0, 0, 0, 1200), hand_year()).two_diseases, 480, kTol);
}

TEST(Calculator, C24_BothDiseasesJointCap) {
  // hypertension 1,000 -> 300, diabetes 1,200 -> 480; sum 780 -> joint cap 600.
  const BenefitResult r = compute_benefits(outpatient(0, 0, 1000, 1200), hand_year());
  EXPECT_NEAR(r.two_hypertension_yuan, 300, kTol);
  EXPECT_NEAR(r.two_diabetes_yuan, 480, kTol);
  EXPECT_NEAR(r.two_diseases, 600, kTol);
}

TEST(Calculator, C25_TwoDiseasesOfChronicPatientPaidUnderChronicOnly) {
  // chronic 1,000 + hypertension 400 + diabetes 600 -> chronic base 2,000; 0.7 x 1,800 = 1,260;
  // 两病 pays 0; total 2,000; out of pocket 740.
  const BenefitResult r = compute_benefits(outpatient(0, 1000, 400, 600), hand_year());
  EXPECT_EQ(r.two_diseases, 0.0);
  EXPECT_NEAR(r.chronic_special, 1260, kTol);
  EXPECT_NEAR(r.total_cost, 2000, kTol);
  EXPECT_NEAR(r.out_of_pocket, 740, kTol);
}

TEST(Calculator, C26_AllServicesTogether) {
  // secondary admission 10,000 (6,000) + outpatient 500 (200) + chronic 1,000 (560):
  // total 11,500; out of pocket 11,500 - 6,760 = 4,740.
  PersonYear p = outpatient(500, 1000);
  p.admissions = {{10000, Level::secondary}};
  const BenefitResult r = compute_benefits(p, hand_year());
  EXPECT_NEAR(r.total_cost, 11500, kTol);
  EXPECT_NEAR(r.out_of_pocket, 4740, kTol);
}

TEST(Calculator, C27_DeductibleAboveFirstTierBound) {
  // income 80,000 -> deductible 40,000 (above the 30,000 bound). C08's base 69,000:
  // first tier empty; 0.7 x (60,000 - 40,000) + 0.8 x 9,000 = 14,000 + 7,200 = 21,200.
  const BenefitResult r = compute_benefits(inpatient({{150000, Level::tertiary}}), hand_year(80000));
  EXPECT_NEAR(r.inpatient.cat_segment_yuan[0], 0, kTol);
  EXPECT_NEAR(r.catastrophic, 21200, 1e-6);
}

TEST(Calculator, C28_AssistedRatioBonusCappedAtOne) {
  // a single tier at 0.98 -> assisted 0.98 + 0.05 = 1.03 -> 1.0. Tertiary 150,000 assisted: base
  // 69,000; deductible 5,000 -> catastrophic 1.0 x 64,000.
  BenefitRules b = testing::hand_rules();
  b.catastrophic.tiers = {{Schedule::constant(0), Schedule::constant(0.98)}};
  const BenefitResult r =
      compute_benefits(inpatient({{150000, Level::tertiary}}, kAssisted), resolve(b, 2025, 20000));
  EXPECT_NEAR(r.catastrophic, 64000, 1e-6);
}

TEST(Calculator, C29_FixedDeductibleAndScheduleByYear) {
  // basis fixed: deductible 30,404 (Beijing); a cap schedule {2024: 50,000, 2026: 60,000}:
  // in 2025 the 2024 value holds, in 2026 the new one.
  BenefitRules b = testing::hand_rules();
  b.catastrophic.deductible_basis = "fixed";
  b.catastrophic.deductible_yuan = Schedule::constant(30404);
  b.inpatient.annual_cap_yuan.values = {{2024, 50000}, {2026, 60000}};
  EXPECT_NEAR(resolve(b, 2025, 20000).catastrophic.deductible_yuan, 30404, kTol);
  EXPECT_NEAR(resolve(b, 2025, 20000).inpatient_cap_yuan, 50000, kTol);
  EXPECT_NEAR(resolve(b, 2026, 20000).inpatient_cap_yuan, 60000, kTol);
}

TEST(Calculator, C30_IndexedScheduleUsesIncome) {
  // assistance limit indexed at share 1.0 x income after 2024: in 2025 with income 25,000 -> 25,000.
  BenefitRules b = testing::hand_rules();
  b.assistance.annual_limit_yuan.values = {{2024, 20000}};
  b.assistance.annual_limit_yuan.after = Schedule::After::indexed;
  b.assistance.annual_limit_yuan.share = 1.0;
  EXPECT_NEAR(resolve(b, 2025, 25000).assistance_limit_yuan, 25000, kTol);
  EXPECT_NEAR(resolve(b, 2024, 25000).assistance_limit_yuan, 20000, kTol);
}

TEST(Calculator, ValidationErrors) {
  EXPECT_THROW(make_person_year("general", {{-1.0, "primary"}}, 0, 0, 0, 0), InputError);
  EXPECT_THROW(make_person_year("general", {{100.0, "quaternary"}}, 0, 0, 0, 0), InputError);
  EXPECT_THROW(make_person_year("rich", {}, 0, 0, 0, 0), InputError);
  EXPECT_THROW(make_person_year("general", {}, -5, 0, 0, 0), InputError);
  EXPECT_THROW(make_person_year("general", {}, 0, std::nan(""), 0, 0), InputError);
  EXPECT_NO_THROW(make_person_year("assisted", {{100.0, "tertiary"}}, 1, 2, 3, 4));
  BenefitRules b = testing::hand_rules();
  b.catastrophic.tiers = {{Schedule::constant(0), Schedule::constant(0.6)},
                          {Schedule::constant(0), Schedule::constant(0.7)}};  // not ascending
  EXPECT_THROW(resolve(b, 2025, 20000), InputError);
  EXPECT_THROW(resolve(testing::hand_rules(), 2025, -1.0), InputError);
}

TEST(Calculator, JsonAndTable) {
  // C08's person: JSON carries the tiers and the intermediates; the table names every tier.
  const BenefitResult r = compute_benefits(inpatient({{150000, Level::tertiary}}), hand_year());
  const nlohmann::json j = to_json(r);
  for (const char* k : {"basic_inpatient", "outpatient", "chronic_special", "two_diseases", "catastrophic",
                        "assistance", "out_of_pocket", "total_cost", "intermediates"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_NEAR(j["catastrophic"].get<double>(), 40200, 1e-6);
  EXPECT_EQ(j["intermediates"]["catastrophic_segments"].size(), 3u);
  const std::string t = format_table(r);
  EXPECT_NE(t.find("catastrophic insurance"), std::string::npos);
  EXPECT_NE(t.find("40200.00"), std::string::npos);
}

TEST(Calculator, DefaultsResolveAndAreSane) {
  // National baseline with 2024 income 41,314: catastrophic deductible 20,657.
  const YearRules y = resolve(BenefitRules{}, 2025, 41314);
  EXPECT_NEAR(y.catastrophic.deductible_yuan, 20657, kTol);
  EXPECT_EQ(y.catastrophic.n_tiers, 3);
  EXPECT_NEAR(y.inpatient_cap_yuan, 150000, kTol);
}

}  // namespace
}  // namespace fundsim::benefits
