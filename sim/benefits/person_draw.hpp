// One person-year's claims drawn under the claims model of aggregate.hpp: the draw that the
// individual sampler (sampler.hpp) and the person-level engine (engine/person_population.hpp) share,
// written once.
//
// N ~ Poisson(lambda) admissions (inversion); if N = n >= 1, one level L ~ w and the annual total
// X ~ LogNormal(ln(m_L scale) + theta ln n, sigma_L), entered as n admissions of X / n at level L.
// General outpatient user with p_op (cost lognormal). Chronic/special user with p_cs; a non-user of
// chronic/special is a hypertension (两病) user with p_h and, independently, a diabetes user with p_d
// (the person-level form of two_diseases_users). The variates are taken from the generator in this
// order: Poisson uniform, [level uniform, normal], outpatient uniform [, normal], chronic/special
// uniform [, normal] or (hypertension uniform [, normal], diabetes uniform [, normal]).
#pragma once

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "benefits/aggregate.hpp"
#include "benefits/calculator.hpp"

namespace fundsim::benefits {

// The law of one person-year's costs (log-medians include the cost scale).
struct PersonClaimsLaw {
  double lambda = 0.0, exp_minus_lambda = 1.0;  // Poisson rate and exp(-lambda)
  double level_cum[2] = {1.0, 1.0};             // w_0, w_0 + w_1
  double log_median[kLevels] = {};              // ln(m_L x scale)
  double theta = 1.0;
  double sigma[kLevels] = {};  // sigma + sigma_extra_L
  double p_op = 0, mu_op = 0, sigma_op = 0;
  double p_cs = 0, mu_cs = 0, sigma_cs = 0;
  double p_h = 0, mu_h = 0, sigma_h = 0;  // among non-users of chronic/special
  double p_d = 0, mu_d = 0, sigma_d = 0;

  // The inpatient part (lambda is set separately, with set_lambda).
  void set_inpatient(const InpatientClaims& c) {
    level_cum[0] = c.level_weights[0];
    level_cum[1] = c.level_weights[0] + c.level_weights[1];
    for (int l = 0; l < kLevels; ++l) {
      log_median[l] = std::log(c.median_yuan[l] * c.scale);
      sigma[l] = c.sigma_of(l);
    }
    theta = c.theta;
  }
  void set_lambda(double l) {
    lambda = l;
    exp_minus_lambda = std::exp(-l);
  }
  static void set_service(const ServiceClaims& s, double& p, double& mu, double& sd) {
    p = s.user_probability;
    mu = std::log(s.median_yuan);
    sd = s.sigma;
  }
};

// Fills p's costs (p.group is left as it is; admissions are cleared first). G: a uniform random bit
// generator.
template <class G>
void draw_person_year(const PersonClaimsLaw& c, G& g, PersonYear& p) {
  boost::random::uniform_01<double> unif;
  boost::random::normal_distribution<double> normal;
  p.admissions.clear();
  p.outpatient_cost_yuan = p.chronic_special_cost_yuan = 0.0;
  p.hypertension_cost_yuan = p.diabetes_cost_yuan = 0.0;
  auto lognormal = [&](double mu, double sigma) { return std::exp(mu + sigma * normal(g)); };
  int n = 0;
  if (c.lambda > 0.0) {  // Poisson by inversion (sequential search; lambda is small)
    const double u = unif(g);
    double pk = c.exp_minus_lambda, cdf = pk;
    while (u > cdf && n < 10000) {
      ++n;
      pk *= c.lambda / n;
      cdf += pk;
      if (pk < 1e-300 && n > c.lambda) break;
    }
  }
  if (n > 0) {
    const double u = unif(g);
    const int l = u < c.level_cum[0] ? 0 : (u < c.level_cum[1] ? 1 : 2);
    const double x = lognormal(c.log_median[l] + c.theta * std::log(static_cast<double>(n)), c.sigma[l]);
    for (int k = 0; k < n; ++k) p.admissions.push_back({x / n, static_cast<Level>(l)});
  }
  if (unif(g) < c.p_op) p.outpatient_cost_yuan = lognormal(c.mu_op, c.sigma_op);
  if (unif(g) < c.p_cs) {
    p.chronic_special_cost_yuan = lognormal(c.mu_cs, c.sigma_cs);
  } else {
    if (unif(g) < c.p_h) p.hypertension_cost_yuan = lognormal(c.mu_h, c.sigma_h);
    if (unif(g) < c.p_d) p.diabetes_cost_yuan = lognormal(c.mu_d, c.sigma_d);
  }
}

}  // namespace fundsim::benefits
