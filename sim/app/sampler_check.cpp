#include "app/sampler_check.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "benefits/aggregate.hpp"
#include "benefits/claims_from_costs.hpp"
#include "costs/cost_model.hpp"
#include "engine/cell_model.hpp"
#include "scenario/errors.hpp"

namespace fundsim::benefits {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const auto k = s.find(sep, pos);
    out.push_back(trim(s.substr(pos, k == std::string::npos ? std::string::npos : k - pos)));
    if (k == std::string::npos) break;
    pos = k + 1;
  }
  return out;
}

bool parse_int(const std::string& s, int& v) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  v = std::stoi(s);
  return true;
}

}  // namespace

Stress parse_stress(std::string_view s) {
  if (s == "none") return Stress::none;
  if (s == "heavy-tail") return Stress::heavy_tail;
  if (s == "low-cap") return Stress::low_cap;
  if (s == "high-deductible") return Stress::high_deductible;
  throw InputError(fmt::format("--stress: unknown setting '{}' (expected none|heavy-tail|low-cap|high-deductible)", s));
}

std::string_view stress_name(Stress s) {
  switch (s) {
    case Stress::none:
      return "none";
    case Stress::heavy_tail:
      return "heavy-tail";
    case Stress::low_cap:
      return "low-cap";
    case Stress::high_deductible:
      return "high-deductible";
  }
  return "?";
}

CellSpec parse_cell_spec(std::string_view text) {
  const std::string t = trim(text);
  const std::string arg = fmt::format("--cell '{}'", t);
  const std::vector<std::string> parts = split(t, ',');
  if (parts.size() != 3) throw InputError(arg + ": expected SEX,AGE,STATE (e.g. female,70,hypertension+diabetes)");
  CellSpec c;
  if (parts[0] == "male" || parts[0] == "0") {
    c.sex = 0;
  } else if (parts[0] == "female" || parts[0] == "1") {
    c.sex = 1;
  } else {
    throw InputError(fmt::format("{}: unknown sex '{}' (expected male|female)", arg, parts[0]));
  }
  if (!parse_int(parts[1], c.age) || c.age > kMaxAge)
    throw InputError(fmt::format("{}: age '{}' must be an integer in [0, {}]", arg, parts[1], kMaxAge));
  int st = 0;
  if (parse_int(parts[2], st)) {
    if (st >= kStates) throw InputError(fmt::format("{}: state {} must be in [0, {}]", arg, st, kStates - 1));
  } else {
    st = 0;
    for (const std::string& name : split(parts[2], '+')) {
      if (name == "none") continue;
      if (name == "hypertension") {
        st |= kHypertension;
      } else if (name == "diabetes") {
        st |= kDiabetes;
      } else if (name == "severe") {
        st |= kSevere;
      } else {
        throw InputError(fmt::format("{}: unknown health state '{}' (expected none|hypertension|diabetes|severe, "
                                     "joined by '+', or 0..7)",
                                     arg, name));
      }
    }
  }
  c.state = st;
  return c;
}

std::string cell_spec_text(const CellSpec& c) {
  std::string st;
  if (c.state & kHypertension) st += "hypertension";
  if (c.state & kDiabetes) st += st.empty() ? "diabetes" : "+diabetes";
  if (c.state & kSevere) st += st.empty() ? "severe" : "+severe";
  if (st.empty()) st = "none";
  return fmt::format("{},{},{}", c.sex == 0 ? "male" : "female", c.age, st);
}

CellClaims scenario_cell_claims(const Scenario& s, int year, const CellSpec& cs) {
  // The cost model of the cell engine, on its central path.
  const CellModel model(s);
  const CostModel& costs = model.cost_model();
  const CostPath path = costs.expected_path(std::max(s.run.end_year, year));
  const YearFactors f = costs.factors(year, path);
  const CellClaimInputs in = costs.cell_inputs(cell(cs.sex, cs.age, cs.state), f);

  CellClaims c;
  c.group = kGeneral;
  c.lambda = in.inpatient.lambda;
  c.inpatient = inpatient_claims(in.inpatient);
  c.outpatient = service_claims(in.outpatient);
  c.chronic_special = service_claims(in.chronic_special);
  c.hypertension = service_claims(in.two_diseases_hypertension);
  c.diabetes = service_claims(in.two_diseases_diabetes);
  return c;
}

void apply_stress(Stress stress, CellClaims& c, YearRules& y) {
  switch (stress) {
    case Stress::none:
      break;
    case Stress::heavy_tail: {
      constexpr double kSigma = 1.8;
      c.inpatient.sigma = std::max(c.inpatient.sigma, kSigma);
      for (ServiceClaims* sc : {&c.outpatient, &c.chronic_special, &c.hypertension, &c.diabetes})
        sc->sigma = std::max(sc->sigma, kSigma);
      break;
    }
    case Stress::low_cap:
      y.inpatient_cap_yuan = 20000;
      y.catastrophic.cap_yuan = 50000;
      y.chronic_special.cap_yuan = 1000;
      y.outpatient.cap_yuan = 100;
      break;
    case Stress::high_deductible: {
      auto raise = [](double& d) { d = std::max(10.0 * d, 100.0); };
      for (double& d : y.inpatient_deductible_yuan) raise(d);
      raise(y.outpatient.deductible_yuan);
      raise(y.chronic_special.deductible_yuan);
      raise(y.two_deductible_yuan);
      y.catastrophic.deductible_yuan *= 3.0;
      break;
    }
  }
}

bool SamplerCheckReport::pass() const {
  for (const GroupComparison& g : groups)
    for (const TierComparison& t : g.tiers)
      if (!t.pass) return false;
  return true;
}

SamplerCheckReport run_sampler_check(const Scenario& s, const SamplerCheckOptions& o) {
  if (o.persons < 1000)
    throw InputError(fmt::format("--compare-sampler: at least 1000 persons (got {})", o.persons));
  if (o.persons > 1000000000ULL)
    throw InputError(fmt::format("--compare-sampler: at most 1,000,000,000 persons (got {})", o.persons));
  SamplerCheckReport r;
  r.scenario_name = s.name;
  r.options = o;
  r.seed = o.seed ? *o.seed : static_cast<std::uint64_t>(s.run.seed);
  r.year_rules = scenario_year_rules(s, o.year);
  YearRules y = r.year_rules.rules;
  CellClaims base = scenario_cell_claims(s, o.year, o.cell);
  apply_stress(o.stress, base, y);
  y.validate();
  r.claims = base;

  std::vector<Group> groups;
  if (o.group) {
    groups.push_back(*o.group);
  } else {
    groups = {kGeneral, kAssisted};
  }
  for (Group g : groups) {
    CellClaims c = base;
    c.group = g;
    const CellExpectation e = expected_tiers(c, y);
    Rng rng = make_rng(r.seed, 2 * static_cast<std::uint64_t>(o.stress) + static_cast<std::uint64_t>(g),
                       Purpose::sampler);
    const SampleResult sr = sample_cell(c, y, o.persons, rng);
    struct Row {
      const char* tier;
      SampledTier t;
    };
    const Row rows[] = {
        {"basic_inpatient", kSBasicInpatient}, {"outpatient", kSOutpatient},     {"chronic_special", kSChronicSpecial},
        {"two_diseases", kSTwoDiseases},       {"catastrophic", kSCatastrophic}, {"assistance", kSAssistance},
        {"out_of_pocket", kSOutOfPocket},      {"total_cost", kSTotalCost},
        {"catastrophic_beneficiary_share", kSCatastrophicBeneficiary},
    };
    GroupComparison gc;
    gc.group = g;
    for (const Row& row : rows) {
      const SampleStat& st = sr.tier[row.t];
      const double agg = e.mean[row.t];
      TierComparison t;
      t.tier = row.tier;
      t.aggregate = agg;
      t.sampled = st.mean;
      t.se = st.se;
      const double diff = st.mean - agg;
      t.rel_diff = agg != 0.0 ? diff / agg : 0.0;
      t.pass = std::isfinite(diff) && std::abs(diff) <= std::max(0.005 * std::abs(agg), 3.0 * st.se) + 1e-9;
      gc.tiers.push_back(t);
    }
    gc.basic_sd_aggregate = std::sqrt(std::max(0.0, e.basic_inpatient_var));
    gc.basic_sd_sampled = sr.tier[kSBasicInpatient].se * std::sqrt(static_cast<double>(o.persons));
    r.groups.push_back(std::move(gc));
  }
  return r;
}

std::string format_sampler_check(const SamplerCheckReport& r) {
  const CellClaims& c = r.claims;
  std::string out;
  out += fmt::format("aggregate vs sampler: scenario {}, year {}, cell {}, stress {}, {} persons per group, seed {}\n",
                     r.scenario_name, r.options.year, cell_spec_text(r.options.cell), stress_name(r.options.stress),
                     r.options.persons, r.seed);
  out += fmt::format(
      "claims: admissions/yr {:.4f}, level weights {:.3f}/{:.3f}/{:.3f}, medians {:.0f}/{:.0f}/{:.0f}, theta {:.3g}, "
      "sigma {:.3g}\n",
      c.lambda, c.inpatient.level_weights[0], c.inpatient.level_weights[1], c.inpatient.level_weights[2],
      c.inpatient.median_yuan[0], c.inpatient.median_yuan[1], c.inpatient.median_yuan[2], c.inpatient.theta,
      c.inpatient.sigma);
  out += fmt::format(
      "        outpatient p {:.4f} median {:.0f} sigma {:.3g}; chronic/special p {:.4f} median {:.0f} sigma {:.3g}; "
      "两病 p_h {:.4f} p_d {:.4f}\n",
      c.outpatient.user_probability, c.outpatient.median_yuan, c.outpatient.sigma, c.chronic_special.user_probability,
      c.chronic_special.median_yuan, c.chronic_special.sigma, c.hypertension.user_probability,
      c.diabetes.user_probability);
  out += "rule: pass if |sampled - aggregate| <= max(0.5% x aggregate, 3 SE); yuan per person-year\n";
  for (const GroupComparison& g : r.groups) {
    out += fmt::format("group {}\n{:<17}{:>14}{:>14}{:>11}{:>11}{:>8}  {}\n", group_name(g.group), "tier",
                       "aggregate", "sampled", "SE", "rel.diff", "z", "result");
    for (const TierComparison& t : g.tiers) {
      const double z = t.se > 0 ? (t.sampled - t.aggregate) / t.se : 0.0;
      out += fmt::format("{:<17}{:>14.4f}{:>14.4f}{:>11.4f}{:>10.3f}%{:>8.2f}  {}\n", t.tier, t.aggregate, t.sampled,
                         t.se, 100.0 * t.rel_diff, z, t.pass ? "pass" : "FAIL");
    }
    out += fmt::format("basic inpatient s.d. per person: aggregate {:.2f}, sampled {:.2f} (informative)\n",
                       g.basic_sd_aggregate, g.basic_sd_sampled);
  }
  out += r.pass() ? "all tiers pass\n" : "SOME TIERS FAIL\n";
  return out;
}

nlohmann::json sampler_check_json(const SamplerCheckReport& r) {
  nlohmann::json j;
  j["scenario"] = r.scenario_name;
  j["year"] = r.options.year;
  j["cell"] = cell_spec_text(r.options.cell);
  j["stress"] = std::string(stress_name(r.options.stress));
  j["persons"] = r.options.persons;
  j["seed"] = r.seed;
  j["pass"] = r.pass();
  nlohmann::json gs = nlohmann::json::array();
  for (const GroupComparison& g : r.groups) {
    nlohmann::json tiers = nlohmann::json::object();
    for (const TierComparison& t : g.tiers)
      tiers[t.tier] = {{"aggregate", t.aggregate}, {"sampled", t.sampled}, {"se", t.se},
                       {"rel_diff", t.rel_diff}, {"pass", t.pass}};
    gs.push_back({{"group", std::string(group_name(g.group))},
                  {"tiers", tiers},
                  {"basic_sd_aggregate", g.basic_sd_aggregate},
                  {"basic_sd_sampled", g.basic_sd_sampled}});
  }
  j["groups"] = gs;
  return j;
}

}  // namespace fundsim::benefits
