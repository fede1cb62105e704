// The aggregate trend engine's parameters (scenario key `trend`).
#pragma once

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

// The foundation's aggregate model (engine: trend): enrollees follow a trend with uncertainty;
// spending per enrollee grows with prices plus a mean-reverting excess medical trend.
struct TrendModelParams {
  double enrollees_jump_off = 983.49e6;
  double enrollee_growth_mean = -0.01;
  double enrollee_growth_long_run = -0.004;
  double enrollee_growth_sigma = 0.005;
  double spending_per_enrollee_jump_off_yuan = 951.05;
  Schedule price_inflation = Schedule::constant(0.02, 2023);
  double excess_trend_initial = 0.04;
  double excess_trend_long_run = 0.01;
  double excess_trend_reversion = 0.15;
  double excess_trend_sigma = 0.015;

  template <class V>
  void visit(V& v) {
    v("enrollees_jump_off", enrollees_jump_off,
      Meta{.unit = "persons", .doc = "enrollees at the end of the jump-off year",
           .source = "NHSA 2022 bulletin: 98,349万", .min = 0, .max = 2e9});
    v("enrollee_growth_mean", enrollee_growth_mean,
      Meta{.unit = "per year", .doc = "enrollee growth in the first projected year",
           .source = "2020-2022 average: -1.6%/yr, of which part one-off (duplicates removed)", .min = -0.5,
           .max = 0.5});
    v("enrollee_growth_long_run", enrollee_growth_long_run,
      Meta{.unit = "per year", .doc = "long-run enrollee growth (population decline)", .min = -0.5, .max = 0.5});
    v("enrollee_growth_sigma", enrollee_growth_sigma,
      Meta{.unit = "per year", .doc = "volatility of enrollee growth", .min = 0, .max = 0.5});
    v("spending_per_enrollee_jump_off_yuan", spending_per_enrollee_jump_off_yuan,
      Meta{.unit = "yuan/enrollee", .doc = "spending per enrollee in the jump-off year",
           .source = "2022: 9,353.44亿 / 98,349万", .min = 0, .max = 1e6});
    v("price_inflation", price_inflation,
      Meta{.unit = "per year", .doc = "general price inflation", .min = -0.2, .max = 1.0});
    v("excess_trend_initial", excess_trend_initial,
      Meta{.unit = "per year", .doc = "excess medical trend in the first projected year", .min = -0.5, .max = 1.0});
    v("excess_trend_long_run", excess_trend_long_run,
      Meta{.unit = "per year", .doc = "long-run excess medical trend", .min = -0.5, .max = 1.0});
    v("excess_trend_reversion", excess_trend_reversion,
      Meta{.unit = "per year", .doc = "mean-reversion speed (1 - AR coefficient)", .min = 0, .max = 1});
    v("excess_trend_sigma", excess_trend_sigma,
      Meta{.unit = "per year", .doc = "volatility of the excess trend", .min = 0, .max = 1});
  }
};

}  // namespace fundsim
