// One run of a loaded scenario in memory: the model built (by an injected builder), the draws
// distributed over threads and, optionally, over processes, the results gathered.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/factory.hpp"
#include "engine/runner.hpp"
#include "scenario/loader.hpp"

namespace fundsim {

// Splitting draws across processes (MPI ranks). Rank 0 gathers and writes.
struct Distribution {
  int rank = 0;
  int size = 1;
  // Gathers every rank's RunResult data into rank 0's (in draw order). Identity when size == 1.
  std::function<void(RunResult&)> gather;
};

// Draws [first, first + count) of `draws` for `rank` of `size`: contiguous blocks, the first
// draws % size ranks one draw more. Draw indices (hence streams) are global.
std::pair<std::int64_t, std::int64_t> draw_block(std::int64_t draws, int rank, int size);

// Loads, runs and summarises a scenario in memory (no files).
struct RunOutcome {
  LoadedScenario loaded;
  RunResult result;
  std::uint64_t seed = 0;
  double wall_seconds = 0.0;
  std::vector<std::pair<std::string, std::string>> extra_files;  // the model's own files (rank 0)
};
RunOutcome run_scenario(const ModelBuilder& build, const LoadedScenario& loaded, std::int64_t draws,
                        std::uint64_t seed, int threads, const std::atomic<bool>* cancel = nullptr,
                        bool progress = false, const Distribution* dist = nullptr, bool detail = false);

}  // namespace fundsim
