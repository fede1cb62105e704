// A projection model: given (seed, draw), fills one draw's table of metrics by year.
// Models are immutable after construction (everything that does not depend on the draw is
// precomputed), so one instance serves all threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/metrics.hpp"

namespace fundsim {
struct Scenario;
}

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

// The layout of a model's per-draw detail: years x kinds x sexes x ages, in that order (row-major),
// declared by the model once and read by every writer (nothing recomputes it from a size).
// A model declares one detail: `name` "population" (kinds by sex and single age) or "burden" (the
// person-level engine: burden measures as kinds, groups general / assisted / all in the place of
// sexes, income quintiles all, 1..5 in the place of ages).
struct DetailLayout {
  std::string name = "population";
  int years = 0;
  std::vector<std::string> kinds;  // e.g. population, enrollees
  std::vector<std::string> sexes;  // male, female
  int ages = 0;
  std::size_t size() const {
    return static_cast<std::size_t>(years) * kinds.size() * sexes.size() * static_cast<std::size_t>(ages);
  }
  std::size_t offset(int year_index, std::size_t kind, std::size_t sex, int age) const {
    return ((static_cast<std::size_t>(year_index) * kinds.size() + kind) * sexes.size() + sex) *
               static_cast<std::size_t>(ages) +
           static_cast<std::size_t>(age);
  }
};

// One year of a fund's projection as a province's adjustment fund sees it, before the year's
// accounts close: the pool's own flows (interest on its opening reserve included) and its reserve
// before any transfer (balance_open + revenue_total - spending_total, computed once, so that a
// transfer of exactly -balance_before_transfer leaves exactly zero).
struct YearFlows {
  double balance_open = 0.0;
  double revenue_total = 0.0;
  double spending_total = 0.0;
  double balance_before_transfer = 0.0;
  double interest_rate = 0.0;  // the year's rate on a positive reserve
};

// A projection advanced one year at a time (a province steps its pools together): flows(t) runs
// the year's stages up to the fund accounts; close(t, transfer_in, out) books a net transfer from
// the adjustment fund (negative: paid into it) and records year t. The years must be stepped in
// order, each flows(t) followed by its close(t). Model::project is this loop with no transfer.
// advance(t) runs the year's population stages alone (health, deaths, ageing, births, the pool's own
// migration); flows(t) runs them first unless advance(t) has. Between the two, population() may be
// changed (a province's migration between its pools moves persons between their populations).
class PathStepper {
 public:
  virtual ~PathStepper() = default;
  virtual void advance(int t) { (void)t; }
  // The population by cell (kCells: sex, age, health state) after advance(t); null if the engine
  // holds no cell population that persons can be moved in.
  virtual std::vector<double>* population() { return nullptr; }
  virtual YearFlows flows(int t) = 0;
  virtual void close(int t, double transfer_in, DrawTable& out) = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual int first_year() const = 0;  // first projected year
  virtual int years() const = 0;       // number of projected years
  virtual const std::vector<Metric>& metrics() const = 0;  // metrics this model produces
  virtual void project(std::uint64_t seed, std::int64_t draw, DrawTable& out) const = 0;

  // Optional per-draw detail (e.g. population by year, sex and age): detail_layout().size() values
  // per draw, filled by project_detail (which must produce the same DrawTable as project).
  virtual DetailLayout detail_layout() const { return {}; }
  std::size_t detail_size() const { return detail_layout().size(); }
  virtual void project_detail(std::uint64_t seed, std::int64_t draw, DrawTable& out, double* detail) const {
    (void)detail;
    project(seed, draw, out);
  }
  // A stepper for (seed, draw) giving exactly project's table when closed with no transfers; null
  // when the engine cannot be stepped (then it cannot be a pool of a province).
  virtual std::unique_ptr<PathStepper> start(std::uint64_t seed, std::int64_t draw) const {
    (void)seed;
    (void)draw;
    return nullptr;
  }
  // Optional extra output files of a run (name, CSV text), e.g. the driver decomposition of the
  // central path. Computed once, after the draws.
  virtual std::vector<std::pair<std::string, std::string>> extra_files() const { return {}; }
  // This model with the financing section of `s` and everything else unchanged (`s` must differ
  // from the model's scenario in `financing` only: the caller checks it), reusing whatever the
  // financing does not change; null if the model cannot (then build the model from `s`).
  virtual std::unique_ptr<Model> financing_variant(const Scenario& s) const {
    (void)s;
    return nullptr;
  }
};

}  // namespace fundsim
