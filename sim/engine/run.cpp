#include "engine/run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "engine/summary.hpp"

namespace fundsim {

std::pair<std::int64_t, std::int64_t> draw_block(std::int64_t draws, int rank, int size) {
  const std::int64_t per = draws / size, extra = draws % size;
  return {rank * per + std::min<std::int64_t>(rank, extra), per + (rank < extra ? 1 : 0)};
}

RunOutcome run_scenario(const ModelBuilder& build, const LoadedScenario& loaded, std::int64_t draws,
                        std::uint64_t seed, int threads, const std::atomic<bool>* cancel, bool progress,
                        const Distribution* dist, bool detail) {
  RunOutcome o;
  o.loaded = loaded;
  o.seed = seed;
  const auto t0 = std::chrono::steady_clock::now();
  auto model = build(loaded.scenario);
  RunOptions opt;
  opt.draws = draws;
  opt.seed = seed;
  opt.threads = threads;
  opt.cancel = cancel;
  // The person-level engine's detail is its burden, always kept: burden.csv is one of its files.
  const bool burden = model->detail_layout().name == "burden";
  opt.detail = detail || burden;
  if (dist && dist->size > 1) {
    const auto [first, count] = draw_block(draws, dist->rank, dist->size);
    opt.first_draw = first;
    opt.draw_count = count;
  }
  if (progress) {
    opt.progress = [t0](std::int64_t done, std::int64_t total) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = secs > 0 ? static_cast<double>(done) / secs : 0.0;
      const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
      std::fprintf(stderr, "\r  draws %lld/%lld  %.0f draws/s  %.0f s left   ", static_cast<long long>(done),
                   static_cast<long long>(total), rate, left);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  o.result = run_draws(*model, opt);
  if (dist && dist->size > 1) dist->gather(o.result);
  if (!dist || dist->rank == 0) {
    o.extra_files = model->extra_files();
    if (burden) o.extra_files.emplace_back("burden.csv", burden_csv(o.result));
  }
  o.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return o;
}

}  // namespace fundsim
