// The typed scenario: every parameter of a run, after inheritance and --set.
#pragma once

#include <string>

#include "benefits/benefit_params.hpp"
#include "costs/cost_params.hpp"
#include "demography/demography_params.hpp"
#include "engine/micro_params.hpp"
#include "engine/trend_params.hpp"
#include "fund/fund_params.hpp"
#include "fund/budget_params.hpp"
#include "health/health_params.hpp"
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
  DemographyParams demography;
  HealthParams health;
  CostParams costs;
  benefits::BenefitRules benefits;
  MicroParams micro;    // the person-level engine's income distribution and burden thresholds
  BudgetParams budget;  // monthly profile of the budget year and the in-year re-forecast

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "short name of the scenario", .required = true});
    v("description", description, Meta{.doc = "what the scenario represents"});
    v("run", run, Meta{.doc = "run settings", .required = true});
    v("financing", financing, Meta{.doc = "contribution and subsidy standards", .required = true});
    v("fund", fund, Meta{.doc = "fund jump-off balance, interest, warning bands", .required = true});
    v("trend", trend, Meta{.doc = "aggregate trend model (engine: trend)"});
    v("demography", demography,
      Meta{.doc = "population, mortality, fertility, migration, enrolment, income (engine: cell)"});
    v("health", health, Meta{.doc = "chronic-disease states (engine: cell)"});
    v("costs", costs, Meta{.doc = "utilisation, unit costs and their growth (engine: cell)"});
    v("benefits", benefits, Meta{.doc = "benefit rules of every tier (engine: cell)"});
    v("micro", micro,
      Meta{.doc = "person-level engine (engine: micro): income distribution of persons, burden thresholds"});
    v("budget", budget,
      Meta{.doc = "next year's budget and in-year monitoring: history file, monthly cash-flow profile "
                  "(fundsim budget / monitor)"});
  }
};

}  // namespace fundsim
