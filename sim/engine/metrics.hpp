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
#define FUNDSIM_METRICS(X)                                                                                         \
  X(population, "persons", "Population", "常住人口", "resident population at the end of the year")                  \
  X(enrollees, "persons", "Enrollees", "参保人数", "persons enrolled in the resident scheme")                       \
  X(enrollees_assisted, "persons", "Assisted enrollees", "救助对象参保人数",                                       \
    "enrollees in assisted groups (特困, 低保, ...), whose contribution medical assistance pays")                    \
  X(share_65_plus, "share", "Share aged 65+", "65岁及以上人口占比", "share of the population aged 65 or more")      \
  X(share_65_plus_enrollees, "share", "Enrollees aged 65+", "65岁及以上参保人占比",                                 \
    "share of enrollees aged 65 or more")                                                                          \
  X(prevalence_hypertension, "share", "Hypertension prevalence", "高血压患病率",                                    \
    "share of adult enrollees with hypertension")                                                                  \
  X(prevalence_diabetes, "share", "Diabetes prevalence", "糖尿病患病率", "share of adult enrollees with diabetes")  \
  X(two_disease_patients, "persons", "两病 patients", "两病门诊用药保障人数",                                       \
    "enrollees using the hypertension/diabetes outpatient medication benefit")                                      \
  X(revenue_total, "yuan", "Revenue", "基金收入",                                                                   \
    "revenue_subsidy + revenue_individual + revenue_interest")                                                     \
  X(revenue_subsidy, "yuan", "Fiscal subsidy revenue", "财政补助收入", "fiscal subsidies of every level of government") \
  X(revenue_individual, "yuan", "Individual contributions", "个人缴费收入",                                         \
    "individual contributions, including those medical assistance paid")                                           \
  X(revenue_assistance_paid, "yuan", "Contributions paid by assistance", "医疗救助资助参保",                        \
    "the part of revenue_individual that medical assistance paid for assisted groups")                             \
  X(revenue_interest, "yuan", "Interest", "利息收入", "interest on the opening cumulative balance")                  \
  X(spending_total, "yuan", "Spending", "基金支出", "the sum of the spending_* categories")                          \
  X(spending_inpatient, "yuan", "Inpatient spending", "住院支出", "basic-tier inpatient payments")                  \
  X(spending_outpatient, "yuan", "Outpatient spending", "普通门诊统筹支出", "general outpatient pooling payments")   \
  X(spending_two_diseases, "yuan", "两病 spending", "两病门诊用药支出",                                             \
    "hypertension/diabetes outpatient medication payments")                                                        \
  X(spending_chronic_special, "yuan", "Chronic/special outpatient spending", "门诊慢特病支出",                      \
    "chronic and special disease outpatient payments")                                                             \
  X(spending_catastrophic, "yuan", "Catastrophic insurance", "大病保险支出",                                        \
    "premium paid to the catastrophic insurer, or claims when self-insured")                                       \
  X(balance_current, "yuan", "Current balance", "当期结余", "revenue_total - spending_total")                        \
  X(balance_cumulative, "yuan", "Cumulative balance", "累计结余", "reserve at the end of the year")                  \
  X(months_payable, "months", "Months payable", "可支付月数", "balance_cumulative / (spending_total / 12)")          \
  X(individual_contribution, "yuan/enrollee", "Individual contribution", "个人缴费标准",                            \
    "individual contribution standard per enrollee")                                                               \
  X(fiscal_subsidy, "yuan/enrollee", "Fiscal subsidy standard", "财政补助标准",                                     \
    "national floor of the fiscal subsidy per enrollee")                                                           \
  X(contribution_burden_rural, "share", "Contribution burden (rural)", "个人缴费占农村居民可支配收入比",              \
    "individual contribution / rural per-capita disposable income")                                                \
  X(assistance_spending, "yuan", "Medical assistance spending", "医疗救助支出",                                     \
    "medical assistance: contributions paid plus assistance-tier payments")                                        \
  X(out_of_pocket, "yuan", "Out of pocket", "个人自付", "what enrollees pay themselves")                            \
  X(subsidy_central, "yuan", "Central subsidy", "中央财政补助", "central government's share of the subsidy")        \
  X(subsidy_provincial, "yuan", "Provincial subsidy", "省级财政补助", "provincial share of the subsidy")            \
  X(subsidy_city, "yuan", "City subsidy", "市级财政补助", "city share of the subsidy")                              \
  X(subsidy_county, "yuan", "County subsidy", "县级财政补助", "county share of the subsidy")                        \
  X(employee_scheme_members, "persons", "Employee scheme members", "职工医保参保人数",                               \
    "persons covered by the employee scheme instead (not enrolled here)")                                          \
  X(life_expectancy_at_birth, "years", "Life expectancy at birth", "出生时预期寿命",                                 \
    "period life expectancy at birth, both sexes")                                                                 \
  X(disposable_income_rural, "yuan/person", "Rural disposable income", "农村居民人均可支配收入",                      \
    "rural per-capita disposable income")                                                                          \
  X(catastrophic_claims, "yuan", "Catastrophic claims", "大病保险赔付", "claims of the catastrophic layer")         \
  X(spending_per_enrollee, "yuan/enrollee", "Spending per enrollee", "人均基金支出", "spending_total / enrollees")   \
  X(interest_rate, "per year", "Interest rate", "利率", "interest rate on the reserve")                             \
  X(total_cost, "yuan", "Gross medical cost", "医疗总费用", "gross medical cost of enrollees' covered services")  \
  X(catastrophic_beneficiaries, "persons", "Catastrophic beneficiaries", "大病保险受益人数",                        \
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
