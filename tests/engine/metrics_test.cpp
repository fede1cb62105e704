// The metric registry (sim/engine/metrics.hpp): one declaration per metric, names as in docs/DESIGN.md §1.
#include "engine/metrics.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace fundsim {
namespace {

TEST(MetricRegistry, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names, labels_en, labels_zh;
  for (int i = 0; i < kMetricCount; ++i) {
    const Metric m = static_cast<Metric>(i);
    const MetricInfo& x = metric_info(m);
    EXPECT_TRUE(names.insert(x.name).second) << x.name;
    EXPECT_TRUE(labels_en.insert(x.label_en).second) << x.label_en;
    EXPECT_TRUE(labels_zh.insert(x.label_zh).second) << x.label_zh;
    EXPECT_EQ(metric_from_name(x.name), m);
  }
  EXPECT_FALSE(metric_from_name("not_a_metric").has_value());
}

TEST(MetricRegistry, TheEnumAndTheNamesComeFromOneList) {
  // Spot checks of the generated enum against the names (the contract's first, a middle and the last).
  EXPECT_EQ(metric_name(m_population), "population");
  EXPECT_EQ(metric_name(m_months_payable), "months_payable");
  EXPECT_EQ(metric_name(m_out_of_pocket), "out_of_pocket");
  EXPECT_EQ(metric_name(static_cast<Metric>(kMetricCount - 1)), kMetricInfo.back().name);
  // docs/DESIGN.md §1's metric list, in its order, is the registry's first 27 entries.
  const char* design[] = {"population", "enrollees", "enrollees_assisted", "share_65_plus", "share_65_plus_enrollees",
                          "prevalence_hypertension", "prevalence_diabetes", "two_disease_patients", "revenue_total",
                          "revenue_subsidy", "revenue_individual", "revenue_assistance_paid", "revenue_interest",
                          "spending_total", "spending_inpatient", "spending_outpatient", "spending_two_diseases",
                          "spending_chronic_special", "spending_catastrophic", "balance_current",
                          "balance_cumulative", "months_payable", "individual_contribution", "fiscal_subsidy",
                          "contribution_burden_rural", "assistance_spending", "out_of_pocket"};
  for (std::size_t i = 0; i < std::size(design); ++i) EXPECT_EQ(kMetricInfo[i].name, design[i]) << i;
}

TEST(MetricRegistry, MoneyMetricsAreInYuan) {
  for (Metric m : {m_revenue_total, m_spending_total, m_balance_cumulative, m_out_of_pocket})
    EXPECT_EQ(metric_info(m).unit, "yuan") << metric_name(m);
  EXPECT_EQ(metric_info(m_months_payable).unit, "months");
}

}  // namespace
}  // namespace fundsim
