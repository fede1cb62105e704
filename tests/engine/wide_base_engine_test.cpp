// The cell engine under the wider catastrophic base (issue 14): with chronic/special self-pay in
// the catastrophic base, the basic tiers are unchanged (the users' tables carry the same basic
// payments), and catastrophic beneficiaries and claims are larger in every year.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "calibration/model_factory.hpp"
#include "scenario/loader.hpp"

namespace fundsim {
namespace {

std::vector<double> project(const std::string& base) {
  const LoadedScenario s =
      load_scenario(std::string(FUNDSIM_SOURCE_DIR) + "/tests/scenarios/valid/small-cell.yaml",
                    {"benefits.catastrophic.base=" + base, "run.parameter_uncertainty=false"});
  const auto model = make_model(s.scenario);
  std::vector<double> buf(static_cast<std::size_t>(model->years()) * kMetricCount);
  DrawTable t(buf.data(), model->years());
  model->project(s.scenario.run.seed, 0, t);
  return buf;
}

TEST(WideBaseEngine, BasicTiersUnchangedCatastrophicLarger) {
  const std::vector<double> narrow = project("inpatient"), wide = project("inpatient_and_chronic_special");
  const int years = static_cast<int>(narrow.size()) / kMetricCount;
  ASSERT_GT(years, 0);
  DrawTable n(const_cast<double*>(narrow.data()), years), w(const_cast<double*>(wide.data()), years);
  for (int y = 0; y < years; ++y) {
    for (Metric m : {m_spending_inpatient, m_spending_outpatient, m_spending_chronic_special, m_enrollees})
      EXPECT_NEAR(w.at(y, m), n.at(y, m), 1e-9 * std::abs(n.at(y, m))) << metric_name(m) << " year " << y;
    EXPECT_GT(w.at(y, m_catastrophic_beneficiaries), n.at(y, m_catastrophic_beneficiaries)) << y;
    EXPECT_GT(w.at(y, m_catastrophic_claims), n.at(y, m_catastrophic_claims)) << y;
  }
}

}  // namespace
}  // namespace fundsim
