// Fuzz target: `--set key.path=value` overrides. The input is split at newlines into up to eight
// overrides, parsed alone (parse_set_override) and then applied to the small trend scenario of the
// end-to-end tests. Either InputError or a valid scenario (checked as in scenario_fuzz.cpp).
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fundsim::fuzz::WorkDir work;
  static const std::string base = std::string(FUNDSIM_SOURCE_DIR) + "/tests/scenarios/valid/small-trend.yaml";
  std::vector<std::string> sets;
  std::stringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::string line;
  while (std::getline(in, line) && sets.size() < 8) sets.push_back(line);
  for (const auto& s : sets) {
    try {
      (void)fundsim::parse_set_override(s);
    } catch (const fundsim::InputError&) {
    }
  }
  fundsim::LoadedScenario loaded;
  try {
    loaded = fundsim::load_scenario(base, sets);
  } catch (const fundsim::InputError&) {
    return 0;
  }
  fundsim::fuzz::check_accepted(work, loaded);
  return 0;
}
