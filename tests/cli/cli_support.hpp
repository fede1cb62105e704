// Helpers for end-to-end tests of the fundsim command.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace fundsim::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& cmd) {
  CommandResult r;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) r.output += buf.data();
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string fundsim_binary() { return std::string(FUNDSIM_BINARY_DIR) + "/fundsim"; }
inline std::string source_path(const std::string& rel) { return std::string(FUNDSIM_SOURCE_DIR) + "/" + rel; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh temporary directory path (not created).
inline std::filesystem::path temp_path(const std::string& name) {
  auto base = std::filesystem::temp_directory_path() / ("fundsim-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(base);
  auto p = base / name;
  std::filesystem::remove_all(p);
  return p;
}

}  // namespace fundsim::testing
