// _fundsim: the compiled half of the Python package `fundsim` (sim/python/fundsim/). A thin shell
// over the same engine API as the command line (load_scenario, run_scenario, the summaries and the
// output writers), so every number a notebook shows equals the one in the CSV files of `fundsim
// run`. The pure-Python package wraps these functions into pandas DataFrames.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "app/budget_commands.hpp"
#include "app/commands.hpp"
#include "engine/metrics.hpp"
#include "engine/summary.hpp"
#include "fundsim_version.hpp"
#include "output/budget_writer.hpp"
#include "output/writer.hpp"
#include "paths/evaluate.hpp"
#include "paths/output.hpp"
#include "paths/path_spec.hpp"
#include "paths/sensitivity.hpp"
#include "paths/solver.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"
#include "scenario/visitors.hpp"

namespace py = pybind11;

namespace fundsim {
namespace {

std::vector<std::string> metric_names(const RunResult& r) {
  std::vector<std::string> names;
  for (Metric m : r.metrics) names.emplace_back(metric_name(m));
  return names;
}

// draws x years x metrics (only the metrics the model produces, in RunResult::metrics order, as in
// draws.csv).
py::array_t<double> draws_array(const RunResult& r) {
  const auto nm = static_cast<py::ssize_t>(r.metrics.size());
  py::array_t<double> a({static_cast<py::ssize_t>(r.draws), static_cast<py::ssize_t>(r.years), nm});
  auto out = a.mutable_unchecked<3>();
  for (std::int64_t d = 0; d < r.draws; ++d)
    for (int y = 0; y < r.years; ++y)
      for (py::ssize_t k = 0; k < nm; ++k)
        out(static_cast<py::ssize_t>(d), y, k) =
            r.value(d, y, r.metrics[static_cast<std::size_t>(k)]);
  return a;
}

// The model's own output files (e.g. decomposition.csv of the cell engine), if this build's
// RunOutcome carries them.
template <class Outcome>
std::vector<std::pair<std::string, std::string>> extra_files_of(const Outcome& o) {
  if constexpr (requires { o.extra_files; })
    return o.extra_files;
  else
    return {};
}

// Every numeric field of a parameter struct by its declared name (from its visit member, so no
// field list is copied here).
struct NumberFields {
  py::dict d;
  template <class T>
  void operator()(const char* key, T& value, const Meta&) {
    d[key] = value;
  }
};
template <class Params>
py::dict number_fields(Params p) {
  NumberFields f;
  p.visit(f);
  return f.d;
}

py::dict warning_thresholds(const LoadedScenario& s) { return number_fields(s.scenario.fund.warning); }

// A Table as {column name: numpy array} (numbers float64, integers int64, text a list of str), in
// column order: pandas.DataFrame(dict) is the table.
py::dict table_arrays(const Table& t) {
  py::dict d;
  for (const TableColumn& c : t.columns) {
    switch (c.kind) {
      case ColumnKind::number:
        d[py::str(c.name)] = py::array_t<double>(static_cast<py::ssize_t>(c.numbers.size()), c.numbers.data());
        break;
      case ColumnKind::integer:
        d[py::str(c.name)] =
            py::array_t<std::int64_t>(static_cast<py::ssize_t>(c.integers.size()), c.integers.data());
        break;
      case ColumnKind::text:
        d[py::str(c.name)] = py::cast(c.text);
        break;
    }
  }
  return d;
}

}  // namespace
}  // namespace fundsim

PYBIND11_MODULE(_fundsim, m) {
  using namespace fundsim;
  m.doc() = "fundsim engine (compiled part); use the `fundsim` package";
  m.attr("__version__") = kVersion;
  m.attr("git_commit") = kGitCommit;

  // User errors (bad scenario, bad override) raise fundsim.InputError, a ValueError.
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError);

  std::vector<std::string> all_metrics;
  for (int i = 0; i < kMetricCount; ++i)
    all_metrics.emplace_back(metric_name(static_cast<Metric>(i)));
  m.attr("METRICS") = all_metrics;

  py::class_<LoadedScenario>(m, "LoadedScenario",
                             "a validated scenario (after extends and --set overrides)")
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario.name; })
      .def_property_readonly("description",
                             [](const LoadedScenario& s) { return s.scenario.description; })
      .def_readonly("path", &LoadedScenario::path)
      .def_readonly("files", &LoadedScenario::files)
      .def_readonly("resolved_yaml", &LoadedScenario::resolved_yaml)
      .def_readonly("sha256", &LoadedScenario::sha256)
      .def_readonly("warnings", &LoadedScenario::warnings,
                    "what the loader warns about (the texts `fundsim run` prints and records)")
      .def_property_readonly("engine",
                             [](const LoadedScenario& s) { return s.scenario.run.engine; })
      .def_property_readonly("jump_off_year",
                             [](const LoadedScenario& s) { return s.scenario.run.jump_off_year; })
      .def_property_readonly("end_year",
                             [](const LoadedScenario& s) { return s.scenario.run.end_year; })
      .def_property_readonly("draws", [](const LoadedScenario& s) { return s.scenario.run.draws; })
      .def_property_readonly("seed", [](const LoadedScenario& s) { return s.scenario.run.seed; })
      .def_property_readonly("warning_thresholds", &warning_thresholds)
      .def("__repr__", [](const LoadedScenario& s) {
        return "<LoadedScenario '" + s.scenario.name + "' from " + s.path + ", engine " +
               s.scenario.run.engine + ">";
      });

  m.def("milestone_years", &milestone_years, py::arg("first_year"), py::arg("last_year"),
        "The years a summary shows for a projection first_year..last_year (the headline's "
        "milestones).");

  m.def(
      "load_scenario",
      [](const std::string& path, const std::vector<std::string>& sets) {
        return load_scenario(path, sets);
      },
      py::arg("path"), py::arg("sets") = std::vector<std::string>{},
      "Loads and validates a scenario file with `--set key.path=value` overrides; raises "
      "InputError.");

  py::class_<RunOutcome>(m, "RunOutcome", "per-draw results of one run")
      .def_property_readonly("first_year", [](const RunOutcome& o) { return o.result.first_year; })
      .def_property_readonly("years", [](const RunOutcome& o) { return o.result.years; })
      .def_property_readonly("draws", [](const RunOutcome& o) { return o.result.draws; })
      .def_readonly("seed", &RunOutcome::seed)
      .def_readonly("wall_seconds", &RunOutcome::wall_seconds)
      .def_readonly("scenario", &RunOutcome::loaded)
      .def_property_readonly("metrics", [](const RunOutcome& o) { return metric_names(o.result); })
      .def(
          "draws_array", [](const RunOutcome& o) { return draws_array(o.result); },
          "numpy array draws x years x metrics (metrics in the order of `metrics`)")
      // The tables as the CSV text of `fundsim run` (same writers): the Python side parses them, so
      // the DataFrames equal the files column for column.
      .def("summary_csv", [](const RunOutcome& o) { return summary_csv(summarise(o.result)); })
      .def("risk_csv",
           [](const RunOutcome& o) {
             const WarningParams& w = o.loaded.scenario.fund.warning;
             return risk_csv(risk_table(o.result, w), w);
           })
      .def("depletion_csv",
           [](const RunOutcome& o) { return depletion_csv(depletion_distribution(o.result)); })
      .def("warning_csv",
           [](const RunOutcome& o) {
             const WarningParams& w = o.loaded.scenario.fund.warning;
             return warning_csv(warning_table(o.result, w), w.red_probability_threshold);
           })
      // The same tables as column arrays (the writers' layouts, no CSV text in between).
      .def("summary_table", [](const RunOutcome& o) { return table_arrays(tabulate_summary(summarise(o.result))); })
      .def("risk_table",
           [](const RunOutcome& o) {
             const WarningParams& w = o.loaded.scenario.fund.warning;
             return table_arrays(tabulate_risk(risk_table(o.result, w), w));
           })
      .def("depletion_table",
           [](const RunOutcome& o) { return table_arrays(tabulate_depletion(depletion_distribution(o.result))); })
      .def("warning_table",
           [](const RunOutcome& o) {
             const WarningParams& w = o.loaded.scenario.fund.warning;
             return table_arrays(tabulate_warning(warning_table(o.result, w), w.red_probability_threshold));
           })
      .def(
          "extra_files",
          [](const RunOutcome& o) {
            py::dict d;
            for (const auto& [name, text] : extra_files_of(o)) d[py::str(name)] = text;
            return d;
          },
          "the model's own output files {name: CSV text}, e.g. decomposition.csv (cell engine)")
      .def("headline", [](const RunOutcome& o) { return headline(o.loaded, o.result); })
      .def(
          "headline_json",
          [](const RunOutcome& o) {
            return headline_json(headline_figures(o.result, o.loaded.scenario.fund.warning)).dump();
          },
          "the headline figures as JSON text (headline.json of `fundsim run`)")
      .def(
          "write",
          [](const RunOutcome& o, const std::string& dir, bool force, bool keep_draws, int threads,
             const std::string& start_time_utc) {
            RunInfo info;
            info.start_time_utc = start_time_utc;
            info.engine = o.loaded.scenario.run.engine;
            info.threads = threads;
            info.wall_seconds = o.wall_seconds;
            info.command_line = "python: fundsim.run(...).save(...)";
            info.warnings = run_warnings(o.loaded, o.result);
            write_run_directory(dir, force, o.loaded, o.result, o.seed, info, keep_draws,
                                extra_files_of(o));
          },
          py::arg("dir"), py::arg("force") = false, py::arg("keep_draws") = false,
          py::arg("threads") = 0, py::arg("start_time_utc") = std::string(),
          "Writes the results directory of `fundsim run` (atomically).");

  m.def(
      "metric_info",
      [] {
        py::list out;
        for (const MetricInfo& x : kMetricInfo) {
          py::dict d;
          d["name"] = std::string(x.name);
          d["unit"] = std::string(x.unit);
          d["label_en"] = std::string(x.label_en);
          d["label_zh"] = std::string(x.label_zh);
          d["description"] = std::string(x.description);
          out.append(d);
        }
        return out;
      },
      "the metric registry (sim/engine/metrics.hpp): name, unit, English and Chinese labels, description");
  m.def(
      "warning_defaults", [] { return number_fields(WarningParams{}); },
      "the default warning bands (fund.warning), from the C++ declaration");

  m.def(
      "run",
      [](const LoadedScenario& s, std::int64_t draws, std::uint64_t seed, int threads) {
        if (draws < 1) throw InputError("draws: expected at least 1 draw");
        py::gil_scoped_release release;
        return run_scenario(s, draws, seed, threads);
      },
      py::arg("scenario"), py::arg("draws"), py::arg("seed"), py::arg("threads") = 0,
      "Runs a loaded scenario (the engine of `fundsim run`), returning a RunOutcome.");

  // Contribution paths and the solver (sim/paths, the library of `fundsim paths` / `fundsim
  // solve`).
  auto eval_options = [](const std::string& scenario, const std::vector<std::string>& sets,
                         std::int64_t draws, std::optional<std::uint64_t> seed, int threads) {
    paths::EvalOptions opt;
    opt.scenario = scenario;
    opt.sets = sets;
    opt.draws = draws;
    opt.has_seed = seed.has_value();
    opt.seed = seed.value_or(0);
    opt.threads = threads;
    return opt;
  };
  m.def(
      "path_rule_to_sets",
      [](const std::string& rule) { return paths::rule_to_sets(rule, "rule " + rule); },
      py::arg("rule"), "The --set overrides of a path RULE (see `fundsim paths --help`).");
  m.def("path_rule_syntax", &paths::rule_syntax_help);
  m.def(
      "evaluate_paths",
      [eval_options](const std::string& scenario, const std::vector<std::string>& path_args,
                     const std::vector<std::string>& sets, std::int64_t draws,
                     std::optional<std::uint64_t> seed, int threads) {
        std::vector<paths::PathSpec> specs;
        for (const auto& a : path_args) specs.push_back(paths::parse_path_argument(a));
        if (specs.empty()) throw InputError("evaluate_paths: give at least one path NAME=RULE");
        const paths::EvalOptions opt = eval_options(scenario, sets, draws, seed, threads);
        std::vector<paths::PathRun> runs;
        {
          py::gil_scoped_release release;
          runs = paths::evaluate_paths(opt, specs);
        }
        std::vector<paths::PathYearRow> rows;
        std::vector<paths::DiffRow> diffs;
        for (const auto& r : runs) {
          const auto pr = paths::path_rows(r);
          rows.insert(rows.end(), pr.begin(), pr.end());
        }
        for (std::size_t i = 1; i < runs.size(); ++i) {
          const auto d = paths::difference_rows(runs.front(), runs[i]);
          diffs.insert(diffs.end(), d.begin(), d.end());
        }
        py::dict out;
        out["paths_csv"] = paths::paths_csv(rows);
        out["paths_diff_csv"] = paths::paths_diff_csv(diffs);
        out["paths_json"] = paths::paths_json(runs, "python: fundsim.evaluate_paths").dump(2);
        // Each path's per-draw results (the RunOutcome of a plain run of its scenario).
        py::list outcomes;
        for (auto& r : runs) {
          RunOutcome o;
          o.loaded = std::move(r.loaded);
          o.result = std::move(r.result);
          o.seed = r.seed;
          outcomes.append(py::cast(std::move(o)));
        }
        out["runs"] = outcomes;
        return out;
      },
      py::arg("scenario"), py::arg("paths"), py::arg("sets") = std::vector<std::string>{},
      py::arg("draws") = 0, py::arg("seed") = py::none(), py::arg("threads") = 0,
      "Evaluates paths NAME=RULE on common random numbers: the texts of paths.csv, paths_diff.csv, "
      "paths.json.");
  m.def(
      "solve",
      [eval_options](const std::string& scenario, const std::string& family, int by_year,
                     double max_p_depleted, std::optional<std::string> months_target,
                     const std::vector<std::string>& sets, std::int64_t draws,
                     std::optional<std::uint64_t> seed, int threads,
                     std::optional<double> max_enrollee_loss, std::optional<double> max_burden,
                     std::optional<double> max_subsidy_growth, std::optional<std::string> range,
                     std::optional<double> step, std::optional<double> ratio) {
        paths::Targets t;
        t.by_year = by_year;
        t.max_p_depleted = max_p_depleted;
        if (months_target) paths::parse_months_target(*months_target, t);
        t.max_enrollee_loss = max_enrollee_loss;
        t.max_burden = max_burden;
        t.max_subsidy_growth = max_subsidy_growth;
        paths::Family f = paths::find_family(family);
        if (range) {
          const auto colon = range->find(':');
          const auto lo = colon == std::string::npos ? std::nullopt : parse_number(range->substr(0, colon));
          const auto hi = colon == std::string::npos ? std::nullopt : parse_number(range->substr(colon + 1));
          if (!lo || !hi) throw InputError("range: expected 'LO:HI', found '" + *range + "'");
          f.lo = *lo;
          f.hi = *hi;
        }
        if (step) f.step = *step;
        if (ratio) f.ratio = *ratio;
        const paths::EvalOptions opt = eval_options(scenario, sets, draws, seed, threads);
        paths::Solution sol;
        {
          py::gil_scoped_release release;
          sol = paths::solve(opt, f, t);
        }
        py::dict out;
        out["solution_json"] = paths::solution_json(sol, "python: fundsim.solve").dump(2);
        out["frontier_csv"] = paths::frontier_csv(sol);
        out["scenario_solved_yaml"] =
            sol.feasible ? paths::solved_scenario_yaml(sol) : std::string();
        return out;
      },
      py::arg("scenario"), py::arg("family"), py::arg("by"), py::arg("max_p_depleted"),
      py::arg("max_p_months_below") = py::none(), py::arg("sets") = std::vector<std::string>{},
      py::arg("draws") = 0, py::arg("seed") = py::none(), py::arg("threads") = 0,
      py::arg("max_enrollee_loss") = py::none(), py::arg("max_burden") = py::none(),
      py::arg("max_subsidy_growth") = py::none(), py::arg("range") = py::none(),
      py::arg("step") = py::none(), py::arg("ratio") = py::none(),
      "The lowest member of a path family meeting the risk target within the constraints "
      "(solution.json, frontier.csv and scenario.solved.yaml texts; the library of `fundsim solve`).");
  m.def(
      "sensitivity",
      [eval_options](const std::string& scenario, const std::vector<std::string>& params,
                     const std::vector<std::string>& outputs, bool sampled,
                     const std::vector<std::string>& sets, std::int64_t draws,
                     std::optional<std::uint64_t> seed, int threads) {
        paths::SensitivityOptions so;
        for (const auto& o : outputs) so.outputs.push_back(paths::parse_output(o));
        for (const auto& p : params) so.params.push_back(paths::parse_param(p));
        so.sampled = sampled;
        const paths::EvalOptions opt = eval_options(scenario, sets, draws, seed, threads);
        paths::Sensitivity s;
        {
          py::gil_scoped_release release;
          s = paths::sensitivity(opt, so);
        }
        py::dict out;
        out["tornado_csv"] = paths::tornado_csv(s.rows);
        out["variance_shares_csv"] = paths::variance_shares_csv(s.shares);
        out["summary"] = paths::sensitivity_summary(s);
        out["financing_rule"] = s.financing_rule;
        out["seed"] = s.seed;
        out["draws"] = s.draws;
        out["notes"] = s.notes;
        return out;
      },
      py::arg("scenario"), py::arg("params") = std::vector<std::string>{},
      py::arg("outputs") = std::vector<std::string>{}, py::arg("sampled") = true,
      py::arg("sets") = std::vector<std::string>{}, py::arg("draws") = 0, py::arg("seed") = py::none(),
      py::arg("threads") = 0,
      "`fundsim sensitivity` in memory: tornado.csv and variance_shares.csv texts and the summary.");
  // Next year's budget and in-year monitoring (sim/app/budget_commands.hpp, the library of `fundsim
  // budget` / `fundsim monitor`): the texts of the files those commands write.
  auto budget_options = [](const std::string& scenario, int year, const std::vector<std::string>& sets,
                           std::optional<std::int64_t> draws, std::optional<std::uint64_t> seed, int threads,
                           const std::string& history) {
    BudgetOptions o;
    o.scenario = scenario;
    o.year = year;
    o.sets = sets;
    o.draws = draws;
    o.seed = seed;
    o.threads = threads;
    o.history = history;
    return o;
  };
  m.def(
      "budget",
      [budget_options](const std::string& scenario, int year, const std::vector<std::string>& sets,
                       std::optional<std::int64_t> draws, std::optional<std::uint64_t> seed, int threads,
                       const std::string& history) {
        const BudgetOptions o = budget_options(scenario, year, sets, draws, seed, threads, history);
        BudgetOutcome b;
        {
          py::gil_scoped_release release;
          b = compute_budget(o);
        }
        py::dict out;
        out["budget_csv"] = budget_csv(year, b.table, b.history_source);
        out["monthly_csv"] = monthly_csv(year, b.monthly);
        out["unit"] = b.unit.name;
        out["history_source"] = b.history_source;
        out["opening_source"] = b.opening_source;
        out["draws"] = b.draws.draws;
        return out;
      },
      py::arg("scenario"), py::arg("year"), py::arg("sets") = std::vector<std::string>{},
      py::arg("draws") = py::none(), py::arg("seed") = py::none(), py::arg("threads") = 0,
      py::arg("history") = std::string(),
      "`fundsim budget` in memory: the texts of budget.csv and monthly.csv, and the unit.");
  m.def(
      "monitor",
      [budget_options](const std::string& scenario, int year, const std::string& actuals_text,
                       const std::string& actuals_name, const std::string& unit, std::optional<double> opening,
                       const std::vector<std::string>& sets, std::optional<std::int64_t> draws,
                       std::optional<std::uint64_t> seed, int threads, const std::string& history) {
        MonitorOptions o;
        o.budget = budget_options(scenario, year, sets, draws, seed, threads, history);
        o.actuals = actuals_name;
        o.actuals_text = actuals_text;
        o.unit = unit;
        o.opening_balance = opening;
        MonitorOutcome mo;
        {
          py::gil_scoped_release release;
          mo = compute_monitor(o);
        }
        py::dict out;
        out["monitor_csv"] = monitor_csv(year, mo.result);
        out["year_end_csv"] = monitor_year_end_csv(year, mo.result);
        out["warning_csv"] = monitor_warning_csv(mo.result);
        out["budget_csv"] = budget_csv(year, mo.budget.table, mo.budget.history_source);
        out["monthly_csv"] = monthly_csv(year, mo.budget.monthly);
        out["warning"] = mo.result.warning.line;
        out["unit"] = mo.budget.unit.name;
        out["actuals_unit"] = mo.actuals_unit;
        out["opening_source"] = mo.budget.opening_source;
        out["history_source"] = mo.budget.history_source;
        return out;
      },
      py::arg("scenario"), py::arg("year"), py::arg("actuals_text"), py::arg("actuals_name") = "actuals",
      py::arg("unit") = std::string(), py::arg("opening_balance") = py::none(),
      py::arg("sets") = std::vector<std::string>{}, py::arg("draws") = py::none(), py::arg("seed") = py::none(),
      py::arg("threads") = 0, py::arg("history") = std::string(),
      "`fundsim monitor` in memory: the texts of monitor.csv, monitor_year_end.csv, monitor_warning.csv.");
  m.def("path_families", []() {
    std::vector<std::string> names;
    for (const auto& f : paths::families()) names.push_back(f.name);
    return names;
  });
}
