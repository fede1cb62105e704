// Gauss-Legendre quadrature on [-1, 1]: nodes x_k and weights w_k with sum_k w_k f(x_k) = the
// integral of f over [-1, 1], exact for polynomials of degree <= 2n - 1. Nodes are the roots of the
// Legendre polynomial P_n found by Newton's method from cos(pi (k + 3/4) / (n + 1/2)) (Numerical
// Recipes' gauleg); the weights are 2 / ((1 - x^2) P_n'(x)^2).
#pragma once

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace fundsim::numeric {

struct Quadrature {
  std::vector<double> node, weight;
};

inline Quadrature gauss_legendre(int n) {
  if (n < 1 || n > 400) throw std::invalid_argument("gauss_legendre: 1 <= n <= 400");
  Quadrature q;
  q.node.assign(static_cast<std::size_t>(n), 0.0);
  q.weight.assign(static_cast<std::size_t>(n), 0.0);
  const int m = (n + 1) / 2;
  for (int i = 0; i < m; ++i) {
    double x = std::cos(std::numbers::pi * (i + 0.75) / (n + 0.5)), pp = 0.0;
    for (int it = 0; it < 100; ++it) {
      double p1 = 1.0, p2 = 0.0;
      for (int j = 1; j <= n; ++j) {
        const double p3 = p2;
        p2 = p1;
        p1 = ((2.0 * j - 1.0) * x * p2 - (j - 1.0) * p3) / j;
      }
      pp = n * (x * p1 - p2) / (x * x - 1.0);
      const double x1 = x;
      x = x1 - p1 / pp;
      if (std::abs(x - x1) <= 1e-15) break;
    }
    const double w = 2.0 / ((1.0 - x * x) * pp * pp);
    q.node[static_cast<std::size_t>(i)] = -x;
    q.node[static_cast<std::size_t>(n - 1 - i)] = x;
    q.weight[static_cast<std::size_t>(i)] = w;
    q.weight[static_cast<std::size_t>(n - 1 - i)] = w;
  }
  return q;
}

}  // namespace fundsim::numeric
