// MPI: split draws across ranks; rank 0 gathers every rank's per-draw results (in draw order) and
// writes the same files as a single process. Only compiled into the command when MPI is found;
// only initialised when the process was started by mpirun (OMPI_COMM_WORLD_SIZE is set).
#pragma once

#include <mpi.h>

#include <cstdlib>
#include <vector>

#include "app/commands.hpp"

namespace fundsim {

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

  Distribution distribution() const {
    Distribution d;
    d.rank = rank_;
    d.size = size_;
    d.gather = [](RunResult& r) {
      int rank = 0, size = 1;
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
      MPI_Comm_size(MPI_COMM_WORLD, &size);
      long long mine = static_cast<long long>(r.data.size());
      std::vector<long long> counts(static_cast<std::size_t>(size));
      MPI_Gather(&mine, 1, MPI_LONG_LONG, counts.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
      long long my_draws = r.draws;
      long long total_draws = 0;
      MPI_Reduce(&my_draws, &total_draws, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
      // Blocks are contiguous in rank order, so concatenation is draw order.
      const int tag = 7;
      if (rank == 0) {
        std::vector<double> all = std::move(r.data);
        for (int k = 1; k < size; ++k) {
          const std::size_t off = all.size();
          all.resize(off + static_cast<std::size_t>(counts[static_cast<std::size_t>(k)]));
          std::size_t left = static_cast<std::size_t>(counts[static_cast<std::size_t>(k)]);
          std::size_t pos = off;
          while (left > 0) {  // chunks below INT_MAX elements
            const int n = static_cast<int>(std::min<std::size_t>(left, 1u << 28));
            MPI_Recv(all.data() + pos, n, MPI_DOUBLE, k, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            pos += static_cast<std::size_t>(n);
            left -= static_cast<std::size_t>(n);
          }
        }
        r.data = std::move(all);
        r.first_draw = 0;
        r.draws = total_draws;
      } else {
        std::size_t left = r.data.size(), pos = 0;
        while (left > 0) {
          const int n = static_cast<int>(std::min<std::size_t>(left, 1u << 28));
          MPI_Send(r.data.data() + pos, n, MPI_DOUBLE, 0, tag, MPI_COMM_WORLD);
          pos += static_cast<std::size_t>(n);
          left -= static_cast<std::size_t>(n);
        }
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
