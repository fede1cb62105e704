// Loading a scenario: YAML file(s) -> typed, validated Scenario.
//
// A file may `extends:` another (path relative to the file); the parent is applied first, then the
// child's keys override. Schedules merge by year; lists are replaced whole. `--set key.path=value`
// overrides are applied last, in order. Any error throws InputError naming file, line, key path and
// what was expected.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/visitors.hpp"

namespace fundsim {

// A file outside the scenario chain whose content changes a number (a calibration parameter file, a
// data table), with the SHA-256 of its content.
struct InputFile {
  std::string key;  // the parameter that names it, e.g. run.parameter_draws_file
  std::string path;
  std::string sha256;
};

// Where a scenario built from a pool data package came from (sim/scenario/pool.hpp): what the pool
// gives, from which file, and what it inherits from its base scenario. Recorded in manifest.json.
struct PoolOrigin {
  std::string name, level, parent, directory, base_scenario, calibration;
  std::vector<std::pair<std::string, std::string>> given;  // what the pool gives -> its file
  std::vector<std::string> inherited;                        // what comes from the base scenario
};

struct LoadedScenario {
  Scenario scenario;
  std::string path;                // the file given
  std::vector<std::string> files;  // the inheritance chain, root first
  std::string resolved_yaml;       // every parameter actually used
  std::vector<InputFile> inputs;   // every other file read that changes a number
  // Of everything that changes a number: resolved_yaml, then each input's key, path and content
  // hash (provenance_sha256). The resolved YAML names the input files but not their content.
  std::string sha256;
  LocationMap locations;  // where each key was set
  // What the user should know about the scenario as loaded (a calibrated parameter that the
  // scenario or --set overrides). The command line prints them and records them in the manifest;
  // Python issues them with warnings.warn: one text for both.
  std::vector<std::string> warnings;
  std::optional<PoolOrigin> pool;       // set when loaded from a pool directory
  std::vector<InputFile> layer_inputs;  // the files layers were read from (also in `inputs`)
};

// A YAML layer applied after the base file's chain and before --set (a pool's data); `file` is what
// errors and the record of where each key was set name.
struct ScenarioLayer {
  YAML::Node node;
  std::string file;
};

// Reads a YAML file: InputError "PATH: cannot open WHAT" if it cannot be read, "PATH:LINE: invalid
// YAML: ..." on a syntax error (every YAML input of fundsim is read through here).
YAML::Node read_yaml_file(const std::string& path, const std::string& what);
// The same without the block of one top-level key (`skip_key:` at column 0 up to the next line at
// column 0 that is neither blank nor a comment): its lines are read as blank lines, so every line
// number stays that of the file. For large sections a reader does not need (a parameter file's
// draws when only its point estimates or parameter list are read). *skipped_content is set to
// whether the block held anything besides blanks and comments (its key's line included).
YAML::Node read_yaml_file_without(const std::string& path, const std::string& what, const std::string& skip_key,
                                  bool* skipped_content = nullptr);

// The input files a scenario reads besides its own chain, each hashed (throws InputError if one
// cannot be read).
std::vector<InputFile> scenario_input_files(const Scenario& s);
// SHA-256 of the resolved YAML followed by one line "input <key> <path> <sha256>" per input file.
std::string provenance_sha256(const std::string& resolved_yaml, const std::vector<InputFile>& inputs);

// `path` is a scenario YAML file, or a pool directory (holding pool.yaml: load_pool).
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& sets = {});

// The base file's chain, then `layers` in order, then `sets`; `extra_inputs` (files the layers were
// read from) join the provenance hash. `path` is what the result names as its origin.
LoadedScenario load_scenario_layers(const std::string& base_file, const std::vector<ScenarioLayer>& layers,
                                    const std::vector<std::string>& sets, const std::string& path,
                                    const std::vector<InputFile>& extra_inputs = {});

// Applies further `--set` overrides to an already loaded scenario (files are not read again), with
// the same validation; used to evaluate many variants of one scenario consistently.
LoadedScenario apply_overrides(const LoadedScenario& base, const std::vector<std::string>& sets);

// Parses "a.b.c=value" into a YAML layer {a: {b: {c: value}}}; throws InputError if malformed.
YAML::Node parse_set_override(const std::string& text);
// The components of a dotted key path ("a.b.c" -> a, b, c), as --set reads them (an empty one in
// the middle is kept, for the caller to reject).
std::vector<std::string> key_path_parts(const std::string& path);

// Re-emit a Scenario (e.g. after a solver changed it) as YAML text; `annotate` adds each
// parameter's description and source to its unit comment (`fundsim validate`; the resolved file has
// units only).
std::string emit_scenario_yaml(const Scenario& s, const std::string& header_comment = "",
                               bool annotate = false);

std::string sha256_hex(const std::string& data);

}  // namespace fundsim
