#include "app/benefit_command.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>

#include "demography/income.hpp"
#include "scenario/errors.hpp"

namespace fundsim::benefits {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::string money(double v) {
  if (std::isinf(v)) return "none";
  return fmt::format("{:.2f}", v);
}

}  // namespace

std::string_view level_name(Level l) {
  switch (l) {
    case Level::primary:
      return "primary";
    case Level::secondary:
      return "secondary";
    case Level::tertiary:
      return "tertiary";
  }
  return "?";
}

std::string_view group_name(Group g) { return g == kAssisted ? "assisted" : "general"; }

int benefit_first_year(const Scenario& s) { return s.run.jump_off_year - 3; }
int benefit_last_year(const Scenario& s) { return s.run.end_year; }

ScenarioYearRules scenario_year_rules(const Scenario& s, int year) {
  const int first = benefit_first_year(s), last = benefit_last_year(s);
  if (year < first || year > last)
    throw InputError(fmt::format("--year {}: expected a year in [{}, {}] (run.jump_off_year - 3 to run.end_year "
                                 "of scenario '{}')",
                                 year, first, last, s.name));
  // The national income series' data start; the engine clamps the income year there too.
  const IncomeParams& ip = s.demography.income;
  int income_first = year - 1;
  for (const Schedule* series : {&ip.national_yuan, &ip.urban_yuan, &ip.rural_yuan})
    if (!series->empty()) income_first = std::max(income_first, series->first_year());
  const int used_year = income_first;  // max(year - 1, first data year of every series)
  const IncomeModel model(ip);
  const IncomePath path = model.mean_income_path(used_year, used_year);
  ScenarioYearRules out;
  out.year = year;
  out.income_year = used_year;
  out.prior_year_income_yuan = path.national(used_year);
  out.rules = resolve(s.benefits, year, out.prior_year_income_yuan);
  try {
    out.rules.validate();
  } catch (const InputError& e) {
    throw InputError(fmt::format("benefits (year {}): {}", year, e.what()));
  }
  return out;
}

double parse_cost_arg(std::string_view text, std::string_view arg) {
  const std::string t = trim(text);
  if (t.empty()) throw InputError(fmt::format("{}: expected a cost in yuan, got an empty value", arg));
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || errno == ERANGE)
    throw InputError(fmt::format("{}: '{}' is not a number (expected a cost in yuan)", arg, t));
  if (!std::isfinite(v)) throw InputError(fmt::format("{}: cost must be finite (got '{}')", arg, t));
  if (v < 0.0) throw InputError(fmt::format("{}: cost must be >= 0 yuan (got {})", arg, t));
  return v;
}

std::pair<double, std::string> parse_admission_arg(std::string_view text) {
  const std::string t = trim(text);
  const auto colon = t.find(':');
  const std::string arg = fmt::format("--admission '{}'", t);
  const double cost = parse_cost_arg(colon == std::string::npos ? t : t.substr(0, colon), arg);
  std::string level = colon == std::string::npos ? "secondary" : trim(t.substr(colon + 1));
  try {
    (void)parse_level(level);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", arg, e.what()));
  }
  return {cost, level};
}

std::pair<double, double> parse_two_diseases_arg(std::string_view text) {
  const std::string t = trim(text);
  const std::string arg = fmt::format("--two-diseases '{}'", t);
  std::optional<double> h, d;
  std::size_t pos = 0;
  if (t.empty()) throw InputError(arg + ": expected hypertension=COST,diabetes=COST (either or both)");
  while (pos <= t.size()) {
    const auto comma = t.find(',', pos);
    const std::string item = trim(t.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw InputError(fmt::format("{}: '{}' is not KEY=COST (keys hypertension, diabetes)", arg, item));
    const std::string key = trim(item.substr(0, eq));
    const double cost = parse_cost_arg(item.substr(eq + 1), fmt::format("{} ({})", arg, key));
    if (key == "hypertension") {
      if (h) throw InputError(arg + ": hypertension given twice");
      h = cost;
    } else if (key == "diabetes") {
      if (d) throw InputError(arg + ": diabetes given twice");
      d = cost;
    } else {
      throw InputError(fmt::format("{}: unknown disease '{}' (expected hypertension|diabetes)", arg, key));
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return {h.value_or(0.0), d.value_or(0.0)};
}

BenefitAnswer compute_benefit_answer(const Scenario& s, int year, const PersonYear& person) {
  BenefitAnswer a;
  a.scenario_name = s.name;
  a.year_rules = scenario_year_rules(s, year);
  validate_person(person);
  a.person = person;
  const YearRules& y = a.year_rules.rules;
  for (const Admission& adm : person.admissions) {
    // The calculator on this admission alone gives its pre-cap intermediates (its own code).
    PersonYear one;
    one.group = person.group;
    one.admissions = {adm};
    const BenefitResult r1 = compute_benefits(one, y);
    a.admissions.push_back({adm.cost_yuan, adm.level, r1.inpatient.compliant_yuan,
                            r1.inpatient.deductible_applied_yuan, r1.inpatient.fund_before_cap_yuan});
  }
  a.result = compute_benefits(person, y);
  return a;
}

BenefitAnswer compute_benefit_query(const Scenario& s, const BenefitQuery& q) {
  Group g;
  try {
    g = parse_group(q.group);
  } catch (const InputError& e) {
    throw InputError(fmt::format("--group: {}", e.what()));
  }
  PersonYear p;
  p.group = g;
  for (const std::string& text : q.admissions) {
    const auto [cost, level] = parse_admission_arg(text);
    p.admissions.push_back({cost, parse_level(level)});
  }
  if (q.outpatient) p.outpatient_cost_yuan = parse_cost_arg(*q.outpatient, "--outpatient");
  if (q.chronic_special) p.chronic_special_cost_yuan = parse_cost_arg(*q.chronic_special, "--chronic-special");
  if (q.two_diseases) {
    const auto [h, d] = parse_two_diseases_arg(*q.two_diseases);
    p.hypertension_cost_yuan = h;
    p.diabetes_cost_yuan = d;
  }
  return compute_benefit_answer(s, q.year, p);
}

namespace {

nlohmann::json rules_json(const ScenarioYearRules& yr, Group g) {
  const YearRules& y = yr.rules;
  const CatastrophicEffective cat = y.catastrophic_for(g);
  nlohmann::json levels = nlohmann::json::object();
  for (int l = 0; l < kLevels; ++l)
    levels[std::string(level_name(static_cast<Level>(l)))] = {
        {"deductible_yuan", y.inpatient_deductible_yuan[static_cast<std::size_t>(l)]},
        {"ratio", y.inpatient_ratio[static_cast<std::size_t>(l)]}};
  nlohmann::json tiers = nlohmann::json::array();
  for (int k = 0; k < cat.n_tiers; ++k)
    tiers.push_back({{"from_yuan", cat.from_yuan[static_cast<std::size_t>(k)]},
                     {"ratio", cat.ratio[static_cast<std::size_t>(k)]}});
  auto layer = [](const LayerYear& l) {
    return nlohmann::json{{"deductible_yuan", l.deductible_yuan}, {"ratio", l.ratio}, {"cap_yuan", l.cap_yuan}};
  };
  nlohmann::json cat_cap = std::isinf(cat.cap_yuan) ? nlohmann::json(nullptr) : nlohmann::json(cat.cap_yuan);
  return {{"inpatient",
           {{"compliant_share", y.compliant_share}, {"levels", levels}, {"annual_cap_yuan", y.inpatient_cap_yuan}}},
          {"outpatient", layer(y.outpatient)},
          {"chronic_special", layer(y.chronic_special)},
          {"two_diseases",
           {{"deductible_yuan", y.two_deductible_yuan},
            {"ratio", y.two_ratio},
            {"cap_hypertension_yuan", y.two_cap_hypertension_yuan},
            {"cap_diabetes_yuan", y.two_cap_diabetes_yuan},
            {"cap_both_yuan", y.two_cap_both_yuan}}},
          {"catastrophic", {{"deductible_yuan", cat.deductible_yuan}, {"tiers", tiers}, {"cap_yuan", cat_cap}}},
          {"assistance",
           {{"share_of_remaining", g == kAssisted ? y.assistance_share : 0.0},
            {"annual_limit_yuan", y.assistance_limit_yuan}}}};
}

}  // namespace

nlohmann::json benefit_answer_json(const BenefitAnswer& a) {
  nlohmann::json j = to_json(a.result);
  j["scenario"] = a.scenario_name;
  j["year"] = a.year_rules.year;
  j["group"] = std::string(group_name(a.person.group));
  j["prior_year_income"] = {{"year", a.year_rules.income_year}, {"yuan", a.year_rules.prior_year_income_yuan}};
  nlohmann::json adm = nlohmann::json::array();
  for (const AdmissionDetail& d : a.admissions)
    adm.push_back({{"cost", d.cost_yuan},
                   {"level", std::string(level_name(d.level))},
                   {"compliant", d.compliant_yuan},
                   {"deductible_applied", d.deductible_applied_yuan},
                   {"fund_before_cap", d.fund_before_cap_yuan}});
  j["admissions"] = adm;
  j["inputs"] = {{"outpatient_cost", a.person.outpatient_cost_yuan},
                 {"chronic_special_cost", a.person.chronic_special_cost_yuan},
                 {"hypertension_cost", a.person.hypertension_cost_yuan},
                 {"diabetes_cost", a.person.diabetes_cost_yuan}};
  j["rules"] = rules_json(a.year_rules, a.person.group);
  return j;
}

std::string benefit_answer_table(const BenefitAnswer& a) {
  const YearRules& y = a.year_rules.rules;
  const Group g = a.person.group;
  const CatastrophicEffective cat = y.catastrophic_for(g);
  std::string out;
  out += fmt::format("scenario {}, year {}, group {}\n", a.scenario_name, a.year_rules.year, group_name(g));
  out += "rules in force\n";
  out += fmt::format("  inpatient: compliant share {:.4g}; deductible / ratio: primary {} / {:.4g}, secondary {} / "
                     "{:.4g}, tertiary {} / {:.4g}; annual cap {}\n",
                     y.compliant_share, money(y.inpatient_deductible_yuan[0]), y.inpatient_ratio[0],
                     money(y.inpatient_deductible_yuan[1]), y.inpatient_ratio[1], money(y.inpatient_deductible_yuan[2]),
                     y.inpatient_ratio[2], money(y.inpatient_cap_yuan));
  auto layer = [&](const char* name, const LayerYear& l) {
    out += fmt::format("  {}: deductible {}, ratio {:.4g}, cap {}\n", name, money(l.deductible_yuan), l.ratio,
                       money(l.cap_yuan));
  };
  layer("general outpatient", y.outpatient);
  layer("chronic/special", y.chronic_special);
  out += fmt::format("  two diseases: deductible {}, ratio {:.4g}, caps hypertension {}, diabetes {}, both {}\n",
                     money(y.two_deductible_yuan), y.two_ratio, money(y.two_cap_hypertension_yuan),
                     money(y.two_cap_diabetes_yuan), money(y.two_cap_both_yuan));
  std::string tiers;
  for (int k = 0; k < cat.n_tiers; ++k)
    tiers += fmt::format("{}from {}: {:.4g}", k ? ", " : "", money(cat.from_yuan[static_cast<std::size_t>(k)]),
                         cat.ratio[static_cast<std::size_t>(k)]);
  out += fmt::format("  catastrophic: deductible {} (prior-year {} income {}), tiers {}, cap {}\n",
                     money(cat.deductible_yuan), a.year_rules.income_year, money(a.year_rules.prior_year_income_yuan),
                     tiers, money(cat.cap_yuan));
  if (g == kAssisted)
    out += fmt::format("  medical assistance: {:.4g} of the remaining compliant self-pay, limit {}\n", y.assistance_share,
                       money(y.assistance_limit_yuan));
  out += "inputs\n";
  if (a.admissions.empty()) out += "  no admissions\n";
  for (std::size_t i = 0; i < a.admissions.size(); ++i) {
    const AdmissionDetail& d = a.admissions[i];
    out += fmt::format("  admission {} ({}): cost {}, compliant {}, deductible applied {}, fund before cap {}\n", i + 1,
                       level_name(d.level), money(d.cost_yuan), money(d.compliant_yuan),
                       money(d.deductible_applied_yuan), money(d.fund_before_cap_yuan));
  }
  out += fmt::format("  outpatient {}, chronic/special {}, hypertension medication {}, diabetes medication {}\n",
                     money(a.person.outpatient_cost_yuan), money(a.person.chronic_special_cost_yuan),
                     money(a.person.hypertension_cost_yuan), money(a.person.diabetes_cost_yuan));
  out += format_table(a.result);
  out += fmt::format("{:<40}{:>14.2f}\n", "  hypertension before joint cap", a.result.two_hypertension_yuan);
  out += fmt::format("{:<40}{:>14.2f}\n", "  diabetes before joint cap", a.result.two_diabetes_yuan);
  return out;
}

}  // namespace fundsim::benefits
