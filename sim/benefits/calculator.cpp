#include "benefits/calculator.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "scenario/errors.hpp"

namespace fundsim::benefits {

InpatientSettlement settle_inpatient(double compliant, double ded, double precap,
                                     const YearRules& rules, const CatastrophicEffective& cat,
                                     Group g, double other_base) {
  InpatientSettlement s;
  s.compliant_yuan = compliant;
  s.deductible_applied_yuan = ded;
  s.fund_before_cap_yuan = precap;
  s.basic_yuan = std::min(precap, rules.inpatient_cap_yuan);
  const double net = std::max(0.0, compliant - ded);  // compliant cost above the deductibles
  // Split of the self-pay above the deductible: with the effective ratio rbar = precap / net, the
  // compliant cost covered within the cap is basic / rbar; the rest is above the cap.
  if (precap > 0.0 && s.basic_yuan < precap) {
    const double within = s.basic_yuan * (net / precap);
    s.above_cap_yuan = std::max(0.0, net - within);
    s.coinsurance_yuan = std::max(0.0, within - s.basic_yuan);
  } else {
    s.coinsurance_yuan = std::max(0.0, net - s.basic_yuan);
    s.above_cap_yuan = 0.0;
  }
  s.other_base_yuan = other_base;
  const double base = std::max(0.0, net - s.basic_yuan) + other_base;
  s.cat_base_yuan = base;
  s.cat_deductible_yuan = cat.deductible_yuan;
  s.cat_before_cap_yuan = catastrophic_before_cap(base, cat, s.cat_segment_yuan.data());
  s.catastrophic_yuan = std::min(s.cat_before_cap_yuan, cat.cap_yuan);
  if (g == kAssisted) {
    s.assistance_base_yuan = std::max(0.0, compliant + other_base - s.basic_yuan - s.catastrophic_yuan);
    s.assistance_yuan = assistance_payment(compliant, s.basic_yuan, s.catastrophic_yuan, rules, other_base);
  }
  return s;
}

BenefitResult compute_benefits(const PersonYear& p, const YearRules& rules) {
  return compute_benefits(p, rules, rules.catastrophic_for(p.group));
}

BenefitResult compute_benefits(const PersonYear& p, const YearRules& rules,
                               const CatastrophicEffective& cat) {
  BenefitResult r;
  r.n_tiers = cat.n_tiers;
  double cost = 0, compliant = 0, ded = 0, precap = 0;
  for (const Admission& a : p.admissions) {
    const int l = static_cast<int>(a.level);
    const double c = rules.compliant_share * a.cost_yuan;
    const double d = std::min(c, rules.inpatient_deductible_yuan[l]);
    cost += a.cost_yuan;
    compliant += c;
    ded += d;
    precap += rules.inpatient_ratio[l] * (c - d);
  }
  r.inpatient_cost_yuan = cost;

  const LayerYear& op = rules.outpatient;
  r.outpatient_deductible_applied_yuan = std::min(p.outpatient_cost_yuan, op.deductible_yuan);
  r.outpatient = pay_layer(p.outpatient_cost_yuan, op.deductible_yuan, op.ratio, op.cap_yuan);

  double two_cost = p.hypertension_cost_yuan + p.diabetes_cost_yuan;
  double chronic = p.chronic_special_cost_yuan;
  if (chronic > 0.0) {
    chronic += two_cost;  // paid under chronic/special only
  } else {
    r.two_hypertension_yuan = pay_layer(p.hypertension_cost_yuan, rules.two_deductible_yuan,
                                        rules.two_ratio, rules.two_cap_hypertension_yuan);
    r.two_diabetes_yuan = pay_layer(p.diabetes_cost_yuan, rules.two_deductible_yuan,
                                    rules.two_ratio, rules.two_cap_diabetes_yuan);
    r.two_diseases = std::min(r.two_hypertension_yuan + r.two_diabetes_yuan, rules.two_cap_both_yuan);
  }
  const LayerYear& cs = rules.chronic_special;
  r.chronic_special_cost_paid_yuan = chronic;
  r.chronic_special_deductible_applied_yuan = std::min(chronic, cs.deductible_yuan);
  r.chronic_special = pay_layer(chronic, cs.deductible_yuan, cs.ratio, cs.cap_yuan);
  const double other_base = rules.catastrophic.base_includes_chronic_special
                                ? layer_self_pay_above_deductible(chronic, cs)
                                : 0.0;
  r.inpatient = settle_inpatient(compliant, ded, precap, rules, cat, p.group, other_base);
  r.basic_inpatient = r.inpatient.basic_yuan;
  r.catastrophic = r.inpatient.catastrophic_yuan;
  r.assistance = r.inpatient.assistance_yuan;

  r.total_cost = cost + p.outpatient_cost_yuan + p.chronic_special_cost_yuan + two_cost;
  const double paid = r.basic_inpatient + r.outpatient + r.chronic_special + r.two_diseases +
                      r.catastrophic + r.assistance;
  r.out_of_pocket = std::max(0.0, r.total_cost - paid);
  return r;
}

nlohmann::json to_json(const BenefitResult& r) {
  const InpatientSettlement& s = r.inpatient;
  nlohmann::json seg = nlohmann::json::array();
  for (int k = 0; k < r.n_tiers; ++k) seg.push_back(s.cat_segment_yuan[k]);
  nlohmann::json j;
  j["basic_inpatient"] = r.basic_inpatient;
  j["outpatient"] = r.outpatient;
  j["chronic_special"] = r.chronic_special;
  j["two_diseases"] = r.two_diseases;
  j["catastrophic"] = r.catastrophic;
  j["assistance"] = r.assistance;
  j["out_of_pocket"] = r.out_of_pocket;
  j["total_cost"] = r.total_cost;
  j["intermediates"] = {
      {"inpatient_cost", r.inpatient_cost_yuan},
      {"inpatient_compliant", s.compliant_yuan},
      {"inpatient_deductible_applied", s.deductible_applied_yuan},
      {"inpatient_fund_before_cap", s.fund_before_cap_yuan},
      {"inpatient_coinsurance_within_cap", s.coinsurance_yuan},
      {"inpatient_cost_above_cap", s.above_cap_yuan},
      {"catastrophic_base_chronic_special", s.other_base_yuan},
      {"catastrophic_base", s.cat_base_yuan},
      {"catastrophic_deductible", s.cat_deductible_yuan},
      {"catastrophic_segments", seg},
      {"catastrophic_before_cap", s.cat_before_cap_yuan},
      {"assistance_base", s.assistance_base_yuan},
      {"outpatient_deductible_applied", r.outpatient_deductible_applied_yuan},
      {"chronic_special_cost_paid", r.chronic_special_cost_paid_yuan},
      {"chronic_special_deductible_applied", r.chronic_special_deductible_applied_yuan},
      {"two_diseases_hypertension_before_joint_cap", r.two_hypertension_yuan},
      {"two_diseases_diabetes_before_joint_cap", r.two_diabetes_yuan}};
  return j;
}

std::string format_table(const BenefitResult& r) {
  const InpatientSettlement& s = r.inpatient;
  std::string out;
  auto row = [&](std::string_view name, double v) { out += fmt::format("{:<40}{:>14.2f}\n", name, v); };
  out += fmt::format("{:<40}{:>14}\n", "tier", "yuan");
  row("basic inpatient", r.basic_inpatient);
  row("general outpatient pooling", r.outpatient);
  row("chronic/special outpatient", r.chronic_special);
  row("two diseases (hypertension, diabetes)", r.two_diseases);
  row("catastrophic insurance", r.catastrophic);
  row("medical assistance", r.assistance);
  row("out of pocket", r.out_of_pocket);
  row("total cost", r.total_cost);
  out += "intermediates\n";
  row("  inpatient cost", r.inpatient_cost_yuan);
  row("  inpatient compliant cost", s.compliant_yuan);
  row("  inpatient deductibles applied", s.deductible_applied_yuan);
  row("  inpatient fund before cap", s.fund_before_cap_yuan);
  row("  coinsurance within cap", s.coinsurance_yuan);
  row("  compliant cost above cap", s.above_cap_yuan);
  row("  chronic/special self-pay in the base", s.other_base_yuan);
  row("  catastrophic base", s.cat_base_yuan);
  row("  catastrophic deductible", s.cat_deductible_yuan);
  for (int k = 0; k < r.n_tiers; ++k) row(fmt::format("  catastrophic segment {}", k + 1), s.cat_segment_yuan[k]);
  row("  catastrophic before cap", s.cat_before_cap_yuan);
  row("  assistance base", s.assistance_base_yuan);
  row("  outpatient deductible applied", r.outpatient_deductible_applied_yuan);
  row("  chronic/special cost paid", r.chronic_special_cost_paid_yuan);
  row("  chronic/special deductible applied", r.chronic_special_deductible_applied_yuan);
  return out;
}

Level parse_level(std::string_view s) {
  if (s == "primary") return Level::primary;
  if (s == "secondary") return Level::secondary;
  if (s == "tertiary") return Level::tertiary;
  throw InputError(fmt::format("unknown hospital level '{}' (expected primary|secondary|tertiary)", s));
}

Group parse_group(std::string_view s) {
  if (s == "general") return kGeneral;
  if (s == "assisted") return kAssisted;
  throw InputError(fmt::format("unknown group '{}' (expected general|assisted)", s));
}

namespace {
void check_cost(double v, std::string_view what) {
  if (!std::isfinite(v) || v < 0.0)
    throw InputError(fmt::format("{} must be a finite cost >= 0 yuan (got {})", what, v));
}
}  // namespace

void validate_person(const PersonYear& p) {
  if (p.group != kGeneral && p.group != kAssisted) throw InputError("group must be general or assisted");
  for (std::size_t i = 0; i < p.admissions.size(); ++i) {
    check_cost(p.admissions[i].cost_yuan, fmt::format("admission {} cost", i + 1));
    const int l = static_cast<int>(p.admissions[i].level);
    if (l < 0 || l >= kLevels) throw InputError(fmt::format("admission {}: invalid level", i + 1));
  }
  check_cost(p.outpatient_cost_yuan, "outpatient cost");
  check_cost(p.chronic_special_cost_yuan, "chronic/special cost");
  check_cost(p.hypertension_cost_yuan, "hypertension medication cost");
  check_cost(p.diabetes_cost_yuan, "diabetes medication cost");
}

PersonYear make_person_year(std::string_view group,
                            const std::vector<std::pair<double, std::string>>& admissions,
                            double outpatient, double chronic, double hypertension, double diabetes) {
  PersonYear p;
  p.group = parse_group(group);
  for (const auto& [cost, level] : admissions) p.admissions.push_back({cost, parse_level(level)});
  p.outpatient_cost_yuan = outpatient;
  p.chronic_special_cost_yuan = chronic;
  p.hypertension_cost_yuan = hypertension;
  p.diabetes_cost_yuan = diabetes;
  validate_person(p);
  return p;
}

}  // namespace fundsim::benefits
