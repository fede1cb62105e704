// A province of pools (issue 16): pools stepped together on common draws, with an adjustment fund
// (省级调剂金) between them, or full provincial pooling (统收统支).
//
// province.yaml (a file whose top level has `pools:`, `adjustment_fund:`, `pool_sets:` or `migration:`):
//   name, description
//   extends           optional: another province file (its keys first; this file's keys override,
//                     lists whole)
//   pools             pool data packages: a list of {path: DIR} (relative to the file that lists them)
//   pool_sets         optional: overrides applied to every pool (key.path=value, as --set)
//   adjustment_fund   the design (AdjustmentDesign below)
//   migration         optional: flows of persons between the pools (MigrationConfig below)
//
// Common draws. Every pool's streams are keyed by (seed, draw, purpose): the national drivers
// (mortality, fertility, income, the national cost and utilisation trends, interest) draw the same
// numbers in every pool, and the calibrated parameters the same posterior draw. What is a pool's own
// is keyed by its name as well (run.pool: its claims noise, and its deviation from the national cost
// trend, costs.local_trend_deviation_*, whose provincial part is shared by the pools with
// correlation rho). A pool's draws are therefore the same run alone or in a province.
//
// The year of a province (ProvinceModel::project), for each year t:
//   1. every pool runs its year up to the accounts (PathStepper::flows): revenue R_p (interest on its
//      opening reserve included), spending S_p, reserve before transfers B_p = B_p,open + R_p - S_p;
//   2. pay-in: in_p = revenue_share R_p + excess_balance_share max(0, B_p - excess_balance_months/12 S_p);
//   3. requests: q_p = deficit_share max(0, S_p - R_p) (basis current_deficit: the pool's current
//      deficit), or deficit_share max(0, -(B_p - in_p)) (basis reserve_shortfall: what its own reserve
//      cannot pay after its pay-in);
//   4. the fund pays out_p = q_p x min(1, A / sum q), A = F_open + interest + sum in (interest on a
//      positive F_open at the year's rate of the first pool; the rate is a national draw). If sum q > A
//      the fund is exhausted in t (requests unmet);
//   5. every pool closes its year with the transfer out_p - in_p; what remains negative of its reserve
//      falls on the pool's government finance (分级管理、责任共担): reported as its shortfall;
//   6. the fund: F = A - sum out.
// Full pooling (mode full_pooling): every pool's reserve and flows go to the provincial fund (the
// transfer is -B_p, so every pool ends each year at exactly 0) and the fund pays everything; it is
// exhausted when F < 0. Identities (tests/province): province revenue, spending and balance = the sum
// over pools plus the fund's interest and balance; sum in + fund interest = sum out + change in F.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/run.hpp"
#include "scenario/loader.hpp"
#include "scenario/param.hpp"

namespace fundsim::province {

struct AdjustmentDesign {
  std::string name = "none";
  std::string description;
  std::string mode = "adjustment";
  double revenue_share = 0.0;
  double excess_balance_share = 0.0;
  double excess_balance_months = 12.0;
  double deficit_share = 0.0;
  std::string deficit_basis = "current_deficit";
  double initial_balance_yuan = 0.0;

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "short name of the design (file names, tables)"});
    v("description", description, Meta{.doc = "what the design does, in words"});
    v("mode", mode,
      Meta{.doc = "adjustment: pools keep their reserves and pay into / draw from the fund; full_pooling: "
                  "统收统支, one provincial fund", .choices = "adjustment|full_pooling"});
    v("revenue_share", revenue_share,
      Meta{.unit = "share", .doc = "share of each pool's revenue (revenue_total) paid into the fund each year",
           .min = 0, .max = 1});
    v("excess_balance_share", excess_balance_share,
      Meta{.unit = "share", .doc = "share of a pool's reserve above excess_balance_months of its spending paid in",
           .min = 0, .max = 1});
    v("excess_balance_months", excess_balance_months,
      Meta{.unit = "months", .doc = "the reserve a pool keeps before paying in excess_balance_share", .min = 0,
           .max = 1200});
    v("deficit_share", deficit_share,
      Meta{.unit = "share", .doc = "share of a pool's need (deficit_basis) the fund covers, up to the fund's balance",
           .min = 0, .max = 1});
    v("deficit_basis", deficit_basis,
      Meta{.doc = "current_deficit: spending - revenue of the year; reserve_shortfall: what the pool's own "
                  "reserve cannot pay after its pay-in", .choices = "current_deficit|reserve_shortfall"});
    v("initial_balance_yuan", initial_balance_yuan,
      Meta{.unit = "yuan", .doc = "the fund's balance at the jump-off (full pooling adds the pools' reserves)",
           .min = 0});
  }
};

struct PoolRef {
  std::string path;
  template <class V>
  void visit(V& v) {
    v("path", path, Meta{.doc = "the pool data package (a directory with pool.yaml), relative to this file",
                         .required = true});
  }
};

// Migration between the pools (optional; none by default). Every year each flow moves persons from
// its origin pool to its destination: `rate` x the origin's population, or `persons` (exactly one of
// the two), spread over sex, age and health state as the origin's population weighted by a migration
// age schedule. They move after the year's population stages (health, deaths, ageing, births, each
// pool's own net migration) and before enrolment, so they are enrolled, claim and are counted where
// they live that year. Every flow of a year is computed from the populations before any of them
// moves; a cell (sex, age, state) never loses more than max_cell_share of its persons in a year
// (its flows are scaled down together if they would). Persons are conserved cell by cell (tests).
struct MigrationFlow {
  std::string from, to;
  double rate = 0.0;
  double persons = 0.0;
  int first_year = 0;
  int last_year = 9999;

  template <class V>
  void visit(V& v) {
    v("from", from, Meta{.doc = "the origin pool's name (pool.yaml name)", .required = true});
    v("to", to, Meta{.doc = "the destination pool's name", .required = true});
    v("rate", rate,
      Meta{.unit = "share/year", .doc = "persons moved each year as a share of the origin's population", .min = 0,
           .max = 0.2});
    v("persons", persons,
      Meta{.unit = "persons/year", .doc = "persons moved each year (instead of rate)", .min = 0, .max = 1e9});
    v("first_year", first_year, Meta{.unit = "year", .doc = "first year of the flow (default: from the jump-off)",
                                     .min = 0, .max = 9999});
    v("last_year", last_year, Meta{.unit = "year", .doc = "last year of the flow (default: to the end)", .min = 0,
                                   .max = 9999});
  }
};

// The relative propensity to migrate by age (Rogers and Castro's model migration schedule, seven
// parameters: m(x) = a1 exp(-alpha1 x) + a2 exp(-alpha2 (x - mu2) - exp(-lambda2 (x - mu2))) + c).
// Only its shape matters (the flows set the totals). The defaults are the example of the DemoTools
// documentation (mig_calculate_rc; Rogers and Castro 1981, IIASA RR-81-30): an ILLUSTRATIVE
// ASSUMPTION, not fitted to Chinese data. They put the peak at about age 23, children moving with
// their parents and little migration after 60.
struct MigrationAgeSchedule {
  double a1 = 0.09, alpha1 = 0.1, a2 = 0.2, alpha2 = 0.1, mu2 = 21.0, lambda2 = 0.39, c = 0.01;
  double at(int age) const;
  // at(age) of every cell's age, floored at 0 (kCells: sex, age, state).
  std::vector<double> cell_weights() const;

  template <class V>
  void visit(V& v) {
    const std::string_view src = "ILLUSTRATIVE ASSUMPTION: DemoTools mig_calculate_rc example (Rogers-Castro)";
    v("a1", a1, Meta{.doc = "height of the childhood curve", .source = src, .min = 0, .max = 10});
    v("alpha1", alpha1, Meta{.unit = "1/year", .doc = "descent of the childhood curve", .source = src, .min = 0, .max = 5});
    v("a2", a2, Meta{.doc = "height of the labour-force curve", .source = src, .min = 0, .max = 10});
    v("alpha2", alpha2, Meta{.unit = "1/year", .doc = "descent of the labour-force curve", .source = src, .min = 0, .max = 5});
    v("mu2", mu2, Meta{.unit = "years", .doc = "location of the labour-force curve", .source = src, .min = 0, .max = 100});
    v("lambda2", lambda2, Meta{.unit = "1/year", .doc = "ascent of the labour-force curve", .source = src, .min = 0, .max = 5});
    v("c", c, Meta{.doc = "constant", .source = src, .min = 0, .max = 10});
  }
};

struct MigrationConfig {
  std::vector<MigrationFlow> flows;
  MigrationAgeSchedule age_schedule;
  double max_cell_share = 0.5;

  template <class V>
  void visit(V& v) {
    v("flows", flows, Meta{.doc = "flows between pools ({from, to, rate or persons[, first_year, last_year]})"});
    v("age_schedule", age_schedule, Meta{.doc = "relative propensity to migrate by age (Rogers-Castro)"});
    v("max_cell_share", max_cell_share,
      Meta{.unit = "share", .doc = "most of a cell's persons that may leave it in a year (ASSUMPTION: a guard)",
           .min = 0, .max = 1});
  }
};

struct ProvinceConfig {
  std::string name;
  std::string description;
  std::string extends;
  std::vector<PoolRef> pools;
  std::vector<std::string> pool_sets;
  AdjustmentDesign adjustment_fund;
  MigrationConfig migration;

  template <class V>
  void visit(V& v) {
    v("name", name, Meta{.doc = "name of the province", .required = true});
    v("description", description, Meta{.doc = "what this province file compares"});
    v("extends", extends, Meta{.doc = "a province file whose keys apply first (path relative to this file)"});
    v("pools", pools, Meta{.doc = "pool data packages (directories relative to the file that lists them)"});
    v("pool_sets", pool_sets,
      Meta{.doc = "overrides applied to every pool, as --set key.path=value (before the command's own --set); "
                  "e.g. the province's contribution standards, or a path `fundsim solve` found"});
    v("adjustment_fund", adjustment_fund, Meta{.doc = "the adjustment fund's design"});
    v("migration", migration, Meta{.doc = "migration between the pools (optional)"});
  }
};

// A loaded province: its config (the chain applied), each pool loaded (with the same --set
// overrides), the files read.
struct LoadedProvince {
  ProvinceConfig config;
  std::string path;
  std::vector<std::string> files;       // the extends chain, root first
  std::vector<std::string> pool_dirs;   // resolved
  std::vector<LoadedScenario> pools;
  std::string resolved_yaml;            // the config as used, the pools' names, directories and hashes
  std::string sha256;                   // of resolved_yaml (which holds every pool's sha256)
};

// True if `path` is a YAML file whose top level has `pools:`, `adjustment_fund:`, `pool_sets:` or
// `migration:` (a province file; no scenario has these keys).
bool is_province_file(const std::string& path);

// Loads a province; throws InputError naming file:line and key (or the pool's own errors). The pools
// must share the jump-off and end years, be stepped by the same engine (cell) and have distinct names.
LoadedProvince load_province(const std::string& path, const std::vector<std::string>& sets = {});

// Per draw and year: the adjustment fund's own columns, then paid in and paid out per pool.
struct AdjustmentLayout {
  int years = 0;
  int pools = 0;
  int flows = 0;  // migration flows: persons moved per flow and year
  enum Fund : int { kPaidIn, kPaidOut, kInterest, kBalance, kExhausted, kUnmet, kFundColumns };
  int columns() const { return kFundColumns + 2 * pools + flows; }
  std::size_t size() const { return static_cast<std::size_t>(years) * static_cast<std::size_t>(columns()); }
  std::size_t fund(int t, Fund c) const { return static_cast<std::size_t>(t * columns() + c); }
  std::size_t paid_in(int t, int p) const { return static_cast<std::size_t>(t * columns() + kFundColumns + 2 * p); }
  std::size_t paid_out(int t, int p) const { return paid_in(t, p) + 1; }
  std::size_t moved(int t, int k) const { return static_cast<std::size_t>(t * columns() + kFundColumns + 2 * pools + k); }
};

// A migration flow resolved to pool indices.
struct ResolvedFlow {
  int from = 0, to = 0;
  double rate = 0.0, persons = 0.0;
  int first_year = 0, last_year = 9999;
};

// One year's migration between the populations (kCells each) of a province's pools: every flow
// active in `year` computed from the populations as they are on entry, then applied; `cell_weight`
// is the age schedule by cell (MigrationAgeSchedule::cell_weights). moved[k] receives the persons flow k moved. Persons are
// conserved cell by cell.
void migrate(const std::vector<ResolvedFlow>& flows, const std::vector<double>& cell_weight, double max_cell_share,
             int year, const std::vector<std::vector<double>*>& populations, double* moved);

class ProvinceModel {
 public:
  // `pools` must be steppable (Model::start) and share first year and years.
  // `flows` (pool indices) and the age schedule: migration between the pools (none if empty).
  ProvinceModel(std::vector<std::unique_ptr<Model>> pools, AdjustmentDesign design,
                std::vector<ResolvedFlow> flows = {}, MigrationAgeSchedule schedule = {}, double max_cell_share = 0.5);
  int first_year() const { return first_year_; }
  int years() const { return years_; }
  int pools() const { return static_cast<int>(pools_.size()); }
  AdjustmentLayout layout() const { return {years_, pools(), static_cast<int>(flows_.size())}; }
  // One draw: the province's table, each pool's table (after transfers) and the adjustment columns.
  void project(std::uint64_t seed, std::int64_t draw, DrawTable& province, std::vector<DrawTable>& pools,
               double* adjustment) const;

 private:
  std::vector<std::unique_ptr<Model>> pools_;
  AdjustmentDesign design_;
  std::vector<ResolvedFlow> flows_;
  std::vector<double> cell_weight_;  // the migration age schedule by cell
  double max_cell_share_ = 0.5;
  int first_year_ = 0, years_ = 0;
};

// The province's model: each pool's model as a run of it alone would build it (with its parameter
// draws).
std::unique_ptr<ProvinceModel> build_province_model(const LoadedProvince& lp);

// How a province's metric is made from its pools' (every metric has a rule: the switch in
// province.cpp has no default). Sums: money and persons; the balance and revenue add the fund's;
// derived: months payable, the current balance, spending per enrollee; weighted means (approximate
// where the weight is not the metric's exact denominator, e.g. prevalence among adult enrollees
// weighted by all enrollees).
enum class Aggregation { sum, derived, population_weighted, enrollee_weighted, first_pool };
Aggregation aggregation(Metric m);

// The results of a province run: the province's, each pool's (RunResult in draw order) and the
// adjustment columns (draws x layout.size()).
struct ProvinceResult {
  RunResult province;
  std::vector<RunResult> pools;
  AdjustmentLayout layout;
  std::vector<double> adjustment;
  double wall_seconds = 0.0;
};

// Runs draws of a province in parallel (OpenMP over draws; across ranks with `dist`): bit-identical
// for any thread or rank count.
ProvinceResult run_province(const ProvinceModel& model, std::int64_t draws, std::uint64_t seed, int threads,
                            const std::atomic<bool>* cancel = nullptr, bool progress = false,
                            const Distribution* dist = nullptr);

}  // namespace fundsim::province
