// The batch functions against the scalar <cmath> functions: within 4 ulp over the ranges the model
// uses (erfc of normal-CDF arguments, exp of minus Poisson rates, log of positive money amounts), for
// even and odd lengths; and an element's value does not depend on where it sits in the array.
#include "numeric/batch_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
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
  for (std::size_t n : {1u, 2u, 7u, 1000u, 100001u}) {
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
    // Position independence: the last element alone gives the same value.
    double one;
    batch(&x[n - 1], &one, 1);
    EXPECT_EQ(one, y[n - 1]) << what;
  }
}

TEST(BatchMath, AgreesWithScalarFunctions) {
  std::printf("vector library: %s\n", batch_math_vectorised() ? "libmvec" : "scalar fallback");
  expect_close(erfc_n, [](double x) { return std::erfc(x); }, -6.0, 27.0, "erfc");
  expect_close(exp_n, [](double x) { return std::exp(x); }, -50.0, 5.0, "exp");
  expect_close(log_n, [](double x) { return std::log(x); }, 1e-3, 1e9, "log");
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
