// Shared by the fuzz targets: a private working directory whose layout lets the relative
// `extends:` paths of the seed scenarios resolve (inputs are written at root/a/b/c/d/; root/ and
// root/a/ hold symbolic links to the repository's scenarios/ and tests/, so both
// ../../../scenarios/x.yaml and ../../../../scenarios/x.yaml resolve), and checks that abort on a bug.
#pragma once

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "calibration/model_factory.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

namespace fundsim::fuzz {

namespace fs = std::filesystem;

struct WorkDir {
  fs::path root, input_dir;
  WorkDir() {
    root = fs::temp_directory_path() / ("fundsim-fuzz-" + std::to_string(::getpid()));
    input_dir = root / "a" / "b" / "c" / "d";
    fs::create_directories(input_dir);
    std::error_code ec;
    for (const fs::path& at : {root, root / "a"})
      for (const char* d : {"scenarios", "tests"}) fs::create_directory_symlink(fs::path(FUNDSIM_SOURCE_DIR) / d, at / d, ec);
  }
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string write(const std::string& name, const char* data, std::size_t size) const {
    const fs::path p = input_dir / name;
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(data, static_cast<std::streamsize>(size));
    return p.string();
  }
};

[[noreturn]] inline void bug(const std::string& what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

// Properties of any scenario the loader accepts:
//  - its resolved YAML is itself a valid scenario that resolves to the same text (round trip);
//  - with the trend engine and a short horizon, one draw gives finite values only.
inline void check_accepted(const WorkDir& w, const LoadedScenario& loaded) {
  const std::string again = w.write("resolved.yaml", loaded.resolved_yaml.data(), loaded.resolved_yaml.size());
  LoadedScenario l2;
  try {
    l2 = load_scenario(again);
  } catch (const InputError& e) {
    bug(std::string("resolved scenario refused: ") + e.what() + "\n" + loaded.resolved_yaml);
  }
  if (l2.resolved_yaml != loaded.resolved_yaml)
    bug("resolved scenario does not round-trip:\n" + loaded.resolved_yaml + "\n---\n" + l2.resolved_yaml);
  const Scenario& s = loaded.scenario;
  if (s.run.engine != "trend" || s.run.end_year - s.run.jump_off_year > 40) return;
  auto model = make_model(s);
  std::vector<double> data(static_cast<std::size_t>(model->years()) * kMetricCount, 0.0);
  DrawTable table(data.data(), model->years());
  model->project(static_cast<std::uint64_t>(s.run.seed), 0, table);
  for (int y = 0; y < model->years(); ++y)
    for (Metric m : model->metrics())
      if (!std::isfinite(table.at(y, m)))
        bug("non-finite " + std::string(metric_name(m)) + " in year " + std::to_string(model->first_year() + y) +
            " for scenario:\n" + loaded.resolved_yaml);
}

}  // namespace fundsim::fuzz
