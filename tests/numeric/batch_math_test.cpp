// The batch functions against the scalar <cmath> functions: within 4 ulp over the ranges the model
// uses (erfc of normal-CDF arguments, exp of minus Poisson rates, log of positive money amounts), for
// even and odd lengths; and an element's value does not depend on where it sits in the array.
#include "numeric/batch_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <vector>

namespace fundsim::numeric {
namespace {

double ulps(double a, double b) {
  if (a == b) return 0.0;
  const double scale = std::max(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) / (std::nextafter(scale, INFINITY) - scale);
}

template <class Batch, class Scalar>
void expect_close(Batch batch, Scalar scalar, double lo, double hi, const char* what) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(lo, hi);
  for (std::size_t n : {1u, 2u, 3u, 5u, 7u, 1000u, 100001u}) {
    std::vector<double> x(n), y(n);
    for (double& v : x) v = u(rng);
    batch(x.data(), y.data(), n);
    double worst = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = scalar(x[i]);
      ASSERT_TRUE(std::isfinite(y[i]) || !std::isfinite(e)) << what << " at " << x[i];
      worst = std::max(worst, ulps(y[i], e));
    }
    EXPECT_LE(worst, 4.0) << what << " n " << n;
    // Position independence: every element of the last block alone gives the same value.
    for (std::size_t k = n > 4 ? n - 4 : 0; k < n; ++k) {
      double one;
      batch(&x[k], &one, 1);
      EXPECT_EQ(one, y[k]) << what << " element " << k << " of " << n;
    }
  }
}

// Every level this machine supports (scalar, SSE4 and, with AVX2, AVX2), each within 4 ulp of the
// scalar functions; the process's own level is one of them.
TEST(BatchMath, AgreesWithScalarFunctions) {
  const BatchLevel best = batch_level_supported();
  std::printf("vector library: %s (process level %s, best supported %s)\n",
              batch_math_vectorised() ? "libmvec" : "scalar fallback", batch_level_name(batch_level()),
              batch_level_name(best));
  EXPECT_LE(static_cast<int>(batch_level()), static_cast<int>(best));
  for (int l = 0; l <= static_cast<int>(best); ++l) {
    const auto level = static_cast<BatchLevel>(l);
    SCOPED_TRACE(batch_level_name(level));
    expect_close([&](const double* x, double* y, std::size_t n) { erfc_n(x, y, n, level); },
                 [](double x) { return std::erfc(x); }, -6.0, 27.0, "erfc");
    expect_close([&](const double* x, double* y, std::size_t n) { exp_n(x, y, n, level); },
                 [](double x) { return std::exp(x); }, -50.0, 5.0, "exp");
    expect_close([&](const double* x, double* y, std::size_t n) { log_n(x, y, n, level); },
                 [](double x) { return std::log(x); }, 1e-3, 1e9, "log");
  }
  // The process's level is what the plain functions use.
  std::vector<double> x(101), a(101), b(101);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = -3.0 + 0.07 * static_cast<double>(i);
  erfc_n(x.data(), a.data(), x.size());
  erfc_n(x.data(), b.data(), x.size(), batch_level());
  EXPECT_EQ(a, b);
  if (best != BatchLevel::kAvx2) {
    EXPECT_THROW(erfc_n(x.data(), a.data(), 1, BatchLevel::kAvx2), std::invalid_argument);
  }
}

TEST(BatchMath, Limits) {
  const double x[6] = {-40.0, 0.0, 40.0, INFINITY, -INFINITY, 1.0};
  double y[6];
  erfc_n(x, y, 6);
  EXPECT_EQ(y[0], 2.0);
  EXPECT_EQ(y[1], 1.0);
  EXPECT_EQ(y[2], 0.0);
  EXPECT_EQ(y[3], 0.0);
  EXPECT_EQ(y[4], 2.0);
  exp_n(x, y, 6);
  EXPECT_NEAR(y[0] / std::exp(-40.0), 1.0, 1e-15);
  EXPECT_EQ(y[1], 1.0);
  EXPECT_EQ(y[4], 0.0);
  EXPECT_TRUE(std::isinf(y[3]));
  const double z[3] = {1.0, INFINITY, 0.0};
  log_n(z, y, 3);
  EXPECT_EQ(y[0], 0.0);
  EXPECT_TRUE(std::isinf(y[1]) && y[1] > 0);
  EXPECT_TRUE(std::isinf(y[2]) && y[2] < 0);
}

}  // namespace
}  // namespace fundsim::numeric
