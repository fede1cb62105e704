// Aggregate layer against the individual-level sampler for one cell of a scenario
// (`fundsim benefit SCENARIO --year Y --compare-sampler PERSONS`).
//
// The cell's claims inputs come from the scenario's cost model on its central path: the cell
// engine's own CostModel (CellModel::cost_model), CostModel::expected_path(run.end_year), factors(year),
// cell_inputs(cell). The rules are the scenario's rules of the year (benefit_command.hpp). For each
// group (general, assisted) the exact aggregate expectations (InpatientTable::mix,
// outpatient_moments, chronic_special_moments, two_diseases_moments: the code the cell engine uses)
// are compared with the mean of `persons` simulated persons to whom the calculator is applied
// (sample_cell). A tier passes if |aggregate - sampled| <= max(0.5% x |aggregate|, 3 x SE).
//
// Stress settings (applied to the cell's claims and the year's rules, both groups):
//   heavy-tail:      every lognormal log-sd (inpatient, outpatient, chronic/special, 两病) raised
//                    to at least 1.8 (cost-model defaults 0.6-1.2);
//   low-cap:         basic inpatient cap 20,000; catastrophic capped at 50,000 for the general group
//                    (assisted stays uncapped if the rules say so); chronic/special cap 1,000;
//                    outpatient cap 100;
//   high-deductible: inpatient, outpatient, chronic/special and 两病 deductibles x10 (at least 100
//                    yuan where the rule has none); catastrophic deductible x3.
// Streams: make_rng(seed, 2 x stress index + group, Purpose::sampler).
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/benefit_command.hpp"
#include "benefits/sampler.hpp"
#include "scenario/scenario.hpp"

namespace fundsim::benefits {

enum class Stress : int { none = 0, heavy_tail, low_cap, high_deductible };
Stress parse_stress(std::string_view s);  // none|heavy-tail|low-cap|high-deductible
std::string_view stress_name(Stress s);

struct CellSpec {
  int sex = 1;     // 0 male, 1 female
  int age = 70;
  int state = 3;   // bit flags: 1 hypertension, 2 diabetes, 4 severe
};
// "sex,age,state": sex male|female; age 0..100; state 0..7 or names joined by '+'
// (none|hypertension|diabetes|severe), e.g. "female,70,hypertension+diabetes".
CellSpec parse_cell_spec(std::string_view text);
std::string cell_spec_text(const CellSpec& c);

struct SamplerCheckOptions {
  int year = 0;
  std::uint64_t persons = 1000000;
  CellSpec cell;
  std::optional<Group> group;  // both groups if empty
  Stress stress = Stress::none;
  std::optional<std::uint64_t> seed;  // default run.seed
};

// The cell's claims (general group) from the scenario's cost model at the central path of `year`.
CellClaims scenario_cell_claims(const Scenario& s, int year, const CellSpec& cell);
// Applies a stress setting to claims and rules.
void apply_stress(Stress stress, CellClaims& claims, YearRules& rules);

struct TierComparison {
  std::string tier;
  double aggregate = 0;
  double sampled = 0;
  double se = 0;
  double rel_diff = 0;  // (sampled - aggregate) / aggregate (0 if aggregate is 0)
  bool pass = true;
};

struct GroupComparison {
  Group group = kGeneral;
  std::vector<TierComparison> tiers;
  double basic_sd_aggregate = 0, basic_sd_sampled = 0;  // per person, informative
};

struct SamplerCheckReport {
  std::string scenario_name;
  SamplerCheckOptions options;
  std::uint64_t seed = 0;
  ScenarioYearRules year_rules;
  CellClaims claims;  // after the stress (general group)
  std::vector<GroupComparison> groups;
  bool pass() const;
};

// Throws InputError (naming the option) for persons < 1000, or a bad year / cell.
SamplerCheckReport run_sampler_check(const Scenario& s, const SamplerCheckOptions& o);
std::string format_sampler_check(const SamplerCheckReport& r);
nlohmann::json sampler_check_json(const SamplerCheckReport& r);

}  // namespace fundsim::benefits
