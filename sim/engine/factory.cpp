#include "engine/factory.hpp"

#include "engine/cell_model.hpp"
#include "engine/trend_model.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

std::unique_ptr<Model> make_engine_model(const Scenario& s) { return make_engine_model(s, nullptr); }

std::unique_ptr<Model> make_engine_model(const Scenario& s, CellBaseCache* cache) {
  if (s.run.engine == "trend") return std::make_unique<TrendModel>(s);
  if (s.run.engine == "cell" || s.run.engine == "micro") return std::make_unique<CellModel>(s, cache);
  throw InputError("run.engine: the '" + s.run.engine + "' engine is not available in this build");
}

}  // namespace fundsim
