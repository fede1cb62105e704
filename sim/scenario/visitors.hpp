// Visitors over parameter structs (see param.hpp): apply a YAML layer, emit the resolved YAML,
// run cross-field checks. Templates, instantiated by the loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <concepts>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/data_table.hpp"
#include "scenario/errors.hpp"
#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim {

// Where each key path was last set: file and 1-based line.
struct Location {
  std::string file;
  int line = 0;
};
using LocationMap = std::map<std::string, Location>;

template <class T>
concept Visitable = requires(T& t, int& dummy) {
  { t.visit(dummy) };
};

// Closest candidate by edit distance, if close enough to suggest ("did you mean").
std::string did_you_mean(std::string_view key, const std::set<std::string>& candidates);

// Message prefix "file:line: key.path: ".
[[noreturn]] void throw_at(const Location& loc, std::string_view key_path, std::string_view what);

// --- scalar parsing ----------------------------------------------------------------------------
std::optional<double> parse_number(const std::string& s);
std::optional<long long> parse_integer(const std::string& s);
std::optional<bool> parse_bool(const std::string& s);
std::string describe_node(const YAML::Node& n);  // for "found ..." messages

// Applies one YAML mapping (a layer: a scenario file, a parent, or a --set override) onto a struct.
// Keys absent from the layer keep their current values; unknown keys are errors.
class ApplyVisitor {
 public:
  ApplyVisitor(const YAML::Node& node, std::string prefix, std::string file, LocationMap& locations)
      : node_(node), prefix_(std::move(prefix)), file_(std::move(file)), locations_(locations) {}

  template <class T>
  void operator()(std::string_view key, T& member, const Meta& meta = {}) {
    declared_.insert(std::string(key));
    if (!node_.IsMap()) return;
    const YAML::Node& cnode = node_;
    YAML::Node child = cnode[std::string(key)];
    if (!child.IsDefined()) return;
    const std::string path = prefix_ + std::string(key);
    const Location loc{file_, child.Mark().line + 1};
    locations_[path] = loc;
    read(child, path, loc, member, meta);
  }

  // Reject keys of this mapping that no parameter declared.
  void finish(std::initializer_list<std::string_view> also_allowed = {}) const;

  // Visit a struct's parameters from `node` (which must be a mapping) and reject unknown keys.
  template <Visitable T>
  static void apply_struct(const YAML::Node& node, const std::string& path, const Location& loc,
                           T& member, const std::string& file, LocationMap& locations) {
    if (!node.IsMap()) throw_at(loc, path, "expected a mapping of parameters, found " + describe_node(node));
    ApplyVisitor child(node, path.empty() ? "" : path + ".", file, locations);
    member.visit(child);
    child.finish();
  }

 private:
  void read(const YAML::Node& n, const std::string& path, const Location& loc, double& v, const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc, int& v, const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc, bool& v, const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc, std::string& v,
            const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc,
            std::vector<double>& v, const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc,
            std::vector<std::string>& v, const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc,
            std::optional<double>& v, const Meta& m);
  void read(const YAML::Node& n, const std::string& path, const Location& loc, Schedule& v,
            const Meta& m);
  // A data table: the path relative to this layer's file (a --set: the working directory), kept
  // absolute; the file must exist.
  void read(const YAML::Node& n, const std::string& path, const Location& loc, DataTable& v, const Meta& m);

  template <Visitable T>
  void read(const YAML::Node& n, const std::string& path, const Location& loc, T& v, const Meta&) {
    apply_struct(n, path, loc, v, file_, locations_);
  }

  template <Visitable T>
  void read(const YAML::Node& n, const std::string& path, const Location& loc, std::vector<T>& v,
            const Meta& m) {
    if (!n.IsSequence()) throw_at(loc, path, "expected a list, found " + describe_node(n));
    if (m.length >= 0 && static_cast<int>(n.size()) != m.length)
      throw_at(loc, path, "expected a list of " + std::to_string(m.length) + " entries, found " +
                              std::to_string(n.size()));
    std::vector<T> out;
    for (std::size_t i = 0; i < n.size(); ++i) {
      T item{};
      const std::string ipath = path + "[" + std::to_string(i) + "]";
      apply_struct(n[i], ipath, Location{file_, n[i].Mark().line + 1}, item, file_, locations_);
      out.push_back(std::move(item));
    }
    v = std::move(out);
  }

  // A keyed map of parameter structs (e.g. pools by name): a layer edits the entries it names (new
  // names add entries; an entry is merged key by key like any struct), so `--set
  // pools.<name>.fund.initial_balance_yuan=...` addresses one entry. Names are non-empty and
  // contain no '.', which --set uses as the separator.
  template <Visitable T>
  void read(const YAML::Node& n, const std::string& path, const Location& loc, std::map<std::string, T>& v,
            const Meta&) {
    if (!n.IsMap()) throw_at(loc, path, "expected a mapping of named entries, found " + describe_node(n));
    for (const auto& kv : n) {
      const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      const Location kloc{file_, kv.first.Mark().line + 1};
      if (name.empty() || name.find('.') != std::string::npos)
        throw_at(kloc, path, "expected entry names without '.', found '" + name + "'");
      const std::string epath = path + "." + name;
      locations_[epath] = kloc;
      apply_struct(kv.second, epath, kloc, v[name], file_, locations_);
    }
  }

  YAML::Node node_;
  std::string prefix_;
  std::string file_;
  LocationMap& locations_;
  std::set<std::string> declared_;
};

template <class T>
inline constexpr bool kIsSection = Visitable<T>;
template <Visitable T>
inline constexpr bool kIsSection<std::vector<T>> = true;

// Emits the resolved parameters as YAML (with the unit of each parameter as a comment; annotated,
// as `fundsim validate` prints them, also its description and source).
class EmitVisitor {
 public:
  explicit EmitVisitor(YAML::Emitter& out, bool annotate = false)
      : out_(out), annotate_(annotate) {}
  // A top-level section left out of the output (a section the chosen engine does not read).
  void skip_top_level(std::string key) { skip_ = std::move(key); }

  template <class T>
  void operator()(std::string_view key, const T& member, const Meta& meta = {}) {
    if (depth_ == 1 && !skip_.empty() && key == skip_) return;
    out_ << YAML::Key << std::string(key) << YAML::Value;
    emit(member);
    // A section (struct, list of structs) is a block: a comment after it would land on its last
    // line.
    const std::string note =
        annotate_ && !kIsSection<T> ? annotation(meta) : std::string(meta.unit);
    if (!note.empty()) out_ << YAML::Comment(note);
  }
  template <class T>
  void operator()(std::string_view key, T& member, const Meta& meta = {}) {
    (*this)(key, static_cast<const T&>(member), meta);
  }

  template <Visitable T>
  void emit(const T& v) {
    out_ << YAML::BeginMap;
    ++depth_;
    const_cast<T&>(v).visit(*this);  // visit is non-const by convention; emitting does not modify
    --depth_;
    out_ << YAML::EndMap;
  }
  template <Visitable T>
  void emit(const std::vector<T>& v) {
    out_ << YAML::BeginSeq;
    for (const auto& x : v) emit(x);
    out_ << YAML::EndSeq;
  }
  template <Visitable T>
  void emit(const std::map<std::string, T>& v) {
    out_ << YAML::BeginMap;
    for (const auto& [name, x] : v) {
      out_ << YAML::Key << name << YAML::Value;
      emit(x);
    }
    out_ << YAML::EndMap;
  }
  void emit(const DataTable& v) { out_ << YAML::DoubleQuoted << v.path; }
  void emit(double v);
  void emit(int v) { out_ << v; }
  void emit(bool v) { out_ << (v ? "true" : "false"); }
  void emit(const std::string& v) { out_ << YAML::DoubleQuoted << v; }
  void emit(const std::vector<double>& v);
  void emit(const std::optional<double>& v);
  void emit(const Schedule& s);

 private:
  static std::string annotation(const Meta& meta);  // "unit; description; source: ..."
  YAML::Emitter& out_;
  bool annotate_ = false;
  int depth_ = 0;
  std::string skip_;
};

// Cross-field checks: calls `check(c)` on every struct that has one, with key paths.
class CheckVisitor {
 public:
  CheckVisitor(std::string prefix, const LocationMap& locations, const Location& fallback)
      : prefix_(std::move(prefix)), locations_(locations), fallback_(fallback) {}

  template <class T>
  void operator()(std::string_view key, T& member, const Meta& meta = {}) {
    const std::string path = prefix_ + std::string(key);
    if (meta.required && !locations_.count(path))
      throw_at(fallback_, path, "missing required " + std::string(Visitable<T> ? "section" : "key") +
                                    (meta.doc.empty() ? "" : " (" + std::string(meta.doc) + ")"));
    descend(path, member);
  }

  // Called by a struct's check(): fails with the location of `key` when `ok` is false.
  void require(bool ok, std::string_view key, std::string_view expected) const;

  template <Visitable T>
  void run(T& v) {
    v.visit(*this);
    if constexpr (requires(const T& t, CheckVisitor& c) { t.check(c); }) v.check(*this);
  }

 private:
  template <class T>
  void descend(const std::string&, T&) {}
  template <Visitable T>
  void descend(const std::string& path, T& v) {
    CheckVisitor child(path + ".", locations_, fallback_);
    child.run(v);
  }
  template <Visitable T>
  void descend(const std::string& path, std::map<std::string, T>& v) {
    for (auto& [name, x] : v) {
      CheckVisitor child(path + "." + name + ".", locations_, fallback_);
      child.run(x);
    }
  }
  template <Visitable T>
  void descend(const std::string& path, std::vector<T>& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      CheckVisitor child(path + "[" + std::to_string(i) + "].", locations_, fallback_);
      child.run(v[i]);
    }
  }

  std::string prefix_;
  const LocationMap& locations_;
  Location fallback_;
};

// Every data table named in a parameter struct (nested structs, lists and keyed maps included), as
// (key path, file path) in declaration order; the loader hashes their content.
class DataTableCollector {
 public:
  explicit DataTableCollector(std::vector<std::pair<std::string, std::string>>& out, std::string prefix = "")
      : out_(out), prefix_(std::move(prefix)) {}
  template <class T>
  void operator()(std::string_view key, T& member, const Meta& = {}) {
    collect(prefix_ + std::string(key), member);
  }

 private:
  template <class T>
  void collect(const std::string&, T&) {}
  void collect(const std::string& path, DataTable& v) {
    if (!v.path.empty()) out_.emplace_back(path, v.path);
  }
  template <Visitable T>
  void collect(const std::string& path, T& v) {
    DataTableCollector child(out_, path + ".");
    v.visit(child);
  }
  template <Visitable T>
  void collect(const std::string& path, std::vector<T>& v) {
    for (std::size_t i = 0; i < v.size(); ++i) collect(path + "[" + std::to_string(i) + "]", v[i]);
  }
  template <Visitable T>
  void collect(const std::string& path, std::map<std::string, T>& v) {
    for (auto& [name, x] : v) collect(path + "." + name, x);
  }

  std::vector<std::pair<std::string, std::string>>& out_;
  std::string prefix_;
};

}  // namespace fundsim
