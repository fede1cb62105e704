// `fundsim run province.yaml` and `fundsim validate province.yaml` (sim/province): the province's
// pools stepped together on common draws with its adjustment fund; one output directory with the
// province's files, adjustment.csv and pools/<name>/.
#pragma once

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "app/commands.hpp"

namespace fundsim {

int cmd_run_province(const RunCommand& cmd, std::ostream& out, const std::atomic<bool>* cancel,
                     const Distribution* dist = nullptr);
int cmd_validate_province(const std::string& path, const std::vector<std::string>& sets, std::ostream& out);

}  // namespace fundsim
