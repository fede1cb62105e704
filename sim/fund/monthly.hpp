// The budget year by month: the items of a resident fund's budget (revenue by source, spending by
// category), the monthly profile that spreads each annual flow over the calendar year, and the
// credibility update that re-forecasts the year from the months seen so far (`fundsim monitor`).
//
// Conventions: money in yuan; month index 0..11 = January..December.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "fund/budget_params.hpp"

namespace fundsim {

// The flow items of the budget. "of which" items are parts of the item above them and are not
// added again: revenue_total = individual + subsidy + interest + other; revenue_subsidy = the four
// levels; revenue_assistance_paid is the part of revenue_individual paid by medical assistance;
// spending_total = the six categories.
enum FlowItem : int {
  f_revenue_individual,
  f_revenue_assistance_paid,
  f_revenue_subsidy,
  f_revenue_subsidy_central,
  f_revenue_subsidy_provincial,
  f_revenue_subsidy_city,
  f_revenue_subsidy_county,
  f_revenue_interest,
  f_revenue_other,
  f_revenue_total,
  f_spending_inpatient,
  f_spending_outpatient,
  f_spending_two_diseases,
  f_spending_chronic_special,
  f_spending_catastrophic,
  f_spending_other,
  f_spending_total,
  kFlowItemCount
};

struct FlowItemInfo {
  std::string_view name;   // as in budget.csv, monthly.csv and the actuals file
  std::string_view label;  // English label with the Chinese term
  bool revenue;            // revenue (true) or spending (false)
};

inline constexpr std::array<FlowItemInfo, kFlowItemCount> kFlowItems = {{
    {"revenue_individual", "individual contributions (个人缴费), all", true},
    {"revenue_assistance_paid", "of which: paid by medical assistance (医疗救助资助参保)", true},
    {"revenue_subsidy", "fiscal subsidies (财政补助), all levels", true},
    {"revenue_subsidy_central", "of which: central government (中央)", true},
    {"revenue_subsidy_provincial", "of which: provincial (省级)", true},
    {"revenue_subsidy_city", "of which: city (市级)", true},
    {"revenue_subsidy_county", "of which: county (县级)", true},
    {"revenue_interest", "interest (利息收入)", true},
    {"revenue_other", "other revenue (其他收入)", true},
    {"revenue_total", "total revenue (基金收入合计)", true},
    {"spending_inpatient", "inpatient (住院)", false},
    {"spending_outpatient", "general outpatient pooling (普通门诊统筹)", false},
    {"spending_two_diseases", "hypertension/diabetes medication (两病门诊用药)", false},
    {"spending_chronic_special", "chronic/special outpatient (门诊慢特病)", false},
    {"spending_catastrophic", "catastrophic insurance premium or claims (大病保险)", false},
    {"spending_other", "other spending (其他支出)", false},
    {"spending_total", "total spending (基金支出合计)", false},
}};

std::optional<FlowItem> flow_item_from_name(std::string_view name);

using Months = std::array<double, 12>;
using FlowYear = std::array<double, kFlowItemCount>;         // annual value of each flow item
using FlowMonths = std::array<Months, kFlowItemCount>;       // monthly value of each flow item

// A calendar's shares divided by their sum (the checked scenario guarantees a sum within 1e-6 of 1).
Months normalised(const std::vector<double>& shares);

// The seasonal share of each flow item by month: the calendars of budget_params.hpp, the individual
// calendar mixed from the next-year and current-year calendars. Totals get the share of the annual
// mean of each part (`annual_mean`), so that they describe the sum of their parts.
std::array<Months, kFlowItemCount> item_calendars(const MonthlyProfileParams& p, const FlowYear& annual_mean);

// Spreads one year's annual flows over the months. Each item's months 1..11 are annual x share; December
// is the remainder (annual minus the sum of January..November, to the ulp; see finish_months in
// monthly.cpp), so that the months summed in order reproduce the annual figure bit for bit. Totals'
// months 1..11 are the sums of their parts' months (to an ulp).
FlowMonths spread_year(const MonthlyProfileParams& p, const FlowYear& annual);

// Credibility (conjugate normal) update of a flow's annual level from the months seen so far.
//
// Model: the year's flow is L x mean_annual, with the level L ~ N(1, prior_var) a priori (prior_var
// = the relative variance of the annual flow across the budget's draws); the flow of month m is
// L x mean_annual x w_m plus noise of variance mean_annual^2 x noise_var x w_m (noise_var =
// month_cv^2 / 12: an average month has coefficient of variation month_cv), independent across
// months. Seeing the months O with total A, the observed level x = A / (mean_annual x W_O), W_O =
// sum of w over O, has variance noise_var / W_O around L, so
//   posterior precision = 1 / prior_var + W_O / noise_var,
//   posterior mean      = (1 / prior_var + x W_O / noise_var) / precision.
// The rest of the year, R = the months not seen, is forecast with mean L_post x mean_annual x W_R
// and variance mean_annual^2 (W_R^2 var_post + noise_var W_R). Both terms shrink as months are
// added (W_R falls, the precision rises): the band never widens; with all 12 months seen, W_R = 0
// and the year equals the actuals exactly.
struct LevelForecast {
  double mean_annual = 0.0;
  double prior_var = 0.0;  // relative variance of the annual level a priori
  double noise_var = 0.0;  // month_cv^2 / 12
  Months share{};          // seasonal shares (sum 1)
  std::array<std::optional<double>, 12> actual{};

  double level_mean() const;  // posterior mean of L
  double level_var() const;   // posterior variance of L
  // Cumulative flow January..month (month 0..11): mean and standard deviation (yuan).
  double cumulative_mean(int month) const;
  double cumulative_sd(int month) const;
  // One month's flow: the actual if seen, else its forecast mean and sd.
  double month_mean(int month) const;
  double month_sd(int month) const;
  double observed_share() const;  // W_O
};

}  // namespace fundsim
