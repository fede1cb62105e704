// Contribution standards by year (legislated schedule, then the path rule) and the revenue they
// raise.
#pragma once

#include "fund/fund_params.hpp"

namespace fundsim {

struct ContributionYear {
  int year = 0;
  double individual_yuan = 0.0;  // individual contribution booked in this fund year (per enrollee)
  double subsidy_yuan = 0.0;     // fiscal subsidy standard (national floor or region's standard)
  double notice_individual_yuan = 0.0;  // the standard set by this year's notice (before the calendar)
};

// Evaluates the two schedules year by year; indexed and ratio rules need the driver (rural
// disposable income) and the previous year's values, so years must be visited in order.
class ContributionPath {
 public:
  explicit ContributionPath(const FinancingParams& p) : p_(p) {}
  ContributionYear next(int year, double rural_income_yuan);

 private:
  const FinancingParams& p_;
  double last_individual_ = -1.0;
  double last_subsidy_ = -1.0;
};

struct Revenue {
  double individual = 0.0;        // all individual contributions (including those paid by assistance)
  double assistance_paid = 0.0;   // part of `individual` paid by medical assistance for assisted groups
  double subsidy = 0.0;           // fiscal subsidy (incl. local top-up)
  double subsidy_central = 0.0, subsidy_provincial = 0.0, subsidy_city = 0.0, subsidy_county = 0.0;
  double total() const { return individual + subsidy; }
};

// Revenue from `enrollees` persons, of whom `assisted_paid_persons` have their contribution paid
// by medical assistance (counted in full; a partial subsidy is passed as a fraction of persons).
Revenue contribution_revenue(const FinancingParams& p, const ContributionYear& c, double enrollees,
                             double assisted_paid_persons);

}  // namespace fundsim
