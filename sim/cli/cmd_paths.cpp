#include "cli/cli.hpp"

namespace fundsim::cli {

// Placeholder until the paths command lands: registers nothing, so the command line reports it as
// unknown (exit code 2) rather than pretending to work.
Registered register_paths(CLI::App&, const Context&) { return {}; }

}  // namespace fundsim::cli
