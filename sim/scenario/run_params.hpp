// Run-level parameters (engine, horizon, draws, seed, calibration file). The financing, fund and
// warning parameters are declared in fund/fund_params.hpp, the trend model's in engine/trend_params.hpp.
#pragma once

#include <string>

#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

struct RunParams {
  int jump_off_year = 2022;
  int end_year = 2060;
  int draws = 1000;
  int seed = 20250101;
  std::string engine = "cell";
  bool process_noise = false;
  int persons = 1000000;  // persons sampled by the person-level engine (engine: micro)
  std::string pool;  // the pool's name (set by the pool loader): keys its own random streams
  // Calibrated parameters (sim/calibration): a parameter file written by `fundsim calibrate`.
  std::string parameter_draws_file;
  bool parameter_uncertainty = true;
  std::string calibration_kept_keys;  // computed by the loader unless given

  template <class V>
  void visit(V& v) {
    v("jump_off_year", jump_off_year,
      Meta{.unit = "year", .doc = "last year of observed data; projection starts the year after",
           .min = 2019, .max = 2100});
    v("end_year", end_year, Meta{.unit = "year", .doc = "last projected year", .min = 2020, .max = 2200});
    v("draws", draws, Meta{.unit = "draws", .doc = "Monte Carlo draws (overridden by --draws)", .min = 1,
                           .max = 10000000});
    v("seed", seed, Meta{.unit = "", .doc = "base seed of every random stream (overridden by --seed)",
                         .min = 0, .max = 2147483647});
    v("engine", engine,
      Meta{.doc = "cell: cohort-component cell model; micro: the same model followed person by person (a "
                  "weighted sample of run.persons persons); trend: aggregate enrollee/cost trend model",
           .choices = "cell|micro|trend"});
    v("persons", persons,
      Meta{.unit = "persons", .doc = "persons sampled from the jump-off population by the person-level engine "
                                     "(engine: micro); more persons, less sampling error",
           .min = 100, .max = 100000000});
    v("process_noise", process_noise,
      Meta{.doc = "add claims process noise (finite numbers of persons and claims; cell engine): "
                  "normal with the exact per-person variance x enrollees; matters for small pools"});
    v("pool", pool,
      Meta{.doc = "name of the pooling region this scenario projects (set by the pool loader from pool.yaml); "
                  "keys the pool's own random streams (claims noise, its cost-trend deviation), so that a "
                  "pool draws the same numbers run alone or in a province; empty for a fund that is not a pool"});
    v("parameter_draws_file", parameter_draws_file,
      Meta{.doc = "parameter file of `fundsim calibrate` (path relative to the scenario file that sets it; "
                  "empty = none): its point estimates, or with parameter_uncertainty one posterior draw per "
                  "Monte Carlo draw, override the scenario's values of the calibrated keys"});
    v("calibration_kept_keys", calibration_kept_keys,
      Meta{.doc = "calibrated keys (comma-separated) that keep the scenario's own value instead of the "
                  "calibration's: computed by the loader from the keys a scenario file or --set gives "
                  "explicitly, unless a file gives this key (as a resolved scenario does)"});
    v("parameter_uncertainty", parameter_uncertainty,
      Meta{.doc = "with a parameter_draws_file: true = sample the calibrated parameters per draw "
                  "(Purpose::parameters); false = use the point estimates"});
  }
  template <class C>
  void check(C& c) const {
    c.require(end_year > jump_off_year, "end_year", "a year after run.jump_off_year");
    c.require(end_year - jump_off_year <= 120, "end_year", "a horizon of at most 120 years");
  }
};

}  // namespace fundsim
