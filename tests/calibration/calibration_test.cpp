// Calibration: the fit-window rule, identifiability (the optimiser recovers parameters from
// targets the model itself generated), reproducibility of the parameter file, and the
// parameter-uncertainty model's dispatch. Small configs (2-3 parameters, few draws) keep it fast.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "calibration/fit.hpp"
#include "calibration/objective.hpp"
#include "calibration/parameter_uncertainty_model.hpp"
#include "calibration/model_factory.hpp"
#include "scenario/errors.hpp"
#include "output/writer.hpp"
#include "scenario/loader.hpp"

namespace fs = std::filesystem;
using namespace fundsim;
using namespace fundsim::calibration;

namespace {

const std::string kScenario = std::string(FUNDSIM_SOURCE_DIR) + "/calibration/national-history.scenario.yaml";

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::path(FUNDSIM_BINARY_DIR) / "calibration_test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << text;
  return p.string();
}

// A small config: three parameters from three target families; `targets` is YAML list text.
std::string small_config(const std::string& targets, const std::string& holdout = "", int window_end = 2022,
                         const std::string& uncertainty = "{method: laplace, draws: 5}") {
  return "name: small\nscenario: " + kScenario + "\njump_off_year: 2020\nseed: 7\n" +
         "fit_window: {first_year: 2019, last_year: " + std::to_string(window_end) + "}\n" +
         "history: {balance_before_first_flow_year_yuan: 5143e8}\n" +
         "optimiser: {algorithm: LN_BOBYQA, max_evaluations: 400, xtol_rel: 1.0e-10, ftol_rel: 1.0e-14}\n" +
         "uncertainty: " + uncertainty + "\n" +
         "parameters:\n"
         "  - {key: costs.inpatient_admissions_scale_per_person_year, min: 0.05, max: 0.30, start: 0.14}\n"
         "  - {key: financing.subsidy_top_up_share, min: 0.0, max: 0.5, start: 0.2}\n"
         "  - {key: costs.utilisation_shock_multiplier.values.2020, min: 0.6, max: 1.2, start: 1.0}\n"
         "targets:\n" + targets + (holdout.empty() ? "" : "holdout:\n" + holdout);
}

const std::string kTargets =
    "  - {name: hosp, quantity: hospitalisation_rate, year: 2021, observed: 0.152, se_share: 0.02}\n"
    "  - {name: rev, quantity: revenue_total, year: 2021, observed: 9724.48e8, se_share: 0.01}\n"
    "  - {name: rev, quantity: revenue_total, year: 2022, observed: 10128.90e8, se_share: 0.01}\n"
    "  - {name: spend, quantity: spending_total, year: 2020, observed: 8115.27e8, se_share: 0.01}\n"
    "  - {name: spend, quantity: spending_total, year: 2021, observed: 9296.37e8, se_share: 0.01}\n";

// The small config with the model's own predictions at `truth` as its observations.
LoadedCalibration synthetic_calibration(const std::string& name, const std::vector<double>& truth) {
  LoadedCalibration cal = load_calibration_config(write_temp(name, small_config(kTargets)));
  const std::vector<double> synthetic = Evaluator(cal, 2022).predict(truth, cal.config.targets);
  for (std::size_t i = 0; i < synthetic.size(); ++i) cal.config.targets[i].observed = synthetic[i];
  return cal;
}

}  // namespace

TEST(CalibrationConfig, RefusesATargetAfterTheFitWindow) {
  const std::string t = kTargets + "  - {name: late, quantity: spending_total, year: 2023, observed: 1e12}\n";
  const std::string path = write_temp("late.yaml", small_config(t));
  try {
    load_calibration_config(path);
    FAIL() << "a 2023 target in a 2019-2022 window was accepted";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("targets[5].year"), std::string::npos) << msg;
    EXPECT_NE(msg.find("fit window 2019-2022"), std::string::npos) << msg;
    EXPECT_NE(msg.find(path + ":"), std::string::npos) << msg;  // file and line
  }
}

TEST(CalibrationConfig, RefusesAHoldoutInsideTheWindowAndKeepsHoldoutsOutOfTheObjective) {
  const std::string inside = "  - {name: h, quantity: spending_total, year: 2021, observed: 1e12}\n";
  EXPECT_THROW(load_calibration_config(write_temp("hold_in.yaml", small_config(kTargets, inside, 2021))), InputError);
  // A holdout after the window is accepted but never reaches the residuals: changing its observed
  // value by a factor of 1000 leaves the residual vector unchanged.
  const std::string late_a = "  - {name: h, quantity: spending_total, year: 2022, observed: 1e12}\n";
  const std::string late_b = "  - {name: h, quantity: spending_total, year: 2022, observed: 1e15}\n";
  const std::string t2021 =
      "  - {name: hosp, quantity: hospitalisation_rate, year: 2021, observed: 0.152, se_share: 0.02}\n"
      "  - {name: spend, quantity: spending_total, year: 2021, observed: 9296.37e8, se_share: 0.01}\n";
  const auto a = load_calibration_config(write_temp("hold_a.yaml", small_config(t2021, late_a, 2021)));
  const auto b = load_calibration_config(write_temp("hold_b.yaml", small_config(t2021, late_b, 2021)));
  const Evaluator ea(a, 2021), eb(b, 2021);
  const std::vector<double> th = {0.11, 0.1, 0.9};
  EXPECT_EQ(ea.residuals(th, ea.observed(), ea.prior_means()), eb.residuals(th, eb.observed(), eb.prior_means()));
  // The fitting runs project to the window's end only: a 2022 target cannot be predicted by them.
  EXPECT_THROW(ea.predict(th, a.config.holdout), InputError);
}

TEST(CalibrationFit, RecoversKnownParametersFromSyntheticTargets) {
  const std::vector<double> truth = {0.1234, 0.0789, 0.8765};
  // Starting away from the truth.
  const LoadedCalibration cal = synthetic_calibration("synthetic0.yaml", truth);
  const Evaluator ev(cal, 2022);
  const PointFit fit = fit_point(ev, ev.observed(), ev.prior_means(), {0.14, 0.2, 1.0});
  ASSERT_EQ(fit.theta.size(), truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i)
    EXPECT_NEAR(fit.theta[i], truth[i], 2e-3 * std::abs(truth[i])) << cal.config.parameters[i].key;
  EXPECT_LT(fit.objective, 1e-4);
}

// The Levenberg-Marquardt polish (fit.cpp): a search stopped at a small budget is short of the
// synthetic truth; the polish from its end point reaches the truth (the objective's minimum, 0) to
// far below any posterior sd, and says it converged. Without the polish the same budget stays away.
// A parameter whose truth lies beyond its bound ends at the bound (held there by the gradient).
TEST(CalibrationFit, PolishReachesTheOptimumTheSearchStoppedShortOf) {
  const std::vector<double> truth = {0.1234, 0.0789, 0.8765};
  LoadedCalibration cal = synthetic_calibration("polish0.yaml", truth);
  const std::vector<double> synthetic = Evaluator(cal, 2022).observed();
  cal.config.optimiser.max_evaluations = 12;
  const std::vector<double> start = {0.14, 0.2, 1.0};
  cal.config.optimiser.polish = "none";
  const PointFit short_fit = fit_point(Evaluator(cal, 2022), synthetic, {}, start);
  EXPECT_EQ(short_fit.status, "evaluation budget reached");
  EXPECT_GT(short_fit.objective, 1e-3);  // the budget is too small for the search alone
  cal.config.optimiser.polish = "levenberg_marquardt";
  const PointFit fit = fit_point(Evaluator(cal, 2022), synthetic, {}, start);
  EXPECT_NE(fit.status.find("polish converged"), std::string::npos) << fit.status;
  EXPECT_GT(fit.evaluations, 12);
  EXPECT_LT(fit.objective, 1e-12);
  for (std::size_t i = 0; i < truth.size(); ++i)
    EXPECT_NEAR(fit.theta[i], truth[i], 1e-6 * std::abs(truth[i])) << cal.config.parameters[i].key;
  // The truth of the top-up share (0.0789) beyond a bound of 0.07: the fit ends on the bound.
  cal.config.parameters[1].max = 0.07;
  cal.config.parameters[1].start = 0.05;
  const PointFit bound = fit_point(Evaluator(cal, 2022), synthetic, {}, {0.14, 0.05, 1.0});
  EXPECT_NE(bound.status.find("polish converged"), std::string::npos) << bound.status;
  EXPECT_EQ(bound.theta[1], 0.07);
  // A polish limited to one step on a search stopped far away does not claim convergence.
  cal.config.parameters[1].max = 0.5;
  cal.config.optimiser.polish_max_iterations = 1;
  cal.config.optimiser.max_evaluations = 8;
  const PointFit one = fit_point(Evaluator(cal, 2022), synthetic, {}, {0.2, 0.3, 0.7});
  EXPECT_NE(one.status.find("polish not converged after 1 step (iteration limit)"), std::string::npos) << one.status;
}

TEST(CalibrationFit, SameConfigGivesABitIdenticalParameterFileWhateverTheThreads) {
  const std::string cfg = small_config(kTargets, "", 2022, "{method: bootstrap, draws: 2}");
  const auto cal = load_calibration_config(write_temp("repro.yaml", cfg));
  const CalibrationResult r1 = run_calibration(cal, 1);
  const CalibrationResult r2 = run_calibration(cal, 2);
  const std::string f1 = parameter_file_yaml(cal, r1), f2 = parameter_file_yaml(cal, r2);
  EXPECT_EQ(f1, f2);
  // The file reads back to the same numbers (17 significant digits).
  const std::string path = write_temp("repro-params.yaml", f1);
  const ParameterFile pf = read_parameter_file(path);
  ASSERT_EQ(pf.point.size(), 3u);
  ASSERT_EQ(pf.draws.size(), 2u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(pf.point[i], r1.fit.theta[i]);
  EXPECT_EQ(pf.draws[1][1], r1.draws[1][1]);
  // Bootstrap draws differ from each other (the targets were perturbed).
  EXPECT_NE(pf.draws[0][0], pf.draws[1][0]);
}

// Unfitted drivers (issue 14): stratified prior draws, one per equal-probability stratum of each
// driver's range, within [low, high], deterministic, written to the parameter file beside the
// posterior draws with what each key is sampled from; a triangular driver's draws have its mean.
TEST(CalibrationDrivers, StratifiedPriorDrawsInTheParameterFile) {
  CalibrationConfig c;
  c.seed = 11;
  c.drivers = {Driver{.key = "costs.excess_trend_long_run_per_year", .distribution = "uniform", .low = 0.0,
                      .high = 0.03, .central = 0.015, .source = "test"},
               Driver{.key = "demography.enrolment.selection_strength", .distribution = "triangular", .low = 0.0,
                      .high = 1.0, .central = 0.2, .source = "test"}};
  const int K = 400;
  const auto d = sample_drivers(c, K);
  ASSERT_EQ(d.size(), static_cast<std::size_t>(K));
  EXPECT_EQ(d, sample_drivers(c, K));  // deterministic
  std::vector<int> stratum(K, 0);
  double mean_tri = 0.0;
  for (const auto& row : d) {
    ASSERT_GE(row[0], 0.0);
    ASSERT_LE(row[0], 0.03);
    ++stratum[static_cast<std::size_t>(std::floor(row[0] / 0.03 * K))];
    mean_tri += row[1] / K;
  }
  for (int k = 0; k < K; ++k) EXPECT_EQ(stratum[static_cast<std::size_t>(k)], 1) << "stratum " << k;
  EXPECT_NEAR(mean_tri, (0.0 + 1.0 + 0.2) / 3.0, 2e-3);  // stratified: error far below 1/sqrt(K)

  // In the file: listed with their prior, point estimate = central, one value per draw.
  const std::string cfg = small_config(kTargets, "", 2022, "{method: laplace, draws: 3}") +
                          "drivers:\n  - {key: costs.utilisation_drift_per_year, low: 0.0, high: 0.02, central: 0.01, "
                          "source: test}\n";
  const auto cal = load_calibration_config(write_temp("drivers.yaml", cfg));
  const CalibrationResult r = run_calibration(cal, 1);
  const std::string text = parameter_file_yaml(cal, r);
  EXPECT_NE(text.find("sampled_from: \"prior uniform[0, 0.02]\""), std::string::npos) << text;
  EXPECT_NE(text.find("sampled_from: \"posterior (laplace)\""), std::string::npos) << text;
  const ParameterFile pf = read_parameter_file(write_temp("drivers-params.yaml", text));
  ASSERT_EQ(pf.keys.back(), "costs.utilisation_drift_per_year");
  EXPECT_EQ(pf.point.back(), 0.01);
  ASSERT_EQ(pf.draws.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(pf.draws[k].back(), r.driver_draws[k][0]);
  // A driver key twice (or also fitted) is refused.
  const std::string dup = cfg + "  - {key: costs.utilisation_drift_per_year, low: 0, high: 1, central: 0.5, source: x}\n";
  EXPECT_THROW(load_calibration_config(write_temp("drivers-dup.yaml", dup)), InputError);
}

// What the data cannot separate: a pair with |correlation| >= 0.9 and a posterior no narrower than
// its prior are each reported; a well-identified result gives no warning.
TEST(CalibrationWarnings, FlagsCorrelatedPairsAndUninformativePosteriors) {
  CalibrationConfig c;
  c.parameters.resize(3);
  for (int i = 0; i < 3; ++i) {
    FitParameter& p = c.parameters[static_cast<std::size_t>(i)];
    p.key = std::string(1, static_cast<char>('a' + i));
    p.min = 0, p.max = 1, p.start = 0.5;
  }
  c.parameters[2].has_prior = true, c.parameters[2].prior_mean = 0.5, c.parameters[2].prior_sd = 0.1;
  CalibrationResult r;
  r.sd = {0.01, 0.01, 0.01};
  r.correlation = {{1, 0.2, 0}, {0.2, 1, 0}, {0, 0, 1}};
  EXPECT_TRUE(identification_warnings(c, r).empty());
  r.correlation[0][1] = r.correlation[1][0] = -0.95;
  r.sd[2] = 0.1;  // = prior sd
  const auto w = identification_warnings(c, r);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("a and b (posterior correlation -0.95)"), std::string::npos) << w[0];
  EXPECT_NE(w[1].find("not identified: c"), std::string::npos) << w[1];
  r.sd[0] = 0.3;  // no prior: against a uniform over the bounds, sd 1/sqrt(12) = 0.289
  EXPECT_EQ(identification_warnings(c, r).size(), 3u);
}

TEST(ParameterUncertaintyModel, DispatchesEachDrawToOneInnerModelWithItsParameters) {
  const std::string params =
      "point_estimate: {financing.subsidy_top_up_share: 0.1}\n"
      "draws:\n"
      "  - {financing.subsidy_top_up_share: 0.0}\n"
      "  - {financing.subsidy_top_up_share: 0.5}\n";
  const std::string pfile = write_temp("two-draws.yaml", params);
  LoadedScenario l = load_scenario(kScenario, {"run.end_year=2023", "run.parameter_draws_file=" + pfile});
  const auto model = make_model(l.scenario);
  const auto* pu = dynamic_cast<const ParameterUncertaintyModel*>(model.get());
  ASSERT_NE(pu, nullptr);
  ASSERT_EQ(pu->inner_count(), 2u);
  // Each draw equals a plain model built with its draw's value; both values are used.
  std::vector<int> used(2, 0);
  for (std::int64_t d = 0; d < 8; ++d) {
    const std::size_t k = pu->inner_index(20250101, d);
    ++used[k];
    Scenario s = l.scenario;
    s.run.parameter_draws_file.clear();
    s.financing.subsidy_top_up_share = k == 0 ? 0.0 : 0.5;
    const auto plain = make_model(s);
    const int years = model->years();
    std::vector<double> a(static_cast<std::size_t>(years) * kMetricCount), b(a.size());
    DrawTable ta(a.data(), years), tb(b.data(), years);
    model->project(20250101, d, ta);
    plain->project(20250101, d, tb);
    EXPECT_EQ(a, b) << "draw " << d;
  }
  EXPECT_GT(used[0], 0);
  EXPECT_GT(used[1], 0);
  // parameter_uncertainty: false uses the point estimate only.
  LoadedScenario lp = load_scenario(kScenario, {"run.end_year=2023", "run.parameter_draws_file=" + pfile,
                                                "run.parameter_uncertainty=false"});
  const auto point = make_model(lp.scenario);
  EXPECT_EQ(dynamic_cast<const ParameterUncertaintyModel*>(point.get())->inner_count(), 1u);
}

TEST(ParameterUncertaintyModel, AMissingParameterFileIsAnInputErrorNamingTheKey) {
  try {
    load_scenario(kScenario, {"run.parameter_draws_file=/nonexistent/params.yaml"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("run.parameter_draws_file"), std::string::npos) << e.what();
  }
}

// The record of a run (scenario.resolved.yaml, issue 14): the calibrated point estimates in place of
// the scenario's defaults, a header naming every key the parameter draws vary and what from, and a
// key fixed by --set listed as kept (and at the --set value). The record reloads to itself.
TEST(ResolvedRecord, CalibratedPointEstimatesAndVariedKeys) {
  const std::string scen = std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/national-baseline.yaml";
  const LoadedScenario s = load_scenario(scen);
  const ParameterFile pf = read_parameter_file(s.scenario.run.parameter_draws_file);
  const YAML::Node rec = YAML::Load(s.resolved_yaml);
  for (std::size_t i = 0; i < pf.keys.size(); ++i) {
    if (pf.keys[i] != "financing.subsidy_top_up_share" && pf.keys[i] != "costs.inpatient_sigma") continue;
    const auto dot = pf.keys[i].find('.');
    EXPECT_EQ(rec[pf.keys[i].substr(0, dot)][pf.keys[i].substr(dot + 1)].as<double>(), pf.point[i]) << pf.keys[i];
    EXPECT_NE(s.resolved_yaml.find("#   " + pf.keys[i] + ": posterior (laplace)"), std::string::npos) << pf.keys[i];
  }
  EXPECT_NE(s.resolved_yaml.find("#   costs.excess_trend_long_run_per_year: prior uniform["), std::string::npos)
      << s.resolved_yaml.substr(0, 3000);
  const LoadedScenario fixed = load_scenario(scen, {"costs.excess_trend_long_run_per_year=0.02"});
  EXPECT_NE(fixed.resolved_yaml.find("#   costs.excess_trend_long_run_per_year (fixed by the scenario or --set)"),
            std::string::npos);
  EXPECT_EQ(YAML::Load(fixed.resolved_yaml)["costs"]["excess_trend_long_run_per_year"].as<double>(), 0.02);
  const LoadedScenario point = load_scenario(scen, {"run.parameter_uncertainty=false"});
  EXPECT_NE(point.resolved_yaml.find("No key is varied by parameter draws"), std::string::npos);
}

// A calibrated schedule entry is kept (not drawn) only when a layer gave that entry: setting one year
// of a schedule (as `fundsim sensitivity` does for its low and high runs) must leave the other
// calibrated years of the same schedule to the parameter draws; replacing the schedule whole (a
// scalar) keeps every calibrated year of it.
TEST(ResolvedRecord, OneScheduleEntryKeepsOnlyThatEntry) {
  const std::string scen = std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/national-baseline.yaml";
  const std::string a = "costs.utilisation_shock_multiplier";
  const LoadedScenario one = load_scenario(scen, {a + ".values.2020=0.8"});
  EXPECT_EQ(one.scenario.run.calibration_kept_keys, a + ".values.2020");
  const LoadedScenario whole = load_scenario(scen, {a + "=1"});
  const ParameterFile pf = read_parameter_file(whole.scenario.run.parameter_draws_file);
  std::string expected;
  for (const auto& k : pf.keys)
    if (k.rfind(a + ".values.", 0) == 0) expected += (expected.empty() ? "" : ",") + k;
  EXPECT_GE(std::count(expected.begin(), expected.end(), ','), 1) << expected;  // several calibrated years
  EXPECT_EQ(whole.scenario.run.calibration_kept_keys, expected);
  const LoadedScenario rate = load_scenario(scen, {"costs.medical_price_index.after.rate=0.015"});
  EXPECT_EQ(rate.scenario.run.calibration_kept_keys, "costs.medical_price_index.after.rate");
}

// What a run lists as sampled (sampled_parameters.csv, manifest.json): every key of the parameter
// file with what it is sampled from, a key fixed by --set marked as fixed, nothing without draws.
TEST(ResolvedRecord, SampledParametersListEveryKeyAndWhatFixesOne) {
  const std::string scen = std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/national-baseline.yaml";
  const LoadedScenario s = load_scenario(scen, {"costs.medical_price_index.after.rate=0.015"});
  const ParameterFile pf = read_parameter_file(s.scenario.run.parameter_draws_file);
  const std::vector<SampledParameter> list = sampled_parameters(s.scenario);
  ASSERT_EQ(list.size(), pf.keys.size());
  int priors = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].key, pf.keys[i]);
    EXPECT_EQ(list[i].fixed, list[i].key == "costs.medical_price_index.after.rate") << list[i].key;
    priors += list[i].from.rfind("prior ", 0) == 0;
  }
  EXPECT_EQ(priors, 6);  // the six unfitted drivers of calibration/national.yaml
  const std::string csv = sampled_parameters_csv(list);
  EXPECT_NE(csv.find("costs.medical_price_index.after.rate,\"prior uniform[0, 0.02]\",1\n"), std::string::npos) << csv;
  EXPECT_TRUE(sampled_parameters(load_scenario(scen, {"run.parameter_uncertainty=false"}).scenario).empty());
}
