// Parameter declarations: every scenario parameter is declared once, with its unit, description
// and source, inside the `visit` member of the struct that holds it:
//
//   struct MortalityParams {
//     double drift_per_year = -1.0;
//     template <class V> void visit(V& v) {
//       v("drift_per_year", drift_per_year,
//         Meta{.unit = "index points/year", .doc = "Lee-Carter drift of k(t)", .source = "...",
//              .min = -10, .max = 10});
//     }
//     // optional cross-field checks, reported against the named key:
//     template <class C> void check(C& c) const {
//       c.require(cap_yuan >= deductible_yuan, "cap_yuan", "a cap at or above deductible_yuan");
//     }
//   };
//
// Visitors (the YAML reader, the resolved-YAML writer, `--set`, documentation) live in
// sim/scenario; parameter headers depend on nothing but this file and schedule.hpp.
//
// Supported member types: double, int, bool, std::string (optionally restricted by
// Meta::choices, "a|b|c"), std::vector<double> (optionally of fixed length Meta::length),
// std::optional<double> (YAML null / "none" = absent), Schedule, nested structs with `visit`,
// and std::vector<Struct> for lists of structs.
#pragma once

#include <limits>
#include <string_view>

namespace fundsim {

struct Meta {
  std::string_view unit = "";
  std::string_view doc = "";
  std::string_view source = "";
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::string_view choices = "";  // for strings: allowed values separated by '|'
  int length = -1;                // for vectors: required length (-1 = any, but non-empty)
  bool required = false;          // key must be present in the resolved scenario
};

// Bounds helpers for readability.
inline constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace fundsim
