// The typed scenario: every parameter of a run, after inheritance and --set.
#pragma once

#include <string>

#include "scenario/param.hpp"
#include "scenario/run_params.hpp"

namespace fundsim {

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  RunParams run;
  FinancingParams financing;
  FundParams fund;
  TrendModelParams trend;

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "short name of the scenario", .required = true});
    v("description", description, Meta{.doc = "what the scenario represents"});
    v("run", run, Meta{.doc = "run settings", .required = true});
    v("financing", financing, Meta{.doc = "contribution and subsidy standards", .required = true});
    v("fund", fund, Meta{.doc = "fund jump-off balance, interest, warning bands", .required = true});
    v("trend", trend, Meta{.doc = "aggregate trend model (engine: trend)"});
  }
};

}  // namespace fundsim
