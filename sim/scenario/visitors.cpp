#include "scenario/visitors.hpp"

#include <filesystem>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace fundsim {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string range_text(const Meta& m) {
  const bool lo = std::isfinite(m.min), hi = std::isfinite(m.max);
  if (lo && hi) return fmt::format("a number from {} to {}", m.min, m.max);
  if (lo) return fmt::format("a number >= {}", m.min);
  if (hi) return fmt::format("a number <= {}", m.max);
  return "a number";
}

std::string with_unit(const std::string& what, const Meta& m) {
  return m.unit.empty() ? what : what + " (" + std::string(m.unit) + ")";
}

double checked_number(const YAML::Node& n, const std::string& path, const Location& loc, const Meta& m) {
  if (!n.IsScalar()) throw_at(loc, path, "expected " + with_unit(range_text(m), m) + ", found " + describe_node(n));
  auto v = parse_number(n.Scalar());
  if (!v) throw_at(loc, path, "expected " + with_unit(range_text(m), m) + ", found " + describe_node(n));
  if (!(*v >= m.min && *v <= m.max))
    throw_at(loc, path, "expected " + with_unit(range_text(m), m) + ", found " + n.Scalar());
  return *v;
}

}  // namespace

std::string did_you_mean(std::string_view key, const std::set<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(key, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, key.size() / 3);
  return best_d <= limit ? best : std::string();
}

void throw_at(const Location& loc, std::string_view key_path, std::string_view what) {
  throw InputError(fmt::format("{}:{}: {}: {}", loc.file, loc.line, key_path, what));
}

std::optional<double> parse_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> parse_integer(const std::string& s) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(const std::string& s) {
  if (s == "true" || s == "True" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "False" || s == "no" || s == "off") return false;
  return std::nullopt;
}

std::string describe_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "an undefined value";
  }
}

void ApplyVisitor::finish(std::initializer_list<std::string_view> also_allowed) const {
  if (!node_.IsMap()) return;
  std::set<std::string> known = declared_;
  for (auto a : also_allowed) known.insert(std::string(a));
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (known.count(key)) continue;
    const Location loc{file_, kv.first.Mark().line + 1};
    std::string msg = "unknown key";
    const std::string guess = did_you_mean(key, known);
    if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", prefix_ + guess);
    else {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      msg += "; expected one of: " + list;
    }
    throw_at(loc, prefix_ + key, msg);
  }
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc, double& v,
                        const Meta& m) {
  v = checked_number(n, path, loc, m);
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc, int& v,
                        const Meta& m) {
  std::optional<long long> x;
  if (n.IsScalar()) x = parse_integer(n.Scalar());
  if (!x || static_cast<double>(*x) < m.min || static_cast<double>(*x) > m.max || *x > 2147483647LL ||
      *x < -2147483647LL)
    throw_at(loc, path, "expected " + with_unit("a whole " + range_text(m).substr(2), m) + ", found " + describe_node(n));
  v = static_cast<int>(*x);
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc, bool& v,
                        const Meta&) {
  std::optional<bool> x;
  if (n.IsScalar()) x = parse_bool(n.Scalar());
  if (!x) throw_at(loc, path, "expected true or false, found " + describe_node(n));
  v = *x;
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc, std::string& v,
                        const Meta& m) {
  if (!n.IsScalar()) throw_at(loc, path, "expected a text value, found " + describe_node(n));
  const std::string s = n.Scalar();
  if (!m.choices.empty()) {
    std::set<std::string> allowed;
    std::stringstream ss{std::string(m.choices)};
    std::string item;
    while (std::getline(ss, item, '|')) allowed.insert(item);
    if (!allowed.count(s)) {
      std::string msg = "expected one of " + std::string(m.choices) + ", found '" + s + "'";
      const std::string guess = did_you_mean(s, allowed);
      if (!guess.empty()) msg += " (did you mean '" + guess + "'?)";
      throw_at(loc, path, msg);
    }
  }
  v = s;
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc,
                        std::vector<double>& v, const Meta& m) {
  if (!n.IsSequence()) throw_at(loc, path, "expected a list of numbers, found " + describe_node(n));
  if (m.length >= 0 && static_cast<int>(n.size()) != m.length)
    throw_at(loc, path, fmt::format("expected a list of {} numbers, found {}", m.length, n.size()));
  if (n.size() == 0) throw_at(loc, path, "expected a non-empty list of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < n.size(); ++i)
    out.push_back(checked_number(n[i], fmt::format("{}[{}]", path, i), Location{loc.file, n[i].Mark().line + 1}, m));
  v = std::move(out);
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc,
                        std::vector<std::string>& v, const Meta&) {
  if (!n.IsSequence()) throw_at(loc, path, "expected a list of texts, found " + describe_node(n));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar())
      throw_at(Location{loc.file, n[i].Mark().line + 1}, fmt::format("{}[{}]", path, i),
               "expected a text, found " + describe_node(n[i]));
    out.push_back(n[i].Scalar());
  }
  v = std::move(out);
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc,
                        std::optional<double>& v, const Meta& m) {
  if (n.IsNull() || (n.IsScalar() && (n.Scalar() == "none" || n.Scalar() == "null"))) {
    v.reset();
    return;
  }
  v = checked_number(n, path, loc, m);
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc, Schedule& v,
                        const Meta& m) {
  if (n.IsScalar()) {
    // A number is the same value in every year. The years of the schedule it overrides are kept
    // (at that value) so that a resolved scenario read back over the defaults, where map layers
    // merge by year, gives the same schedule (fuzzing: {1900: 0.05, 2030: 0.07} came back as
    // {1900: 0.05, 2023: 0.02, 2030: 0.07} over the default {2023: 0.02}).
    const double x = checked_number(n, path, loc, m);
    Schedule c = Schedule::constant(x);
    for (const auto& kv : v.values) c.values[kv.first] = x;
    v = c;
    return;
  }
  if (!n.IsMap())
    throw_at(loc, path, "expected a number or a schedule {year: value, ...}, found " + describe_node(n));
  const bool structured = n["values"].IsDefined() || n["after"].IsDefined();
  if (structured) {
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (k != "values" && k != "after") {
        std::string msg = "unknown key in schedule; expected 'values' and 'after'";
        throw_at(Location{loc.file, kv.first.Mark().line + 1}, path + "." + k, msg);
      }
    }
  }
  // Copy-construction binds to the node (YAML::Node assignment would write through).
  const YAML::Node values = structured ? n["values"] : n;
  const YAML::Node after = structured ? n["after"] : YAML::Node();
  if (values.IsDefined()) {
    if (!values.IsMap())
      throw_at(loc, path + ".values", "expected a mapping {year: value, ...}, found " + describe_node(values));
    int prev_year = -1;
    std::map<int, double> parsed;
    for (const auto& kv : values) {
      const Location kloc{loc.file, kv.first.Mark().line + 1};
      auto year = parse_integer(kv.first.Scalar());
      if (!year || *year < 1900 || *year > 2300)
        throw_at(kloc, path, "expected a year (1900-2300) as schedule key, found '" + kv.first.Scalar() + "'");
      if (*year <= prev_year)
        throw_at(kloc, path, fmt::format("schedule years must increase; {} follows {}", *year, prev_year));
      prev_year = static_cast<int>(*year);
      parsed[static_cast<int>(*year)] =
          checked_number(kv.second, fmt::format("{}.{}", path, *year), kloc, m);
      // Each entry a layer gives is recorded (a calibrated entry "a.values.2020" is kept only when
      // a layer gave that entry, not when it gave another year of the same schedule).
      locations_[fmt::format("{}.values.{}", path, *year)] = kloc;
    }
    if (parsed.empty()) throw_at(loc, path, "expected at least one year in the schedule");
    // A layer's entries are merged into the schedule it overrides (by year).
    for (auto& [y, x] : parsed) v.values[y] = x;
  }
  if (after.IsDefined() && !after.IsNull()) {
    const YAML::Node& cafter = after;
    const Location aloc{loc.file, after.Mark().line + 1};
    if (!cafter.IsMap())
      throw_at(aloc, path + ".after", "expected {rule: flat|increment|growth|indexed|ratio, ...}");
    // Without `rule`, the layer adjusts the parameters of the rule already in force.
    static const char* kRuleNames[] = {"flat", "increment", "growth", "indexed", "ratio"};
    const bool has_rule = cafter["rule"].IsDefined();
    const std::string rule = has_rule ? cafter["rule"].Scalar() : kRuleNames[static_cast<int>(v.after)];
    std::set<std::string> allowed_keys{"rule"};
    auto num = [&](const char* key, double lo, double hi) {
      allowed_keys.insert(key);
      YAML::Node x = cafter[key];
      if (!x.IsDefined()) {
        if (!has_rule) {  // keep the current value
          if (std::string(key) == "per_year") return v.per_year;
          if (std::string(key) == "rate") return v.rate;
          if (std::string(key) == "share") return v.share;
          if (std::string(key) == "ratio") return v.ratio;
          if (std::string(key) == "years") return static_cast<double>(v.years);
        }
        throw_at(aloc, path + ".after." + key, "required for rule '" + rule + "'");
      }
      Meta mm;
      mm.min = lo;
      mm.max = hi;
      const Location xloc{loc.file, x.Mark().line + 1};
      locations_[path + ".after." + key] = xloc;
      return checked_number(x, path + ".after." + key, xloc, mm);
    };
    if (rule == "flat") {
      v.after = Schedule::After::flat;
    } else if (rule == "increment") {
      v.after = Schedule::After::increment;
      v.per_year = num("per_year", -kInf, kInf);
    } else if (rule == "growth") {
      v.after = Schedule::After::growth;
      v.rate = num("rate", -0.99, 10.0);
    } else if (rule == "indexed") {
      v.after = Schedule::After::indexed;
      v.share = num("share", 0.0, 10.0);
    } else if (rule == "ratio") {
      v.after = Schedule::After::ratio;
      v.ratio = num("ratio", 0.0, 100.0);
      v.years = static_cast<int>(num("years", 1, 100));
    } else {
      const std::string guess = did_you_mean(rule, {std::begin(kRuleNames), std::end(kRuleNames)});
      throw_at(aloc, path + ".after.rule",
               "expected one of flat|increment|growth|indexed|ratio, found '" + rule + "'" +
                   (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
    }
    for (const auto& kv : cafter)
      if (!allowed_keys.count(kv.first.Scalar()))
        throw_at(Location{loc.file, kv.first.Mark().line + 1}, path + ".after." + kv.first.Scalar(),
                 "unknown key for rule '" + rule + "'");
  }
  if (v.values.empty()) throw_at(loc, path, "expected at least one year in the schedule");
}

std::string EmitVisitor::annotation(const Meta& meta) {
  std::string s(meta.unit);
  auto add = [&s](std::string_view text) {
    if (text.empty()) return;
    std::string t(text);
    std::replace(t.begin(), t.end(), '\n', ' ');
    s += (s.empty() ? "" : "; ") + t;
  };
  add(meta.doc);
  if (!meta.source.empty()) add("source: " + std::string(meta.source));
  return s;
}

void EmitVisitor::emit(double v) { out_ << fmt::format("{}", v); }

void EmitVisitor::emit(const std::vector<double>& v) {
  out_ << YAML::Flow << YAML::BeginSeq;
  for (double x : v) out_ << fmt::format("{}", x);
  out_ << YAML::EndSeq;
}

void EmitVisitor::emit(const std::optional<double>& v) {
  if (v) emit(*v);
  else out_ << "none";
}

void EmitVisitor::emit(const Schedule& s) {
  // A flat schedule with one value in every year is written as that number: read back, a number
  // replaces the whole schedule, whereas a {year: value} map would merge with the years of the
  // parameter's default (fuzzing found `fundsim validate` output that did not reload to the same
  // scenario: price_inflation 0.02 came back as {1900: 0.02, 2023: 0.02}).
  if (s.after == Schedule::After::flat && !s.values.empty() &&
      std::all_of(s.values.begin(), s.values.end(),
                  [&](const auto& kv) { return kv.second == s.values.begin()->second; })) {
    emit(s.values.begin()->second);
    return;
  }
  out_ << YAML::Flow << YAML::BeginMap << YAML::Key << "values" << YAML::Value << YAML::BeginMap;
  for (const auto& [y, x] : s.values) out_ << YAML::Key << y << YAML::Value << fmt::format("{}", x);
  out_ << YAML::EndMap << YAML::Key << "after" << YAML::Value << YAML::BeginMap;
  switch (s.after) {
    case Schedule::After::flat:
      out_ << YAML::Key << "rule" << YAML::Value << "flat";
      break;
    case Schedule::After::increment:
      out_ << YAML::Key << "rule" << YAML::Value << "increment" << YAML::Key << "per_year" << YAML::Value
           << fmt::format("{}", s.per_year);
      break;
    case Schedule::After::growth:
      out_ << YAML::Key << "rule" << YAML::Value << "growth" << YAML::Key << "rate" << YAML::Value
           << fmt::format("{}", s.rate);
      break;
    case Schedule::After::indexed:
      out_ << YAML::Key << "rule" << YAML::Value << "indexed" << YAML::Key << "share" << YAML::Value
           << fmt::format("{}", s.share);
      break;
    case Schedule::After::ratio:
      out_ << YAML::Key << "rule" << YAML::Value << "ratio" << YAML::Key << "ratio" << YAML::Value
           << fmt::format("{}", s.ratio) << YAML::Key << "years" << YAML::Value << s.years;
      break;
  }
  out_ << YAML::EndMap << YAML::EndMap;
}

void CheckVisitor::require(bool ok, std::string_view key, std::string_view expected) const {
  if (ok) return;
  const std::string path = prefix_ + std::string(key);
  auto it = locations_.find(path);
  // A default that fails a check is reported against the struct's own key, or the scenario file.
  Location loc = fallback_;
  if (it != locations_.end()) loc = it->second;
  else {
    std::string parent = prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1);
    auto pit = locations_.find(parent);
    if (pit != locations_.end()) loc = pit->second;
  }
  throw_at(loc, path, "expected " + std::string(expected));
}

void ApplyVisitor::read(const YAML::Node& n, const std::string& path, const Location& loc, DataTable& v,
                        const Meta&) {
  if (!n.IsScalar()) throw_at(loc, path, "expected the path of a CSV data table, found " + describe_node(n));
  std::filesystem::path p(n.Scalar());
  if (p.empty()) {
    v.path.clear();
    return;
  }
  if (p.is_relative() && file_ != "--set") p = std::filesystem::path(file_).parent_path() / p;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec))
    throw_at(loc, path, "an existing CSV data table, cannot open '" + p.string() + "'");
  v.path = std::filesystem::absolute(p).lexically_normal().string();
}

}  // namespace fundsim
