// Parameters of the budget year's monthly cash flow (`fundsim budget`, `fundsim monitor`): when in
// the calendar year each source of revenue arrives and each category of spending is paid, and the
// month-to-month noise the in-year re-forecast allows for. A monthly profile only distributes the
// annual figures of the engine over the months (a view of a run, not part of the draw loop).
//
// Every calendar is 12 shares (January..December) of the calendar year's cash flow of that item;
// they must sum to 1 (checked) and are renormalised exactly before use.
//
// Sanity check of the defaults (scripts/budget-profile-check.py prints it; tests/fund/
// monthly_test.cpp asserts it): applied to the 2023 national totals (revenue 10,569.71亿,
// spending 10,457.65亿, full-year current balance +112.06亿) with the 2023 revenue mix (individual
// 380 yuan and subsidy floor 640 yuan x 96,294万 enrollees, interest 1.5% of the 2022 balance) and
// an illustrative spending mix, they give a January-November current balance of about -340亿 (NHSA:
// "about 340亿 in deficit over January-November 2023"): December brings about 15% of the year's
// revenue and 11% of its spending. The December share of the autumn collection (0.22) was chosen to
// match that figure; every other share is an assumption as labelled below.
#pragma once

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "scenario/data_table.hpp"
#include "scenario/param.hpp"

namespace fundsim {

// Sum of a calendar's shares (0 for a wrong length, so that the check fails).
inline double calendar_sum(const std::vector<double>& v) {
  if (v.size() != 12) return 0.0;
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}
inline bool calendar_ok(const std::vector<double>& v) { return std::abs(calendar_sum(v) - 1.0) <= 1e-6; }

struct MonthlyProfileParams {
  // Individual contributions (个人缴费): the calendar year's receipts are of two kinds. The autumn
  // collection period (集中征缴期) raises next year's contributions (跨年征缴: the Zigong notice asks
  // for the contribution policy by mid-August so that collection for the next year can start; the
  // Guangxi notice sets the 2022 standard in 2021, paid "按年度一次性缴纳" within the collection
  // period); late payers, newborns and those leaving the employee scheme pay for the current year.
  double individual_next_year_share = 0.6;
  std::vector<double> individual_next_year_calendar = {0, 0, 0, 0, 0, 0, 0, 0, 0.15, 0.30, 0.33, 0.22};
  std::vector<double> individual_current_year_calendar = {0.40, 0.35, 0.10, 0.03, 0.03, 0.03, 0.03, 0.03,
                                                          0, 0, 0, 0};
  // Fiscal subsidy tranches by level of government (财政补助资金拨付).
  std::vector<double> subsidy_central_calendar = {0, 0, 0.20, 0, 0, 0.40, 0, 0, 0.20, 0, 0.10, 0.10};
  std::vector<double> subsidy_provincial_calendar = {0, 0, 0.10, 0, 0, 0.30, 0, 0, 0.30, 0, 0.10, 0.20};
  std::vector<double> subsidy_city_calendar = {0, 0, 0.10, 0, 0, 0.25, 0, 0, 0.25, 0, 0.15, 0.25};
  std::vector<double> subsidy_county_calendar = {0, 0, 0.10, 0, 0, 0.25, 0, 0, 0.25, 0, 0.15, 0.25};
  // Interest (利息收入): settled quarterly.
  std::vector<double> interest_calendar = {0, 0, 0.25, 0, 0, 0.25, 0, 0, 0.25, 0, 0, 0.25};
  // Other revenue: evenly.
  std::vector<double> other_revenue_calendar = std::vector<double>(12, 1.0 / 12.0);
  // Spending seasonality by category (fund payments to hospitals and insurers by month).
  std::vector<double> inpatient_calendar = {0.075, 0.072, 0.083, 0.082, 0.083, 0.083,
                                            0.085, 0.085, 0.082, 0.080, 0.085, 0.105};
  std::vector<double> outpatient_calendar = {0.078, 0.070, 0.086, 0.084, 0.084, 0.082,
                                             0.082, 0.082, 0.082, 0.082, 0.086, 0.102};
  std::vector<double> two_diseases_calendar = std::vector<double>(12, 1.0 / 12.0);
  std::vector<double> chronic_special_calendar = {0.078, 0.072, 0.084, 0.083, 0.083, 0.083,
                                                  0.083, 0.083, 0.083, 0.083, 0.084, 0.101};
  std::vector<double> catastrophic_calendar = {0, 0, 0.25, 0, 0, 0.25, 0, 0, 0.25, 0, 0, 0.25};
  std::vector<double> other_spending_calendar = std::vector<double>(12, 1.0 / 12.0);

  template <class V>
  void visit(V& v) {
    constexpr std::string_view kShares = "shares of the calendar year's flow, January..December";
    v("individual_next_year_share", individual_next_year_share,
      Meta{.unit = "share",
           .doc = "share of a calendar year's individual-contribution receipts collected in the autumn "
                  "collection period for the NEXT benefit year (跨年征缴); the rest pays for the current year",
           .source = "assumption: most provinces collect next year's contribution in Sep-Dec (Zigong, Guangxi, "
                     "Zhengzhou 2021 notices; 医保发〔2020〕24号 '跨年征缴的个人缴费'); share not published",
           .min = 0, .max = 1});
    v("individual_next_year_calendar", individual_next_year_calendar,
      Meta{.unit = std::string_view(kShares),
           .doc = "months in which next year's individual contributions arrive (autumn collection period)",
           .source = "assumption: collection Sep-Dec, peak in November-December; receipts reach the fund account with "
                     "about a month's lag after tax-authority collection",
           .min = 0, .max = 1, .length = 12});
    v("individual_current_year_calendar", individual_current_year_calendar,
      Meta{.unit = std::string_view(kShares),
           .doc = "months in which the current year's individual contributions (late payers, newborns, "
                  "those leaving the employee scheme) arrive",
           .source = "assumption: collection periods extended into Jan-Mar, then a trickle", .min = 0, .max = 1,
           .length = 12});
    v("subsidy_central_calendar", subsidy_central_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "central-government subsidy tranches",
           .source = "assumption: pre-allocated transfer paid in tranches (Mar, Jun, Sep) with a settlement late "
                     "in the year", .min = 0, .max = 1, .length = 12});
    v("subsidy_provincial_calendar", subsidy_provincial_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "provincial subsidy tranches",
           .source = "assumption: later than the central tranches, 20% in December", .min = 0, .max = 1,
           .length = 12});
    v("subsidy_city_calendar", subsidy_city_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "city subsidy tranches",
           .source = "assumption: late in the year (the Zigong notice asks for 'timely and full' transfer of "
                     "local matching funds)", .min = 0, .max = 1, .length = 12});
    v("subsidy_county_calendar", subsidy_county_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "county subsidy tranches",
           .source = "assumption: as the city tranches", .min = 0, .max = 1, .length = 12});
    v("interest_calendar", interest_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "interest credited on the fund's accounts",
           .source = "assumption: quarterly settlement (the 20th of Mar, Jun, Sep, Dec, as for unit current "
                     "deposits)", .min = 0, .max = 1, .length = 12});
    v("other_revenue_calendar", other_revenue_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "other revenue", .source = "assumption: even",
           .min = 0, .max = 1, .length = 12});
    v("inpatient_calendar", inpatient_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "inpatient fund payments by month",
           .source = "assumption: fewer admissions around the Spring Festival (Jan-Feb), year-end settlement "
                     "with hospitals in December (about 10.5%)", .min = 0, .max = 1, .length = 12});
    v("outpatient_calendar", outpatient_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "general outpatient pooling payments by month",
           .source = "assumption: as inpatient, a December settlement", .min = 0, .max = 1, .length = 12});
    v("two_diseases_calendar", two_diseases_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "两病 (hypertension/diabetes) medication payments by month",
           .source = "assumption: even (long prescriptions, steady use)", .min = 0, .max = 1, .length = 12});
    v("chronic_special_calendar", chronic_special_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "chronic/special outpatient payments by month",
           .source = "assumption: near even, a December settlement", .min = 0, .max = 1, .length = 12});
    v("catastrophic_calendar", catastrophic_calendar,
      Meta{.unit = std::string_view(kShares),
           .doc = "catastrophic insurance (大病保险): premium instalments to the insurer (or claims when "
                  "self-insured)",
           .source = "assumption: quarterly premium instalments", .min = 0, .max = 1, .length = 12});
    v("other_spending_calendar", other_spending_calendar,
      Meta{.unit = std::string_view(kShares), .doc = "other spending", .source = "assumption: even", .min = 0,
           .max = 1, .length = 12});
  }
  template <class C>
  void check(C& c) const {
    constexpr std::string_view kExp = "12 monthly shares summing to 1";
    c.require(calendar_ok(individual_next_year_calendar), "individual_next_year_calendar", kExp);
    c.require(calendar_ok(individual_current_year_calendar), "individual_current_year_calendar", kExp);
    c.require(calendar_ok(subsidy_central_calendar), "subsidy_central_calendar", kExp);
    c.require(calendar_ok(subsidy_provincial_calendar), "subsidy_provincial_calendar", kExp);
    c.require(calendar_ok(subsidy_city_calendar), "subsidy_city_calendar", kExp);
    c.require(calendar_ok(subsidy_county_calendar), "subsidy_county_calendar", kExp);
    c.require(calendar_ok(interest_calendar), "interest_calendar", kExp);
    c.require(calendar_ok(other_revenue_calendar), "other_revenue_calendar", kExp);
    c.require(calendar_ok(inpatient_calendar), "inpatient_calendar", kExp);
    c.require(calendar_ok(outpatient_calendar), "outpatient_calendar", kExp);
    c.require(calendar_ok(two_diseases_calendar), "two_diseases_calendar", kExp);
    c.require(calendar_ok(chronic_special_calendar), "chronic_special_calendar", kExp);
    c.require(calendar_ok(catastrophic_calendar), "catastrophic_calendar", kExp);
    c.require(calendar_ok(other_spending_calendar), "other_spending_calendar", kExp);
  }
};

// The in-year re-forecast (`fundsim monitor`): how much a month's flow scatters around its seasonal
// expectation, which sets how much weight the months seen so far get against the budget.
struct MonitorParams {
  double spending_month_cv = 0.05;
  double revenue_month_cv = 0.15;

  template <class V>
  void visit(V& v) {
    v("spending_month_cv", spending_month_cv,
      Meta{.unit = "coefficient of variation",
           .doc = "scatter of an average month's spending (1/12 of the year) around its seasonal expectation; "
                  "a month with share w has relative variance spending_month_cv^2 / (12 w)",
           .source = "assumption: settlement timing moves a month's payments by about 5%", .min = 0, .max = 10});
    v("revenue_month_cv", revenue_month_cv,
      Meta{.unit = "coefficient of variation",
           .doc = "as spending_month_cv for revenue (tranche and collection timing scatter more)",
           .source = "assumption: a tranche a month early or late moves a month's revenue by about 15%", .min = 0,
           .max = 10});
  }
};

struct BudgetParams {
  DataTable history_file;  // a data table: resolved against the declaring file, hashed into the manifest
  MonthlyProfileParams monthly;
  MonitorParams monitor;

  template <class V>
  void visit(V& v) {
    v("history_file", history_file,
      Meta{.doc = "CSV of the fund's actual annual accounts (a `year` column and money columns such as "
                  "revenue_100m_yuan, expenditure_100m_yuan, cumulative_balance_100m_yuan), path relative to the "
                  "scenario file that sets it (its content is hashed into the manifest); empty = none. The budget compares year Y with the row of Y-1 and "
                  "the monitor opens year Y from its cumulative balance"});
    v("monthly", monthly, Meta{.doc = "monthly cash-flow profile of the budget year"});
    v("monitor", monitor, Meta{.doc = "in-year re-forecast"});
  }
};

}  // namespace fundsim
