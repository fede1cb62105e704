// A projection model: given (seed, draw), fills one draw's table of metrics by year.
// Models are immutable after construction (everything that does not depend on the draw is
// precomputed), so one instance serves all threads.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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

  // Optional per-draw detail (e.g. population by year, sex and age): detail_size() values per
  // draw, filled by project_detail (which must produce the same DrawTable as project).
  virtual std::size_t detail_size() const { return 0; }
  virtual void project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out, double* detail) const {
    (void)detail;
    project(seed, draw, out);
  }
  // Optional extra output files of a run (name, CSV text), e.g. the driver decomposition of the
  // central path. Computed once, after the draws.
  virtual std::vector<std::pair<std::string, std::string>> extra_files() const { return {}; }
};

}  // namespace fundsim
