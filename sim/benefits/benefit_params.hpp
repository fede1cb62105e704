// Benefit rules of every tier of the resident scheme, parameterised by year (see docs/DESIGN.md §2
// "Benefits" and calibration/data/policy/*.md).
//
// Every money amount or ratio that a policy may change by year is a Schedule. `BenefitRules::resolve`
// turns the schedules into a plain `YearRules` for one year (plus the prior-year per-capita
// disposable income that the catastrophic deductible is tied to); the calculator, the aggregate layer
// and the sampler only ever see `YearRules`.
//
// Defaults are a national baseline: national floors where the documents set one, typical local
// designs (calibration/data/policy/typical_benefit_designs.md) where they leave values to provinces.
//
// Regional examples (for the integrator's scenario files; values marked U are recalled/unverified):
//   Zhengzhou 2021 (郑医保〔2021〕16号, 豫医保〔2021〕2号, rules_from_documents.md):
//     catastrophic.financing: {mode: premium, premium_per_enrollee_yuan: {2021: 95}}  (document)
//     catastrophic.deductible_income_share: 0.5 of Henan's prior-year resident disposable income
//       (national rule; the caller passes Henan's income, not the national one)
//     catastrophic.tiers: [{from_yuan: 0, ratio_share: 0.60}, {from_yuan: 50000, ratio_share: 0.70},
//       {from_yuan: 100000, ratio_share: 0.80}]  (typical design, U); capped: false (U)
//     inpatient: keep the national baseline (no Zhengzhou inpatient table in calibration/data).
//   Guangxi-style catastrophic (Guangxi 2021 notice, rules_from_documents.md):
//     deductible_income_share: 0.5 of Guangxi's prior-year resident disposable income (document);
//     one tier [{from_yuan: 0, ratio_share: 0.60}] (the ">= 60%" floor, document); capped: false;
//     assisted tilt kept (document: "tilt for special groups"; size U: national half / +5 points).
#pragma once

#include <array>
#include <set>
#include <string>
#include <vector>

#include "demography/cells.hpp"
#include "scenario/param.hpp"
#include "scenario/schedule.hpp"

namespace fundsim::benefits {

// Hospital levels, in the order of every per-level array.
enum class Level : int { primary = 0, secondary = 1, tertiary = 2 };
inline constexpr int kLevels = 3;

struct LevelRules {
  Schedule deductible_yuan;  // per admission
  Schedule ratio_share;      // fund share of compliant cost above the deductible

  template <class V>
  void visit(V& v) {
    v("deductible_yuan", deductible_yuan,
      Meta{.unit = "yuan/admission",
           .doc = "deductible (起付线) per admission at this hospital level",
           .source = "typical_benefit_designs.md: primary 100-400, secondary 300-800, tertiary "
                     "500-2,000 yuan (pattern D); baseline 200/500/1000 (Xiaogan, Ankang rows)",
           .min = 0});
    v("ratio_share", ratio_share,
      Meta{.unit = "share",
           .doc = "fund payment ratio of compliant cost above the deductible",
           .source = "typical_benefit_designs.md pattern primary 80-90%, secondary 70-80%, "
                     "tertiary 50-68%; baseline 0.85/0.75/0.65 gives effective policy-scope "
                     "ratios ~77/68/59% on typical admissions, near the ~70% national figure "
                     "(69.3% in 2021, urrbmi_national_notes.md)",
           .min = 0, .max = 1});
  }
};

struct InpatientRules {
  Schedule compliant_share = Schedule::constant(0.85);
  LevelRules primary{Schedule::constant(200), Schedule::constant(0.85)};
  LevelRules secondary{Schedule::constant(500), Schedule::constant(0.75)};
  LevelRules tertiary{Schedule::constant(1000), Schedule::constant(0.65)};
  Schedule annual_cap_yuan = Schedule::constant(150000);

  template <class V>
  void visit(V& v) {
    v("compliant_share", compliant_share,
      Meta{.unit = "share",
           .doc = "policy-scope (compliant) share of inpatient cost",
           .source = "typical_benefit_designs.md: out-of-scope costs plus deductibles are 13-22% "
                     "of inpatient cost (D); 0.85 leaves ~15% out of scope before deductibles",
           .min = 0, .max = 1});
    v("primary", primary, Meta{.doc = "primary-level hospitals (township health centres)"});
    v("secondary", secondary, Meta{.doc = "secondary hospitals"});
    v("tertiary", tertiary, Meta{.doc = "tertiary hospitals"});
    v("annual_cap_yuan", annual_cap_yuan,
      Meta{.unit = "yuan/year",
           .doc = "annual cap (封顶线) on basic-fund inpatient payments per person",
           .source = "typical_benefit_designs.md: caps 80k-250k; 150,000 = median of the listed "
                     "city caps (Chenzhou)",
           .min = 0});
  }
};

// Deductible / ratio / cap layer used by general outpatient pooling and chronic/special outpatient.
struct LayerRules {
  Schedule deductible_yuan;  // annual
  Schedule ratio_share;
  Schedule annual_cap_yuan;

  template <class V>
  void visit(V& v) {
    v("deductible_yuan", deductible_yuan,
      Meta{.unit = "yuan/year", .doc = "annual deductible", .source = "see the enclosing key", .min = 0});
    v("ratio_share", ratio_share,
      Meta{.unit = "share", .doc = "fund share of cost above the deductible",
           .source = "see the enclosing key", .min = 0, .max = 1});
    v("annual_cap_yuan", annual_cap_yuan,
      Meta{.unit = "yuan/year", .doc = "annual cap on fund payments", .source = "see the enclosing key",
           .min = 0});
  }
  // A cap below the deductible leaves a benefit that cannot pay out as designed: refused as a
  // data-entry error. Checked in every year either schedule names, and 50 years after the later
  // last entry (after-rules); indexed/ratio rules need a driver and are not checked here.
  template <class C>
  void check(C& c) const {
    std::set<int> years;
    for (const auto& kv : deductible_yuan.values) years.insert(kv.first);
    for (const auto& kv : annual_cap_yuan.values) years.insert(kv.first);
    if (!years.empty()) years.insert(*years.rbegin() + 50);
    bool ok = true;
    for (int y : years)
      if (!deductible_yuan.needs_context(y) && !annual_cap_yuan.needs_context(y))
        ok = ok && annual_cap_yuan.at(y) >= deductible_yuan.at(y);
    c.require(ok, "annual_cap_yuan", "an annual cap at or above deductible_yuan in every year");
  }
};

struct TwoDiseasesRules {
  Schedule deductible_yuan = Schedule::constant(0);
  Schedule ratio_share = Schedule::constant(0.5);
  Schedule cap_hypertension_yuan = Schedule::constant(300);
  Schedule cap_diabetes_yuan = Schedule::constant(480);
  Schedule cap_both_yuan = Schedule::constant(780);

  template <class V>
  void visit(V& v) {
    v("deductible_yuan", deductible_yuan,
      Meta{.unit = "yuan/year per disease",
           .doc = "annual deductible per disease (none in typical designs)",
           .source = "typical_benefit_designs.md (两病): no deductible", .min = 0});
    v("ratio_share", ratio_share,
      Meta{.unit = "share", .doc = "fund share of 两病 medication cost",
           .source = "医保发〔2019〕54号: >= 50% (national floor)", .min = 0, .max = 1});
    v("cap_hypertension_yuan", cap_hypertension_yuan,
      Meta{.unit = "yuan/year", .doc = "annual cap, hypertension medication",
           .source = "typical_benefit_designs.md: Weinan / Yan'an 300", .min = 0});
    v("cap_diabetes_yuan", cap_diabetes_yuan,
      Meta{.unit = "yuan/year", .doc = "annual cap, diabetes medication",
           .source = "typical_benefit_designs.md: Weinan / Yan'an 480", .min = 0});
    v("cap_both_yuan", cap_both_yuan,
      Meta{.unit = "yuan/year", .doc = "annual cap for a person paid for both diseases",
           .source = "sum of the two caps (Longnan 400+800=1,200 pattern)", .min = 0});
  }
};

// One catastrophic tier: `ratio_share` applies to the catastrophic base from `from_yuan` (an
// ABSOLUTE amount of the base, as documents write "50k-100k: 70%") up to the next tier's
// `from_yuan`. Parts of a tier below the deductible pay nothing. The first tier starts at 0.
struct CatastrophicTier {
  Schedule from_yuan = Schedule::constant(0);
  Schedule ratio_share = Schedule::constant(0.6);

  template <class V>
  void visit(V& v) {
    v("from_yuan", from_yuan,
      Meta{.unit = "yuan (catastrophic base, absolute)",
           .doc = "lower bound of this tier on the base (first tier: 0)",
           .source = "typical tiers deductible-50k / 50-100k / >100k (rules_from_documents.md, U)",
           .min = 0});
    v("ratio_share", ratio_share,
      Meta{.unit = "share", .doc = "payment ratio in this tier",
           .source = "national floor 60% (医保发〔2020〕24号); 70% / 80% typical upper tiers (U)",
           .min = 0, .max = 1});
  }
};

struct CatastrophicFinancing {
  std::string mode = "premium";
  Schedule premium_per_enrollee_yuan = Schedule::constant(70);
  double insurer_profit_cap_share = 0.05;
  double fund_loss_share = 0.5;
  std::string premium_rule = "schedule";
  double experience_loading_share = 0.05;

  template <class V>
  void visit(V& v) {
    v("mode", mode,
      Meta{.doc = "premium: the fund pays a premium per enrollee to an insurer with a corridor; "
                  "self_insured: the fund pays the claims",
           .source = "catastrophic insurance is financed from the resident fund (national design; the 2020/2021 "
                     "notices set its financing level from the fund's position: 医保发〔2020〕24号, 〔2021〕32号)",
           .choices = "premium|self_insured"});
    v("premium_per_enrollee_yuan", premium_per_enrollee_yuan,
      Meta{.unit = "yuan/enrollee/year", .doc = "catastrophic premium per enrollee",
           .source = "Henan 2021 tiers 64-95 yuan (豫医保〔2021〕2号); 70 = modal tier", .min = 0});
    v("insurer_profit_cap_share", insurer_profit_cap_share,
      Meta{.unit = "share of premium",
           .doc = "insurer profit above this share of premium income is returned to the fund",
           .source = "typical corridor 3-5% (typical_benefit_designs.md, U)", .min = 0, .max = 1});
    v("fund_loss_share", fund_loss_share,
      Meta{.unit = "share", .doc = "share of claims beyond premium income borne by the fund",
           .source = "losses often shared 50/50 (typical_benefit_designs.md, U)", .min = 0, .max = 1});
    v("premium_rule", premium_rule,
      Meta{.doc = "schedule: the premium follows premium_per_enrollee_yuan; experience: from the second "
                  "projected year, prior-year claims per enrollee x (1 + experience_loading_share), never "
                  "below the prior-year premium (financing 'must not fall', 医保发〔2021〕32号)",
           .choices = "schedule|experience"});
    v("experience_loading_share", experience_loading_share,
      Meta{.unit = "share of claims", .doc = "loading of the experience-rated premium over expected claims",
           .source = "assumption: the corridor's profit cap (3-5%) plus expenses", .min = 0, .max = 1});
  }
};

struct CatastrophicRules {
  std::string base = "inpatient";
  std::string deductible_basis = "income_share";
  Schedule deductible_income_share = Schedule::constant(0.5);
  Schedule deductible_yuan = Schedule::constant(20000);
  std::vector<CatastrophicTier> tiers = {
      {Schedule::constant(0), Schedule::constant(0.60)},
      {Schedule::constant(50000), Schedule::constant(0.70)},
      {Schedule::constant(100000), Schedule::constant(0.80)}};
  bool capped = true;
  Schedule cap_yuan = Schedule::constant(400000);
  double assisted_deductible_factor = 0.5;
  double assisted_ratio_bonus_share = 0.05;
  bool assisted_uncapped = true;
  CatastrophicFinancing financing;

  template <class V>
  void visit(V& v) {
    v("base", base,
      Meta{.doc = "compliant self-pay that enters the catastrophic base: inpatient only, or inpatient plus "
                  "chronic/special outpatient (门诊慢特病) compliant self-pay (coinsurance above the "
                  "deductible and cost above the annual cap); with the wider base, medical assistance "
                  "also acts on the chronic/special self-pay left after catastrophic insurance",
           .source = "豫医保〔2021〕2号: 住院医疗费用（含规定的门诊慢特病…）; the national notices leave it to "
                     "the regions",
           .choices = "inpatient|inpatient_and_chronic_special"});
    v("deductible_basis", deductible_basis,
      Meta{.doc = "income_share: deductible = share x prior-year per-capita disposable income; "
                  "fixed: deductible_yuan",
           .source = "医保发〔2020〕24号 (50% of prior-year income); Beijing uses a fixed amount",
           .choices = "income_share|fixed"});
    v("deductible_income_share", deductible_income_share,
      Meta{.unit = "share of prior-year per-capita disposable income",
           .doc = "catastrophic deductible as a share of income",
           .source = "医保发〔2020〕24号: unified at 50%", .min = 0, .max = 5});
    v("deductible_yuan", deductible_yuan,
      Meta{.unit = "yuan/year", .doc = "fixed catastrophic deductible (basis = fixed)",
           .source = "Tianjin 2014 20,000 (typical_benefit_designs.md)", .min = 0});
    v("tiers", tiers, Meta{.doc = "payment tiers on the catastrophic base"});
    v("capped", capped,
      Meta{.doc = "whether catastrophic payments have an annual cap",
           .source = "regions may remove the cap (医保发〔2020〕24号); most keep one"});
    v("cap_yuan", cap_yuan,
      Meta{.unit = "yuan/year", .doc = "annual cap on catastrophic payments (if capped)",
           .source = "typical 300-400k (rules_from_documents.md, U); Chenzhou 400,000", .min = 0});
    v("assisted_deductible_factor", assisted_deductible_factor,
      Meta{.unit = "factor", .doc = "assisted groups' deductible = factor x deductible",
           .source = "医保发〔2020〕24号: halved (continued by 〔2021〕32号)", .min = 0, .max = 1});
    v("assisted_ratio_bonus_share", assisted_ratio_bonus_share,
      Meta{.unit = "share", .doc = "added to every tier ratio for assisted groups (capped at 1)",
           .source = "医保发〔2020〕24号: +5 percentage points", .min = 0, .max = 1});
    v("assisted_uncapped", assisted_uncapped,
      Meta{.doc = "assisted groups have no catastrophic cap",
           .source = "医保发〔2020〕24号: no cap for poor households"});
    v("financing", financing, Meta{.doc = "how the fund finances catastrophic insurance"});
  }

  template <class C>
  void check(C& c) const {
    c.require(!tiers.empty(), "tiers", "at least one tier");
    if (!tiers.empty())
      c.require(tiers.front().from_yuan.values.size() == 1 &&
                    tiers.front().from_yuan.values.begin()->second == 0.0,
                "tiers", "a first tier with from_yuan: 0");
  }
};

struct AssistanceRules {
  Schedule share_of_remaining = Schedule::constant(0.7);
  Schedule annual_limit_yuan = Schedule::constant(30000);

  template <class V>
  void visit(V& v) {
    v("share_of_remaining", share_of_remaining,
      Meta{.unit = "share",
           .doc = "share of the inpatient compliant self-pay left after basic and catastrophic "
                  "insurance paid by medical assistance (assisted groups only)",
           .source = "国办发〔2021〕42号: >= 70% for 低保 and 特困", .min = 0, .max = 1});
    v("annual_limit_yuan", annual_limit_yuan,
      Meta{.unit = "yuan/year", .doc = "annual limit of assistance payments per person",
           .source = "typical 10k-100k (typical_benefit_designs.md, U); 30,000 mid-low", .min = 0});
  }
};

struct BenefitRules {
  InpatientRules inpatient;
  LayerRules outpatient{Schedule::constant(0), Schedule::constant(0.5), Schedule::constant(300)};
  LayerRules chronic_special{Schedule::constant(200), Schedule::constant(0.7),
                             Schedule::constant(5000)};
  TwoDiseasesRules two_diseases;
  CatastrophicRules catastrophic;
  AssistanceRules assistance;

  template <class V>
  void visit(V& v) {
    v("inpatient", inpatient, Meta{.doc = "basic inpatient benefits"});
    v("outpatient", outpatient,
      Meta{.doc = "general outpatient pooling (普通门诊统筹)",
           .source = "typical_benefit_designs.md default (D): no deductible, 50-60%, cap 150-500 in "
                     "central/western China; baseline 0 / 0.5 / 300"});
    v("chronic_special", chronic_special,
      Meta{.doc = "chronic/special outpatient (门诊慢特病)",
           .source = "typical_benefit_designs.md (U): deductible 0-300, 60-80%, cap 2,000-10,000; "
                     "baseline 200 / 0.7 / 5,000"});
    v("two_diseases", two_diseases, Meta{.doc = "两病 (hypertension, diabetes) medication"});
    v("catastrophic", catastrophic, Meta{.doc = "catastrophic illness insurance (大病保险)"});
    v("assistance", assistance, Meta{.doc = "medical assistance (医疗救助), assisted groups"});
  }
};

// ---- Resolved values for one year (plain data; what the calculator uses) -----------------------

struct LayerYear {
  double deductible_yuan = 0;
  double ratio = 0;
  double cap_yuan = 0;
};

inline constexpr int kMaxCatastrophicTiers = 8;

struct CatastrophicYear {
  double deductible_yuan = 0;                          // for the general group
  int n_tiers = 0;
  std::array<double, kMaxCatastrophicTiers> from_yuan{};  // ascending, from_yuan[0] = 0
  std::array<double, kMaxCatastrophicTiers> ratio{};
  double cap_yuan = 0;                                 // +infinity when uncapped
  double assisted_deductible_factor = 0.5;
  double assisted_ratio_bonus = 0.05;
  bool assisted_uncapped = true;
  bool base_includes_chronic_special = false;          // base: inpatient_and_chronic_special
};

// The catastrophic rule as it applies to one group (assisted tilt applied).
struct CatastrophicEffective {
  double deductible_yuan = 0;
  int n_tiers = 0;
  std::array<double, kMaxCatastrophicTiers> from_yuan{};
  std::array<double, kMaxCatastrophicTiers> ratio{};
  double cap_yuan = 0;
};

struct YearRules {
  int year = 0;
  double compliant_share = 0.85;
  std::array<double, kLevels> inpatient_deductible_yuan{};
  std::array<double, kLevels> inpatient_ratio{};
  double inpatient_cap_yuan = 0;
  LayerYear outpatient;
  LayerYear chronic_special;
  double two_deductible_yuan = 0;
  double two_ratio = 0;
  double two_cap_hypertension_yuan = 0;
  double two_cap_diabetes_yuan = 0;
  double two_cap_both_yuan = 0;
  CatastrophicYear catastrophic;
  double assistance_share = 0;
  double assistance_limit_yuan = 0;

  CatastrophicEffective catastrophic_for(Group g) const;
  // Every money threshold (deductibles, caps, tier bounds, limits) multiplied by k (> 0); ratios
  // unchanged. Payments are homogeneous of degree one in (costs, these thresholds).
  YearRules scaled_money(double k) const;
  // Throws InputError naming the field if a value is out of range (negative money, ratio outside
  // [0, 1], tiers not ascending, too many tiers).
  void validate() const;
};

// Resolve the schedules for `year`. `prior_year_income_yuan` is the prior-year per-capita
// disposable income of residents (catastrophic deductible under basis income_share, and the driver
// of any schedule with an `indexed` rule). Throws InputError for schedules with a `ratio` rule.
YearRules resolve(const BenefitRules& rules, int year, double prior_year_income_yuan);

}  // namespace fundsim::benefits
