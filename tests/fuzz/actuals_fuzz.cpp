// Fuzz target: the monthly actuals reader of `fundsim monitor` (fund/actuals.hpp). Any input must
// either be read (and then hold only months 1-12 of known items with finite values, as many as its
// rows) or be refused with InputError naming the file, line and column; any other exception,
// crash, hang or sanitizer report is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fund/actuals.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fundsim::MonthlyActuals a;
  try {
    a = fundsim::parse_actuals(text, "actuals.csv");
  } catch (const fundsim::InputError& e) {
    if (std::string(e.what()).rfind("actuals.csv:", 0) != 0)
      fundsim::fuzz::bug(std::string("error without file:line:column: ") + e.what());
    return 0;
  }
  int n = 0;
  for (const auto& item : a.value)
    for (const auto& v : item)
      if (v) {
        ++n;
        if (!std::isfinite(*v)) fundsim::fuzz::bug("non-finite value accepted");
      }
  if (n != a.rows) fundsim::fuzz::bug("rows and values disagree");
  return 0;
}
