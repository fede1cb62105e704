// Input errors: anything wrong with what a user gave us (a scenario file, a --set override, a
// command-line argument). The command line prints the message and exits with code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace fundsim {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fundsim
