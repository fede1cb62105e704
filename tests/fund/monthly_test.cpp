// The monthly profile (fund/monthly.hpp), the credibility re-forecast and the actuals/history readers.
#include "fund/monthly.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "fund/actuals.hpp"
#include "scenario/errors.hpp"

namespace fundsim {
namespace {

FlowYear sample_year() {
  FlowYear a{};
  a[f_revenue_individual] = 3659.2e8;
  a[f_revenue_assistance_paid] = 180.3e8;
  a[f_revenue_subsidy_central] = 3697.7e8;
  a[f_revenue_subsidy_provincial] = 1162.4e8;
  a[f_revenue_subsidy_city] = 968.7e8;
  a[f_revenue_subsidy_county] = 968.7e8;
  a[f_revenue_subsidy] = a[f_revenue_subsidy_central] + a[f_revenue_subsidy_provincial] + a[f_revenue_subsidy_city] +
                         a[f_revenue_subsidy_county];
  a[f_revenue_interest] = 113.01e8;
  a[f_revenue_other] = 0.0;
  a[f_revenue_total] = a[f_revenue_individual] + a[f_revenue_subsidy] + a[f_revenue_interest];
  a[f_spending_inpatient] = 8209.3e8;
  a[f_spending_outpatient] = 554.3e8;
  a[f_spending_two_diseases] = 120.7e8;
  a[f_spending_chronic_special] = 826.2e8;
  a[f_spending_catastrophic] = 878.4e8;
  a[f_spending_other] = 73.2e8;
  a[f_spending_total] = a[f_spending_inpatient] + a[f_spending_outpatient] + a[f_spending_two_diseases] +
                        a[f_spending_chronic_special] + a[f_spending_catastrophic] + a[f_spending_other];
  return a;
}

TEST(MonthlyProfile, DefaultCalendarsAreValidShares) {
  const MonthlyProfileParams p;
  for (const auto* c : {&p.individual_next_year_calendar, &p.individual_current_year_calendar,
                        &p.subsidy_central_calendar, &p.subsidy_provincial_calendar, &p.subsidy_city_calendar,
                        &p.subsidy_county_calendar, &p.interest_calendar, &p.other_revenue_calendar,
                        &p.inpatient_calendar, &p.outpatient_calendar, &p.two_diseases_calendar,
                        &p.chronic_special_calendar, &p.catastrophic_calendar, &p.other_spending_calendar}) {
    EXPECT_TRUE(calendar_ok(*c));
    for (double x : *c) EXPECT_GE(x, 0.0);
  }
  // The autumn collection raises next year's contributions: no next-year receipts before September.
  for (int m = 0; m < 8; ++m) EXPECT_EQ(p.individual_next_year_calendar[static_cast<std::size_t>(m)], 0.0);
}

// The identity: monthly flows summed January..December give the annual figure exactly (bit for
// bit: December is the remainder, to the ulp), for every item, including totals; totals' months are
// their parts'.
// Random years (each flow of sample_year() scaled by U(0.5, 1.5), totals the sums of their parts as
// in the engine): every flow's months add up exactly to its annual figure under `profile`.
void expect_months_add_up(const MonthlyProfileParams& profile, int trials, boost::random::mt19937_64& rng) {
  boost::random::uniform_real_distribution<double> u(0.5, 1.5);
  for (int trial = 0; trial < trials; ++trial) {
    FlowYear a = sample_year();
    for (auto& x : a) x *= u(rng);
    a[f_revenue_subsidy] = a[f_revenue_subsidy_central] + a[f_revenue_subsidy_provincial] +
                           a[f_revenue_subsidy_city] + a[f_revenue_subsidy_county];
    a[f_revenue_total] = a[f_revenue_individual] + a[f_revenue_subsidy] + a[f_revenue_interest];
    a[f_spending_total] = a[f_spending_inpatient] + a[f_spending_outpatient] + a[f_spending_two_diseases] +
                          a[f_spending_chronic_special] + a[f_spending_catastrophic] + a[f_spending_other];
    const FlowMonths m = spread_year(profile, a);
    for (int i = 0; i < kFlowItemCount; ++i) {
      double s = 0.0;
      for (double x : m[static_cast<std::size_t>(i)]) s += x;
      EXPECT_EQ(s, a[static_cast<std::size_t>(i)]) << kFlowItems[static_cast<std::size_t>(i)].name;
    }
  }
}

TEST(MonthlyProfile, MonthsAddUpExactlyToTheYear) {
  const MonthlyProfileParams p;
  boost::random::mt19937_64 rng(7);
  expect_months_add_up(p, 200, rng);

  // Also when December carries most of a flow (a premium paid once a year).
  MonthlyProfileParams late = p;
  late.catastrophic_calendar = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.9};
  late.subsidy_city_calendar = {0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.99};
  expect_months_add_up(late, 500, rng);

  const FlowYear a = sample_year();
  const FlowMonths m = spread_year(p, a);
  for (std::size_t k = 0; k < 12; ++k) {
    double rev = 0.0, sp = 0.0;
    for (FlowItem i : {f_revenue_individual, f_revenue_subsidy, f_revenue_interest, f_revenue_other}) rev += m[i][k];
    for (FlowItem i : {f_spending_inpatient, f_spending_outpatient, f_spending_two_diseases,
                       f_spending_chronic_special, f_spending_catastrophic, f_spending_other})
      sp += m[i][k];
    EXPECT_NEAR(m[f_revenue_total][k], rev, 1e-12 * a[f_revenue_total]);
    EXPECT_NEAR(m[f_spending_total][k], sp, 1e-12 * a[f_spending_total]);
    // Each leaf follows its calendar.
    EXPECT_NEAR(m[f_spending_inpatient][k], a[f_spending_inpatient] * p.inpatient_calendar[k],
                1e-12 * a[f_spending_inpatient]);
  }
}

// The 2023 fact (calibration/data/fund/urrbmi_national_notes.md): January-November deficit of about
// 340亿, full year +112.06亿. Inputs as in scripts/budget-profile-check.py (which prints -342亿).
TEST(MonthlyProfile, DefaultProfileReproduces2023JanNovDeficit) {
  const double R = 10569.71e8, S = 10457.65e8, enrol = 96294e4;
  FlowYear a{};
  a[f_revenue_individual] = 380 * enrol;
  a[f_revenue_interest] = 0.015 * 7534.13e8;
  a[f_revenue_subsidy] = R - a[f_revenue_individual] - a[f_revenue_interest];
  a[f_revenue_subsidy_central] = 0.6 * 640 * enrol;
  const double local = a[f_revenue_subsidy] - a[f_revenue_subsidy_central];
  a[f_revenue_subsidy_provincial] = local * 0.15 / 0.4;
  a[f_revenue_subsidy_city] = local * 0.125 / 0.4;
  a[f_revenue_subsidy_county] = local * 0.125 / 0.4;
  a[f_revenue_total] = R;
  a[f_spending_inpatient] = 0.785 * S;
  a[f_spending_chronic_special] = 0.079 * S;
  a[f_spending_outpatient] = 0.053 * S;
  a[f_spending_catastrophic] = 0.084 * S;
  a[f_spending_other] = 0.007 * S;
  a[f_spending_total] = S;
  const FlowMonths m = spread_year(MonthlyProfileParams{}, a);
  double jan_nov = 0.0;
  for (std::size_t k = 0; k < 11; ++k) jan_nov += m[f_revenue_total][k] - m[f_spending_total][k];
  EXPECT_NEAR(jan_nov / 1e8, -340.0, 25.0);
  EXPECT_NEAR((R - S) / 1e8, 112.06, 1e-9);
}

LevelForecast forecast(double mean, double prior_cv, double month_cv) {
  LevelForecast f;
  f.mean_annual = mean;
  f.prior_var = prior_cv * prior_cv;
  f.noise_var = month_cv * month_cv / 12.0;
  f.share = normalised(MonthlyProfileParams{}.inpatient_calendar);
  return f;
}

TEST(LevelForecast, NoMonthsSeenIsThePrior) {
  const LevelForecast f = forecast(1000.0, 0.04, 0.05);
  EXPECT_EQ(f.level_mean(), 1.0);
  EXPECT_DOUBLE_EQ(f.level_var(), 0.04 * 0.04);
  EXPECT_NEAR(f.cumulative_mean(11), 1000.0, 1e-9);
  EXPECT_NEAR(f.cumulative_sd(11), 1000.0 * std::sqrt(0.04 * 0.04 + 0.05 * 0.05 / 12.0), 1e-9);
}

// Closed form: the posterior mean is 1 + Z (x - 1) with credibility Z = W / (W + noise_var / prior_var).
TEST(LevelForecast, CredibilityWeightClosedForm) {
  LevelForecast f = forecast(1200.0, 0.04, 0.05);
  double w = 0.0;
  for (std::size_t m = 0; m < 6; ++m) {
    f.actual[m] = 1.03 * 1200.0 * f.share[m];
    w += f.share[m];
  }
  const double z = w / (w + f.noise_var / f.prior_var);
  EXPECT_NEAR(f.level_mean(), 1.0 + z * 0.03, 1e-12);
  EXPECT_NEAR(f.level_var(), 1.0 / (1.0 / f.prior_var + w / f.noise_var), 1e-15);
  EXPECT_GT(f.level_mean(), 1.0);
  EXPECT_LT(f.level_mean(), 1.03);
  // Seen months are returned as given; the rest are forecast at the posterior level.
  EXPECT_EQ(f.month_mean(2), *f.actual[2]);
  EXPECT_EQ(f.month_sd(2), 0.0);
  EXPECT_NEAR(f.month_mean(8), f.level_mean() * 1200.0 * f.share[8], 1e-9);
}

TEST(LevelForecast, TwelveMonthsSeenGiveTheActualsExactly) {
  LevelForecast f = forecast(1200.0, 0.04, 0.05);
  boost::random::mt19937_64 rng(11);
  boost::random::uniform_real_distribution<double> u(50.0, 150.0);
  double sum = 0.0;
  for (std::size_t m = 0; m < 12; ++m) {
    f.actual[m] = u(rng);
    sum += *f.actual[m];
  }
  EXPECT_EQ(f.cumulative_mean(11), sum);
  EXPECT_EQ(f.cumulative_sd(11), 0.0);
}

// With more months seen the year-end band never widens (sd of every month-end cumulative flow is
// non-increasing in the months seen), whatever the actuals.
TEST(LevelForecast, BandNeverWidensAsMonthsAreAdded) {
  boost::random::mt19937_64 rng(3);
  boost::random::uniform_real_distribution<double> u(0.3, 2.0);
  for (int trial = 0; trial < 100; ++trial) {
    LevelForecast f = forecast(1000.0 * u(rng), 0.01 + 0.1 * u(rng), 0.01 + 0.2 * u(rng));
    std::array<double, 12> prev{};
    for (int m = 0; m < 12; ++m) prev[static_cast<std::size_t>(m)] = f.cumulative_sd(m);
    for (std::size_t k = 0; k < 12; ++k) {
      f.actual[k] = f.mean_annual * f.share[k] * u(rng);
      for (int m = 0; m < 12; ++m) {
        const double sd = f.cumulative_sd(m);
        EXPECT_LE(sd, prev[static_cast<std::size_t>(m)] * (1 + 1e-12)) << "after month " << k + 1;
        prev[static_cast<std::size_t>(m)] = sd;
      }
    }
    EXPECT_EQ(prev[11], 0.0);
  }
}

// ---- readers ---------------------------------------------------------------------------------

std::string error_of(const std::string& text) {
  try {
    parse_actuals(text, "a.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Actuals, ReadsMonthsAndItems) {
  const MonthlyActuals a =
      parse_actuals("# comment\nmonth,item,value\n1,spending_total,871.5\r\n2, spending_inpatient ,1e3\n\n", "a.csv");
  EXPECT_EQ(a.rows, 2);
  EXPECT_EQ(*a.value[f_spending_total][0], 871.5);
  EXPECT_EQ(*a.value[f_spending_inpatient][1], 1000.0);
  EXPECT_FALSE(a.value[f_spending_total][1].has_value());
}

TEST(Actuals, BadInputNamesFileLineColumnAndWhatWasExpected) {
  EXPECT_EQ(error_of("month,item,value\n1,spending_totl,5\n"),
            "a.csv:2:3: expected an item (revenue_individual, revenue_assistance_paid, revenue_subsidy, "
            "revenue_subsidy_central, revenue_subsidy_provincial, revenue_subsidy_city, revenue_subsidy_county, "
            "revenue_interest, revenue_other, revenue_total, spending_inpatient, spending_outpatient, "
            "spending_two_diseases, spending_chronic_special, spending_catastrophic, spending_other, "
            "spending_total), found 'spending_totl'");
  EXPECT_EQ(error_of("month,item,value\n13,spending_total,5\n"), "a.csv:2:1: expected a month 1-12, found '13'");
  EXPECT_EQ(error_of("month,item,value\n1,spending_total,\n"), "a.csv:2:18: expected a value (a number), found nothing");
  EXPECT_EQ(error_of("month,item,value\n1,spending_total,12x\n"),
            "a.csv:2:18: expected a finite decimal number, found '12x'");
  EXPECT_EQ(error_of("month,item,value\n1,spending_total,nan\n"),
            "a.csv:2:18: expected a finite decimal number, found 'nan'");
  EXPECT_EQ(error_of("month,item,value\n1,spending_total\n"), "a.csv:2:17: expected 3 fields (month,item,value), found 2");
  EXPECT_EQ(error_of("month;item;value\n"), "a.csv:1:1: expected the header 'month,item,value', found 'month;item;value'");
  EXPECT_EQ(error_of(""), "a.csv:1:1: expected the header 'month,item,value', found an empty file");
  EXPECT_EQ(error_of("month,item,value\n3,spending_total,1\n3,spending_total,2\n"),
            "a.csv:3:1: month 3 of spending_total is given twice");
  EXPECT_EQ(error_of("month,item,value\n0x1,spending_total,1\n"), "a.csv:2:1: expected a month 1-12, found '0x1'");
}

TEST(History, ReadsTheNationalSeriesInYuan) {
  const FundHistory h = parse_history(
      "year,enrollees_10k,revenue_100m_yuan,expenditure_100m_yuan,cumulative_balance_100m_yuan,status,source\n"
      "2023,96294,10569.71,10457.65,7663.70,verified,\"NHSA, 2023\"\n"
      "2024,94714,11138.36,10619.38,,derived; see notes,x\n",
      "h.csv");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_DOUBLE_EQ(h.at(2023).at("revenue_total"), 10569.71e8);
  EXPECT_NEAR(h.at(2023).at("balance_current"), 112.06e8, 1e-2);
  EXPECT_DOUBLE_EQ(h.at(2023).at("balance_cumulative"), 7663.70e8);
  EXPECT_FALSE(h.at(2024).count("balance_cumulative"));
  try {
    parse_history("year,revenue_100m_yuan\n2023,abc\n", "h.csv");
    FAIL() << "accepted text in a number";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "h.csv:2:6: expected a number (revenue_100m_yuan), found 'abc'");
  }
}

}  // namespace
}  // namespace fundsim
