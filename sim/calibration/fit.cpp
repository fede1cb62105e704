#include "calibration/fit.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <omp.h>

#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "random/streams.hpp"
#include "scenario/errors.hpp"
#include "scenario/loader.hpp"

#ifdef FUNDSIM_HAVE_NLOPT
#include <nlopt.hpp>
#endif

namespace fundsim::calibration {

namespace {

std::string num(double x) { return fmt::format("{:.17g}", x); }

double half_sum_squares(const std::vector<double>& r) {
  double s = 0.0;
  for (double x : r) s += x * x;
  return 0.5 * s;
}

// Central differences of a residual vector at x: coordinate i is stepped by step[i] each way within
// [lo[i], hi[i]] (one-sided at a bound). residuals(x, out) fills out and returns false where the model
// cannot be evaluated. Returns false if any evaluation fails or the residual count changes; J is
// then unspecified.
template <class Residuals>
bool central_jacobian(Residuals&& residuals, const std::vector<double>& x, const std::vector<double>& step,
                      const std::vector<double>& lo, const std::vector<double>& hi, Eigen::MatrixXd& J) {
  std::vector<double> ru, rd;
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::vector<double> up = x, dn = x;
    up[i] = std::min(x[i] + step[i], hi[i]);
    dn[i] = std::max(x[i] - step[i], lo[i]);
    if (!residuals(up, ru) || !residuals(dn, rd) || ru.size() != rd.size()) return false;
    const auto M = static_cast<Eigen::Index>(ru.size());
    if (i == 0) J.resize(M, static_cast<Eigen::Index>(x.size()));
    else if (J.rows() != M) return false;
    for (Eigen::Index k = 0; k < M; ++k)
      J(k, static_cast<Eigen::Index>(i)) = (ru[static_cast<std::size_t>(k)] - rd[static_cast<std::size_t>(k)]) / (up[i] - dn[i]);
  }
  return true;
}

#ifdef FUNDSIM_HAVE_NLOPT
struct FitData {
  const Evaluator* ev = nullptr;
  const std::vector<double>* observed = nullptr;
  const std::vector<double>* prior_means = nullptr;
  int evaluations = 0;
  double best = std::numeric_limits<double>::infinity();
  std::vector<double> best_theta;
};

std::vector<double> to_theta(const CalibrationConfig& c, const std::vector<double>& u) {
  std::vector<double> th(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) {
    const auto& p = c.parameters[i];
    th[i] = p.min + std::clamp(u[i], 0.0, 1.0) * (p.max - p.min);
  }
  return th;
}

// The inverse of to_theta (not clamped).
std::vector<double> to_u(const CalibrationConfig& c, const std::vector<double>& theta) {
  std::vector<double> u(theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i) {
    const auto& p = c.parameters[i];
    u[i] = (theta[i] - p.min) / (p.max - p.min);
  }
  return u;
}

double objective_u(const std::vector<double>& u, std::vector<double>& grad, void* data) {
  (void)grad;  // derivative-free algorithms only
  auto* d = static_cast<FitData*>(data);
  ++d->evaluations;
  const std::vector<double> th = to_theta(d->ev->config(), u);
  double f;
  try {
    f = half_sum_squares(d->ev->residuals(th, *d->observed, *d->prior_means));
  } catch (const InputError&) {
    throw;
  } catch (const std::exception&) {
    f = 1e30;  // a parameter vector the model cannot evaluate
  }
  if (!std::isfinite(f)) f = 1e30;
  if (f < d->best) {
    d->best = f;
    d->best_theta = th;
  }
  return f;
}

// Bounded Levenberg-Marquardt on the standardised residuals r(u) in the scaled parameters u in
// [0, 1]^n, from the search's best point: each iteration takes the Jacobian by central differences
// (step kPolishStep; one-sided at a bound), fixes the parameters held at a bound by the gradient,
// and solves (J'J + mu diag(J'J)) d = -J'r for the free ones. A step that lowers the objective is
// taken (mu / 3), else mu x 4. Converged when the Gauss-Newton model predicts less than 1e-12 (1 +
// f) of further decrease from a full step (mu = 0), or when a taken step moves no parameter by
// more than 1e-10 of its range. Deterministic: no randomness, fixed order of evaluation.
constexpr double kPolishStep = 1e-6;

struct Polish {
  std::vector<double> u;
  double f = 0.0;
  int evaluations = 0, iterations = 0;
  bool converged = false;
  std::string how;
};

Polish polish_lm(const Evaluator& ev, const std::vector<double>& observed, const std::vector<double>& prior_means,
                 std::vector<double> u, int max_iterations) {
  const auto& c = ev.config();
  const std::size_t n = u.size();
  const auto N = static_cast<Eigen::Index>(n);
  Polish p;
  auto residuals = [&](const std::vector<double>& uu, std::vector<double>& r) {
    ++p.evaluations;
    try {
      r = ev.residuals(to_theta(c, uu), observed, prior_means);
    } catch (const InputError&) {
      throw;
    } catch (const std::exception&) {
      return false;  // a point the model cannot evaluate: a failed trial
    }
    for (double x : r)
      if (!std::isfinite(x)) return false;
    return true;
  };
  std::vector<double> r, rt;
  const std::vector<double> step(n, kPolishStep), lo(n, 0.0), hi(n, 1.0);
  if (!residuals(u, r)) {
    p.u = u, p.f = std::numeric_limits<double>::infinity(), p.how = "the start point cannot be evaluated";
    return p;
  }
  double f = half_sum_squares(r), mu = 1e-3;
  for (p.iterations = 0; p.iterations < max_iterations; ++p.iterations) {
    const auto M = static_cast<Eigen::Index>(r.size());
    Eigen::MatrixXd J;
    if (!central_jacobian(residuals, u, step, lo, hi, J) || J.rows() != M) {
      p.how = "the Jacobian cannot be evaluated next to the point";
      p.u = u, p.f = f;
      return p;
    }
    const Eigen::Map<const Eigen::VectorXd> rv(r.data(), M);
    const Eigen::MatrixXd A = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * rv;
    // The free parameters (indices): not held at a bound by the gradient.
    std::vector<Eigen::Index> free_ix;
    for (Eigen::Index i = 0; i < N; ++i) {
      const double ui = u[static_cast<std::size_t>(i)];
      if ((ui <= 0.0 && g(i) > 0.0) || (ui >= 1.0 && g(i) < 0.0)) continue;
      free_ix.push_back(i);
    }
    const auto F = static_cast<Eigen::Index>(free_ix.size());
    if (F == 0) {
      p.converged = true, p.how = "every parameter held at a bound";
      break;
    }
    Eigen::MatrixXd Af(F, F);
    Eigen::VectorXd gf(F);
    for (Eigen::Index a = 0; a < F; ++a) {
      gf(a) = g(free_ix[static_cast<std::size_t>(a)]);
      for (Eigen::Index b = 0; b < F; ++b) Af(a, b) = A(free_ix[static_cast<std::size_t>(a)], free_ix[static_cast<std::size_t>(b)]);
    }
    auto solve = [&](double m) {
      Eigen::MatrixXd B = Af;
      for (Eigen::Index a = 0; a < F; ++a) B(a, a) += m * Af(a, a) + 1e-14 * (1.0 + Af(a, a));
      return Eigen::VectorXd(B.ldlt().solve(-gf));
    };
    {  // the Gauss-Newton model's decrease from a full step
      const Eigen::VectorXd d = solve(0.0);
      const double predicted = -gf.dot(d) - 0.5 * d.dot(Af * d);
      if (!(predicted > 1e-12 * (1.0 + f))) {
        p.converged = true;
        p.how = fmt::format("predicted further decrease {:.1e}", std::max(predicted, 0.0));
        break;
      }
    }
    bool taken = false;
    for (int attempt = 0; attempt < 40 && !taken; ++attempt) {
      if (attempt > 0) mu *= 4.0;  // the last trial did not lower the objective
      const Eigen::VectorXd d = solve(mu);
      std::vector<double> ut = u;
      double moved = 0.0;
      for (Eigen::Index a = 0; a < F; ++a) {
        const auto i = static_cast<std::size_t>(free_ix[static_cast<std::size_t>(a)]);
        ut[i] = std::clamp(u[i] + d(a), 0.0, 1.0);
        moved = std::max(moved, std::abs(ut[i] - u[i]));
      }
      if (!residuals(ut, rt)) continue;
      const double ft = half_sum_squares(rt);
      if (!(ft < f)) continue;
      taken = true;
      u = ut, r = rt, f = ft;
      mu = std::max(mu / 3.0, 1e-12);
      if (moved <= 1e-10) {
        p.converged = true;
        p.how = "step below 1e-10 of the range";
      }
    }
    if (!taken) {
      p.how = "no step lowers the objective";
      break;
    }
    if (p.converged) {
      ++p.iterations;
      break;
    }
  }
  if (!p.converged && p.how.empty()) p.how = "iteration limit";
  p.u = u, p.f = f;
  return p;
}

nlopt::algorithm algorithm_of(const std::string& name) {
  if (name == "LN_NELDERMEAD") return nlopt::LN_NELDERMEAD;
  if (name == "LN_SBPLX") return nlopt::LN_SBPLX;
  if (name == "LN_COBYLA") return nlopt::LN_COBYLA;
  return nlopt::LN_BOBYQA;
}
#endif

// Jacobian of the standardised residuals at theta (central differences, step 1e-4 of the range).
Eigen::MatrixXd jacobian(const Evaluator& ev, const std::vector<double>& theta, const std::vector<double>& obs,
                         const std::vector<double>& priors) {
  const auto& c = ev.config();
  std::vector<double> step, lo, hi;
  for (const auto& p : c.parameters) {
    step.push_back(1e-4 * (p.max - p.min));
    lo.push_back(p.min);
    hi.push_back(p.max);
  }
  Eigen::MatrixXd J(0, static_cast<Eigen::Index>(theta.size()));
  const auto residuals = [&](const std::vector<double>& th, std::vector<double>& r) {
    r = ev.residuals(th, obs, priors);  // throws where the model cannot be evaluated
    return true;
  };
  if (!central_jacobian(residuals, theta, step, lo, hi, J))
    throw std::logic_error("calibration: the number of residuals changed between evaluations");
  return J;
}

}  // namespace

PointFit fit_point(const Evaluator& ev, const std::vector<double>& observed, const std::vector<double>& prior_means,
                   const std::vector<double>& start) {
#ifndef FUNDSIM_HAVE_NLOPT
  (void)ev, (void)observed, (void)prior_means, (void)start;
  throw InputError("fundsim calibrate: this build has no NLopt (install libnlopt-cxx-dev and rebuild)");
#else
  const auto& c = ev.config();
  const std::size_t n = c.parameters.size();
  std::vector<double> u = to_u(c, start);
  nlopt::opt opt(algorithm_of(c.optimiser.algorithm), static_cast<unsigned>(n));
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_maxeval(c.optimiser.max_evaluations);
  opt.set_xtol_rel(c.optimiser.xtol_rel);
  opt.set_xtol_abs(std::vector<double>(n, 1e-9));
  opt.set_ftol_rel(c.optimiser.ftol_rel);
  opt.set_initial_step(std::vector<double>(n, 0.05));
  FitData d;
  d.ev = &ev;
  d.observed = &observed;
  d.prior_means = &prior_means;
  opt.set_min_objective(objective_u, &d);
  PointFit r;
  double f = 0.0;
  try {
    const nlopt::result res = opt.optimize(u, f);
    switch (res) {
      case nlopt::MAXEVAL_REACHED: r.status = "evaluation budget reached"; break;
      case nlopt::XTOL_REACHED: r.status = "converged (parameter tolerance)"; break;
      case nlopt::FTOL_REACHED: r.status = "converged (objective tolerance)"; break;
      default: r.status = fmt::format("NLopt result {}", static_cast<int>(res));
    }
  } catch (const nlopt::roundoff_limited&) {
    r.status = "stopped: roundoff-limited (best point kept)";
  }
  r.theta = d.best_theta.empty() ? to_theta(c, u) : d.best_theta;
  r.objective = d.best;
  r.evaluations = d.evaluations;
  if (c.optimiser.polish == "levenberg_marquardt" && std::isfinite(d.best)) {
    std::vector<double> ub = to_u(c, r.theta);
    for (double& x : ub) x = std::clamp(x, 0.0, 1.0);
    const Polish pol = polish_lm(ev, observed, prior_means, ub, c.optimiser.polish_max_iterations);
    r.evaluations += pol.evaluations;
    if (pol.f <= r.objective) {
      r.theta = to_theta(c, pol.u);
      r.objective = pol.f;
    }
    r.status = fmt::format("search: {}; Levenberg-Marquardt polish {} after {} step{} ({})", r.status,
                           pol.converged ? "converged" : "not converged", pol.iterations,
                           pol.iterations == 1 ? "" : "s", pol.how);
  }
  return r;
#endif
}

CalibrationResult run_calibration(const LoadedCalibration& cal, int threads) {
  const auto& c = cal.config;
  const std::size_t n = c.parameters.size();
  const Evaluator ev(cal, c.fit_window.last_year);
  const std::vector<double> obs = ev.observed(), priors = ev.prior_means();
  std::vector<double> start;
  for (const auto& p : c.parameters) start.push_back(p.start);

  CalibrationResult r;
  r.fit = fit_point(ev, obs, priors, start);
  r.predicted = ev.predict(r.fit.theta, c.targets);
  r.draws.assign(static_cast<std::size_t>(c.uncertainty.draws), std::vector<double>(n));

  if (c.uncertainty.method == "laplace") {
    const Eigen::MatrixXd J = jacobian(ev, r.fit.theta, obs, priors);
    const Eigen::MatrixXd H = J.transpose() * J;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(H);
    if (ldlt.info() != Eigen::Success || ldlt.rcond() < 1e-14)
      throw InputError(cal.path + ": parameters: the fit does not identify every parameter (singular Hessian); "
                                  "add targets or priors, or fix a parameter");
    const Eigen::MatrixXd cov = ldlt.solve(Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n)));
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    const Eigen::MatrixXd L = llt.matrixL();
    for (int k = 0; k < c.uncertainty.draws; ++k) {
      Rng rng = make_rng(static_cast<std::uint64_t>(c.seed), static_cast<std::uint64_t>(k), Purpose::parameters);
      boost::random::normal_distribution<double> z(0.0, 1.0);
      std::vector<double> th;
      for (int attempt = 0; attempt < 100; ++attempt) {
        Eigen::VectorXd e(static_cast<Eigen::Index>(n));
        for (std::size_t i = 0; i < n; ++i) e(static_cast<Eigen::Index>(i)) = z(rng);
        const Eigen::VectorXd x = L * e;
        th.assign(n, 0.0);
        bool inside = true;
        for (std::size_t i = 0; i < n; ++i) {
          th[i] = r.fit.theta[i] + x(static_cast<Eigen::Index>(i));
          inside = inside && th[i] >= c.parameters[i].min && th[i] <= c.parameters[i].max;
        }
        if (inside) break;
        if (attempt == 99)
          for (std::size_t i = 0; i < n; ++i) th[i] = std::clamp(th[i], c.parameters[i].min, c.parameters[i].max);
      }
      r.draws[static_cast<std::size_t>(k)] = th;
    }
    r.sd.resize(n);
    r.correlation.assign(n, std::vector<double>(n));
    for (std::size_t i = 0; i < n; ++i) r.sd[i] = std::sqrt(cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        r.correlation[i][j] = cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) / (r.sd[i] * r.sd[j]);
  } else {
    // Parametric bootstrap: perturbed targets and prior means, refit from the point estimate.
    std::string error;
    const int nt = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt)
    for (int k = 0; k < c.uncertainty.draws; ++k) {
      try {
        Rng rng = make_rng(static_cast<std::uint64_t>(c.seed), static_cast<std::uint64_t>(k), Purpose::parameters);
        boost::random::normal_distribution<double> z(0.0, 1.0);
        std::vector<double> o = obs, pm = priors;
        for (std::size_t i = 0; i < o.size(); ++i) o[i] = obs[i] * (1.0 + c.targets[i].se_share * z(rng));
        std::size_t j = 0;
        for (const auto& p : c.parameters)
          if (p.has_prior) {
            pm[j] = priors[j] + p.prior_sd * z(rng);
            ++j;
          }
        r.draws[static_cast<std::size_t>(k)] = fit_point(ev, o, pm, r.fit.theta).theta;
      } catch (const std::exception& e) {
#pragma omp critical
        error = e.what();
      }
    }
    if (!error.empty()) throw std::runtime_error("bootstrap refit failed: " + error);
    r.sd.assign(n, 0.0);
    std::vector<double> mean(n, 0.0);
    const double K = static_cast<double>(r.draws.size());
    for (const auto& d : r.draws)
      for (std::size_t i = 0; i < n; ++i) mean[i] += d[i] / K;
    r.correlation.assign(n, std::vector<double>(n, 0.0));
    for (const auto& d : r.draws)
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) r.correlation[i][j] += (d[i] - mean[i]) * (d[j] - mean[j]) / std::max(1.0, K - 1);
    for (std::size_t i = 0; i < n; ++i) r.sd[i] = std::sqrt(r.correlation[i][i]);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        r.correlation[i][j] = r.sd[i] > 0 && r.sd[j] > 0 ? r.correlation[i][j] / (r.sd[i] * r.sd[j]) : (i == j ? 1.0 : 0.0);
  }

  r.driver_draws = sample_drivers(c, c.uncertainty.draws);

  if (!c.holdout.empty()) {
    int last = c.fit_window.last_year;
    for (const auto& t : c.holdout) last = std::max(last, t.year);
    r.holdout_last_year = last;
    const Evaluator ev_h(cal, last);
    r.holdout_predicted = ev_h.predict(r.fit.theta, c.holdout);
  }
  return r;
}

std::vector<std::vector<double>> sample_drivers(const CalibrationConfig& c, int draws) {
  const std::size_t K = static_cast<std::size_t>(std::max(draws, 0));
  std::vector<std::vector<double>> out(K, std::vector<double>(c.drivers.size()));
  for (std::size_t j = 0; j < c.drivers.size(); ++j) {
    const Driver& d = c.drivers[j];
    Rng rng = make_rng(static_cast<std::uint64_t>(c.seed), j, Purpose::drivers);
    // Stratum k of draw k is perm[k]; within it, a uniform offset: u = (perm[k] + v) / K.
    std::vector<std::size_t> perm(K);
    for (std::size_t k = 0; k < K; ++k) perm[k] = k;
    for (std::size_t k = K; k > 1; --k) {  // Fisher-Yates with the stream's own integers
      const std::size_t i = static_cast<std::size_t>(rng() % k);
      std::swap(perm[k - 1], perm[i]);
    }
    for (std::size_t k = 0; k < K; ++k) {
      const double v = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;  // (0, 1)
      const double u = (static_cast<double>(perm[k]) + v) / static_cast<double>(K);
      double x;
      if (d.distribution == "triangular") {
        // Inverse CDF of the triangular distribution on [low, high] with mode `central`.
        const double a = d.low, b = d.high, m = d.central, fm = (m - a) / (b - a);
        x = u < fm ? a + std::sqrt(u * (b - a) * (m - a)) : b - std::sqrt((1.0 - u) * (b - a) * (b - m));
      } else {
        x = d.low + u * (d.high - d.low);
      }
      out[k][j] = std::clamp(x, d.low, d.high);
    }
  }
  return out;
}

std::vector<std::string> identification_warnings(const CalibrationConfig& c, const CalibrationResult& r) {
  std::vector<std::string> w;
  const std::size_t n = c.parameters.size();
  for (std::size_t i = 0; i < n && i < r.correlation.size(); ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      if (std::abs(r.correlation[i][j]) >= 0.9)
        w.push_back(fmt::format("not separated by the data: {} and {} (posterior correlation {:+.2f})",
                                c.parameters[i].key, c.parameters[j].key, r.correlation[i][j]));
  for (std::size_t i = 0; i < n && i < r.sd.size(); ++i) {
    const auto& p = c.parameters[i];
    const double prior_sd = p.has_prior ? p.prior_sd : (p.max - p.min) / std::sqrt(12.0);
    if (r.sd[i] >= 0.9 * prior_sd)
      w.push_back(fmt::format("not identified: {} (posterior sd {:.3g}, prior sd {:.3g}{}: the data add "
                              "little to the prior)",
                              p.key, r.sd[i], prior_sd, p.has_prior ? "" : " = uniform over the bounds"));
  }
  return w;
}

std::string parameter_file_yaml(const LoadedCalibration& cal, const CalibrationResult& r) {
  const auto& c = cal.config;
  std::string s;
  s += "# fundsim parameter file, written by `fundsim calibrate` (do not edit by hand: re-run the calibration).\n";
  s += "# Scenarios use it with run.parameter_draws_file (path relative to the scenario file).\n";
  s += fmt::format("calibration: \"{}\"\n", c.name);
  s += fmt::format("fit_window: [{}, {}]\n", c.fit_window.first_year, c.fit_window.last_year);
  s += fmt::format("uncertainty_method: {}\n", c.uncertainty.method);
  s += fmt::format("seed: {}\n", c.seed);
  s += fmt::format("objective: {}\n", num(r.fit.objective));
  s += fmt::format("optimiser: \"{} ({} evaluations, {})\"\n", c.optimiser.algorithm, r.fit.evaluations, r.fit.status);
  // sampled_from: what each key's draws come from (the manifest and the report list it).
  s += "parameters:\n";
  for (std::size_t i = 0; i < c.parameters.size(); ++i)
    s += fmt::format("  - {{key: {}, estimate: {}, sd: {}, min: {}, max: {}, sampled_from: \"posterior ({})\"}}\n",
                     c.parameters[i].key, num(r.fit.theta[i]), num(r.sd[i]), num(c.parameters[i].min),
                     num(c.parameters[i].max), c.uncertainty.method);
  for (const auto& d : c.drivers)
    s += fmt::format("  - {{key: {}, estimate: {}, min: {}, max: {}, sampled_from: \"prior {}[{:g}, {:g}]{}\"}}\n", d.key,
                     num(d.central), num(d.low), num(d.high), d.distribution, d.low, d.high,
                     d.distribution == "triangular" ? fmt::format(" mode {:g}", d.central) : std::string());
  s += "point_estimate:\n";
  for (std::size_t i = 0; i < c.parameters.size(); ++i)
    s += fmt::format("  {}: {}\n", c.parameters[i].key, num(r.fit.theta[i]));
  for (const auto& d : c.drivers) s += fmt::format("  {}: {}\n", d.key, num(d.central));
  s += "draws:\n";
  for (std::size_t k = 0; k < r.draws.size(); ++k) {
    const auto& d = r.draws[k];
    s += "  - {";
    for (std::size_t i = 0; i < d.size(); ++i) s += fmt::format("{}{}: {}", i ? ", " : "", c.parameters[i].key, num(d[i]));
    for (std::size_t j = 0; j < c.drivers.size(); ++j)
      s += fmt::format(", {}: {}", c.drivers[j].key, num(r.driver_draws[k][j]));
    s += "}\n";
  }
  return s;
}

namespace {
std::string money_or_count(const std::string& q, double x) {
  if (q == "enrollees" || q == "employee_scheme_members" || q == "enrollees_assisted") return fmt::format("{:.2f} 万", x / 1e4);
  if (q == "catastrophic_beneficiaries") return fmt::format("{:.2f} 万", x / 1e4);
  if (q == "cost_per_admission" || q == "months_payable") return fmt::format("{:.1f}", x);
  if (q == "hospitalisation_rate" || q == "inpatient_policy_ratio" || q.find("share") != std::string::npos ||
      q.find("prevalence") != std::string::npos)
    return fmt::format("{:.4f}", x);
  return fmt::format("{:.2f} 亿", x / 1e8);
}
}  // namespace

std::string fit_report_markdown(const LoadedCalibration& cal, const CalibrationResult& r) {
  const auto& c = cal.config;
  std::string s;
  s += fmt::format("### Fit: {} (window {}-{}, {} evaluations, {}; objective {:.4f})\n\n", c.name,
                   c.fit_window.first_year, c.fit_window.last_year, r.fit.evaluations, r.fit.status, r.fit.objective);
  s += "| target | year | observed | fitted | error % | z | weight |\n|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < c.targets.size(); ++i) {
    const Target& t = c.targets[i];
    const double err = (r.predicted[i] - t.observed) / std::abs(t.observed);
    s += fmt::format("| {} | {} | {} | {} | {:+.2f} | {:+.2f} | {} |\n", t.name, t.year, money_or_count(t.quantity, t.observed),
                     money_or_count(t.quantity, r.predicted[i]), 100.0 * err, err / t.se_share,
                     t.weight > 0 ? fmt::format("{:g}", t.weight) : std::string("0 (check)"));
  }
  if (!c.holdout.empty()) {
    s += fmt::format("\n### Out of window (projection from the fit, never in the objective)\n\n");
    s += "| target | year | observed | projected | error % |\n|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < c.holdout.size(); ++i) {
      const Target& t = c.holdout[i];
      s += fmt::format("| {} | {} | {} | {} | {:+.2f} |\n", t.name, t.year, money_or_count(t.quantity, t.observed),
                       money_or_count(t.quantity, r.holdout_predicted[i]),
                       100.0 * (r.holdout_predicted[i] - t.observed) / std::abs(t.observed));
    }
  }
  const std::vector<std::string> warn = identification_warnings(c, r);
  s += "\n### What the data cannot separate\n\n";
  if (warn.empty()) s += "No parameter pair with |posterior correlation| >= 0.9; every posterior narrower than its prior.\n";
  for (const auto& line : warn) s += "- warning: " + line + "\n";
  s += fmt::format("\n### Parameters ({} uncertainty, {} draws)\n\n", c.uncertainty.method, r.draws.size());
  s += "| key | start | estimate | sd | 90% interval of the draws | prior | bounds |\n|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    const auto& p = c.parameters[i];
    std::vector<double> v;
    for (const auto& d : r.draws) v.push_back(d[i]);
    std::sort(v.begin(), v.end());
    auto q = [&](double a) { return v[static_cast<std::size_t>(std::floor(a * static_cast<double>(v.size() - 1) + 0.5))]; };
    s += fmt::format("| `{}` | {:.5g} | {:.5g} | {:.3g} | {:.5g} - {:.5g} | {} | [{:g}, {:g}] |\n", p.key, p.start,
                     r.fit.theta[i], r.sd[i], q(0.05), q(0.95),
                     p.has_prior ? fmt::format("N({:g}, {:g})", p.prior_mean, p.prior_sd) : std::string("-"), p.min, p.max);
  }
  if (!c.drivers.empty()) {
    s += "\n### Unfitted drivers (sampled from their prior per draw; a scenario value or --set fixes one)\n\n";
    s += "| key | central | prior | source |\n|---|---|---|---|\n";
    for (const auto& d : c.drivers)
      s += fmt::format("| `{}` | {:g} | {} [{:g}, {:g}] | {} |\n", d.key, d.central, d.distribution, d.low, d.high, d.source);
  }
  return s;
}

namespace {
ParameterFile parse_parameter_file(const std::string& path, const YAML::Node& n);
}

ParameterFile read_parameter_file(const std::string& path) {
  return parse_parameter_file(path, read_yaml_file(path, "parameter file"));
}

ParameterFile read_parameter_point(const std::string& path) {
  return parse_parameter_file(path, read_yaml_file_without(path, "parameter file", "draws"));
}

namespace {
ParameterFile parse_parameter_file(const std::string& path, const YAML::Node& n) {
  auto fail = [&](const YAML::Node& at, const std::string& key, const std::string& what) -> void {
    throw InputError(fmt::format("{}:{}: {}: expected {}", path, at.IsDefined() ? at.Mark().line + 1 : 1, key, what));
  };
  ParameterFile f;
  const YAML::Node pe = n["point_estimate"];
  if (!n.IsMap() || !pe.IsMap() || pe.size() == 0) fail(pe, "point_estimate", "a mapping of key paths to values");
  auto number = [&](const YAML::Node& x, const std::string& key) {
    try {
      const double v = x.as<double>();
      if (!std::isfinite(v)) fail(x, key, "a finite number");
      return v;
    } catch (const YAML::Exception&) {
      fail(x, key, "a number");
    }
    return 0.0;
  };
  for (const auto& kv : pe) {
    f.keys.push_back(kv.first.Scalar());
    f.point.push_back(number(kv.second, "point_estimate." + kv.first.Scalar()));
  }
  const YAML::Node dr = n["draws"];
  if (dr.IsDefined() && !dr.IsNull()) {
    if (!dr.IsSequence()) fail(dr, "draws", "a list of mappings");
    for (std::size_t k = 0; k < dr.size(); ++k) {
      const YAML::Node d = dr[k];
      const std::string key = fmt::format("draws[{}]", k);
      if (!d.IsMap() || d.size() != f.keys.size()) fail(d, key, fmt::format("a mapping of the {} point_estimate keys", f.keys.size()));
      std::vector<double> v;
      for (const auto& name : f.keys) {
        const YAML::Node x = d[name];
        if (!x.IsDefined()) fail(d, key + "." + name, "a value (every draw has every key)");
        v.push_back(number(x, key + "." + name));
      }
      f.draws.push_back(std::move(v));
    }
  }
  return f;
}
}  // namespace

}  // namespace fundsim::calibration
