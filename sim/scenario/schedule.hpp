// Dated schedules: a map from the first year a value applies to the value, holding until the next
// entry (as legislated schedules are written), with an explicit rule after the last entry.
//
// YAML forms:
//   key: 400                                  # constant
//   key: {2023: 380, 2024: 400}               # held flat after the last entry
//   key: {values: {2023: 380, 2024: 400}, after: {rule: increment, per_year: 30}}
//   key: {values: {...}, after: {rule: growth, rate: 0.05}}
//   key: {values: {...}, after: {rule: indexed, share: 0.02}}   # share x a driver (e.g. income)
//   key: {values: {...}, after: {rule: ratio, ratio: 1.5, years: 5}}  # target ratio to another
//        schedule, reached linearly over `years` (used for subsidy vs individual contribution)
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace fundsim {

struct Schedule {
  enum class After { flat, increment, growth, indexed, ratio };

  std::map<int, double> values;  // first year -> value
  After after = After::flat;
  double per_year = 0.0;  // increment: amount added per year after the last entry
  double rate = 0.0;      // growth: proportional growth per year after the last entry
  double share = 0.0;     // indexed: value = share x driver(year)
  double ratio = 0.0;     // ratio: target of this / other
  int years = 1;          // ratio: years over which the target ratio is reached

  static Schedule constant(double v, int year = 1900) {
    Schedule s;
    s.values[year] = v;
    return s;
  }

  bool empty() const { return values.empty(); }
  int first_year() const { return values.begin()->first; }
  int last_year() const { return values.rbegin()->first; }
  // True if the value at `year` needs a driver or another schedule (indexed / ratio rules).
  bool needs_context(int year) const {
    return year > last_year() && (after == After::indexed || after == After::ratio);
  }

  // Value in `year` for the self-contained rules (flat, increment, growth). For years before the
  // first entry the first value holds. Throws std::logic_error for indexed/ratio years; use
  // at_with() there.
  double at(int year) const {
    if (values.empty()) throw std::logic_error("Schedule::at on an empty schedule");
    if (year <= last_year() || after == After::flat) return held(year);
    const double last = values.rbegin()->second;
    const int n = year - last_year();
    switch (after) {
      case After::increment:
        return last + per_year * n;
      case After::growth: {
        double v = last;
        for (int i = 0; i < n; ++i) v *= 1.0 + rate;
        return v;
      }
      default:
        throw std::logic_error("Schedule::at needs context for indexed/ratio rules");
    }
  }

  // Value in `year` given the driver value (indexed rule) or the other schedule's values this year
  // and last year and this schedule's value last year (ratio rule). Falls back to at() for other
  // rules. The ratio rule moves own/other linearly from last year's ratio, own(t-1) / other(t-1),
  // to `ratio`, reaching it `years` years after the last legislated year.
  double at_with(int year, double driver, double other_this_year, double other_last_year,
                 double own_last_year) const {
    if (!needs_context(year)) return at(year);
    if (after == After::indexed) return share * driver;
    const int k = year - last_year();
    if (other_this_year <= 0.0 || other_last_year <= 0.0) return own_last_year;
    const double r_prev = own_last_year / other_last_year;
    const int remaining = years - (k - 1);
    if (remaining <= 1) return ratio * other_this_year;
    const double r = r_prev + (ratio - r_prev) / remaining;
    return r * other_this_year;
  }

 private:
  double held(int year) const {
    auto it = values.upper_bound(year);
    if (it == values.begin()) return it->second;
    return std::prev(it)->second;
  }
};

}  // namespace fundsim
