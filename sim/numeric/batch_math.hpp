// Elementwise erfc, exp and log over arrays, for the model's hot loops (the inpatient tables' normal
// CDFs at every kink, the Poisson weights of every cell).
//
// Where glibc's vector math library (libmvec) is available on x86-64, two values at a time go
// through its SSE4 variants (_ZGVbN2v_erfc / _exp / _log): about twice the throughput of the scalar
// functions, within 4 ulp of them (tests/numeric). Elsewhere the scalar <cmath> functions. Either
// way the result of an element depends only on its argument (not on its position or on n), so
// results are identical across thread and rank counts.
#pragma once

#include <cstddef>

namespace fundsim::numeric {

void erfc_n(const double* x, double* out, std::size_t n);
void exp_n(const double* x, double* out, std::size_t n);
void log_n(const double* x, double* out, std::size_t n);

// True when the vector library is used (reported by the benchmark).
bool batch_math_vectorised();

}  // namespace fundsim::numeric
