// Out-of-pocket burden measures of persons (issue 17, the person-level engine's burden.csv): what
// the three layers (basic insurance, catastrophic insurance 大病保险, medical assistance 医疗救助)
// leave to a person in a year, against that person's income.
//
// The unit is the person, with the per-capita disposable income of the person's household as the
// income (the national income quintiles are per capita; no household roster is in the data). So a
// "share of persons" below is the share of persons living in households with that burden, each
// person carrying the whole household's per-capita income and their own out-of-pocket spending (a
// person-level approximation of the household measures, stated wherever they are reported).
//
// For a person-year with income y > 0 and out-of-pocket spending x >= 0 (yuan):
//   SDG 3.8.2 style:       x > share_low  x y   (10% by default) and x > share_high x y (25%);
//   capacity to pay (WHO): x > capacity_share x (y - subsistence) (40% by default); when y is at or
//                          below the subsistence line, any x > 0 counts (no capacity to pay at all);
//   impoverished:          y >= low_income_line and y - x < low_income_line (pushed below the line
//                          by out-of-pocket spending);
//   further impoverished:  y < low_income_line and x > 0.
// Every measure is weighted by the person's sampling weight. Thresholds are parameters
// (BurdenThresholds); the defaults are the international conventions named above, the subsistence
// and low-income lines have no default (the caller gives them, e.g. from the assistance rules).
#pragma once

#include <array>
#include <cstddef>

namespace fundsim::benefits {

struct BurdenThresholds {
  double share_low = 0.10;       // SDG 3.8.2 lower threshold (share of income)
  double share_high = 0.25;      // SDG 3.8.2 upper threshold
  double capacity_share = 0.40;  // WHO capacity-to-pay threshold
  double subsistence_yuan = 0;   // per-capita subsistence spending (capacity to pay = income - it)
  double low_income_line_yuan = 0;  // per-capita line for impoverishment
};
// Throws InputError unless 0 < share_low <= share_high, 0 < capacity_share, and both lines finite
// and >= 0.
void check_thresholds(const BurdenThresholds& t);

// One person-year after settlement.
struct PersonBurden {
  double weight = 1.0;        // persons the sampled person stands for
  double income_yuan = 0.0;   // household per-capita disposable income
  double out_of_pocket_yuan = 0.0;
  double catastrophic_yuan = 0.0;  // catastrophic insurance payment received
  double assistance_yuan = 0.0;    // medical assistance received
};

// The measures of one person-year as 0/1 indicators (the rules above, in one place).
struct BurdenFlags {
  bool over_low = false, over_high = false, over_capacity = false, impoverished = false,
       further_impoverished = false;
};
BurdenFlags burden_flags(double income_yuan, double out_of_pocket_yuan, const BurdenThresholds& t);

// Weighted sums of one group of persons (e.g. an income quintile x assisted or not).
struct BurdenSums {
  double persons = 0;
  double out_of_pocket_yuan = 0;
  double over_share_low = 0, over_share_high = 0, over_capacity = 0;  // persons
  double impoverished = 0, further_impoverished = 0;                  // persons
  double catastrophic_yuan = 0, assistance_yuan = 0;
  void add(const PersonBurden& p, const BurdenThresholds& t);
  void add(const PersonBurden& p, const BurdenFlags& f);  // flags computed by the caller
  void merge(const BurdenSums& o);
  // Per person of the group (0 when it is empty).
  double mean_out_of_pocket_yuan() const { return per_person(out_of_pocket_yuan); }
  double share_over_low() const { return per_person(over_share_low); }
  double share_over_high() const { return per_person(over_share_high); }
  double share_over_capacity() const { return per_person(over_capacity); }
  double share_impoverished() const { return per_person(impoverished); }
  double share_further_impoverished() const { return per_person(further_impoverished); }
  double mean_catastrophic_yuan() const { return per_person(catastrophic_yuan); }
  double mean_assistance_yuan() const { return per_person(assistance_yuan); }

 private:
  double per_person(double x) const { return persons > 0 ? x / persons : 0.0; }
};


// Sums by income quintile (1-5; index 0 = all quintiles) and group (0 general, 1 assisted, 2 all).
// A person-year is added to its own (quintile, group) only; the totals over quintiles or groups are
// summed when read (in a fixed order).
class BurdenTable {
 public:
  static constexpr int kQuintiles = 6;  // all, 1..5
  static constexpr int kGroups = 3;     // general, assisted, all
  void add(const PersonBurden& p, int quintile, bool assisted, const BurdenThresholds& t);
  void merge(const BurdenTable& o);
  BurdenSums at(int quintile, int group) const;

 private:
  std::array<BurdenSums, 5 * 2> cells_{};  // [quintile - 1][group]
};

}  // namespace fundsim::benefits
