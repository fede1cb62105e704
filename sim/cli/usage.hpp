// Usage errors of the command line that name what was probably meant: a mistyped command, option or
// enumerated option value gets "did you mean", by the same rule as the scenario loader's unknown
// keys and values (did_you_mean, sim/scenario/visitors.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace fundsim::cli {

// A CLI11 check that the value is one of `choices` ("a|b|c"); otherwise
// "expected one of a|b|c, found 'x' (did you mean 'y'?)" (a usage error, exit code 2).
CLI::Validator one_of(const std::string& choices);

// After a failed parse of argv by `app`: the message for a command that does not exist or options
// that the selected command does not have, each with its closest valid name. Empty when the failure
// is neither (CLI11's own message is then the one to show).
std::string usage_error(const CLI::App& app, int argc, const char* const* argv);

}  // namespace fundsim::cli
