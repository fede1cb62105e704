// A projection model: given (seed, draw), fills one draw's table of metrics by year.
// Models are immutable after construction (everything that does not depend on the draw is
// precomputed), so one instance serves all threads.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/metrics.hpp"

namespace fundsim {

// One draw's values: years x kMetricCount, row-major by year.
class DrawTable {
 public:
  DrawTable(double* data, int years) : data_(data), years_(years) {}
  double& at(int year_index, Metric m) { return data_[static_cast<std::size_t>(year_index) * kMetricCount + m]; }
  double at(int year_index, Metric m) const {
    return data_[static_cast<std::size_t>(year_index) * kMetricCount + m];
  }
  int years() const { return years_; }

 private:
  double* data_;
  int years_;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual int first_year() const = 0;  // first projected year
  virtual int years() const = 0;       // number of projected years
  virtual const std::vector<Metric>& metrics() const = 0;  // metrics this model produces
  virtual void project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const = 0;
};

}  // namespace fundsim
