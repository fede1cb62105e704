// A pool data package: a pooling region's own data (a prefecture-level city or a province) over the
// national defaults. `fundsim pool init DIR` writes documented blank templates; any command that
// takes a scenario takes the directory (load_scenario dispatches here), so `fundsim validate DIR`
// checks it and `fundsim run DIR` projects it.
//
//   pool.yaml       name, level (city | province), parent (optional), scenario (the base scenario it
//                   inherits, relative to DIR), census_year, calibration (inherited | none | a
//                   parameter file relative to DIR), urban_share (optional), net_migration_persons
//                   (optional: a total with the base scenario's age profile), settings (optional: a
//                   scenario fragment applied over the data)
//   population.csv  age_from,age_to,male,female: persons at the census, by single age or 5-year group
//                   (0-4, 5-9, ...), contiguous from age 0; the last row ends at 100 or above (it is
//                   "100 and over")
//   history.csv     year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan and optional
//                   assisted_persons,admissions,catastrophic_claims_yuan (empty fields allowed there);
//                   consecutive years; the last year is the jump-off (its balance opens the projection)
//   migration.csv   optional: age_from,age_to,male,female: net migrants per year by age (one sign)
//   income.csv      optional: year,rural_yuan,urban_yuan and optional all_yuan (else urban_share
//                   weights the two), from census_year - 1 through the base scenario's last data year
//   financing.csv   optional: year,individual_yuan,subsidy_yuan and optional central_share,
//                   provincial_share,city_share (the last row's split is used; the county pays the rest)
//   rules.yaml      optional: a scenario fragment with the pool's own rules (`benefits:` ...)
//
// What the pool does not give is inherited from the base scenario; the loaded scenario records
// what was given (and from which file) and what was inherited (LoadedScenario::pool; manifest.json
// "pool"). Errors name file:line:column (CSV) or file:line and key (YAML) and what was expected.
#pragma once

#include <string>
#include <vector>

#include "scenario/loader.hpp"

namespace fundsim {

// Loads the pool in `dir` as a scenario (see the file comment); throws InputError.
LoadedScenario load_pool(const std::string& dir, const std::vector<std::string>& sets = {});

// True if `dir` holds a pool.yaml.
bool is_pool_directory(const std::string& dir);

// Writes the documented blank templates into `dir` (created if needed; an existing file is never
// overwritten: InputError naming it, and nothing is written). Returns the files written.
std::vector<std::string> write_pool_templates(const std::string& dir);

// Population rows (age_from, age_to, persons) -> the 21 five-year groups 0-4 ... 95-99, 100+.
// Each row must be a single age or one aligned 5-year group, the rows contiguous from 0, the last
// ending at >= 100. `where(i)` names row i's age_from field for errors.
std::vector<double> five_year_groups(const std::vector<int>& age_from, const std::vector<int>& age_to,
                                     const std::vector<double>& persons,
                                     const std::vector<std::string>& where_from,
                                     const std::vector<std::string>& where_to);

}  // namespace fundsim
