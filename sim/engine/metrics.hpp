// The metrics of a projection: one value per draw and year each. Names are part of the output
// contract (DESIGN §1) and keep their meaning; new metrics are appended.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace fundsim {

enum Metric : int {
  m_population,
  m_enrollees,
  m_enrollees_assisted,
  m_share_65_plus,
  m_share_65_plus_enrollees,
  m_prevalence_hypertension,
  m_prevalence_diabetes,
  m_two_disease_patients,
  m_revenue_total,
  m_revenue_subsidy,
  m_revenue_individual,
  m_revenue_assistance_paid,
  m_revenue_interest,
  m_spending_total,
  m_spending_inpatient,
  m_spending_outpatient,
  m_spending_two_diseases,
  m_spending_chronic_special,
  m_spending_catastrophic,
  m_balance_current,
  m_balance_cumulative,
  m_months_payable,
  m_individual_contribution,
  m_fiscal_subsidy,
  m_contribution_burden_rural,
  m_assistance_spending,
  m_out_of_pocket,
  // Additional metrics (beyond the DESIGN minimum).
  m_subsidy_central,
  m_subsidy_provincial,
  m_subsidy_city,
  m_subsidy_county,
  m_employee_scheme_members,
  m_life_expectancy_at_birth,
  m_disposable_income_rural,
  m_catastrophic_claims,
  m_spending_per_enrollee,
  m_interest_rate,
  m_total_cost,
  m_catastrophic_beneficiaries,
  kMetricCount
};

inline constexpr std::array<std::string_view, kMetricCount> kMetricNames = {
    "population",
    "enrollees",
    "enrollees_assisted",
    "share_65_plus",
    "share_65_plus_enrollees",
    "prevalence_hypertension",
    "prevalence_diabetes",
    "two_disease_patients",
    "revenue_total",
    "revenue_subsidy",
    "revenue_individual",
    "revenue_assistance_paid",
    "revenue_interest",
    "spending_total",
    "spending_inpatient",
    "spending_outpatient",
    "spending_two_diseases",
    "spending_chronic_special",
    "spending_catastrophic",
    "balance_current",
    "balance_cumulative",
    "months_payable",
    "individual_contribution",
    "fiscal_subsidy",
    "contribution_burden_rural",
    "assistance_spending",
    "out_of_pocket",
    "subsidy_central",
    "subsidy_provincial",
    "subsidy_city",
    "subsidy_county",
    "employee_scheme_members",
    "life_expectancy_at_birth",
    "disposable_income_rural",
    "catastrophic_claims",
    "spending_per_enrollee",
    "interest_rate",
    "total_cost",
    "catastrophic_beneficiaries",
};

inline std::string_view metric_name(Metric m) { return kMetricNames[static_cast<std::size_t>(m)]; }

inline std::optional<Metric> metric_from_name(std::string_view name) {
  for (int i = 0; i < kMetricCount; ++i)
    if (kMetricNames[static_cast<std::size_t>(i)] == name) return static_cast<Metric>(i);
  return std::nullopt;
}

}  // namespace fundsim
