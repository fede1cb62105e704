// Elementwise erfc, exp and log over arrays, for the model's hot loops (the inpatient tables' normal
// CDFs at every kink, the Poisson weights of every cell).
//
// Where glibc's vector math library (libmvec) is available on x86-64, the values go through its
// vector variants: by default two at a time through the SSE4 ones (_ZGVbN2v_erfc / _exp / _log),
// which give the same bits on every x86-64 processor; with FUNDSIM_BATCH_MATH=avx2, on processors
// with AVX2, four at a time through the AVX2 ones (_ZGVdN4v_*): 2-3 times the throughput for erfc
// (bench/RESULTS.md), but they differ from SSE4 in the last bits of some values (AVX2 fuses
// multiply-adds). Both are within 4 ulp of the scalar functions (tests/numeric). Elsewhere the scalar
// <cmath> functions.
//
// AVX2 is opt-in so that the default gives the same bits on every x86-64 processor (a run, and the
// committed parameter files and golden results, reproduce byte for byte on any machine). (It was
// first made opt-in because the national calibration's search, stopped at its evaluation budget,
// ended elsewhere with it; since the calibration is polished to convergence the math levels end
// within 1e-6 posterior sd of each other, bench/RESULTS.md.) The level is chosen once per
// process: results are identical across thread counts and MPI ranks; FUNDSIM_BATCH_MATH=scalar
// lowers it; the variable never raises the level above what the machine supports. An element's
// value depends only on its argument, never on its position in the array or on n.
#pragma once

#include <cstddef>

namespace fundsim::numeric {

enum class BatchLevel { kScalar = 0, kSse4 = 1, kAvx2 = 2 };

// The level this process uses: SSE4 where the build has libmvec (else scalar), or what the
// environment variable FUNDSIM_BATCH_MATH asks (scalar, sse4 or avx2), never above what the machine
// and build support. Throws std::invalid_argument naming the variable for any other value (the
// command line reports it with exit code 2 before any work).
BatchLevel batch_level();
// The best level this machine and build support.
BatchLevel batch_level_supported();
const char* batch_level_name(BatchLevel level);

void erfc_n(const double* x, double* out, std::size_t n);
void exp_n(const double* x, double* out, std::size_t n);
void log_n(const double* x, double* out, std::size_t n);
// At an explicit level (tests and benchmarks); std::invalid_argument above batch_level_supported().
void erfc_n(const double* x, double* out, std::size_t n, BatchLevel level);
void exp_n(const double* x, double* out, std::size_t n, BatchLevel level);
void log_n(const double* x, double* out, std::size_t n, BatchLevel level);

// True when a vector library is used (reported by the benchmark).
bool batch_math_vectorised();

}  // namespace fundsim::numeric
