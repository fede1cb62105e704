#include "benefits/benefit_params.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <string_view>

#include "scenario/errors.hpp"

namespace fundsim::benefits {
namespace {

double value_at(const Schedule& s, int year, double driver, const char* key) {
  if (s.empty()) throw InputError(fmt::format("benefits.{}: empty schedule", key));
  if (s.needs_context(year)) {
    if (s.after == Schedule::After::indexed) return s.share * driver;
    throw InputError(fmt::format(
        "benefits.{}: the 'ratio' after-rule is not supported for benefit rules", key));
  }
  return s.at(year);
}

// The field's name is formatted only when the check fails (validate() runs for every resolved
// year of every draw).
void require(bool ok, std::string_view field, std::string_view what) {
  if (!ok) throw InputError(fmt::format("benefit rules: {} must be {}", field, what));
}
template <class Arg>
void require(bool ok, fmt::format_string<Arg> field, Arg&& arg, std::string_view what) {
  if (!ok) require(false, fmt::format(field, std::forward<Arg>(arg)), what);
}

bool finite_nonneg(double x) { return std::isfinite(x) && x >= 0.0; }
bool ratio_ok(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

}  // namespace

CatastrophicEffective YearRules::catastrophic_for(Group g) const {
  const CatastrophicYear& c = catastrophic;
  CatastrophicEffective e;
  e.n_tiers = c.n_tiers;
  e.from_yuan = c.from_yuan;
  e.ratio = c.ratio;
  e.deductible_yuan = c.deductible_yuan;
  e.cap_yuan = c.cap_yuan;
  if (g == kAssisted) {
    e.deductible_yuan *= c.assisted_deductible_factor;
    for (int k = 0; k < e.n_tiers; ++k) e.ratio[k] = std::min(1.0, e.ratio[k] + c.assisted_ratio_bonus);
    if (c.assisted_uncapped) e.cap_yuan = std::numeric_limits<double>::infinity();
  }
  return e;
}

YearRules YearRules::scaled_money(double k) const {
  YearRules r = *this;
  for (auto& d : r.inpatient_deductible_yuan) d *= k;
  r.inpatient_cap_yuan *= k;
  for (LayerYear* l : {&r.outpatient, &r.chronic_special}) {
    l->deductible_yuan *= k;
    l->cap_yuan *= k;
  }
  r.two_deductible_yuan *= k;
  r.two_cap_hypertension_yuan *= k;
  r.two_cap_diabetes_yuan *= k;
  r.two_cap_both_yuan *= k;
  r.catastrophic.deductible_yuan *= k;
  for (auto& f : r.catastrophic.from_yuan) f *= k;
  r.catastrophic.cap_yuan *= k;
  r.assistance_limit_yuan *= k;
  return r;
}

void YearRules::validate() const {
  require(ratio_ok(compliant_share), "inpatient.compliant_share", "in [0, 1]");
  const char* names[kLevels] = {"primary", "secondary", "tertiary"};
  for (int l = 0; l < kLevels; ++l) {
    require(finite_nonneg(inpatient_deductible_yuan[l]),
            "inpatient.{}.deductible_yuan", names[l], "finite and >= 0");
    require(ratio_ok(inpatient_ratio[l]), "inpatient.{}.ratio_share", names[l],
            "in [0, 1]");
  }
  require(inpatient_cap_yuan >= 0 && !std::isnan(inpatient_cap_yuan), "inpatient.annual_cap_yuan", ">= 0");
  for (auto [l, name] : {std::pair{&outpatient, "outpatient"}, std::pair{&chronic_special, "chronic_special"}}) {
    require(finite_nonneg(l->deductible_yuan), "{}.deductible_yuan", name, "finite and >= 0");
    require(ratio_ok(l->ratio), "{}.ratio_share", name, "in [0, 1]");
    require(l->cap_yuan >= 0 && !std::isnan(l->cap_yuan), "{}.annual_cap_yuan", name, ">= 0");
  }
  require(finite_nonneg(two_deductible_yuan), "two_diseases.deductible_yuan", "finite and >= 0");
  require(ratio_ok(two_ratio), "two_diseases.ratio_share", "in [0, 1]");
  require(two_cap_hypertension_yuan >= 0 && two_cap_diabetes_yuan >= 0 && two_cap_both_yuan >= 0,
          "two_diseases caps", ">= 0");
  const CatastrophicYear& c = catastrophic;
  require(finite_nonneg(c.deductible_yuan), "catastrophic deductible", "finite and >= 0");
  if (c.n_tiers < 1 || c.n_tiers > kMaxCatastrophicTiers)
    require(false, "catastrophic.tiers", fmt::format("1 to {} tiers", kMaxCatastrophicTiers));
  require(c.from_yuan[0] == 0.0, "catastrophic.tiers[0].from_yuan", "0");
  for (int k = 0; k < c.n_tiers; ++k) {
    require(ratio_ok(c.ratio[k]), "catastrophic.tiers[{}].ratio_share", k, "in [0, 1]");
    if (k > 0)
      require(std::isfinite(c.from_yuan[k]) && c.from_yuan[k] > c.from_yuan[k - 1],
              "catastrophic.tiers[{}].from_yuan", k, "above the previous tier's");
  }
  require(c.cap_yuan >= 0 && !std::isnan(c.cap_yuan), "catastrophic.cap_yuan", ">= 0");
  require(ratio_ok(c.assisted_deductible_factor), "catastrophic.assisted_deductible_factor", "in [0, 1]");
  require(ratio_ok(c.assisted_ratio_bonus), "catastrophic.assisted_ratio_bonus_share", "in [0, 1]");
  require(ratio_ok(assistance_share), "assistance.share_of_remaining", "in [0, 1]");
  require(assistance_limit_yuan >= 0 && !std::isnan(assistance_limit_yuan),
          "assistance.annual_limit_yuan", ">= 0");
}

YearRules resolve(const BenefitRules& b, int year, double income) {
  if (!std::isfinite(income) || income < 0)
    throw InputError("benefits: prior-year per-capita disposable income must be finite and >= 0");
  YearRules r;
  r.year = year;
  const auto& ip = b.inpatient;
  r.compliant_share = value_at(ip.compliant_share, year, income, "inpatient.compliant_share");
  const LevelRules* lv[kLevels] = {&ip.primary, &ip.secondary, &ip.tertiary};
  for (int l = 0; l < kLevels; ++l) {
    r.inpatient_deductible_yuan[l] = value_at(lv[l]->deductible_yuan, year, income, "inpatient.deductible_yuan");
    r.inpatient_ratio[l] = value_at(lv[l]->ratio_share, year, income, "inpatient.ratio_share");
  }
  r.inpatient_cap_yuan = value_at(ip.annual_cap_yuan, year, income, "inpatient.annual_cap_yuan");
  auto layer = [&](const LayerRules& l, const char* key) {
    return LayerYear{value_at(l.deductible_yuan, year, income, key),
                     value_at(l.ratio_share, year, income, key),
                     value_at(l.annual_cap_yuan, year, income, key)};
  };
  r.outpatient = layer(b.outpatient, "outpatient");
  r.chronic_special = layer(b.chronic_special, "chronic_special");
  const auto& td = b.two_diseases;
  r.two_deductible_yuan = value_at(td.deductible_yuan, year, income, "two_diseases.deductible_yuan");
  r.two_ratio = value_at(td.ratio_share, year, income, "two_diseases.ratio_share");
  r.two_cap_hypertension_yuan = value_at(td.cap_hypertension_yuan, year, income, "two_diseases.cap_hypertension_yuan");
  r.two_cap_diabetes_yuan = value_at(td.cap_diabetes_yuan, year, income, "two_diseases.cap_diabetes_yuan");
  r.two_cap_both_yuan = value_at(td.cap_both_yuan, year, income, "two_diseases.cap_both_yuan");
  const auto& ca = b.catastrophic;
  CatastrophicYear& c = r.catastrophic;
  c.deductible_yuan = ca.deductible_basis == "fixed"
                          ? value_at(ca.deductible_yuan, year, income, "catastrophic.deductible_yuan")
                          : value_at(ca.deductible_income_share, year, income,
                                     "catastrophic.deductible_income_share") * income;
  if (ca.tiers.size() > static_cast<std::size_t>(kMaxCatastrophicTiers))
    throw InputError(fmt::format("benefits.catastrophic.tiers: at most {} tiers", kMaxCatastrophicTiers));
  c.n_tiers = static_cast<int>(ca.tiers.size());
  for (int k = 0; k < c.n_tiers; ++k) {
    c.from_yuan[k] = value_at(ca.tiers[k].from_yuan, year, income, "catastrophic.tiers.from_yuan");
    c.ratio[k] = value_at(ca.tiers[k].ratio_share, year, income, "catastrophic.tiers.ratio_share");
  }
  c.cap_yuan = ca.capped ? value_at(ca.cap_yuan, year, income, "catastrophic.cap_yuan")
                         : std::numeric_limits<double>::infinity();
  c.assisted_deductible_factor = ca.assisted_deductible_factor;
  c.assisted_ratio_bonus = ca.assisted_ratio_bonus_share;
  c.assisted_uncapped = ca.assisted_uncapped;
  c.base_includes_chronic_special = ca.base == "inpatient_and_chronic_special";
  r.assistance_share = value_at(b.assistance.share_of_remaining, year, income, "assistance.share_of_remaining");
  r.assistance_limit_yuan = value_at(b.assistance.annual_limit_yuan, year, income, "assistance.annual_limit_yuan");
  r.validate();
  return r;
}

}  // namespace fundsim::benefits
