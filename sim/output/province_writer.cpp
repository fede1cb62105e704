#include "output/province_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace fundsim {

using province::AdjustmentLayout;
using province::ProvinceResult;

namespace {

using K = ColumnKind;

// Values of column `get(d)` over draws, described.
template <class F>
Stats over_draws(std::int64_t draws, F get) {
  std::vector<double> v(static_cast<std::size_t>(draws));
  for (std::int64_t d = 0; d < draws; ++d) v[static_cast<std::size_t>(d)] = get(d);
  return v.empty() ? Stats{} : describe(std::move(v));
}

double share(std::int64_t n, std::int64_t draws) {
  return draws > 0 ? static_cast<double>(n) / static_cast<double>(draws) : 0.0;
}

}  // namespace

std::vector<AdjustmentRow> adjustment_rows(const ProvinceResult& r, const std::vector<std::string>& pools) {
  const AdjustmentLayout& L = r.layout;
  const std::int64_t draws = r.province.draws;
  const std::size_t stride = L.size();
  auto adj = [&](std::int64_t d, std::size_t k) { return r.adjustment[static_cast<std::size_t>(d) * stride + k]; };
  std::vector<AdjustmentRow> rows;
  // Exhausted by year: per pool (and the fund), whether each draw has been exhausted so far.
  std::vector<std::vector<char>> ever(pools.size() + 1, std::vector<char>(static_cast<std::size_t>(draws), 0));
  for (int t = 0; t < L.years; ++t) {
    const int year = r.province.first_year + t;
    for (std::size_t p = 0; p < pools.size(); ++p) {
      const RunResult& pr = r.pools[p];
      AdjustmentRow row;
      row.year = year;
      row.pool = pools[p];
      const int pi = static_cast<int>(p);
      row.paid_in = over_draws(draws, [&](std::int64_t d) { return adj(d, L.paid_in(t, pi)); });
      row.paid_out = over_draws(draws, [&](std::int64_t d) { return adj(d, L.paid_out(t, pi)); });
      row.balance = over_draws(draws, [&](std::int64_t d) { return pr.value(d, t, m_balance_cumulative); });
      row.interest_mean = pr.mean(t, m_revenue_interest);
      std::int64_t now = 0, by = 0;
      double shortfall = 0.0;
      for (std::int64_t d = 0; d < draws; ++d) {
        const double b = pr.value(d, t, m_balance_cumulative);
        shortfall += std::max(0.0, -b);
        if (b < 0.0) {
          ++now;
          ever[p][static_cast<std::size_t>(d)] = 1;
        }
        by += ever[p][static_cast<std::size_t>(d)];
      }
      row.shortfall_mean = draws > 0 ? shortfall / static_cast<double>(draws) : 0.0;
      row.p_exhausted = share(now, draws);
      row.p_exhausted_by = share(by, draws);
      rows.push_back(std::move(row));
    }
    AdjustmentRow f;
    f.year = year;
    f.pool = "adjustment_fund";
    f.paid_in = over_draws(draws, [&](std::int64_t d) { return adj(d, L.fund(t, AdjustmentLayout::kPaidIn)); });
    f.paid_out = over_draws(draws, [&](std::int64_t d) { return adj(d, L.fund(t, AdjustmentLayout::kPaidOut)); });
    f.balance = over_draws(draws, [&](std::int64_t d) { return adj(d, L.fund(t, AdjustmentLayout::kBalance)); });
    std::int64_t now = 0, by = 0;
    double interest = 0.0, unmet = 0.0;
    for (std::int64_t d = 0; d < draws; ++d) {
      interest += adj(d, L.fund(t, AdjustmentLayout::kInterest));
      unmet += adj(d, L.fund(t, AdjustmentLayout::kUnmet));
      if (adj(d, L.fund(t, AdjustmentLayout::kExhausted)) > 0.0) {
        ++now;
        ever.back()[static_cast<std::size_t>(d)] = 1;
      }
      by += ever.back()[static_cast<std::size_t>(d)];
    }
    f.interest_mean = draws > 0 ? interest / static_cast<double>(draws) : 0.0;
    f.shortfall_mean = draws > 0 ? unmet / static_cast<double>(draws) : 0.0;
    f.p_exhausted = share(now, draws);
    f.p_exhausted_by = share(by, draws);
    rows.push_back(std::move(f));
  }
  return rows;
}

Table tabulate_adjustment(const std::vector<AdjustmentRow>& rows) {
  using R = AdjustmentRow;
  static const Layout<R> layout = {
      {"year", K::integer, [](const R& r) { return TableCell(std::int64_t{r.year}); }},
      text_column("pool", &R::pool),
      {"paid_in_mean_yuan", K::number, [](const R& r) { return TableCell(r.paid_in.mean); }},
      {"paid_in_p05_yuan", K::number, [](const R& r) { return TableCell(r.paid_in.p05); }},
      {"paid_in_p95_yuan", K::number, [](const R& r) { return TableCell(r.paid_in.p95); }},
      {"paid_out_mean_yuan", K::number, [](const R& r) { return TableCell(r.paid_out.mean); }},
      {"paid_out_p05_yuan", K::number, [](const R& r) { return TableCell(r.paid_out.p05); }},
      {"paid_out_p95_yuan", K::number, [](const R& r) { return TableCell(r.paid_out.p95); }},
      {"balance_mean_yuan", K::number, [](const R& r) { return TableCell(r.balance.mean); }},
      {"balance_p05_yuan", K::number, [](const R& r) { return TableCell(r.balance.p05); }},
      {"balance_p50_yuan", K::number, [](const R& r) { return TableCell(r.balance.p50); }},
      {"balance_p95_yuan", K::number, [](const R& r) { return TableCell(r.balance.p95); }},
      number_column("interest_mean_yuan", &R::interest_mean),
      number_column("shortfall_mean_yuan", &R::shortfall_mean),
      number_column("p_exhausted", &R::p_exhausted),
      number_column("p_exhausted_by", &R::p_exhausted_by),
  };
  return make_table(layout, rows);
}

std::vector<MigrationRow> migration_rows(const ProvinceResult& r, const province::LoadedProvince& lp) {
  const AdjustmentLayout& L = r.layout;
  const std::int64_t draws = r.province.draws;
  const auto& flows = lp.config.migration.flows;
  std::vector<MigrationRow> rows;
  for (int t = 0; t < L.years; ++t)
    for (int k = 0; k < L.flows && k < static_cast<int>(flows.size()); ++k) {
      MigrationRow row;
      row.year = r.province.first_year + t;
      row.from = flows[static_cast<std::size_t>(k)].from;
      row.to = flows[static_cast<std::size_t>(k)].to;
      row.moved = over_draws(draws, [&](std::int64_t d) {
        return r.adjustment[static_cast<std::size_t>(d) * L.size() + L.moved(t, k)];
      });
      rows.push_back(std::move(row));
    }
  return rows;
}

Table tabulate_migration(const std::vector<MigrationRow>& rows) {
  using R = MigrationRow;
  static const Layout<R> layout = {
      {"year", K::integer, [](const R& r) { return TableCell(std::int64_t{r.year}); }},
      text_column("from", &R::from),
      text_column("to", &R::to),
      {"moved_mean_persons", K::number, [](const R& r) { return TableCell(r.moved.mean); }},
      {"moved_p05_persons", K::number, [](const R& r) { return TableCell(r.moved.p05); }},
      {"moved_p95_persons", K::number, [](const R& r) { return TableCell(r.moved.p95); }},
  };
  return make_table(layout, rows);
}

std::vector<TableColumn> province_risk_columns(const ProvinceResult& r) {
  const AdjustmentLayout& L = r.layout;
  const std::int64_t draws = r.province.draws;
  std::vector<TableColumn> cols(4);
  cols[0].name = "p_any_pool_exhausted";
  cols[1].name = "p_any_pool_exhausted_by";
  cols[2].name = "p_adjustment_fund_exhausted";
  cols[3].name = "p_adjustment_fund_exhausted_by";
  std::vector<char> any_ever(static_cast<std::size_t>(draws), 0), fund_ever(static_cast<std::size_t>(draws), 0);
  for (int t = 0; t < L.years; ++t) {
    std::int64_t any = 0, any_by = 0, fund = 0, fund_by = 0;
    for (std::int64_t d = 0; d < draws; ++d) {
      bool a = false;
      for (const RunResult& p : r.pools) a = a || p.value(d, t, m_balance_cumulative) < 0.0;
      const bool f = r.adjustment[static_cast<std::size_t>(d) * L.size() + L.fund(t, AdjustmentLayout::kExhausted)] > 0.0;
      auto& ae = any_ever[static_cast<std::size_t>(d)];
      auto& fe = fund_ever[static_cast<std::size_t>(d)];
      ae = static_cast<char>(ae || a);
      fe = static_cast<char>(fe || f);
      any += a;
      fund += f;
      any_by += ae;
      fund_by += fe;
    }
    cols[0].numbers.push_back(share(any, draws));
    cols[1].numbers.push_back(share(any_by, draws));
    cols[2].numbers.push_back(share(fund, draws));
    cols[3].numbers.push_back(share(fund_by, draws));
  }
  return cols;
}

std::vector<std::pair<std::string, double>> pools_by_risk(const ProvinceResult& r,
                                                          const std::vector<std::string>& pools, int year) {
  std::vector<std::pair<std::string, double>> out;
  const int last = std::min(year - r.province.first_year, r.province.years - 1);
  for (std::size_t p = 0; p < pools.size(); ++p) {
    std::int64_t n = 0;
    for (std::int64_t d = 0; d < r.pools[p].draws; ++d)
      for (int t = 0; t <= last; ++t)
        if (r.pools[p].value(d, t, m_balance_cumulative) < 0.0) {
          ++n;
          break;
        }
    out.emplace_back(pools[p], share(n, r.pools[p].draws));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

LoadedScenario province_as_scenario(const province::LoadedProvince& lp) {
  LoadedScenario s = lp.pools.front();
  s.scenario.name = lp.config.name;
  s.path = lp.path;
  s.files = lp.files;
  s.resolved_yaml = lp.resolved_yaml;
  s.sha256 = lp.sha256;
  s.inputs.clear();
  for (const LoadedScenario& p : lp.pools)
    for (const InputFile& f : p.inputs) s.inputs.push_back({p.scenario.run.pool + ":" + f.key, f.path, f.sha256});
  s.warnings.clear();
  s.pool.reset();
  s.layer_inputs.clear();
  return s;
}

void write_province_directory(const std::string& dir, bool force, const province::LoadedProvince& lp,
                              const ProvinceResult& r, std::uint64_t seed, const RunInfo& info, bool keep_draws,
                              const std::atomic<bool>* cancel) {
  std::vector<std::string> names;
  for (const LoadedScenario& p : lp.pools) names.push_back(p.scenario.run.pool);
  AtomicDir out(dir, force);
  const LoadedScenario ps = province_as_scenario(lp);
  write_run_files(out, "", ps, r.province, seed, info, keep_draws, {}, province_risk_columns(r));
  nlohmann::json m = manifest_json(ps, r.province, seed, info);
  const province::AdjustmentDesign& d = lp.config.adjustment_fund;
  nlohmann::json pools = nlohmann::json::array();
  for (std::size_t i = 0; i < lp.pools.size(); ++i)
    pools.push_back({{"name", names[i]},
                     {"directory", lp.pool_dirs[i]},
                     {"scenario_sha256", lp.pools[i].sha256},
                     {"files", "pools/" + names[i] + "/"}});
  m["province"] = {{"name", lp.config.name},
                   {"adjustment_fund",
                    {{"name", d.name},
                     {"mode", d.mode},
                     {"revenue_share", d.revenue_share},
                     {"excess_balance_share", d.excess_balance_share},
                     {"excess_balance_months", d.excess_balance_months},
                     {"deficit_share", d.deficit_share},
                     {"deficit_basis", d.deficit_basis},
                     {"initial_balance_yuan", d.initial_balance_yuan}}},
                   {"pools", pools}};
  const province::MigrationConfig& mig = lp.config.migration;
  if (!mig.flows.empty()) {
    nlohmann::json flows = nlohmann::json::array();
    for (const province::MigrationFlow& f : mig.flows)
      flows.push_back({{"from", f.from}, {"to", f.to}, {"rate", f.rate}, {"persons", f.persons},
                       {"first_year", f.first_year}, {"last_year", f.last_year}});
    const province::MigrationAgeSchedule& a = mig.age_schedule;
    m["province"]["migration"] = {
        {"flows", flows},
        {"age_schedule",
         {{"a1", a.a1}, {"alpha1", a.alpha1}, {"a2", a.a2}, {"alpha2", a.alpha2}, {"mu2", a.mu2}, {"lambda2", a.lambda2}, {"c", a.c}}},
        {"max_cell_share", mig.max_cell_share},
        {"files", "migration.csv"}};
  }
  out.write("manifest.json", m.dump(2) + "\n");
  out.write("adjustment.csv", to_csv(tabulate_adjustment(adjustment_rows(r, names))));
  if (!mig.flows.empty()) out.write("migration.csv", to_csv(tabulate_migration(migration_rows(r, lp))));
  for (std::size_t i = 0; i < lp.pools.size(); ++i) {
    RunInfo pi = info;
    pi.warnings = lp.pools[i].warnings;
    write_run_files(out, "pools/" + names[i] + "/", lp.pools[i], r.pools[i], seed, pi, keep_draws);
  }
  if (cancel && cancel->load()) throw std::runtime_error("cancelled");
  out.commit();
}

}  // namespace fundsim
