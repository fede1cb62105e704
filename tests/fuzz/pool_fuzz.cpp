// Fuzz target: the pool data package loader (scenario/pool.hpp). The input is split into the
// package's files at lines "=== <name>" (population.csv, history.csv, income.csv, financing.csv,
// migration.csv, rules.yaml; pool.yaml is fixed: a city over the national baseline, calibration
// none). Any input must either load (and then its resolved scenario round-trips through the loader)
// or be refused with InputError naming a file of the package; any other exception, crash, hang or
// sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "scenario/pool.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fundsim::fuzz::WorkDir w;
  static const char* kFiles[] = {"population.csv", "history.csv", "income.csv", "financing.csv", "migration.csv", "rules.yaml"};
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> files;
  std::string current;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("=== ", 0) == 0) {
      current = line.substr(4);
      files[current];
      continue;
    }
    if (!current.empty()) files[current] += line + "\n";
  }
  const fundsim::fuzz::fs::path dir = w.input_dir;
  for (const char* f : kFiles) fundsim::fuzz::fs::remove(dir / f);
  for (const auto& [name, body] : files)
    for (const char* f : kFiles)
      if (name == f) w.write(f, body.data(), body.size());
  static const std::string pool_yaml = std::string("name: fuzz-city\nlevel: city\nscenario: ") + FUNDSIM_SOURCE_DIR +
                                       "/scenarios/national-baseline.yaml\ncensus_year: 2020\ncalibration: none\n"
                                       "urban_share: 0.5\n";
  w.write("pool.yaml", pool_yaml.data(), pool_yaml.size());
  fundsim::LoadedScenario loaded;
  try {
    loaded = fundsim::load_pool(dir.string());
  } catch (const fundsim::InputError& e) {
    if (std::string(e.what()).rfind(dir.string(), 0) != 0)
      fundsim::fuzz::bug(std::string("error that names no file of the package: ") + e.what());
    return 0;
  }
  if (!loaded.pool) fundsim::fuzz::bug("a pool loaded without its origin");
  fundsim::fuzz::check_accepted(w, loaded);
  return 0;
}
