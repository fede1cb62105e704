// Fit of the enrolment defaults to the national counts 2020-2022, and the check that the shipped
// defaults reproduce them. The procedure (printed by the test):
//  1. project the 2020 base population (census, end of 2020) on the deterministic mean path to
//     the ends of 2021 and 2022 (all persons in health state 0);
//  2. employee scheme: scale the base-share shape so that UEBMI 2020 = 344.55 million (linear),
//     then bisect the convergence rate so that UEBMI 2022 = 362.43 million;
//  3. structural non-coverage: solve the 2020 resident count 1,016.76 million (linear in 1 - ns)
//     given the assumed opt-out base (4%) and de-duplication drift (0.36 points/year to 2023);
//  4. opt-out elasticity: bisect so that the 2022 resident count is 983.49 million;
//  5. 2021 (1,008.66 million) is not fitted: it is the check.
// Data: calibration/data/fund/urrbmi_national.csv (resident enrollees, 万人), urrbmi_national_notes.md
// (UEBMI 2022 36,243万); UEBMI 2020 34,455万 (NHSA 2020 statistical bulletin, recalled);
// individual contributions 280/320/350 (national_financing_standards.csv); rural disposable income
// 17,131/18,931/20,133 (disposable_income.csv).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "demography/demography_model.hpp"
#include "demography/enrolment.hpp"

namespace fundsim {
namespace {

constexpr std::array<int, 3> kYears = {2020, 2021, 2022};
constexpr std::array<double, 3> kResident = {1016.76e6, 1008.66e6, 983.49e6};
constexpr std::array<double, 3> kContribution = {280.0, 320.0, 350.0};
constexpr std::array<double, 3> kRuralIncome = {17131.0, 18931.0, 20133.0};
constexpr double kUebmi2020 = 344.55e6, kUebmi2022 = 362.43e6;

std::array<PopulationByState, 3> populations() {
  const DemographyModel m{DemographyParams{}};
  const DemographyPath path = m.mean_path(2021, 2022);
  std::array<PopulationByState, 3> pops;
  pops[0] = m.base_population_by_state();
  pops[1] = pops[0];
  m.project_year(pops[1], path, 2021);
  pops[2] = pops[1];
  m.project_year(pops[2], path, 2022);
  return pops;
}

EnrolmentYear run(const EnrolmentParams& p, const std::array<PopulationByState, 3>& pops, int i) {
  return EnrolmentModel(p).compute(pops[i], kYears[i], kContribution[i], kRuralIncome[i]);
}

template <class F>
double bisect(F f, double lo, double hi) {  // f increasing, root in [lo, hi]
  for (int i = 0; i < 80; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

EnrolmentParams fit(EnrolmentParams p, const std::array<PopulationByState, 3>& pops) {
  // 2. employee share: UEBMI 2020 is linear in the base-share scale.
  const double u0 = run(p, pops, 0).employee_scheme_persons;
  for (double& s : p.employee_base_share) s *= kUebmi2020 / u0;
  p.employee_convergence_per_year = bisect(
      [&](double c) {
        EnrolmentParams q = p;
        q.employee_convergence_per_year = c;
        return run(q, pops, 2).employee_scheme_persons - kUebmi2022;
      },
      0.0, 1.0);
  // 3. structural non-coverage in 2020: resident = R (1 - ns) with R the count at ns = 0.
  EnrolmentParams q = p;
  q.structural_noncoverage_share = 0.0;
  const double r0 = run(q, pops, 0).enrolled_persons;
  p.structural_noncoverage_share = 1.0 - kResident[0] / r0;
  // 4. elasticity: the 2022 count falls as the elasticity rises (burden 2022 > reference).
  p.optout_elasticity = bisect(
      [&](double e) {
        EnrolmentParams r = p;
        r.optout_elasticity = e;
        return kResident[2] - run(r, pops, 2).enrolled_persons;
      },
      0.0, 50.0);
  return p;
}

TEST(EnrolmentFit, DefaultsAreTheFitAndReproduce2020To2022Within1Percent) {
  const auto pops = populations();
  const EnrolmentParams def;
  const EnrolmentParams fitted = fit(def, pops);
  std::printf("fitted employee base share:");
  for (double s : fitted.employee_base_share) std::printf(" %.4f", s);
  std::printf("\nfitted convergence %.4f/yr, structural non-coverage %.4f, elasticity %.3f\n",
              fitted.employee_convergence_per_year, fitted.structural_noncoverage_share,
              fitted.optout_elasticity);
  for (std::size_t b = 0; b < def.employee_base_share.size(); ++b)
    EXPECT_NEAR(def.employee_base_share[b], fitted.employee_base_share[b], 0.005) << b;
  EXPECT_NEAR(def.employee_convergence_per_year, fitted.employee_convergence_per_year, 0.002);
  EXPECT_NEAR(def.structural_noncoverage_share, fitted.structural_noncoverage_share, 0.001);
  EXPECT_NEAR(def.optout_elasticity, fitted.optout_elasticity, 0.05);

  for (int i = 0; i < 3; ++i) {
    const EnrolmentYear e = run(def, pops, i);
    std::printf("%d: resident enrollees %.2f million (data %.2f, %+.2f%%), employee %.2f million, "
                "not enrolled %.2f million, burden %.4f\n",
                kYears[i], e.enrolled_persons / 1e6, kResident[i] / 1e6,
                100.0 * (e.enrolled_persons / kResident[i] - 1.0),
                e.employee_scheme_persons / 1e6, e.not_enrolled_persons / 1e6, e.burden);
    EXPECT_NEAR(e.enrolled_persons / kResident[i], 1.0, 0.01) << kYears[i];
  }
  EXPECT_NEAR(run(def, pops, 0).employee_scheme_persons / kUebmi2020, 1.0, 0.01);
  EXPECT_NEAR(run(def, pops, 2).employee_scheme_persons / kUebmi2022, 1.0, 0.01);
}

}  // namespace
}  // namespace fundsim
