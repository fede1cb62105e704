// fundsim calibrate CONFIG.yaml|POOL_DIR [--out FILE] [--report DIR] [--settings FILE] [--threads T] [--quiet]
// Fits the configured free parameters to history (sim/calibration), prints the fit table and the
// parameter table, writes the parameter file (point estimates + draws) and, with --report, a
// Markdown report. Given a pool directory, fits the pool's own parameters to its history.csv with
// priors centred on the estimates it would otherwise inherit (pool_calibration.hpp,
// docs/pool-calibration.md; --settings overrides the free parameters, priors and errors) and writes
// DIR/calibrated-params.yaml by default. Deterministic: fixed start, deterministic optimiser, draws from (seed, k,
// Purpose::parameters); the same command gives the same file.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "calibration/fit.hpp"
#include "calibration/pool_calibration.hpp"
#include "cli/cli.hpp"
#include "scenario/errors.hpp"
#include "scenario/pool.hpp"

namespace fundsim::cli {

namespace {

namespace fs = std::filesystem;

// Temporary name then rename: a failed run leaves no half-written file.
void write_atomically(const fs::path& file, const std::string& text) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw InputError(file.string() + ": cannot write");
    out << text;
    if (!out.flush()) throw InputError(file.string() + ": write failed");
  }
  fs::rename(tmp, file);
}

}  // namespace

Registered register_calibrate(CLI::App& app, const Context&) {
  struct State {
    std::string config, out, report, settings;
    int threads = 0;
    bool quiet = false;
  };
  auto st = std::make_shared<State>();
  auto* c = app.add_subcommand("calibrate", "fit parameters to history and write a parameter file scenarios can use");
  c->add_option("config", st->config,
                 "calibration config YAML (e.g. calibration/national.yaml), or a pool directory (fits the pool to "
                 "its history.csv, shrunk toward the estimates it would inherit)")
      ->required();
  c->add_option("--out", st->out,
                "parameter file to write (default: <config dir>/<config stem>-params.yaml; for a pool "
                "<DIR>/calibrated-params.yaml)");
  c->add_option("--settings", st->settings,
                "pool calibration only: settings YAML over the defaults (free parameters, prior sds, measurement "
                "errors, process-noise draws; docs/pool-calibration.md)");
  c->add_option("--report", st->report, "also write <DIR>/<config stem>.md (fit table, residuals, parameters)");
  c->add_option("--threads", st->threads,
                "threads for bootstrap refits and a pool's process-noise draws (default: all cores; never "
                "changes results)")
      ->check(CLI::NonNegativeNumber);
  c->add_flag("--quiet", st->quiet, "print nothing but errors");
  return {c, [st]() {
            if (is_pool_directory(st->config)) {
              const auto settings = calibration::load_pool_calibration_settings(st->settings);
              const auto pc = calibration::make_pool_calibration(st->config, settings, st->threads);
              const fs::path out = st->out.empty() ? fs::path(st->config) / "calibrated-params.yaml" : fs::path(st->out);
              const auto result = calibration::run_calibration(pc.cal, st->threads);
              const std::string table = calibration::pool_report_markdown(pc, result);
              write_atomically(out, calibration::pool_parameter_file_yaml(pc, result));
              if (!st->report.empty())
                write_atomically(fs::path(st->report) / (pc.pool_name + "-calibration.md"),
                                 "<!-- written by: fundsim calibrate " + st->config +
                                     " (do not edit: re-run the command) -->\n# Pool calibration: " + pc.pool_name +
                                     "\n\n" + pc.cal.config.description + "\n\n" + table);
              if (!st->quiet) {
                // pool.yaml names the file relative to the pool directory.
                const bool inside = fs::weakly_canonical(out).parent_path() == fs::weakly_canonical(st->config);
                std::cout << table << "\nparameter file: " << out.string() << "\nto use it: `calibration: "
                          << (inside ? out.filename().string() : fs::absolute(out).string()) << "` in "
                          << (fs::path(st->config) / "pool.yaml").string() << "\n";
                for (const auto& w : calibration::identification_warnings(pc.cal.config, result))
                  std::cerr << "fundsim calibrate: warning: " << w << "\n";
              }
              return 0;
            }
            if (!st->settings.empty())
              throw InputError("--settings: expected a pool directory to calibrate (" + st->config +
                               " is a config file)");
            const auto cal = calibration::load_calibration_config(st->config);
            const fs::path cfg(st->config);
            const fs::path out =
                st->out.empty() ? cfg.parent_path() / (cfg.stem().string() + "-params.yaml") : fs::path(st->out);
            const auto result = calibration::run_calibration(cal, st->threads);
            const std::string table = calibration::fit_report_markdown(cal, result);
            const std::string header = "<!-- written by: fundsim calibrate " + st->config +
                                       " (do not edit: re-run the command) -->\n# Calibration: " + cal.config.name +
                                       "\n\n" + cal.config.description + "\n\n";
            write_atomically(out, calibration::parameter_file_yaml(cal, result));
            if (!st->report.empty())
              write_atomically(fs::path(st->report) / (cfg.stem().string() + ".md"), header + table);
            if (!st->quiet) std::cout << table << "\nparameter file: " << out.string() << "\n";
            // The identification warnings (also in the table) once more on stderr, one per line.
            if (!st->quiet)
              for (const auto& w : calibration::identification_warnings(cal.config, result))
                std::cerr << "fundsim calibrate: warning: " << w << "\n";
            return 0;
          }};
}

}  // namespace fundsim::cli
