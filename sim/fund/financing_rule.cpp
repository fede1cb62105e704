#include "fund/financing_rule.hpp"

#include <fmt/format.h>

namespace fundsim {

namespace {

std::string after_text(const Schedule& s, const char* other) {
  switch (s.after) {
    case Schedule::After::flat:
      return "held flat";
    case Schedule::After::increment:
      return fmt::format("{:+g} yuan/yr", s.per_year);
    case Schedule::After::growth:
      return fmt::format("{:+g}%/yr", 100.0 * s.rate);
    case Schedule::After::indexed:
      return fmt::format("{:g}% of rural per-capita disposable income", 100.0 * s.share);
    case Schedule::After::ratio:
      return fmt::format("{:g} x the {} (reached over {} yr)", s.ratio, other, s.years);
  }
  return "?";
}

std::string schedule_text(const Schedule& s, const char* other) {
  if (s.empty()) return "none";
  return fmt::format("legislated to {} ({:g} yuan), then {}", s.last_year(), s.values.rbegin()->second,
                     after_text(s, other));
}

}  // namespace

std::string financing_rule(const Scenario& s) {
  return fmt::format("individual: {}; subsidy: {}",
                     schedule_text(s.financing.individual_contribution_yuan, "subsidy"),
                     schedule_text(s.financing.fiscal_subsidy_yuan, "individual contribution"));
}

}  // namespace fundsim
