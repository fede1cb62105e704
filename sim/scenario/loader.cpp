#include "scenario/loader.hpp"

#include "scenario/pool.hpp"

#include <fmt/format.h>
#include <openssl/sha.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fundsim {

namespace {
// The text of a YAML file parsed; a syntax error is "PATH:LINE: invalid YAML: ...".
YAML::Node parse_yaml_text(const std::string& text, const std::string& path) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.msg));
  }
}
}  // namespace

YAML::Node read_yaml_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open {}", path, what));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_yaml_text(ss.str(), path);
}

YAML::Node read_yaml_file_without(const std::string& path, const std::string& what, const std::string& skip_key,
                                  bool* skipped_content) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open {}", path, what));
  std::string text, line;
  bool skipping = false, content = false;
  const std::string head = skip_key + ":";
  while (std::getline(in, line)) {
    const bool top = !line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\r';
    if (top) skipping = line.compare(0, head.size(), head) == 0;
    if (skipping) {
      // The key's own line counts as content when a non-empty value follows it (`key: [x]`, not
      // `key: []`, `key: ~` or `key: null`).
      const std::size_t start = top ? head.size() : 0;
      const std::size_t first = line.find_first_not_of(" \t\r", start);
      if (first != std::string::npos && line[first] != '#') {
        std::string value = line.substr(first);
        if (const std::size_t hash = value.find(" #"); hash != std::string::npos) value.resize(hash);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) value.pop_back();
        if (!top || !(value == "[]" || value == "~" || value == "null")) content = true;
      }
      line.clear();
    }
    text += line;
    text += '\n';
  }
  if (skipped_content) *skipped_content = content;
  return parse_yaml_text(text, path);
}

namespace fs = std::filesystem;

namespace {

YAML::Node read_yaml_file(const std::string& file, const Location& referenced_from, const char* key) {
  // Only regular files: a directory, a FIFO or a device such as /dev/zero or /dev/stdin would give a
  // confusing error, block or read forever.
  std::error_code ec;
  std::ifstream in;
  if (fs::is_regular_file(file, ec)) in.open(file);
  if (!in.is_open() || !in) {
    if (referenced_from.file.empty()) throw InputError(fmt::format("{}: cannot open scenario file", file));
    throw_at(referenced_from, key, "expected an existing scenario file, cannot open '" + file + "'");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    YAML::Node n = YAML::Load(ss.str());
    if (!n.IsMap()) throw InputError(fmt::format("{}:1: expected a YAML mapping of scenario sections", file));
    return n;
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}: invalid YAML: {}", file, e.mark.line + 1, e.msg));
  }
}

void apply_file(const std::string& file, Scenario& s, LocationMap& locs, std::vector<std::string>& chain,
                std::set<std::string>& active, const Location& referenced_from) {
  std::error_code ec;
  const std::string canon = fs::weakly_canonical(file, ec).string();
  if (active.count(canon))
    throw_at(referenced_from, "extends", "a scenario that does not extend itself (cycle through '" + file + "')");
  YAML::Node node = read_yaml_file(file, referenced_from, "extends");
  active.insert(canon);
  const YAML::Node& cnode = node;
  if (YAML::Node ext = cnode["extends"]; ext.IsDefined()) {
    const Location loc{file, ext.Mark().line + 1};
    if (!ext.IsScalar() || ext.Scalar().empty())
      throw_at(loc, "extends", "expected the path of the scenario this one extends");
    const fs::path parent = fs::path(file).parent_path() / ext.Scalar();
    apply_file(parent.lexically_normal().string(), s, locs, chain, active, loc);
  }
  chain.push_back(file);
  ApplyVisitor v(node, "", file, locs);
  s.visit(v);
  v.finish({"extends"});
  active.erase(canon);
}

}  // namespace

std::vector<std::string> key_path_parts(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  return parts;
}

YAML::Node parse_set_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--set {}: expected key.path=value", text));
  const std::string path = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  YAML::Node leaf;
  try {
    leaf = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("--set {}: value is not valid YAML: {}", text, e.msg));
  }
  const std::vector<std::string> parts = key_path_parts(path);
  for (const auto& part : parts)
    if (part.empty()) throw InputError(fmt::format("--set {}: empty component in key path", text));
  YAML::Node node = leaf;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    YAML::Node parent(YAML::NodeType::Map);
    parent[*it] = node;
    node.reset(parent);  // rebind (operator= would write through)
  }
  return node;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  std::string hex;
  for (unsigned char c : digest) hex += fmt::format("{:02x}", c);
  return hex;
}

std::vector<InputFile> scenario_input_files(const Scenario& s) {
  std::vector<InputFile> inputs;
  auto add = [&](const char* key, const std::string& file) {
    if (file.empty()) return;
    std::error_code ec;
    std::ifstream in;
    if (fs::is_regular_file(file, ec)) in.open(file, std::ios::binary);
    if (!in.is_open() || !in) throw InputError(fmt::format("{}: expected a readable file, cannot open '{}'", key, file));
    std::stringstream ss;
    ss << in.rdbuf();
    inputs.push_back({key, file, sha256_hex(ss.str())});
  };
  add("run.parameter_draws_file", s.run.parameter_draws_file);
  std::vector<std::pair<std::string, std::string>> tables;
  DataTableCollector collect(tables);
  const_cast<Scenario&>(s).visit(collect);  // visit is non-const by convention; collecting reads only
  for (const auto& [key, file] : tables) add(key.c_str(), file);
  return inputs;
}

std::string provenance_sha256(const std::string& resolved_yaml, const std::vector<InputFile>& inputs) {
  std::string text = resolved_yaml;
  for (const auto& f : inputs) text += fmt::format("input {} {} {}\n", f.key, f.path, f.sha256);
  return sha256_hex(text);
}

std::string emit_scenario_yaml(const Scenario& s, const std::string& header_comment,
                               bool annotate) {
  YAML::Emitter out;
  out.SetIndent(2);
  if (!header_comment.empty()) out << YAML::Comment(header_comment) << YAML::Newline;
  EmitVisitor ev(out, annotate);
  // The trend section is read by the trend engine only (check_engine_keys): a cell run's record
  // leaves it out, so that it lists what the run used and reloads.
  if (s.run.engine == "cell") ev.skip_top_level("trend");
  ev.emit(s);
  return std::string(out.c_str()) + "\n";
}

namespace {

// The key paths of a parameter file written by `fundsim calibrate` (its `parameters:` list). Read
// here, with yaml-cpp only, so that the scenario stage does not depend on the calibration stage.
std::vector<std::string> parameter_file_keys(const std::string& file) {
  std::vector<std::string> keys;
  try {
    // Only the parameter list: the draws (most of the file) are not parsed.
    const YAML::Node n = read_yaml_file_without(file, "parameter file", "draws");
    if (const YAML::Node p = n["parameters"]; p.IsSequence())
      for (const auto& item : p)
        if (item.IsMap() && item["key"] && item["key"].IsScalar()) keys.push_back(item["key"].Scalar());
  } catch (const std::exception&) {
    // A malformed file is reported with file, line and key by the calibration reader at model build.
  }
  return keys;
}

// Applies --set overrides in order, each as a layer named "--set" (errors name the override).
void apply_sets(LoadedScenario& r, const std::vector<std::string>& sets) {
  for (const auto& set : sets) {
    YAML::Node layer = parse_set_override(set);
    const std::string label = "--set " + set.substr(0, set.find('=')) + " (command line)";
    try {
      ApplyVisitor v(layer, "", "--set", r.locations);
      r.scenario.visit(v);
      v.finish();
    } catch (const InputError& e) {
      throw InputError(std::string(e.what()) + " [in " + label + "]");
    }
  }
}

// Where a key was set: the key itself; for a schedule entry "a.values.2020" or a rule parameter
// "a.after.rate", the entry as a layer gave it (the schedule reader records each), or the schedule
// "a" when a layer replaced it whole (a scalar: no entry of "a" is recorded then).
const Location* where_set(const LoadedScenario& r, const std::string& key) {
  if (auto it = r.locations.find(key); it != r.locations.end()) return &it->second;
  auto pos = key.find(".values.");
  if (pos == std::string::npos) pos = key.find(".after.");
  if (pos == std::string::npos) return nullptr;
  const std::string schedule = key.substr(0, pos);
  for (const char* part : {".values.", ".after."})
    if (auto it = r.locations.lower_bound(schedule + part);
        it != r.locations.end() && it->first.rfind(schedule + part, 0) == 0)
      return nullptr;  // the layers gave entries of "a", and not this one
  if (auto it = r.locations.find(schedule); it != r.locations.end()) return &it->second;
  return nullptr;
}

// run.calibration_kept_keys: the calibrated keys a scenario file or --set gave explicitly (a
// schedule entry "a.values.2020" or rule parameter "a.after.rate" counts as given when a layer gave that
// entry, or replaced the schedule "a" whole), unless a file gave
// the list itself (a resolved scenario carries the list it was run with). Each kept key is a
// warning of the load: the command line and Python both report it, with where it was set.
void resolve_kept_keys(LoadedScenario& r) {
  r.warnings.clear();
  if (r.scenario.run.parameter_draws_file.empty()) return;
  const std::vector<std::string> file_keys =
      parameter_file_keys(r.scenario.run.parameter_draws_file);
  if (!r.locations.count("run.calibration_kept_keys")) {
    std::string kept;
    for (const auto& k : file_keys)
      if (where_set(r, k)) kept += (kept.empty() ? "" : ",") + k;
    r.scenario.run.calibration_kept_keys = kept;
  }
  std::set<std::string> kept;
  std::stringstream ss(r.scenario.run.calibration_kept_keys);
  for (std::string k; std::getline(ss, k, ',');) kept.insert(k);
  for (const auto& k : file_keys) {
    if (!kept.count(k)) continue;
    const Location* at = where_set(r, k);
    if (!at) at = &r.locations.at("run.calibration_kept_keys");
    const std::string where =
        at->file == "--set" ? "--set" : fmt::format("{}:{}", at->file, at->line);
    r.warnings.push_back(
        fmt::format("calibrated parameter {} is set by {}; that value is used instead of the "
                    "calibration ({})",
                    k, where, r.scenario.run.parameter_draws_file));
  }
}

// A key that the chosen engine does not read is an error, not a silent no-op: under the cell
// engine every trend.* key (from any file of the chain or --set); under the trend engine a cell-only
// key (demography, health, costs, benefits) given by --set (files may inherit the cell sections of
// a cell scenario they extend).
void check_engine_keys(const LoadedScenario& r) {
  const std::string& engine = r.scenario.run.engine;
  static const std::pair<const char*, const char*> kOnly[] = {
      {"trend.", "trend"}, {"demography.", "cell"}, {"health.", "cell"}, {"costs.", "cell"}, {"benefits.", "cell"}};
  for (const auto& [key, loc] : r.locations)
    for (const auto& [prefix, only] : kOnly) {
      if (engine == only || key.rfind(prefix, 0) != 0) continue;
      if (std::string(only) == "cell" && loc.file != "--set") continue;
      throw_at(loc, key, fmt::format("not read by engine {}: used only by engine: {}", engine, only));
    }
}

// The record of a run (scenario.resolved.yaml): every value the run used. A calibrated key of
// run.parameter_draws_file is written at the file's point estimate (the point-estimate run) unless
// the scenario or --set kept its own value (run.calibration_kept_keys, which the record carries, so
// that it reloads to the same run); the header names every key that parameter draws vary, and
// what it is sampled from (the file's `sampled_from`).
std::string record_yaml(const Scenario& s) {
  const std::string head = "fundsim resolved scenario: every parameter used";
  if (s.run.parameter_draws_file.empty()) return emit_scenario_yaml(s, head);
  YAML::Node f;
  bool has_draws = false;  // the draws themselves are not read here
  try {
    f = read_yaml_file_without(s.run.parameter_draws_file, "parameter file", "draws", &has_draws);
  } catch (const std::exception&) {
    return emit_scenario_yaml(s, head);  // reported with file and line when the model is built
  }
  std::set<std::string> kept;
  {
    std::stringstream ss(s.run.calibration_kept_keys);
    std::string k;
    while (std::getline(ss, k, ','))
      if (!k.empty()) kept.insert(k);
  }
  Scenario rec = s;
  LocationMap scratch;
  std::string varied, fixed;
  const YAML::Node point = f["point_estimate"], params = f["parameters"];
  const bool sampled = s.run.parameter_uncertainty && has_draws;
  if (params.IsSequence() && point.IsMap())
    for (const auto& item : params) {
      if (!item.IsMap() || !(item["key"] && item["key"].IsScalar())) continue;
      const std::string key = item["key"].Scalar();
      const std::string from =
          (item["sampled_from"] && item["sampled_from"].IsScalar()) ? item["sampled_from"].Scalar() : std::string("posterior draws");
      if (kept.count(key)) {
        fixed += "\n#   " + key + " (fixed by the scenario or --set)";
        continue;
      }
      if (!(point[key] && point[key].IsScalar())) continue;
      YAML::Node layer = parse_set_override(key + "=" + point[key].Scalar());
      ApplyVisitor v(layer, "", s.run.parameter_draws_file, scratch);
      rec.visit(v);
      v.finish();
      if (sampled) varied += "\n#   " + key + ": " + from;
    }
  std::string text = "# " + head + "\n# Calibrated keys are written at the point estimates of " +
                     s.run.parameter_draws_file + ".";
  if (sampled) text += "\n# Varied per Monte Carlo draw (one parameter draw of that file per draw):" + varied;
  else text += "\n# No key is varied by parameter draws (run.parameter_uncertainty false or no draws).";
  if (!fixed.empty()) text += "\n# Calibrated keys that keep the scenario's value:" + fixed;
  return text + "\n" + emit_scenario_yaml(rec);
}

}  // namespace

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return load_pool(path, sets);
  return load_scenario_layers(path, {}, sets, path);
}

LoadedScenario load_scenario_layers(const std::string& base_file, const std::vector<ScenarioLayer>& layers,
                                    const std::vector<std::string>& sets, const std::string& path,
                                    const std::vector<InputFile>& extra_inputs) {
  LoadedScenario r;
  r.path = path;
  std::set<std::string> active;
  apply_file(base_file, r.scenario, r.locations, r.files, active, Location{});
  for (const ScenarioLayer& layer : layers) {
    ApplyVisitor v(layer.node, "", layer.file, r.locations);
    r.scenario.visit(v);
    v.finish();
  }
  apply_sets(r, sets);
  // run.parameter_draws_file is relative to the file that set it (a --set: the working directory).
  if (std::string& f = r.scenario.run.parameter_draws_file; !f.empty()) {
    auto it = r.locations.find("run.parameter_draws_file");
    const Location loc = it != r.locations.end() ? it->second : Location{path, 1};
    if (fs::path(f).is_relative() && loc.file != "--set")
      f = (fs::path(loc.file).parent_path() / f).lexically_normal().string();
    // By absolute path from here on, so that scenario.resolved.yaml (written elsewhere) reloads to
    // the same run.
    f = fs::absolute(f).lexically_normal().string();
    if (!fs::is_regular_file(f))
      throw_at(loc, "run.parameter_draws_file", "an existing parameter file (fundsim calibrate --out), cannot open '" + f + "'");
  }
  resolve_kept_keys(r);
  check_engine_keys(r);
  CheckVisitor checker("", r.locations, Location{path, 1});
  checker.run(r.scenario);
  r.resolved_yaml = record_yaml(r.scenario);
  r.layer_inputs = extra_inputs;
  r.inputs = scenario_input_files(r.scenario);
  r.inputs.insert(r.inputs.end(), r.layer_inputs.begin(), r.layer_inputs.end());
  r.sha256 = provenance_sha256(r.resolved_yaml, r.inputs);
  return r;
}


LoadedScenario apply_overrides(const LoadedScenario& base, const std::vector<std::string>& sets) {
  LoadedScenario r = base;
  apply_sets(r, sets);
  if (const std::string& f = r.scenario.run.parameter_draws_file;
      f != base.scenario.run.parameter_draws_file && !f.empty() && !fs::is_regular_file(f))
    throw_at(Location{"--set", 0}, "run.parameter_draws_file",
             "an existing parameter file (fundsim calibrate --out), cannot open '" + f + "'");
  if (std::string& f = r.scenario.run.parameter_draws_file; !f.empty())
    f = fs::absolute(f).lexically_normal().string();  // as load_scenario
  resolve_kept_keys(r);
  check_engine_keys(r);
  CheckVisitor checker("", r.locations, Location{base.path, 1});
  checker.run(r.scenario);
  r.resolved_yaml = record_yaml(r.scenario);
  r.inputs = scenario_input_files(r.scenario);
  r.inputs.insert(r.inputs.end(), r.layer_inputs.begin(), r.layer_inputs.end());
  r.sha256 = provenance_sha256(r.resolved_yaml, r.inputs);
  return r;
}

}  // namespace fundsim
