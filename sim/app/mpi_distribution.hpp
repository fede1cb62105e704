// MPI: split draws across ranks; rank 0 gathers every rank's per-draw results (in draw order) and
// writes the same files as a single process. Only compiled into the command when MPI is found;
// only initialised when the process was started by mpirun/srun (OMPI_COMM_WORLD_SIZE or PMI_SIZE
// is set), so a plain `fundsim run` never touches MPI.
//
// Why the files are bit-identical to a single process: every draw's streams are keyed by the
// global draw index (run_scenario gives rank k the contiguous block [first_draw, first_draw +
// draw_count)), a draw's table does not depend on which process or thread computed it, and rank 0
// concatenates the blocks in rank order, i.e. in draw order, before any summary is computed. The
// summaries then see exactly the array a single process would have. docs/cluster.md has the
// cluster recipe.
#pragma once

#include <mpi.h>

#include <gnu/libc-version.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "numeric/batch_math.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

namespace mpi_detail {

// Concatenates every rank's `v` into rank 0's `v`, in rank order (other ranks' `v` is left as is).
// Sizes may differ between ranks; messages are chunked below INT_MAX elements.
inline void gather_doubles(std::vector<double>& v, int rank, int size, int tag) {
  long long mine = static_cast<long long>(v.size());
  std::vector<long long> counts(static_cast<std::size_t>(size));
  MPI_Gather(&mine, 1, MPI_LONG_LONG, counts.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  constexpr std::size_t kChunk = std::size_t{1} << 28;
  if (rank == 0) {
    long long total = 0;
    for (long long c : counts) total += c;
    v.reserve(static_cast<std::size_t>(total));
    for (int k = 1; k < size; ++k) {
      std::size_t pos = v.size();
      std::size_t left = static_cast<std::size_t>(counts[static_cast<std::size_t>(k)]);
      v.resize(pos + left);
      while (left > 0) {
        const int n = static_cast<int>(std::min(left, kChunk));
        MPI_Recv(v.data() + pos, n, MPI_DOUBLE, k, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        pos += static_cast<std::size_t>(n);
        left -= static_cast<std::size_t>(n);
      }
    }
  } else {
    std::size_t left = v.size(), pos = 0;
    while (left > 0) {
      const int n = static_cast<int>(std::min(left, kChunk));
      MPI_Send(v.data() + pos, n, MPI_DOUBLE, 0, tag, MPI_COMM_WORLD);
      pos += static_cast<std::size_t>(n);
      left -= static_cast<std::size_t>(n);
    }
  }
}

}  // namespace mpi_detail

class MpiSession {
 public:
  MpiSession(int* argc, char*** argv) {
    if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMI_SIZE") == nullptr) return;
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    active_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiSession() {
    if (active_) MPI_Finalize();
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

  // The files are byte-identical to one process only if every rank computes with the same vector
  // math (numeric::batch_level: FUNDSIM_BATCH_MATH and the processor) and the same C library (its
  // libmvec). Collective: every rank takes the same decision, and all throw InputError (exit 2,
  // before any work) if one rank differs.
  void check_same_math() const {
    if (!active_ || size_ < 2) return;
    const std::string libc = gnu_get_libc_version();
    const auto level = static_cast<long long>(numeric::batch_level());
    // FNV-1a of the glibc version string.
    std::uint64_t h = 1469598103934665603ull;
    for (const char ch : libc) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    const long long mine[4] = {level, -level, static_cast<long long>(h >> 1), -static_cast<long long>(h >> 1)};
    long long most[4] = {};
    MPI_Allreduce(mine, most, 4, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
    if (most[0] != -most[1])
      throw InputError("MPI ranks compute with different vector math levels (FUNDSIM_BATCH_MATH or the "
                       "processor: this rank uses " + std::string(numeric::batch_level_name(numeric::batch_level())) +
                       "); set FUNDSIM_BATCH_MATH to the same value on every rank (e.g. mpirun -x "
                       "FUNDSIM_BATCH_MATH=sse4), or the results would not be those of one process");
    if (most[2] != -most[3])
      throw InputError("MPI ranks run with different C libraries (this rank: glibc " + libc +
                       "); their vector math may differ in the last bits: run every rank on the same system image");
  }

  Distribution distribution() const {
    Distribution d;
    d.rank = rank_;
    d.size = size_;
    d.gather = [](RunResult& r) {
      int rank = 0, size = 1;
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
      MPI_Comm_size(MPI_COMM_WORLD, &size);
      long long my_draws = r.draws;
      long long total_draws = 0;
      MPI_Reduce(&my_draws, &total_draws, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
      // Blocks are contiguous in rank order, so concatenation is draw order.
      mpi_detail::gather_doubles(r.data, rank, size, 7);
      // Per-draw detail (--detail population): every rank has the same detail_size (0 without).
      if (r.detail_size > 0) mpi_detail::gather_doubles(r.detail, rank, size, 8);
      if (rank == 0) {
        r.first_draw = 0;
        r.draws = total_draws;
      }
    };
    return d;
  }

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace fundsim
