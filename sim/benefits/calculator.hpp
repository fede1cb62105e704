// The person-year benefit calculator: one person's costs in one year -> every tier's payment.
//
// Rules (YearRules, resolved for one year):
//  * Basic inpatient: per admission, compliant = compliant_share x cost; deductible applied =
//    min(compliant, deductible of its level); fund before cap = ratio_L x (compliant - deductible).
//    The annual cap applies to the sum over the year's admissions.
//  * Catastrophic base = compliant inpatient self-pay left after basic insurance, EXCLUDING the basic
//    deductible: coinsurance within the cap + compliant cost above the cap (Henan rule,
//    rules_from_documents.md) = compliant - deductible applied - basic payment. Tiers have absolute
//    lower bounds on the base; segment k covers [max(D, from_k), max(D, from_{k+1})) with D the
//    group's deductible; payment = sum ratio_k x segment_k, then the cap (none for assisted groups
//    by default). Under catastrophic.base = inpatient_and_chronic_special the chronic/special
//    compliant self-pay above its deductible ((cost - deductible)+ - payment: coinsurance and cost
//    above the annual cap, 豫医保〔2021〕2号) is added to the base; general outpatient and 两病
//    self-pay never are (the aggregate layer follows the same rule).
//  * Medical assistance (assisted group only): share x (inpatient compliant self-pay left after basic
//    and catastrophic insurance, deductible included, plus the chronic/special base when it is in
//    the catastrophic base), up to the annual limit.
//  * Outpatient pooling and chronic/special: min(ratio x (cost - deductible)+, cap) on annual cost.
//  * 两病: per disease min(ratio x (cost - deductible)+, disease cap), the sum capped by cap_both. A
//    person with chronic/special cost > 0 is paid for 两病 medication under chronic/special only: the
//    two-disease costs are added to the chronic/special cost and the 两病 tier pays nothing.
//  * out_of_pocket = total_cost - all payments (includes non-compliant inpatient cost).
#pragma once

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "benefits/benefit_params.hpp"

namespace fundsim::benefits {

struct Admission {
  double cost_yuan = 0;
  Level level = Level::secondary;
};

struct PersonYear {
  Group group = kGeneral;
  std::vector<Admission> admissions;
  double outpatient_cost_yuan = 0;
  double chronic_special_cost_yuan = 0;
  double hypertension_cost_yuan = 0;  // 两病 medication
  double diabetes_cost_yuan = 0;
};

// Annual inpatient settlement after the per-admission loop (also used by the aggregate layer).
struct InpatientSettlement {
  double compliant_yuan = 0;
  double deductible_applied_yuan = 0;
  double fund_before_cap_yuan = 0;
  double basic_yuan = 0;
  double coinsurance_yuan = 0;       // patient share of compliant cost within the cap
  double above_cap_yuan = 0;         // compliant cost above the cap (patient pays in basic tier)
  double other_base_yuan = 0;        // chronic/special compliant self-pay in the base (wider base)
  double cat_base_yuan = 0;          // coinsurance + above cap (+ other_base_yuan)
  double cat_deductible_yuan = 0;    // group's deductible
  std::array<double, kMaxCatastrophicTiers> cat_segment_yuan{};  // base falling in each tier
  double cat_before_cap_yuan = 0;
  double catastrophic_yuan = 0;
  double assistance_base_yuan = 0;   // compliant - basic - catastrophic (assisted group)
  double assistance_yuan = 0;
};

// Catastrophic payment before the cap on base `base`; writes the base in each tier to `segments`
// (if not null).
inline double catastrophic_before_cap(double base, const CatastrophicEffective& cat,
                                      double* segments = nullptr) {
  const double d = cat.deductible_yuan;
  double pay = 0.0;
  for (int k = 0; k < cat.n_tiers; ++k) {
    const double lo = d > cat.from_yuan[k] ? d : cat.from_yuan[k];
    double seg = 0.0;
    if (base > lo) {
      if (k + 1 < cat.n_tiers) {
        const double hi = d > cat.from_yuan[k + 1] ? d : cat.from_yuan[k + 1];
        seg = (base < hi ? base : hi) - lo;
      } else {
        seg = base - lo;
      }
    }
    if (segments) segments[k] = seg;
    pay += cat.ratio[k] * seg;
  }
  return pay;
}

// Assistance (medical assistance for the assisted group) on compliant inpatient cost `compliant` after
// basic and catastrophic payments: share of the remaining compliant self-pay, up to the annual limit.
// `other_base` is the chronic/special self-pay counted in the catastrophic base (0 unless the base
// is inpatient_and_chronic_special).
inline double assistance_payment(double compliant, double basic, double catastrophic, const YearRules& rules,
                                 double other_base = 0.0) {
  const double base = compliant + other_base - basic - catastrophic;
  return std::min(rules.assistance_share * (base > 0.0 ? base : 0.0), rules.assistance_limit_yuan);
}

// Settle a year's inpatient totals: cap, catastrophic, assistance. `cat` = rules.catastrophic_for(g).
// `other_base_yuan` (>= 0): compliant self-pay of other services added to the catastrophic base and
// to the assistance base (the chronic/special base under the wider rule; 0 otherwise).
InpatientSettlement settle_inpatient(double compliant_yuan, double deductible_applied_yuan,
                                     double fund_before_cap_yuan, const YearRules& rules,
                                     const CatastrophicEffective& cat, Group g, double other_base_yuan = 0.0);

// min(ratio x (cost - deductible)+, cap).
inline double pay_layer(double cost, double deductible, double ratio, double cap) {
  const double above = cost > deductible ? cost - deductible : 0.0;
  const double p = ratio * above;
  return p < cap ? p : cap;
}

// Compliant self-pay of a layer above its deductible: (cost - deductible)+ - payment (coinsurance
// plus cost above the annual cap). The chronic/special part of the wider catastrophic base.
inline double layer_self_pay_above_deductible(double cost, const LayerYear& layer) {
  const double above = cost > layer.deductible_yuan ? cost - layer.deductible_yuan : 0.0;
  return above - pay_layer(cost, layer.deductible_yuan, layer.ratio, layer.cap_yuan);
}

struct BenefitResult {
  // payments by tier
  double basic_inpatient = 0;
  double outpatient = 0;
  double chronic_special = 0;
  double two_diseases = 0;
  double catastrophic = 0;
  double assistance = 0;
  double out_of_pocket = 0;
  double total_cost = 0;
  // intermediates
  int n_tiers = 0;
  double inpatient_cost_yuan = 0;
  InpatientSettlement inpatient;
  double outpatient_deductible_applied_yuan = 0;
  double chronic_special_cost_paid_yuan = 0;  // chronic cost incl. moved 两病 costs
  double chronic_special_deductible_applied_yuan = 0;
  double two_hypertension_yuan = 0;  // before cap_both
  double two_diabetes_yuan = 0;
};

// The calculator. Assumes a validated person (see validate_person) and validated rules.
BenefitResult compute_benefits(const PersonYear& p, const YearRules& rules);
// Same with the group's catastrophic rule precomputed (hot loops).
BenefitResult compute_benefits(const PersonYear& p, const YearRules& rules,
                               const CatastrophicEffective& cat);

nlohmann::json to_json(const BenefitResult& r);
std::string format_table(const BenefitResult& r);

// Input validation for front ends: throw InputError with a clear message.
Level parse_level(std::string_view s);  // primary|secondary|tertiary
Group parse_group(std::string_view s);  // general|assisted
void validate_person(const PersonYear& p);  // costs finite and >= 0
// Build a validated person from already-parsed values (admissions as {cost, level name}).
PersonYear make_person_year(std::string_view group,
                            const std::vector<std::pair<double, std::string>>& admissions,
                            double outpatient_cost_yuan, double chronic_special_cost_yuan,
                            double hypertension_cost_yuan, double diabetes_cost_yuan);

}  // namespace fundsim::benefits
