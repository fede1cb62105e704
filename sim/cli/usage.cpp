#include "cli/usage.hpp"

#include <cctype>
#include <set>
#include <sstream>
#include <vector>

#include "scenario/visitors.hpp"

namespace fundsim::cli {

namespace {

std::set<std::string> split_choices(const std::string& choices) {
  std::set<std::string> out;
  std::stringstream ss(choices);
  std::string item;
  while (std::getline(ss, item, '|'))
    if (!item.empty()) out.insert(item);
  return out;
}

std::string suggestion(std::string_view wrong, const std::set<std::string>& candidates) {
  const std::string guess = did_you_mean(wrong, candidates);
  return guess.empty() ? std::string() : " (did you mean '" + guess + "'?)";
}

// "-x" or "--name" (a negative number such as "-5" is a value, not an option).
bool looks_like_option(const std::string& a) {
  return a.size() >= 2 && a[0] == '-' &&
         (a[1] == '-' || std::isalpha(static_cast<unsigned char>(a[1])));
}

// The names a user may type for the options of `app`: --long and -s.
std::set<std::string> option_names(const CLI::App& app) {
  std::set<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& l : o->get_lnames()) names.insert("--" + l);
    for (const auto& s : o->get_snames()) names.insert("-" + s);
  }
  return names;
}

// "fundsim run" for the run subcommand (the top level is named after argv[0]: "fundsim" instead).
std::string command_path(const CLI::App& app) {
  if (!app.get_parent()) return "fundsim";
  return command_path(*app.get_parent()) + " " + app.get_name();
}

// Unknown options left over by `app` and the subcommands it parsed.
void unknown_options(const CLI::App& app, std::vector<std::string>& lines) {
  const std::set<std::string> known = option_names(app);
  for (const std::string& arg : app.remaining(false)) {
    if (!looks_like_option(arg)) continue;
    const std::string name = arg.substr(0, arg.find('='));
    if (known.count(name)) continue;
    std::string line = command_path(app) + ": unknown option '" + name + "'";
    const std::string s = suggestion(name, known);
    line += s.empty() ? "; see '" + command_path(app) + " --help'" : s;
    lines.push_back(line);
  }
  for (const CLI::App* sub : app.get_subcommands()) unknown_options(*sub, lines);
}

}  // namespace

CLI::Validator one_of(const std::string& choices) {
  const std::set<std::string> allowed = split_choices(choices);
  return CLI::Validator(
      [allowed, choices](std::string& value) -> std::string {
        if (allowed.count(value)) return {};
        return "expected one of " + choices + ", found '" + value + "'" +
               suggestion(value, allowed);
      },
      choices);
}

std::string usage_error(const CLI::App& app, int argc, const char* const* argv) {
  std::set<std::string> commands;
  std::string list;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.insert(sub->get_name());
    list += (list.empty() ? "" : "|") + sub->get_name();
  }
  if (app.get_subcommands().empty()) {
    // The top level takes options only (--help, --version): its first other word names the command.
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (looks_like_option(a)) continue;
      if (commands.count(a)) return {};
      const std::string s = suggestion(a, commands);
      return "unknown command '" + a + "'" + (s.empty() ? "; expected one of " + list : s);
    }
    std::vector<std::string> lines;
    unknown_options(app, lines);
    if (!lines.empty()) return lines.front();
    return "expected a command: one of " + list;
  }
  std::vector<std::string> lines;
  unknown_options(app, lines);
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace fundsim::cli
