#include "numeric/batch_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#if defined(FUNDSIM_HAVE_LIBMVEC) && defined(__x86_64__)
#include <immintrin.h>
extern "C" {
__m128d _ZGVbN2v_erfc(__m128d);
__m128d _ZGVbN2v_exp(__m128d);
__m128d _ZGVbN2v_log(__m128d);
}
// The AVX2 variants: called only from apply_avx2 (compiled for AVX2), on machines that have it.
extern "C" {
__m256d _ZGVdN4v_erfc(__m256d);
__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
}
#define FUNDSIM_BATCH_VECTOR 1
#endif

namespace fundsim::numeric {
namespace {

enum Function { kErfc, kExp, kLog };

double scalar(Function f, double x) {
  switch (f) {
    case kErfc: return std::erfc(x);
    case kExp: return std::exp(x);
    case kLog: return std::log(x);
  }
  return x;
}

void apply_scalar(Function f, const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = scalar(f, x[i]);
}

#ifdef FUNDSIM_BATCH_VECTOR
// Two at a time through the SSE4 variant; the odd last element too (padded), so that an element's
// value never depends on its position.
void apply_sse4(Function f, const double* x, double* out, std::size_t n) {
  __m128d (*v)(__m128d) = f == kErfc ? _ZGVbN2v_erfc : f == kExp ? _ZGVbN2v_exp : _ZGVbN2v_log;
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) _mm_storeu_pd(out + i, v(_mm_loadu_pd(x + i)));
  if (i < n) {
    alignas(16) double in[2] = {x[i], x[i]}, res[2];
    _mm_store_pd(res, v(_mm_load_pd(in)));
    out[i] = res[0];
  }
}

// Four at a time through the AVX2 variant; the last one to three elements padded likewise.
__attribute__((target("avx2"))) void apply_avx2(Function f, const double* x, double* out, std::size_t n) {
  __m256d (*v)(__m256d) = f == kErfc ? _ZGVdN4v_erfc : f == kExp ? _ZGVdN4v_exp : _ZGVdN4v_log;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, v(_mm256_loadu_pd(x + i)));
  if (i < n) {
    alignas(32) double in[4], res[4];
    for (std::size_t j = 0; j < 4; ++j) in[j] = x[i + std::min(j, n - 1 - i)];
    _mm256_store_pd(res, v(_mm256_load_pd(in)));
    for (std::size_t j = 0; i + j < n; ++j) out[i + j] = res[j];
  }
}
#endif

BatchLevel detect_level() {
  const BatchLevel best = batch_level_supported();
  // The default is SSE4 (or the scalar functions): the same bits on every x86-64 processor.
  const BatchLevel standard = std::min(best, BatchLevel::kSse4);
  const char* env = std::getenv("FUNDSIM_BATCH_MATH");
  if (!env || !*env) return standard;
  const std::string want(env);
  BatchLevel asked;
  if (want == "scalar") asked = BatchLevel::kScalar;
  else if (want == "sse4") asked = BatchLevel::kSse4;
  else if (want == "avx2") asked = BatchLevel::kAvx2;
  else
    throw std::invalid_argument("FUNDSIM_BATCH_MATH: expected scalar, sse4 or avx2, got '" + want + "'");
  return std::min(asked, best);  // never above what this machine and build support
}

void apply(Function f, const double* x, double* out, std::size_t n, BatchLevel level) {
#ifdef FUNDSIM_BATCH_VECTOR
  if (level == BatchLevel::kAvx2) return apply_avx2(f, x, out, n);
  if (level == BatchLevel::kSse4) return apply_sse4(f, x, out, n);
#else
  (void)level;
#endif
  apply_scalar(f, x, out, n);
}

}  // namespace

BatchLevel batch_level() {
  static const BatchLevel level = detect_level();  // a property of the machine, fixed for the process
  return level;
}

BatchLevel batch_level_supported() {
#ifdef FUNDSIM_BATCH_VECTOR
  static const BatchLevel level = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? BatchLevel::kAvx2 : BatchLevel::kSse4;
  }();
  return level;
#else
  return BatchLevel::kScalar;
#endif
}

const char* batch_level_name(BatchLevel level) {
  switch (level) {
    case BatchLevel::kScalar: return "scalar";
    case BatchLevel::kSse4: return "sse4";
    case BatchLevel::kAvx2: return "avx2";
  }
  return "?";
}

namespace {
// apply() at an explicit level, refused above what the machine supports.
void apply_supported(const char* what, Function f, const double* x, double* out, std::size_t n, BatchLevel level) {
  if (level > batch_level_supported())
    throw std::invalid_argument(std::string(what) + ": level not supported on this machine");
  apply(f, x, out, n, level);
}
}  // namespace

void erfc_n(const double* x, double* out, std::size_t n) { apply(kErfc, x, out, n, batch_level()); }
void exp_n(const double* x, double* out, std::size_t n) { apply(kExp, x, out, n, batch_level()); }
void log_n(const double* x, double* out, std::size_t n) { apply(kLog, x, out, n, batch_level()); }

void erfc_n(const double* x, double* out, std::size_t n, BatchLevel level) {
  apply_supported("erfc_n", kErfc, x, out, n, level);
}
void exp_n(const double* x, double* out, std::size_t n, BatchLevel level) {
  apply_supported("exp_n", kExp, x, out, n, level);
}
void log_n(const double* x, double* out, std::size_t n, BatchLevel level) {
  apply_supported("log_n", kLog, x, out, n, level);
}

bool batch_math_vectorised() { return batch_level() != BatchLevel::kScalar; }

}  // namespace fundsim::numeric
