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
#define FUNDSIM_VECTOR_FN(f) f
#else
#define FUNDSIM_VECTOR_FN(f) nullptr
#endif

namespace fundsim::numeric {
namespace {

#ifdef FUNDSIM_BATCH_VECTOR
using VectorFn = __m128d (*)(__m128d);
#else
using VectorFn = std::nullptr_t;
#endif
using ScalarFn = double (*)(double);

// out[i] = f(x[i]): two at a time through the vector function when there is one (the odd last
// element too, padded, so that an element's value never depends on its position), else the scalar.
void apply([[maybe_unused]] VectorFn v, [[maybe_unused]] ScalarFn s, const double* x, double* out, std::size_t n) {
#ifdef FUNDSIM_BATCH_VECTOR
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) _mm_storeu_pd(out + i, v(_mm_loadu_pd(x + i)));
  if (i < n) {
    alignas(16) double in[2] = {x[i], x[i]}, res[2];
    _mm_store_pd(res, v(_mm_load_pd(in)));
    out[i] = res[0];
  }
#else
  for (std::size_t i = 0; i < n; ++i) out[i] = s(x[i]);
#endif
}

double scalar_erfc(double x) { return std::erfc(x); }
double scalar_exp(double x) { return std::exp(x); }
double scalar_log(double x) { return std::log(x); }

}  // namespace

void erfc_n(const double* x, double* out, std::size_t n) { apply(FUNDSIM_VECTOR_FN(_ZGVbN2v_erfc), scalar_erfc, x, out, n); }
void exp_n(const double* x, double* out, std::size_t n) { apply(FUNDSIM_VECTOR_FN(_ZGVbN2v_exp), scalar_exp, x, out, n); }
void log_n(const double* x, double* out, std::size_t n) { apply(FUNDSIM_VECTOR_FN(_ZGVbN2v_log), scalar_log, x, out, n); }

bool batch_math_vectorised() {
#ifdef FUNDSIM_BATCH_VECTOR
  return true;
#else
  return false;
#endif
}

}  // namespace fundsim::numeric
