#include "demography/income_distribution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "scenario/errors.hpp"

namespace fundsim {

namespace {

double phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// P(X <= x) and E[X; X <= x] of one lognormal.
double ln_cdf(const LogNormalIncome& d, double x) {
  if (!(x > 0)) return 0.0;
  if (std::isinf(x)) return 1.0;
  return phi((std::log(x) - d.mu) / d.sigma);
}
double ln_partial(const LogNormalIncome& d, double x) {
  if (!(x > 0)) return 0.0;
  if (std::isinf(x)) return d.mean();
  return d.mean() * phi((std::log(x) - d.mu - d.sigma * d.sigma) / d.sigma);
}

LogNormalIncome with_mean(double mean, double sigma) { return {std::log(mean) - 0.5 * sigma * sigma, sigma}; }

}  // namespace

double LogNormalIncome::mean() const { return std::exp(mu + 0.5 * sigma * sigma); }

double IncomeMixture::cdf(double x) const {
  return (1 - urban_share) * ln_cdf(rural, x) + urban_share * ln_cdf(urban, x);
}

double IncomeMixture::quantile(double p) const {
  if (!(p > 0 && p < 1)) throw InputError(fmt::format("income quantile: expected 0 < p < 1, found {}", p));
  double lo = std::min(rural.mu - 12 * rural.sigma, urban.mu - 12 * urban.sigma);
  double hi = std::max(rural.mu + 12 * rural.sigma, urban.mu + 12 * urban.sigma);
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = 0.5 * (lo + hi);
    (cdf(std::exp(mid)) < p ? lo : hi) = mid;
  }
  return std::exp(0.5 * (lo + hi));
}

double IncomeMixture::mean() const { return (1 - urban_share) * rural.mean() + urban_share * urban.mean(); }

double IncomeMixture::partial_mean(double a, double b) const {
  auto below = [&](double x) { return (1 - urban_share) * ln_partial(rural, x) + urban_share * ln_partial(urban, x); };
  return below(b) - below(a);
}

std::array<double, 5> IncomeMixture::quintile_means() const {
  std::array<double, 5> m{};
  double a = 0.0;
  for (int q = 0; q < 5; ++q) {
    const double b = q < 4 ? quantile((q + 1) / 5.0) : std::numeric_limits<double>::infinity();
    m[static_cast<std::size_t>(q)] = 5.0 * partial_mean(a, b);
    a = b;
  }
  return m;
}

int IncomeMixture::quintile_of(double yuan) const {
  const double p = cdf(yuan);
  return std::min(5, 1 + static_cast<int>(std::floor(5.0 * p)));
}

double urban_share_from_means(double national, double rural, double urban) {
  if (!(rural > 0) || !(urban > rural) || !std::isfinite(urban) || !(national > rural) || !(national < urban))
    throw InputError(fmt::format("income means: expected rural < national < urban, all finite and > 0 (found {}, {}, {})",
                                 rural, national, urban));
  return (national - rural) / (urban - rural);
}

IncomeFit fit_income_mixture(const std::array<double, 5>& obs, double rural_mean, double urban_mean,
                             double urban_share) {
  for (double x : obs)
    if (!(x > 0) || !std::isfinite(x)) throw InputError("income quintiles: expected five finite means > 0");
  for (int q = 1; q < 5; ++q)
    if (!(obs[static_cast<std::size_t>(q)] > obs[static_cast<std::size_t>(q - 1)]))
      throw InputError("income quintiles: expected group means increasing from the first fifth to the fifth");
  if (!(rural_mean > 0) || !(urban_mean > rural_mean) || !std::isfinite(urban_mean))
    throw InputError("income quintiles: expected 0 < rural mean < urban mean");
  if (!(urban_share > 0 && urban_share < 1)) throw InputError("income quintiles: expected an urban share in (0, 1)");
  auto mixture = [&](double sr, double su) {
    IncomeMixture m;
    m.urban_share = urban_share;
    m.rural = with_mean(rural_mean, sr);
    m.urban = with_mean(urban_mean, su);
    return m;
  };
  // Levenberg-Marquardt on the five log errors (forward-difference Jacobian), sigmas kept in
  // [0.05, 2.5]; deterministic from the start (0.7, 0.7).
  auto residuals = [&](double sr, double su) {
    const auto fit = mixture(sr, su).quintile_means();
    std::array<double, 5> e{};
    for (std::size_t q = 0; q < 5; ++q) e[q] = std::log(fit[q] / obs[q]);
    return e;
  };
  auto sumsq = [](const std::array<double, 5>& e) {
    double s = 0;
    for (double x : e) s += x * x;
    return s;
  };
  double x[2] = {0.7, 0.7}, lambda = 1e-3;
  std::array<double, 5> e = residuals(x[0], x[1]);
  double f = sumsq(e);
  for (int it = 0; it < 200; ++it) {
    double J[5][2];
    for (int k = 0; k < 2; ++k) {
      double y[2] = {x[0], x[1]};
      const double h = 1e-6 * std::max(1.0, y[k]);
      y[k] += h;
      const auto e2 = residuals(y[0], y[1]);
      for (int q = 0; q < 5; ++q) J[q][k] = (e2[static_cast<std::size_t>(q)] - e[static_cast<std::size_t>(q)]) / h;
    }
    double a11 = 0, a12 = 0, a22 = 0, g1 = 0, g2 = 0;
    for (int q = 0; q < 5; ++q) {
      a11 += J[q][0] * J[q][0], a12 += J[q][0] * J[q][1], a22 += J[q][1] * J[q][1];
      g1 += J[q][0] * e[static_cast<std::size_t>(q)], g2 += J[q][1] * e[static_cast<std::size_t>(q)];
    }
    bool improved = false;
    while (lambda < 1e12) {
      const double b11 = a11 * (1 + lambda), b22 = a22 * (1 + lambda), det = b11 * b22 - a12 * a12;
      if (!(std::abs(det) > 0)) {
        lambda *= 10;
        continue;
      }
      const double d0 = -(b22 * g1 - a12 * g2) / det, d1 = -(b11 * g2 - a12 * g1) / det;
      const double n0 = std::clamp(x[0] + d0, 0.05, 2.5), n1 = std::clamp(x[1] + d1, 0.05, 2.5);
      const auto en = residuals(n0, n1);
      const double fn = sumsq(en);
      if (fn < f) {
        const double step = std::abs(n0 - x[0]) + std::abs(n1 - x[1]);
        x[0] = n0, x[1] = n1, e = en, f = fn, lambda = std::max(1e-9, lambda / 10);
        improved = step > 1e-12;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  IncomeFit r;
  r.mixture = mixture(x[0], x[1]);
  r.fitted_means = r.mixture.quintile_means();
  for (int q = 0; q < 5; ++q)
    r.max_abs_log_error = std::max(r.max_abs_log_error, std::abs(std::log(r.fitted_means[static_cast<std::size_t>(q)] /
                                                                          obs[static_cast<std::size_t>(q)])));
  return r;
}

}  // namespace fundsim
