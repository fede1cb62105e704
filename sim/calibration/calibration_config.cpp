#include "calibration/calibration_config.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/metrics.hpp"
#include "scenario/loader.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::calibration {

namespace fs = std::filesystem;

namespace {

Location where(const LocationMap& locs, const std::string& key, const Location& fallback) {
  auto it = locs.find(key);
  return it == locs.end() ? fallback : it->second;
}

bool known_quantity(const std::string& q) {
  return q == "hospitalisation_rate" || q == "inpatient_policy_ratio" || q == "cost_per_admission" ||
         metric_from_name(q).has_value();
}

void check_targets(const std::vector<Target>& list, const char* section, bool holdout, const FitWindow& w,
                   const LocationMap& locs, const Location& fallback) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Target& t = list[i];
    const std::string base = fmt::format("{}[{}]", section, i);
    if (!known_quantity(t.quantity))
      throw_at(where(locs, base + ".quantity", fallback), base + ".quantity",
               "expected an engine metric name (e.g. enrollees, revenue_total, spending_total, "
               "balance_cumulative) or hospitalisation_rate / inpatient_policy_ratio, found '" +
                   t.quantity + "'");
    if (!holdout && (t.year < w.first_year || t.year > w.last_year))
      throw_at(where(locs, base + ".year", fallback), base + ".year",
               fmt::format("a year inside the fit window {}-{} (data after the window may only be a holdout, "
                           "never a fitting target), found {}",
                           w.first_year, w.last_year, t.year));
    if (holdout && t.year <= w.last_year)
      throw_at(where(locs, base + ".year", fallback), base + ".year",
               fmt::format("a holdout year after the fit window (> {}), found {}", w.last_year, t.year));
    if (t.observed == 0.0)
      throw_at(where(locs, base + ".observed", fallback), base + ".observed",
               "a non-zero observed value (standard errors are relative)");
  }
}

}  // namespace

LoadedCalibration load_calibration_config(const std::string& path) {
  const YAML::Node node = read_yaml_file(path, "calibration config");
  LoadedCalibration r;
  r.path = path;
  LocationMap locs;
  const Location top{path, 1};
  ApplyVisitor::apply_struct(node, "", top, r.config, path, locs);
  CheckVisitor checker("", locs, top);
  checker.run(r.config);

  const CalibrationConfig& c = r.config;
  if (c.parameters.empty()) throw_at(where(locs, "parameters", top), "parameters", "at least one free parameter");
  std::set<std::string> keys;
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    const std::string k = fmt::format("parameters[{}].key", i);
    if (!keys.insert(c.parameters[i].key).second)
      throw_at(where(locs, k, top), k, "each parameter key once, found '" + c.parameters[i].key + "' twice");
    if (c.parameters[i].key.rfind("run.", 0) == 0)
      throw_at(where(locs, k, top), k, "a model parameter (run.* settings are not fitted)");
  }
  for (std::size_t i = 0; i < c.drivers.size(); ++i) {
    const std::string k = fmt::format("drivers[{}].key", i);
    if (!keys.insert(c.drivers[i].key).second)
      throw_at(where(locs, k, top), k, "each key once (parameters and drivers), found '" + c.drivers[i].key + "' twice");
    if (c.drivers[i].key.rfind("run.", 0) == 0) throw_at(where(locs, k, top), k, "a model parameter (not run.*)");
  }
  if (c.targets.empty()) throw_at(where(locs, "targets", top), "targets", "at least one target");
  check_targets(c.targets, "targets", false, c.fit_window, locs, top);
  check_targets(c.holdout, "holdout", true, c.fit_window, locs, top);
  if (c.jump_off_year > c.fit_window.last_year)
    throw_at(where(locs, "jump_off_year", top), "jump_off_year",
             fmt::format("a jump-off at or before the fit window's last year {}", c.fit_window.last_year));
  r.scenario_path = (fs::path(path).parent_path() / c.scenario).lexically_normal().string();
  return r;
}

}  // namespace fundsim::calibration
