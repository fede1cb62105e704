// Fuzz target: the scenario loader. Any input must either load (and then satisfy the properties
// in fuzz_support.hpp) or be refused with InputError; any other exception, crash, hang or
// sanitizer report is a bug.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fundsim::fuzz::WorkDir work;  // per process: the fuzz harness's own scratch space
  const std::string path = work.write("input.yaml", reinterpret_cast<const char*>(data), size);
  fundsim::LoadedScenario loaded;
  try {
    loaded = fundsim::load_scenario(path);
  } catch (const fundsim::InputError&) {
    return 0;  // refused with a message: fine
  }
  fundsim::fuzz::check_accepted(work, loaded);
  return 0;
}
