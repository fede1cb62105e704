#include "numeric/batch_math.hpp"

#include <cmath>

#if defined(FUNDSIM_HAVE_LIBMVEC) && defined(__x86_64__)
#include <emmintrin.h>
extern "C" {
__m128d _ZGVbN2v_erfc(__m128d);
__m128d _ZGVbN2v_exp(__m128d);
__m128d _ZGVbN2v_log(__m128d);
}
#define FUNDSIM_BATCH_VECTOR 1
#endif

namespace fundsim::numeric {
namespace {

#ifdef FUNDSIM_BATCH_VECTOR
template <__m128d (*V)(__m128d)>
void apply(const double* x, double* out, std::size_t n) {
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) _mm_storeu_pd(out + i, V(_mm_loadu_pd(x + i)));
  if (i < n) {  // the odd element goes through the same vector function (padded), not the scalar one
    alignas(16) double in[2] = {x[i], x[i]}, res[2];
    _mm_store_pd(res, V(_mm_load_pd(in)));
    out[i] = res[0];
  }
}
#endif

}  // namespace

void erfc_n(const double* x, double* out, std::size_t n) {
#ifdef FUNDSIM_BATCH_VECTOR
  apply<_ZGVbN2v_erfc>(x, out, n);
#else
  for (std::size_t i = 0; i < n; ++i) out[i] = std::erfc(x[i]);
#endif
}

void exp_n(const double* x, double* out, std::size_t n) {
#ifdef FUNDSIM_BATCH_VECTOR
  apply<_ZGVbN2v_exp>(x, out, n);
#else
  for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(x[i]);
#endif
}

void log_n(const double* x, double* out, std::size_t n) {
#ifdef FUNDSIM_BATCH_VECTOR
  apply<_ZGVbN2v_log>(x, out, n);
#else
  for (std::size_t i = 0; i < n; ++i) out[i] = std::log(x[i]);
#endif
}

bool batch_math_vectorised() {
#ifdef FUNDSIM_BATCH_VECTOR
  return true;
#else
  return false;
#endif
}

}  // namespace fundsim::numeric
