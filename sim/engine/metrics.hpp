// The metrics of a projection: one value per draw and year each. Names are part of the output
// contract (docs/DESIGN.md §1) and keep their meaning; new metrics are appended to FUNDSIM_METRICS.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace fundsim {

// The registry: every metric declared once, in output order, as
//   X(name, unit, English label, Chinese label, description)
// The enum, the names and the metadata are all generated from this one list, so a metric cannot
// exist without a name or a label (a missing field is a compile error: the macro takes five
// arguments). Money in nominal yuan, people in persons, shares as fractions (docs/DESIGN.md §1).
#define FUNDSIM_METRICS(X) \
  X(population, "persons", "population", "总人口", \
    "resident population at the end of the year") \
  X(enrollees, "persons", "enrollees", "参保人数", \
    "persons enrolled in the resident scheme") \
  X(enrollees_assisted, "persons", "assisted enrollees (特困/低保/low income)", "医疗救助资助参保人数", \
    "enrollees in assisted groups (特困, 低保, ...), whose contribution medical assistance pays") \
  X(share_65_plus, "share", "share aged 65+", "65岁及以上人口占比", \
    "share of the population aged 65 or more") \
  X(share_65_plus_enrollees, "share", "share of enrollees aged 65+", "参保人中65岁及以上占比", \
    "share of enrollees aged 65 or more") \
  X(prevalence_hypertension, "share", "hypertension prevalence (18+)", "高血压患病率（18岁及以上）", \
    "share of adult enrollees with hypertension") \
  X(prevalence_diabetes, "share", "diabetes prevalence (18+)", "糖尿病患病率（18岁及以上）", \
    "share of adult enrollees with diabetes") \
  X(two_disease_patients, "persons", "两病 medication beneficiaries", "两病门诊用药保障人数", \
    "enrollees using the hypertension/diabetes outpatient medication benefit") \
  X(revenue_total, "yuan", "fund revenue", "基金收入", \
    "revenue_subsidy + revenue_individual + revenue_interest") \
  X(revenue_subsidy, "yuan", "revenue: fiscal subsidy", "基金收入：财政补助", \
    "fiscal subsidies of every level of government") \
  X(revenue_individual, "yuan", "revenue: individual contributions", "基金收入：个人缴费", \
    "individual contributions, including those medical assistance paid") \
  X(revenue_assistance_paid, "yuan", "contributions paid by medical assistance", "医疗救助资助参保缴费", \
    "the part of revenue_individual that medical assistance paid for assisted groups") \
  X(revenue_interest, "yuan", "revenue: interest", "基金收入：利息收入", \
    "interest on the opening cumulative balance") \
  X(spending_total, "yuan", "fund spending", "基金支出", \
    "the sum of the spending_* categories") \
  X(spending_inpatient, "yuan", "spending: inpatient", "基金支出：住院", \
    "basic-tier inpatient payments") \
  X(spending_outpatient, "yuan", "spending: general outpatient", "基金支出：普通门诊统筹", \
    "general outpatient pooling payments") \
  X(spending_two_diseases, "yuan", "spending: 两病 (hypertension/diabetes) medication", "基金支出：两病门诊用药", \
    "hypertension/diabetes outpatient medication payments") \
  X(spending_chronic_special, "yuan", "spending: chronic/special outpatient (门诊慢特病)", "基金支出：门诊慢特病", \
    "chronic and special disease outpatient payments") \
  X(spending_catastrophic, "yuan", "spending: catastrophic illness insurance (大病保险)", "基金支出：大病保险", \
    "premium paid to the catastrophic insurer, or claims when self-insured") \
  X(balance_current, "yuan", "current balance", "当期结余", \
    "revenue_total - spending_total") \
  X(balance_cumulative, "yuan", "cumulative balance", "累计结余", \
    "reserve at the end of the year") \
  X(months_payable, "months", "months payable", "可支付月数", \
    "balance_cumulative / (spending_total / 12)") \
  X(individual_contribution, "yuan/enrollee", "individual contribution", "个人缴费标准", \
    "individual contribution standard per enrollee") \
  X(fiscal_subsidy, "yuan/enrollee", "fiscal subsidy", "财政补助标准", \
    "national floor of the fiscal subsidy per enrollee") \
  X(contribution_burden_rural, "share", "individual contribution / rural disposable income", "个人缴费占农村居民人均可支配收入比重", \
    "individual contribution / rural per-capita disposable income") \
  X(assistance_spending, "yuan", "medical assistance spending (outside the fund)", "医疗救助支出（基金外）", \
    "medical assistance: contributions paid plus assistance-tier payments") \
  X(out_of_pocket, "yuan", "out-of-pocket payments (outside the fund)", "个人自付（基金外）", \
    "what enrollees pay themselves") \
  X(subsidy_central, "yuan", "fiscal subsidy: central government", "财政补助：中央", \
    "central government's share of the subsidy") \
  X(subsidy_provincial, "yuan", "fiscal subsidy: province", "财政补助：省级", \
    "provincial share of the subsidy") \
  X(subsidy_city, "yuan", "fiscal subsidy: city", "财政补助：市级", \
    "city share of the subsidy") \
  X(subsidy_county, "yuan", "fiscal subsidy: county", "财政补助：县级", \
    "county share of the subsidy") \
  X(employee_scheme_members, "persons", "members of the employee scheme", "职工医保参保人数", \
    "persons covered by the employee scheme instead (not enrolled here)") \
  X(life_expectancy_at_birth, "years", "life expectancy at birth", "出生时预期寿命", \
    "period life expectancy at birth, both sexes") \
  X(disposable_income_rural, "yuan/person", "rural per-capita disposable income", "农村居民人均可支配收入", \
    "rural per-capita disposable income") \
  X(catastrophic_claims, "yuan", "catastrophic insurance claims", "大病保险赔付", \
    "claims of the catastrophic layer") \
  X(spending_per_enrollee, "yuan/enrollee", "fund spending per enrollee", "人均基金支出", \
    "spending_total / enrollees") \
  X(interest_rate, "per year", "interest rate on the balance", "结余利率", \
    "interest rate on the reserve") \
  X(total_cost, "yuan", "gross medical cost of enrollees", "参保人医疗总费用", \
    "gross medical cost of enrollees' covered services") \
  X(catastrophic_beneficiaries, "persons", "catastrophic insurance beneficiaries", "大病保险受益人数", \
    "persons whose compliant self-pay passes the catastrophic deductible in the year")

enum Metric : int {
#define FUNDSIM_METRIC_ENUM(name, unit, en, zh, doc) m_##name,
  FUNDSIM_METRICS(FUNDSIM_METRIC_ENUM)
#undef FUNDSIM_METRIC_ENUM
  kMetricCount
};

struct MetricInfo {
  std::string_view name, unit, label_en, label_zh, description;
};

inline constexpr std::array<MetricInfo, kMetricCount> kMetricInfo = {{
#define FUNDSIM_METRIC_INFO(name, unit, en, zh, doc) {#name, unit, en, zh, doc},
    FUNDSIM_METRICS(FUNDSIM_METRIC_INFO)
#undef FUNDSIM_METRIC_INFO
}};

// No field is empty (a compile-time check over the whole registry).
inline constexpr bool kMetricInfoComplete = [] {
  for (const MetricInfo& m : kMetricInfo)
    if (m.name.empty() || m.unit.empty() || m.label_en.empty() || m.label_zh.empty() || m.description.empty())
      return false;
  return true;
}();
static_assert(kMetricInfoComplete, "every metric needs a name, unit, labels and a description");

inline const MetricInfo& metric_info(Metric m) { return kMetricInfo[static_cast<std::size_t>(m)]; }
inline std::string_view metric_name(Metric m) { return metric_info(m).name; }

inline std::optional<Metric> metric_from_name(std::string_view name) {
  for (int i = 0; i < kMetricCount; ++i)
    if (kMetricInfo[static_cast<std::size_t>(i)].name == name) return static_cast<Metric>(i);
  return std::nullopt;
}

}  // namespace fundsim
