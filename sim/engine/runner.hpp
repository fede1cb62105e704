// The Monte Carlo loop: draws in parallel (OpenMP), each draw's results stored at its own index, so
// the reduction below runs in a fixed order and 1 or N threads (or ranks) give the same bits.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/model.hpp"

namespace fundsim {

struct RunOptions {
  std::int64_t draws = 1000;
  std::uint64_t seed = 20250101;
  int threads = 0;               // 0 = OpenMP default
  std::int64_t first_draw = 0;   // for splitting draws across ranks
  std::int64_t draw_count = -1;  // -1 = all draws from first_draw
  // Called from one thread with (draws done, draws total) about every 0.25 s; may be empty.
  std::function<void(std::int64_t, std::int64_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  // set by a signal handler to stop early
  bool detail = false;                          // also keep Model::project_detail output
};

// Per-draw results of a run (or of a rank's slice of draws).
struct RunResult {
  int first_year = 0;
  int years = 0;
  std::int64_t first_draw = 0;
  std::int64_t draws = 0;
  std::vector<Metric> metrics;
  std::vector<double> data;  // draws x years x kMetricCount
  DetailLayout detail_layout;  // of the detail (only with RunOptions::detail)
  std::size_t detail_size = 0;
  std::vector<double> detail;  // draws x detail_size (only with RunOptions::detail)

  double value(std::int64_t d, int y, Metric m) const {
    return data[(static_cast<std::size_t>(d) * static_cast<std::size_t>(years) + static_cast<std::size_t>(y)) *
                    kMetricCount +
                m];
  }
  // Mean over draws of metric m in year index y, summed in draw order (0 with no draws).
  double mean(int y, Metric m) const {
    double s = 0.0;
    for (std::int64_t d = 0; d < draws; ++d) s += value(d, y, m);
    return draws > 0 ? s / static_cast<double>(draws) : 0.0;
  }
};

// The parallel loop of every run: body(i) for i in [0, count) on `threads` threads (0 = OpenMP
// default; dynamic schedule, so each i is done once by some thread: results must be stored at i),
// with progress and cancellation as in RunOptions. Throws std::runtime_error("cancelled").
void for_each_draw(std::int64_t count, int threads, const std::function<void(std::int64_t)>& body,
                   const std::function<void(std::int64_t, std::int64_t)>& progress = {},
                   const std::atomic<bool>* cancel = nullptr);

// Runs draws [first_draw, first_draw + draw_count). Throws std::runtime_error("cancelled") if
// cancelled.
RunResult run_draws(const Model& model, const RunOptions& options);

}  // namespace fundsim
