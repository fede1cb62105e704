// Lognormal partial moments and limited expected values (closed forms).
//
// X ~ LogNormal(mu, sigma): E[X^k; X < t] = exp(k mu + k^2 sigma^2 / 2) Phi((ln t - mu - k sigma^2)
// / sigma). LEV: E[min(X, u)] = E[X; X < u] + u P(X >= u); E[min(X, u)^2] = E[X^2; X < u] + u^2 P(X
// >= u). sigma = 0 is the point mass at exp(mu).
#pragma once

#include <cmath>
#include <limits>

namespace fundsim::benefits {

inline double std_normal_cdf(double z) { return 0.5 * std::erfc(-z * 0.7071067811865475244); }

// Raw moments E[X^k] for k = 0, 1, 2.
struct LogNormalMoments {
  double mu = 0, sigma = 1;
  double raw[3] = {1, 1, 1};
  LogNormalMoments(double mu_, double sigma_) : mu(mu_), sigma(sigma_) {
    raw[0] = 1.0;
    raw[1] = std::exp(mu + 0.5 * sigma * sigma);
    raw[2] = std::exp(2.0 * mu + 2.0 * sigma * sigma);
  }
  // out[k] = E[X^k; X < t], k = 0, 1, 2 (t may be 0 or +infinity).
  void below(double t, double out[3]) const {
    if (!(t > 0.0)) {
      out[0] = out[1] = out[2] = 0.0;
      return;
    }
    if (std::isinf(t)) {
      out[0] = raw[0], out[1] = raw[1], out[2] = raw[2];
      return;
    }
    const double lt = std::log(t);
    if (sigma <= 1e-12) {
      const double in = lt > mu ? 1.0 : 0.0;
      out[0] = in, out[1] = in * raw[1], out[2] = in * raw[2];
      return;
    }
    const double z = (lt - mu) / sigma;
    out[0] = std_normal_cdf(z);
    out[1] = raw[1] * std_normal_cdf(z - sigma);
    out[2] = raw[2] * std_normal_cdf(z - 2.0 * sigma);
  }
  // E[min(X, u)] and E[min(X, u)^2].
  double lev(double u) const {
    double b[3];
    below(u, b);
    return std::isinf(u) ? raw[1] : b[1] + u * (1.0 - b[0]);
  }
  double lev2(double u) const {
    double b[3];
    below(u, b);
    return std::isinf(u) ? raw[2] : b[2] + u * u * (1.0 - b[0]);
  }
};

}  // namespace fundsim::benefits
