// The foundation's aggregate model (run.engine: trend): enrollees follow a trend with
// uncertainty; spending per enrollee grows with prices plus a stochastic, mean-reverting excess
// medical trend; revenue = enrollees x (individual contribution + fiscal subsidy) + interest.
// Kept as a transparent benchmark beside the cell model.
#pragma once

#include <optional>

#include "demography/income.hpp"
#include "engine/model.hpp"
#include "scenario/scenario.hpp"

namespace fundsim {

class TrendModel final : public Model {
 public:
  explicit TrendModel(const Scenario& s);
  int first_year() const override { return first_year_; }
  int years() const override { return years_; }
  const std::vector<Metric>& metrics() const override { return metrics_; }
  void project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const override;

 private:
  Scenario s_;
  int first_year_;
  int years_;
  std::vector<Metric> metrics_;
  // The rural income path drives indexed contribution rules (as in the cell engine); built only when
  // a financing schedule is indexed.
  std::optional<IncomeModel> income_;
  int income_first_year_ = 0;
};

}  // namespace fundsim
