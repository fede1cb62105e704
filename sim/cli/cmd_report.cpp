// `fundsim report RESULTS_DIR [--lang en|zh] [--paths DIR] [--burden DIR] [--pdf] [--xlsx]`: writes a
// self-contained report.html (and figures/<lang>/*.svg|png, report.pdf through headless Chromium, report.xlsx) from a results
// directory. The report is drawn by the Python package (sim/python/fundsim/report.py, matplotlib),
// which the build puts next to this executable in python/; this command runs `/usr/bin/python3 -m
// fundsim.report` with that directory first on PYTHONPATH, and returns its exit code (2 for
// incomplete input).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "scenario/errors.hpp"

namespace fundsim::cli {

namespace {

namespace fs = std::filesystem;

// The build's python package directory: <directory of this executable>/python.
fs::path python_package_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path() / "python";
}

struct ReportOptions {
  std::string dir, out, paths, burden, lang = "en";
  bool pdf = false, xlsx = false;
};

int run_report(const ReportOptions& o) {
  const char* interpreter = std::getenv("FUNDSIM_PYTHON");
  const std::string python = interpreter && *interpreter ? interpreter : "/usr/bin/python3";
  const fs::path pkg = python_package_dir();
  if (pkg.empty() || !fs::exists(pkg / "fundsim" / "report.py"))
    throw InputError("report: the Python package is not built next to this executable (expected " +
                     (pkg / "fundsim").string() + "); build with -DFUNDSIM_WITH_PYTHON=ON");
  std::vector<std::string> args = {python, "-m", "fundsim.report", o.dir, "--lang", o.lang};
  if (!o.out.empty()) args.insert(args.end(), {"--out", o.out});
  if (!o.paths.empty()) args.insert(args.end(), {"--paths", o.paths});
  if (!o.burden.empty()) args.insert(args.end(), {"--burden", o.burden});
  if (o.pdf) args.push_back("--pdf");
  if (o.xlsx) args.push_back("--xlsx");
  const char* old = std::getenv("PYTHONPATH");
  const std::string pythonpath = pkg.string() + (old && *old ? ":" + std::string(old) : "");

  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("report: cannot start " + python);
  if (pid == 0) {
    ::setenv("PYTHONPATH", pythonpath.c_str(), 1);
    ::setenv("MPLBACKEND", "Agg", 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(python.c_str(), argv.data());
    std::cerr << "error: report: cannot run " << python << "\n";
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("report: waitpid failed");
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status) == 127 ? 1 : WEXITSTATUS(status);
  return 1;
}

}  // namespace

Registered register_report(CLI::App& app, const Context&) {
  auto st = std::make_shared<ReportOptions>();
  auto* c = app.add_subcommand(
      "report", "write a self-contained report.html (and .pdf, .xlsx) from a results directory");
  c->add_option("results_dir", st->dir, "results directory of `fundsim run`")->required();
  c->add_option(
      "--out", st->out,
      "output file (default RESULTS_DIR/report.html); the .pdf, .xlsx and figures/ go beside it");
  c->add_option("--paths", st->paths,
                "paths.csv of `fundsim paths` (or its directory) to include; it must come from the "
                "run's scenario (same SHA-256)");
  c->add_option("--burden", st->burden,
                "comparison.csv of `fundsim burden` (or its directory) to include: the policy options' burden "
                "and cost");
  c->add_option("--lang", st->lang, "language of the report, figures and workbook: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  c->add_flag("--pdf", st->pdf, "also print report.pdf (A4) with headless Chromium");
  c->add_flag("--xlsx", st->xlsx, "also write report.xlsx: one formatted sheet per table");
  return {c, [st]() { return run_report(*st); }};
}

}  // namespace fundsim::cli
