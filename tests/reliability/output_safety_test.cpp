// Output safety of `fundsim run`, end to end through the command: an existing result directory
// is never replaced without --force; with --force it is replaced whole; a run interrupted by
// SIGINT or SIGTERM exits with 130 and leaves neither a partial nor a temporary directory (and an
// older result it would have replaced stays intact).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fundsim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kBinary = std::string(FUNDSIM_BINARY_DIR) + "/fundsim";
const std::string kScenario = std::string(FUNDSIM_SOURCE_DIR) + "/tests/scenarios/extreme/trend/one-draw.yaml";

fs::path fresh_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("fundsim-safety-" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct Child {
  pid_t pid = -1;
};

Child spawn(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  Child c;
  const int rc = posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) c.pid = -1;
  return c;
}

// Waits until the child has installed its handler for `sig` (Linux: the SigCgt mask of
// /proc/<pid>/status), so that a slow start (sanitizers, a loaded machine) cannot turn the test's
// signal into a plain kill. Returns false after 20 s.
bool wait_for_handler(pid_t pid, int sig) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("SigCgt:", 0) == 0) {
        const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
        if (mask & (1ULL << (sig - 1))) return true;
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

int wait_exit_code(const Child& c) {
  int status = 0;
  if (::waitpid(c.pid, &status, 0) != c.pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 1000 + WTERMSIG(status);  // killed by a signal (not handled)
}

int run(const std::vector<std::string>& args, const fs::path& log) {
  const Child c = spawn(args, log);
  return c.pid > 0 ? wait_exit_code(c) : -1;
}

std::vector<std::string> run_args(const fs::path& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {kBinary, "run", kScenario, "--quiet", "--threads", "1", "--out", out.string()};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

TEST(OutputSafety, ExistingResultsAreReplacedOnlyWithForce) {
  const fs::path base = fresh_dir("force");
  const fs::path out = base / "result";
  ASSERT_EQ(run(run_args(out, {"--seed", "1"}), base / "log1"), 0) << slurp(base / "log1");
  const std::string summary1 = slurp(out / "summary.csv");
  const std::string manifest1 = slurp(out / "manifest.json");
  ASSERT_FALSE(summary1.empty());

  // Without --force: exit 2, a message naming the directory and --force, nothing changed.
  ASSERT_EQ(run(run_args(out, {"--seed", "2"}), base / "log2"), 2) << slurp(base / "log2");
  const std::string log2 = slurp(base / "log2");
  EXPECT_NE(log2.find(out.string() + ": output directory exists; use --force to replace it"), std::string::npos)
      << log2;
  EXPECT_EQ(slurp(out / "manifest.json"), manifest1);
  EXPECT_EQ(slurp(out / "summary.csv"), summary1);

  // With --force: replaced whole (another seed gives other numbers), no leftovers beside it.
  ASSERT_EQ(run(run_args(out, {"--seed", "2", "--force"}), base / "log3"), 0) << slurp(base / "log3");
  EXPECT_NE(slurp(out / "summary.csv"), summary1);
  EXPECT_NE(slurp(out / "manifest.json").find("\"seed\": 2"), std::string::npos);
  EXPECT_EQ(entries(base), (std::vector<std::string>{"log1", "log2", "log3", "result"}));
  EXPECT_EQ(entries(out), (std::vector<std::string>{"depletion.csv", "headline.json", "manifest.json", "risk.csv",
                                                     "sampled_parameters.csv", "scenario.resolved.yaml",
                                                     "summary.csv", "warning.csv"}));
}

// A run long enough to be interrupted: 100,000 draws on one thread takes about 3 s (more under the
// sanitizers); once fundsim has installed its handler, the signal is sent at several points of it (during the draws, the summaries or the
// writing). Every outcome must be all or nothing: exit 130 with nothing written, or - only if the
// signal came after the directory was renamed into place - exit 0 with a complete directory.
class Interrupted : public ::testing::TestWithParam<std::tuple<int, int>> {};

TEST_P(Interrupted, LeavesNoPartialOrTemporaryFiles) {
  const auto [sig, delay_ms] = GetParam();
  const fs::path base = fresh_dir("signal-" + std::to_string(sig) + "-" + std::to_string(delay_ms));
  const fs::path out = base / "result";
  const Child c = spawn(run_args(out, {"--draws", "100000", "--set", "run.end_year=2025"}), base / "log");
  ASSERT_GT(c.pid, 0);
  ASSERT_TRUE(wait_for_handler(c.pid, sig)) << "fundsim did not install its signal handler";
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  ::kill(c.pid, sig);
  const int code = wait_exit_code(c);
  const std::string log = slurp(base / "log");
  if (delay_ms <= 300) {
    EXPECT_EQ(code, 130) << "a signal during the draws must stop the run\n" << log;
  }
  if (code == 130) {
    EXPECT_NE(log.find("interrupted; no output was written"), std::string::npos) << log;
    EXPECT_EQ(entries(base), std::vector<std::string>{"log"}) << "no output and no temporary directory";
  } else {
    EXPECT_EQ(code, 0) << log;
    EXPECT_EQ(entries(base), (std::vector<std::string>{"log", "result"}));
    EXPECT_TRUE(fs::exists(out / "summary.csv") && fs::exists(out / "manifest.json"));
  }
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupted,
                         ::testing::Combine(::testing::Values(SIGINT, SIGTERM), ::testing::Values(300, 1500, 2500)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) == SIGINT ? "SIGINT" : "SIGTERM") + "_" +
                                  std::to_string(std::get<1>(info.param)) + "ms";
                         });

TEST(OutputSafety, InterruptedForcedRunKeepsThePreviousResult) {
  const fs::path base = fresh_dir("force-interrupted");
  const fs::path out = base / "result";
  ASSERT_EQ(run(run_args(out), base / "log1"), 0) << slurp(base / "log1");
  const std::string summary1 = slurp(out / "summary.csv");
  const Child c = spawn(run_args(out, {"--force", "--draws", "100000", "--set", "run.end_year=2025"}), base / "log2");
  ASSERT_GT(c.pid, 0);
  ASSERT_TRUE(wait_for_handler(c.pid, SIGINT)) << "fundsim did not install its signal handler";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(c.pid, SIGINT);
  EXPECT_EQ(wait_exit_code(c), 130) << slurp(base / "log2");
  EXPECT_EQ(slurp(out / "summary.csv"), summary1) << "the previous result is intact";
  EXPECT_EQ(entries(base), (std::vector<std::string>{"log1", "log2", "result"}));
}

}  // namespace
}  // namespace fundsim::testing
