// The reimbursement calculator behind `fundsim benefit` (and the Python module): one person's costs
// in one year of a scenario -> every tier's payment, the out-of-pocket remainder and the
// intermediates, as a readable table or as JSON.
//
// Year rule: the year must lie within [run.jump_off_year - 3, run.end_year] (three history years
// before the jump-off, for checks against past rules, then the projection). The rules of the year
// are the scenario's `benefits:` schedules resolved for that year with the prior-year national
// per-capita disposable income on the scenario's central income path
// (IncomeModel::mean_income_path: data years exact; after them the mean growth), exactly as the cell
// engine resolves them on its central path (the income year is clamped to the income data's first
// year, as the engine does).
//
// Command-line values are parsed here (not in CLI11) so that every bad argument gives an InputError
// naming the argument: costs must be finite numbers >= 0; an admission is COST[:LEVEL] with LEVEL
// primary|secondary|tertiary (default secondary); 两病 is hypertension=COST,diabetes=COST (either
// or both, each once).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "benefits/benefit_params.hpp"
#include "benefits/calculator.hpp"
#include "scenario/scenario.hpp"

namespace fundsim::benefits {

// The rules of one year of a scenario and the income they were resolved with.
struct ScenarioYearRules {
  int year = 0;
  int income_year = 0;                 // the prior year whose income was used
  double prior_year_income_yuan = 0;   // national per-capita disposable income of income_year
  YearRules rules;
};

// First and last year accepted by the calculator for this scenario.
int benefit_first_year(const Scenario& s);
int benefit_last_year(const Scenario& s);

// Throws InputError naming `--year` if the year is outside [benefit_first_year, benefit_last_year],
// or naming the rule if the scenario's rules for that year are invalid.
ScenarioYearRules scenario_year_rules(const Scenario& s, int year);

// ---- command-line values ----
// A cost in yuan: a finite number >= 0. `arg` names the argument in the error message.
double parse_cost_arg(std::string_view text, std::string_view arg);
// "COST[:LEVEL]" -> {cost, level name}; the level is checked.
std::pair<double, std::string> parse_admission_arg(std::string_view text);
// "hypertension=COST,diabetes=COST" (either or both) -> {hypertension, diabetes}.
std::pair<double, double> parse_two_diseases_arg(std::string_view text);

// One query as given on the command line (strings not yet parsed).
struct BenefitQuery {
  int year = 0;
  std::string group = "general";
  std::vector<std::string> admissions;  // "COST[:LEVEL]"
  std::optional<std::string> outpatient;
  std::optional<std::string> chronic_special;
  std::optional<std::string> two_diseases;
};

// Per-admission intermediates (before the annual cap), from the calculator run on that admission.
struct AdmissionDetail {
  double cost_yuan = 0;
  Level level = Level::secondary;
  double compliant_yuan = 0;
  double deductible_applied_yuan = 0;
  double fund_before_cap_yuan = 0;
};

struct BenefitAnswer {
  std::string scenario_name;
  ScenarioYearRules year_rules;
  PersonYear person;
  std::vector<AdmissionDetail> admissions;
  BenefitResult result;
};

// Parses and validates the query (InputError naming the argument) and runs the calculator.
BenefitAnswer compute_benefit_query(const Scenario& s, const BenefitQuery& q);
// The person's result with typed inputs (for Python and tests).
BenefitAnswer compute_benefit_answer(const Scenario& s, int year, const PersonYear& person);

// JSON: the calculator's keys (basic_inpatient, outpatient, chronic_special, two_diseases,
// catastrophic, assistance, out_of_pocket, total_cost, intermediates) plus scenario, year, group,
// the income used, the person's inputs, per-admission details and the rules in force.
nlohmann::json benefit_answer_json(const BenefitAnswer& a);
// The readable table (rules in force, inputs, per-admission lines, tiers and intermediates).
std::string benefit_answer_table(const BenefitAnswer& a);

std::string_view level_name(Level l);
std::string_view group_name(Group g);

}  // namespace fundsim::benefits
