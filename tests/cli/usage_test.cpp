// The command line's own usage (issue 21, item 3): --version, and "did you mean" for a mistyped
// command, option or enumerated option value, each a usage error with exit code 2 and no output.
#include <gtest/gtest.h>

#include <regex>

#include "cli_support.hpp"
#include "fundsim_version.hpp"

namespace fundsim::testing {
namespace {

const std::string kSmall = source_path("tests/scenarios/valid/small-trend.yaml");

TEST(Usage, VersionPrintsVersionAndCommit) {
  const CommandResult r = run_command(fundsim_binary() + " --version");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, std::string("fundsim ") + kVersion + " (git commit " + kGitCommit + ")\n");
}

TEST(Usage, MistypedCommandSuggestsTheClosest) {
  const CommandResult r = run_command(fundsim_binary() + " rn " + kSmall);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("unknown command 'rn' (did you mean 'run'?)"), std::string::npos)
      << r.output;
  const CommandResult v = run_command(fundsim_binary() + " valdate " + kSmall);
  EXPECT_EQ(v.exit_code, 2) << v.output;
  EXPECT_NE(v.output.find("(did you mean 'validate'?)"), std::string::npos) << v.output;
}

TEST(Usage, UnrelatedCommandListsTheCommands) {
  const CommandResult r = run_command(fundsim_binary() + " frobnicate");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("unknown command 'frobnicate'; expected one of "), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("run"), std::string::npos) << r.output;
  const CommandResult none = run_command(fundsim_binary());
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("expected a command: one of "), std::string::npos) << none.output;
}

TEST(Usage, MistypedOptionSuggestsTheClosest) {
  const auto out = temp_path("usage-draw");
  const CommandResult r =
      run_command(fundsim_binary() + " run " + kSmall + " --draw 5 --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("fundsim run: unknown option '--draw' (did you mean '--draws'?)"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  // The option form --name=value, and a subcommand's own options (solve has no --draws-like
  // --famliy).
  const CommandResult eq =
      run_command(fundsim_binary() + " validate " + kSmall + " --sett=run.draws=3");
  EXPECT_EQ(eq.exit_code, 2) << eq.output;
  EXPECT_NE(eq.output.find("unknown option '--sett' (did you mean '--set'?)"), std::string::npos)
      << eq.output;
}

TEST(Usage, EnumeratedOptionValuesSuggestTheClosest) {
  const auto out = temp_path("usage-detail");
  struct {
    std::string args;
    const char* expected;
  } cases[] = {
      {" run " + kSmall + " --draws 2 --quiet --detail populaton --out " + out.string(),
       "--detail: expected one of population, found 'populaton' (did you mean 'population'?)"},
      {" benefit " + kSmall + " --year 2025 --outpatient 100 --group asisted",
       "--group: expected one of general|assisted, found 'asisted' (did you mean 'assisted'?)"},
      {" benefit " + kSmall + " --year 2025 --compare-sampler 1000 --stress low-cep",
       "--stress: expected one of none|heavy-tail|low-cap|high-deductible, found 'low-cep' (did "
       "you mean "
       "'low-cap'?)"},
      {" solve " + kSmall + " --family individual-incremnt --by 2030 --max-p-depleted 0.1 --out " +
           out.string(),
       "(did you mean 'individual-increment'?)"},
  };
  for (const auto& c : cases) {
    const CommandResult r = run_command(fundsim_binary() + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos)
        << c.args << "\n"
        << r.output << "expected: " << c.expected;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

TEST(Usage, MistypedPathRuleSuggestsTheClosest) {
  const auto out = temp_path("usage-paths");
  const CommandResult r =
      run_command(fundsim_binary() + " paths " + kSmall +
                  " --path a=individual=incremnt:30 --draws 2 --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("found 'incremnt:30' (did you mean 'increment'?)"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace fundsim::testing
