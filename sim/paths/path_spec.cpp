#include "paths/path_spec.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <sstream>

#include "scenario/errors.hpp"
#include "scenario/visitors.hpp"

namespace fundsim::paths {

const char* schedule_key(Target t) {
  return t == Target::individual ? "financing.individual_contribution_yuan"
                                 : "financing.fiscal_subsidy_yuan";
}
const char* target_name(Target t) {
  return t == Target::individual ? "individual" : "subsidy";
}

namespace {

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::stringstream ss(s);
  while (std::getline(ss, part, sep)) out.push_back(trim(part));
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

[[noreturn]] void fail(const std::string& context, const std::string& what) {
  throw InputError(fmt::format("{}: {}", context, what));
}

double number(const std::string& text, const std::string& context, const std::string& what) {
  const auto v = parse_number(text);
  if (!v) fail(context, fmt::format("expected {}, found '{}'", what, text));
  return *v;
}

// Shortest text that reads back as the same double (YAML and the loader parse it exactly).
std::string num_text(double x) {
  return fmt::format("{}", x);
}

// "KIND[:ARGS]" -> the YAML flow mapping of an `after` rule.
std::string after_yaml(const std::string& kind_text, const std::string& context) {
  const std::vector<std::string> parts = split(kind_text, ':');
  const std::string& kind = parts[0];
  auto need = [&](std::size_t n, const char* form) {
    if (parts.size() != n) fail(context, fmt::format("expected '{}', found '{}'", form, kind_text));
  };
  if (kind == "flat") {
    need(1, "flat");
    return "{rule: flat}";
  }
  if (kind == "increment") {
    need(2, "increment:YUAN_PER_YEAR");
    return fmt::format(
        "{{rule: increment, per_year: {}}}",
        num_text(number(parts[1], context, "a yuan amount per year after 'increment:'")));
  }
  if (kind == "growth") {
    need(2, "growth:RATE (e.g. growth:0.04 for 4% a year)");
    return fmt::format("{{rule: growth, rate: {}}}",
                       num_text(number(parts[1], context, "a rate per year after 'growth:'")));
  }
  if (kind == "indexed") {
    need(2, "indexed:SHARE (share of rural per-capita disposable income)");
    return fmt::format("{{rule: indexed, share: {}}}",
                       num_text(number(parts[1], context, "a share of income after 'indexed:'")));
  }
  if (kind == "ratio") {
    need(3, "ratio:RATIO:YEARS");
    const double r = number(parts[1], context, "a target ratio after 'ratio:'");
    const double y = number(parts[2], context, "a whole number of years in 'ratio:RATIO:YEARS'");
    if (y != static_cast<double>(static_cast<long long>(y)))
      fail(context,
           fmt::format("expected a whole number of years in 'ratio:RATIO:YEARS', found '{}'",
                       parts[2]));
    return fmt::format("{{rule: ratio, ratio: {}, years: {}}}", num_text(r),
                       static_cast<long long>(y));
  }
  const std::string guess =
      did_you_mean(kind, {"flat", "increment", "growth", "indexed", "ratio", "schedule"});
  fail(
      context,
      fmt::format("expected a rule flat|increment:A|growth:R|indexed:S|ratio:R:N|schedule:Y=V;..., "
                  "found '{}'{}",
                  kind_text, guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
}

// "Y=V;Y=V[;then=KIND]" -> the YAML flow mapping of a whole schedule layer.
std::string schedule_yaml(const std::string& body, const std::string& context) {
  std::map<int, double> values;
  std::string then = "{rule: flat}";
  bool have_then = false;
  for (const std::string& entry : split(body, ';')) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos)
      fail(context,
           fmt::format("expected YEAR=YUAN or then=RULE in 'schedule:', found '{}'", entry));
    const std::string key = trim(entry.substr(0, eq)), value = trim(entry.substr(eq + 1));
    if (key == "then") {
      if (have_then) fail(context, "'then=' given twice in 'schedule:'");
      if (value.rfind("schedule", 0) == 0)
        fail(context, "'then=' takes a rule, not another schedule");
      then = after_yaml(value, context);
      have_then = true;
      continue;
    }
    if (have_then) fail(context, "'then=RULE' must come last in 'schedule:'");
    const auto year = parse_integer(key);
    if (!year || *year < 1900 || *year > 2300)
      fail(context, fmt::format("expected a year (1900-2300) in 'schedule:', found '{}'", key));
    if (!values.empty() && *year <= values.rbegin()->first)
      fail(context, fmt::format("schedule years must increase; {} follows {}", *year,
                                values.rbegin()->first));
    values[static_cast<int>(*year)] =
        number(value, context, fmt::format("a yuan amount for {}", *year));
  }
  if (values.empty()) fail(context, "expected at least one YEAR=YUAN entry after 'schedule:'");
  std::string v;
  for (const auto& [y, x] : values)
    v += fmt::format("{}{}: {}", v.empty() ? "" : ", ", y, num_text(x));
  return fmt::format("{{values: {{{}}}, after: {}}}", v, then);
}

}  // namespace

std::vector<std::string> rule_to_sets(const std::string& rule_in, const std::string& context) {
  const std::string rule = trim(rule_in);
  if (rule.empty())
    fail(context, "expected a rule such as individual=increment:30 (see fundsim paths --help)");
  if (rule == "scenario") return {};
  std::vector<std::string> sets;
  bool seen[2] = {false, false};
  for (const std::string& item : split(rule, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      fail(context,
           fmt::format("expected TARGET=RULE (individual=... or subsidy=...), found '{}'", item));
    const std::string target = trim(item.substr(0, eq)), kind = trim(item.substr(eq + 1));
    Target t;
    if (target == "individual")
      t = Target::individual;
    else if (target == "subsidy")
      t = Target::subsidy;
    else {
      const std::string guess = did_you_mean(target, {"individual", "subsidy"});
      fail(context, fmt::format("expected target 'individual' or 'subsidy', found '{}'{}", target,
                                guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
    }
    if (seen[static_cast<int>(t)]) fail(context, fmt::format("'{}' given twice", target));
    seen[static_cast<int>(t)] = true;
    if (kind.rfind("schedule:", 0) == 0)
      sets.push_back(fmt::format("{}={}", schedule_key(t), schedule_yaml(kind.substr(9), context)));
    else
      sets.push_back(fmt::format("{}={{after: {}}}", schedule_key(t), after_yaml(kind, context)));
  }
  return sets;
}

PathSpec parse_path_argument(const std::string& arg) {
  const std::string context = "--path " + arg;
  const auto eq = arg.find('=');
  if (eq == std::string::npos || trim(arg.substr(0, eq)).empty())
    fail(context, "expected NAME=RULE, e.g. --path high=individual=increment:40");
  PathSpec p;
  p.name = trim(arg.substr(0, eq));
  for (char c : p.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      fail(context,
           fmt::format("expected a path name of letters, digits, '-', '_' or '.', found '{}'",
                       p.name));
  p.rule = trim(arg.substr(eq + 1));
  p.sets = rule_to_sets(p.rule, context);
  return p;
}

std::string rule_syntax_help() {
  return R"(A path is NAME=RULE. RULE is `scenario` (the scenario's own rules) or one or two items
TARGET=KIND separated by commas, TARGET being `individual` (individual contribution) or `subsidy`
(fiscal subsidy), each applying after that schedule's last legislated year:
  flat                     held at the last legislated value
  increment:A              + A yuan per year
  growth:R                 x (1 + R) per year (R = 0.04 is 4%)
  indexed:S                S x rural per-capita disposable income (S = 0.025 is 2.5%)
  ratio:R:N                this / the other standard moves linearly to R over N years
  schedule:Y=V;Y=V[;then=KIND]
                           explicit values from year Y (merged into the legislated schedule),
                           then KIND (default flat) after the last one
A target not named keeps the scenario's rule. Examples:
  --path base=scenario
  --path plus30=individual=increment:30,subsidy=increment:30
  --path indexed=individual=indexed:0.025,subsidy=ratio:1.5:5
  --path plan=individual=schedule:2026=430;2027=460;then=growth:0.03
)";
}

}  // namespace fundsim::paths
