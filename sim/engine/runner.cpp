#include "engine/runner.hpp"

#include <omp.h>

#include <chrono>
#include <stdexcept>

namespace fundsim {

void for_each_draw(std::int64_t count, int threads_wanted, const std::function<void(std::int64_t)>& body,
                   const std::function<void(std::int64_t, std::int64_t)>& progress, const std::atomic<bool>* cancel) {
  std::atomic<std::int64_t> done{0};
  std::atomic<bool> cancelled{false};
  const int threads = threads_wanted > 0 ? threads_wanted : omp_get_max_threads();
  auto last = std::chrono::steady_clock::now();

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t i = 0; i < count; ++i) {
    if (cancelled.load(std::memory_order_relaxed)) continue;
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      cancelled = true;
      continue;
    }
    body(i);
    const std::int64_t n = ++done;
    if (progress && omp_get_thread_num() == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last > std::chrono::milliseconds(250) || n == count) {
        last = now;
        progress(n, count);
      }
    }
  }
  if (cancelled) throw std::runtime_error("cancelled");
  if (progress) progress(count, count);
}

RunResult run_draws(const Model& model, const RunOptions& options) {
  RunResult r;
  r.first_year = model.first_year();
  r.years = model.years();
  r.metrics = model.metrics();
  r.first_draw = options.first_draw;
  r.draws = options.draw_count >= 0 ? options.draw_count : options.draws - options.first_draw;
  if (r.draws < 0) r.draws = 0;
  const std::size_t stride = static_cast<std::size_t>(r.years) * kMetricCount;
  r.data.assign(static_cast<std::size_t>(r.draws) * stride, 0.0);
  if (options.detail) {
    r.detail_layout = model.detail_layout();
    r.detail_size = r.detail_layout.size();
    r.detail.assign(static_cast<std::size_t>(r.draws) * r.detail_size, 0.0);
  }

  for_each_draw(
      r.draws, options.threads,
      [&](std::int64_t i) {
        DrawTable table(r.data.data() + static_cast<std::size_t>(i) * stride, r.years);
        if (r.detail_size > 0)
          model.project_detail(options.seed, options.first_draw + i, table,
                               r.detail.data() + static_cast<std::size_t>(i) * r.detail_size);
        else
          model.project(options.seed, options.first_draw + i, table);
      },
      options.progress, options.cancel);
  return r;
}

}  // namespace fundsim
