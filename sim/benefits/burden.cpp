#include "benefits/burden.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "scenario/errors.hpp"

namespace fundsim::benefits {

void check_thresholds(const BurdenThresholds& t) {
  auto bad = [](const std::string& what) { throw InputError("burden thresholds: " + what); };
  if (!(t.share_low > 0.0) || !std::isfinite(t.share_low)) bad("share_low must be finite and > 0");
  if (!(t.share_high >= t.share_low) || !std::isfinite(t.share_high)) bad("share_high must be finite and >= share_low");
  if (!(t.capacity_share > 0.0) || !std::isfinite(t.capacity_share)) bad("capacity_share must be finite and > 0");
  if (!(t.subsistence_yuan >= 0.0) || !std::isfinite(t.subsistence_yuan)) bad("subsistence_yuan must be finite and >= 0");
  if (!(t.low_income_line_yuan >= 0.0) || !std::isfinite(t.low_income_line_yuan))
    bad("low_income_line_yuan must be finite and >= 0");
}

BurdenFlags burden_flags(double y, double x, const BurdenThresholds& t) {
  BurdenFlags f;
  if (!(x > 0.0)) return f;  // no out-of-pocket spending: no burden by any measure
  f.over_low = x > t.share_low * y;
  f.over_high = x > t.share_high * y;
  const double capacity = y - t.subsistence_yuan;
  f.over_capacity = capacity <= 0.0 || x > t.capacity_share * capacity;
  f.impoverished = y >= t.low_income_line_yuan && y - x < t.low_income_line_yuan;
  f.further_impoverished = y < t.low_income_line_yuan;
  return f;
}

void BurdenSums::add(const PersonBurden& p, const BurdenThresholds& t) {
  add(p, burden_flags(p.income_yuan, p.out_of_pocket_yuan, t));
}

void BurdenSums::add(const PersonBurden& p, const BurdenFlags& f) {
  const double w = p.weight;
  persons += w;
  out_of_pocket_yuan += w * p.out_of_pocket_yuan;
  over_share_low += f.over_low ? w : 0.0;
  over_share_high += f.over_high ? w : 0.0;
  over_capacity += f.over_capacity ? w : 0.0;
  impoverished += f.impoverished ? w : 0.0;
  further_impoverished += f.further_impoverished ? w : 0.0;
  catastrophic_yuan += w * p.catastrophic_yuan;
  assistance_yuan += w * p.assistance_yuan;
}

void BurdenSums::merge(const BurdenSums& o) {
  persons += o.persons;
  out_of_pocket_yuan += o.out_of_pocket_yuan;
  over_share_low += o.over_share_low;
  over_share_high += o.over_share_high;
  over_capacity += o.over_capacity;
  impoverished += o.impoverished;
  further_impoverished += o.further_impoverished;
  catastrophic_yuan += o.catastrophic_yuan;
  assistance_yuan += o.assistance_yuan;
}

void BurdenTable::add(const PersonBurden& p, int quintile, bool assisted, const BurdenThresholds& t) {
  if (quintile < 1 || quintile > 5) throw std::invalid_argument("BurdenTable: quintile must be 1..5");
  cells_[static_cast<std::size_t>(quintile - 1) * 2 + (assisted ? 1 : 0)].add(
      p, burden_flags(p.income_yuan, p.out_of_pocket_yuan, t));
}

void BurdenTable::merge(const BurdenTable& o) {
  for (std::size_t i = 0; i < cells_.size(); ++i) cells_[i].merge(o.cells_[i]);
}

BurdenSums BurdenTable::at(int quintile, int group) const {
  if (quintile < 0 || quintile >= kQuintiles || group < 0 || group >= kGroups)
    throw std::invalid_argument("BurdenTable: quintile 0..5 and group 0..2 expected");
  BurdenSums s;
  for (int q = 1; q <= 5; ++q)
    for (int g = 0; g < 2; ++g)
      if ((quintile == 0 || quintile == q) && (group == 2 || group == g))
        s.merge(cells_[static_cast<std::size_t>(q - 1) * 2 + static_cast<std::size_t>(g)]);
  return s;
}

}  // namespace fundsim::benefits
