// Elementwise erfc, exp and log over arrays, for the model's hot loops (the inpatient tables' normal
// CDFs at every kink, the Poisson weights of every cell).
//
// Where glibc's vector math library (libmvec) is available on x86-64, the values go through its
// vector variants: four at a time through the AVX2 ones (_ZGVdN4v_erfc / _exp / _log) when the CPU
// has AVX2, else two at a time through the SSE4 ones (_ZGVbN2v_*). Both are within 4 ulp of the
// scalar functions (tests/numeric); AVX2 is 2-3 times the throughput of SSE4 for erfc
// (bench/RESULTS.md), and the two differ in the last bits of some values (AVX2 uses fused
// multiply-adds). Elsewhere the scalar <cmath> functions.
//
// The level is a property of the machine, chosen once per process: results are identical across
// thread counts and across MPI ranks on machines of one kind. Ranks on machines of different kinds
// (with and without AVX2) can set FUNDSIM_BATCH_MATH=sse4 (or scalar) on every rank to compute the
// same bits; the variable never raises the level above what the machine supports. An element's
// value depends only on its argument, never on its position in the array or on n.
#pragma once

#include <cstddef>

namespace fundsim::numeric {

enum class BatchLevel { kScalar = 0, kSse4 = 1, kAvx2 = 2 };

// The level this process uses: the best the machine and build support, lowered by the environment
// variable FUNDSIM_BATCH_MATH (scalar, sse4 or avx2). Throws std::invalid_argument naming the
// variable for any other value (the command line reports it with exit code 2 before any work).
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
