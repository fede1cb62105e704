// Exact expected payments (and second moments) of every tier under the claims model that the cost
// model and the engine share. The contract, per person-year of a cell:
//
// Inpatient: N ~ Poisson(lambda) admissions. Given N = n >= 1, all admissions are at one level L with
//   probability w_L, and the annual total cost X ~ LogNormal with median m_L x n^theta x scale and
//   log-sd sigma. The n admissions are n equal admissions of X/n (so the deductible acts as n x d_L on
//   the compliant total), exactly as the calculator computes them. Every tier is then a piecewise-linear
//   function of X; its first two moments come from lognormal partial moments over the intervals
//   between the kinks (the kinks are found analytically; values at the kinks come from the calculator's
//   own settle_inpatient, so the two cannot drift apart). Catastrophic and assistance act on the
//   inpatient compliant self-pay only (outpatient self-pay is not counted; same in the calculator),
//   unless catastrophic.base = inpatient_and_chronic_special: then a chronic/special user's compliant
//   self-pay above the chronic/special deductible, c(C) = (C - d)+ - payment(C), is in the
//   catastrophic and assistance bases too. A table built with other_base_yuan = c holds every tier
//   for that fixed c (every kink of the base is carried back by c; n = 0 holds the payments on c
//   alone), and `chronic_special_user` mixes such tables over C ~ LogNormal for n >= 1: one table for
//   C below the chronic/special deductible (nothing in the base), Gauss-Legendre nodes in u = F(C)
//   between it and the cost at which the chronic/special self-pay alone reaches the catastrophic
//   deductible, and beyond (P(catastrophic | n) jumps to 1 there); the exact lognormal integral for
//   n = 0 (where the catastrophic payment is a piecewise-linear function of C). Catastrophic and
//   assistance payments on the wider base are booked against inpatient out of pocket (the n = 0
//   entry's out of pocket is minus those payments), so the sum over services stays exact.
//   `InpatientTable` holds E[tier | n] and E[tier^2 | n] for n = 1..kMaxAdmissions; the mass of
//   P(N > kMaxAdmissions) is put on n = kMaxAdmissions (for lambda <= 3 that mass is < 2e-8).
//   It is built fast: for a level, basic and catastrophic payments are functions of the compliant cost
//   above the n deductibles alone, so their kinks and values (from settle_inpatient) are found once
//   per level and shifted by n x d_L per entry; the assistance tier and its limit point are added per
//   entry; the logs and normal CDFs of all knots go through sim/numeric in two batches.
//   `inpatient_conditional_moments` is the direct per-entry construction, kept as the reference
//   (tests/benefits/aggregate_test.cpp holds the two together entry by entry).
// General outpatient, chronic/special: a user with probability p, annual cost X ~ LogNormal(median,
//   sigma) for users; payment min(ratio x (X - d)+, cap).
// 两病: a chronic/special user's 两病 medication is inside the chronic/special cost (not paid twice),
//   so only non-users of chronic/special (probability 1 - p_cs) can be 两病 users, independently for
//   hypertension (p_h) and diabetes (p_d) (two_diseases_users.hpp states this rule once), with
//   lognormal costs. The joint cap is handled exactly when it does not bind (cap_both >= cap_h +
//   cap_d) and by Gauss-Legendre quadrature over the hypertension cost otherwise.
// All returned figures are per person of the cell (users and non-users), in yuan.
#pragma once

#include <array>
#include <stdexcept>
#include <vector>

#include "benefits/benefit_params.hpp"

namespace fundsim::benefits {

struct Moments {
  double mean = 0;
  double var = 0;
};

// ---- inpatient ----
struct InpatientClaims {
  std::array<double, kLevels> level_weights{0.2, 0.4, 0.4};  // w_L, summing to 1
  std::array<double, kLevels> median_yuan{2500, 6000, 13000};  // m_L
  double theta = 1.0;   // median grows as n^theta with the number of admissions
  double sigma = 1.0;   // log-sd of the annual cost
  std::array<double, kLevels> sigma_extra{0.0, 0.0, 0.0};  // added to sigma at each level (tail by level)
  double scale = 1.0;   // cost scale (trend x cell factor)
  double sigma_of(int l) const { return sigma + sigma_extra[static_cast<std::size_t>(l)]; }
};

enum InpatientTier : int { kBasic = 0, kCatastrophic, kAssistance, kOutOfPocket, kTotalCost, kInpatientTiers };

struct InpatientMoments {
  std::array<Moments, kInpatientTiers> tier;  // indexed by InpatientTier
  const Moments& basic() const { return tier[kBasic]; }
  const Moments& catastrophic() const { return tier[kCatastrophic]; }
  const Moments& assistance() const { return tier[kAssistance]; }
  const Moments& out_of_pocket() const { return tier[kOutOfPocket]; }
  const Moments& total_cost() const { return tier[kTotalCost]; }
};

// Which second moments E[tier^2 | n] a table holds: none (the projection without process noise needs
// only the means, which saves a third of the work), those of the basic and catastrophic tiers only
// (all that the cell engine's process noise uses: the m2 integration of the other three tiers is
// skipped; every value held is bit for bit the same as under kAll), or every tier.
enum class SecondMoments { kNone, kPayments, kAll };

class InpatientTable {
 public:
  static constexpr int kMaxAdmissions = 16;
  // Builds E[tier | n] and the second moments `second` holds, n = 1..kMaxAdmissions. Throws
  // InputError on invalid claims.
  InpatientTable(const InpatientClaims& claims, const YearRules& rules, Group group, SecondMoments second,
                 double other_base_yuan = 0.0)
      : InpatientTable(claims, rules, group, second, other_base_yuan, nullptr) {}
  // second_moments: kAll if true, kNone if false.
  InpatientTable(const InpatientClaims& claims, const YearRules& rules, Group group, bool second_moments = true,
                 double other_base_yuan = 0.0)
      : InpatientTable(claims, rules, group, second_moments ? SecondMoments::kAll : SecondMoments::kNone,
                       other_base_yuan) {}
  // The table of a chronic/special user whose annual chronic/special cost is LogNormal(ln
  // cs_median_yuan, cs_sigma), under the wider catastrophic base (module comment): `nodes`
  // Gauss-Legendre nodes on each side of the catastrophic deductible (kChronicNodes in the engine;
  // tests/benefits/wide_base_test.cpp holds it against many more).
  // `plain`, if given, is the table of the same claims, rules and group without other self-pay
  // (other_base_yuan = 0) with the same second moments: it is the sub-table of users whose cost is
  // below the chronic/special deductible, so it is not built again.
  static InpatientTable chronic_special_user(const InpatientClaims& claims, const YearRules& rules, Group group,
                                             SecondMoments second, double cs_median_yuan, double cs_sigma,
                                             int nodes = kChronicNodes, const InpatientTable* plain = nullptr);
  static InpatientTable chronic_special_user(const InpatientClaims& claims, const YearRules& rules, Group group,
                                             bool second_moments, double cs_median_yuan, double cs_sigma,
                                             int nodes = kChronicNodes) {
    return chronic_special_user(claims, rules, group, second_moments ? SecondMoments::kAll : SecondMoments::kNone,
                                cs_median_yuan, cs_sigma, nodes);
  }
  static constexpr int kChronicNodes = 4;
  // The tables of the same claims, rules, group and second moments for each other self-pay in
  // `others` (each >= 0), built together: the partial moments of the knots that do not depend on
  // the other self-pay (the n deductibles, the basic cap point) are computed once. Each table is bit
  // for bit the one built alone (tests/benefits/wide_base_test.cpp). `plain`, if given, must be the
  // table with other self-pay 0 (same claims, rules, group and second moments): it is copied for
  // every other = 0 instead of being built again. `reused_knots`, if given, receives the number of
  // knots whose partial moments were taken from an earlier table.
  static std::vector<InpatientTable> shifted(const InpatientClaims& claims, const YearRules& rules, Group group,
                                             SecondMoments second, const std::vector<double>& others,
                                             const InpatientTable* plain = nullptr, long* reused_knots = nullptr);
  // Mean and variance per person for N ~ Poisson(lambda) (lambda >= 0); the variance is 0 for a
  // tier whose second moments the table does not hold.
  InpatientMoments mix(double lambda) const;
  // Conditional moments for n admissions (0 <= n <= kMaxAdmissions; n = 0 is 0 unless other self-pay
  // is in the base).
  double mean_given(int n, InpatientTier t) const { return m1_[t][n]; }
  // P(catastrophic payment > 0 | n admissions): the person's catastrophic base passes the deductible
  // (a catastrophic beneficiary). For N ~ Poisson(lambda): catastrophic_probability(lambda).
  double catastrophic_probability_given(int n) const { return pcat_[n]; }
  double catastrophic_probability(double lambda) const;
  // Requires the tier's second moments (std::logic_error otherwise).
  double second_given(int n, InpatientTier t) const {
    if (!has_second_moment(t)) throw std::logic_error("InpatientTable: built without this tier's second moments");
    return m2_[t][n];
  }
  bool has_second_moments() const { return second_ != SecondMoments::kNone; }
  bool has_second_moment(InpatientTier t) const {
    return second_ == SecondMoments::kAll || (second_ == SecondMoments::kPayments && (t == kBasic || t == kCatastrophic));
  }
  SecondMoments second_moments() const { return second_; }

 private:
  explicit InpatientTable(SecondMoments second) : second_(second) {}
  struct KnotMemo;  // aggregate.cpp
  // shifted(), and with base_only the tables hold only the tiers that depend on the other self-pay
  // (catastrophic and assistance means, the catastrophic second moment; no kAll): a chronic/special
  // user's sub-tables.
  static std::vector<InpatientTable> family(const InpatientClaims& claims, const YearRules& rules, Group group,
                                            SecondMoments second, const std::vector<double>& others,
                                            const InpatientTable* plain, long* reused_knots, bool base_only);
  InpatientTable(const InpatientClaims& claims, const YearRules& rules, Group group, SecondMoments second,
                 double other_base_yuan, KnotMemo* memo);
  // The no-admission row: constant payments on the other self-pay.
  void set_entry(int n, double catastrophic, double assistance, double p_catastrophic);
  SecondMoments second_ = SecondMoments::kAll;
  // [tier][n], n = 0..kMaxAdmissions (n = 0 is zero)
  std::array<std::array<double, kMaxAdmissions + 1>, kInpatientTiers> m1_{}, m2_{};
  std::array<double, kMaxAdmissions + 1> pcat_{};
};

// Moments given n admissions at level L, for one lognormal (mu, sigma) of the annual total X:
// out1[t] = E[tier_t], out2[t] = E[tier_t^2]. Exposed for tests.
void inpatient_conditional_moments(int n, Level level, double mu, double sigma, const YearRules& rules,
                                   const CatastrophicEffective& cat, Group group,
                                   double out1[kInpatientTiers], double out2[kInpatientTiers],
                                   double other_base = 0.0);

// Exact moments over C ~ LogNormal(ln cs_median_yuan, cs_sigma) of the catastrophic and assistance
// payments on the chronic/special self-pay c(C) alone (a chronic/special user without admissions,
// wider base): out1/out2 = {catastrophic, assistance, catastrophic + assistance}; returns
// P(catastrophic > 0).
double chronic_only_moments(double cs_median_yuan, double cs_sigma, const YearRules& rules, Group group,
                            double out1[3], double out2[3]);

// ---- single-layer outpatient services ----
struct ServiceClaims {
  double user_probability = 0;  // p
  double median_yuan = 0;       // median annual cost of a user
  double sigma = 1.0;
};

struct ServiceMoments {
  Moments payment, out_of_pocket, total_cost;
};

class LayerTable {
 public:
  // Conditional moments for a user; layer = rules.outpatient or rules.chronic_special.
  LayerTable(double median_yuan, double sigma, const LayerYear& layer);
  ServiceMoments mix(double user_probability) const;

 private:
  double m1_[3]{}, m2_[3]{};  // payment, out of pocket, total
};

ServiceMoments outpatient_moments(const ServiceClaims& c, const YearRules& rules);
ServiceMoments chronic_special_moments(const ServiceClaims& c, const YearRules& rules);
// 两病: p_h and p_d are user probabilities among persons who do not use chronic/special
// (probability 1 - chronic_user_probability); the mixture weights are two_diseases_users.
ServiceMoments two_diseases_moments(const ServiceClaims& hypertension, const ServiceClaims& diabetes,
                                    double chronic_user_probability, const YearRules& rules);

// ---- catastrophic financing ----
// Fund's cost of catastrophic insurance for a year. premium mode: the fund pays enrollees x premium;
// if the insurer's result (premium income - claims) exceeds profit_cap_share x premium income the
// excess is returned; if claims exceed premium income the fund bears fund_loss_share of the loss.
// self_insured: the fund pays the claims.
double catastrophic_fund_cost(const CatastrophicFinancing& f, int year, double enrollees,
                              double expected_claims_yuan);
double catastrophic_fund_cost(bool self_insured, double enrollees, double premium_per_enrollee_yuan,
                              double profit_cap_share, double fund_loss_share,
                              double expected_claims_yuan);

}  // namespace fundsim::benefits
