#include "app/burden_command.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "app/commands.hpp"
#include "engine/cell_model.hpp"
#include "scenario/errors.hpp"

namespace fundsim {

namespace {

// Per draw, the value of one detail entry.
double detail_value(const RunResult& r, std::int64_t d, std::size_t off) {
  return r.detail[static_cast<std::size_t>(d) * r.detail_size + off];
}

struct DiffStats {
  double base = 0, option = 0, diff = 0, se = 0, se_independent = 0;
};

DiffStats diff_stats(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<double>(a.size());
  DiffStats s;
  double sa = 0, sb = 0, sd = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sa += a[i], sb += b[i], sd += b[i] - a[i];
  s.base = sa / n, s.option = sb / n, s.diff = sd / n;
  if (a.size() < 2) return s;
  double va = 0, vb = 0, vd = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    va += (a[i] - s.base) * (a[i] - s.base);
    vb += (b[i] - s.option) * (b[i] - s.option);
    const double e = b[i] - a[i] - s.diff;
    vd += e * e;
  }
  s.se = std::sqrt(vd / (n - 1.0) / n);
  s.se_independent = std::sqrt((va + vb) / (n - 1.0) / n);
  return s;
}

}  // namespace

Table burden_comparison_table(const std::vector<BurdenRun>& runs, const std::vector<int>& years) {
  Table t;
  t.add("option", ColumnKind::text);
  t.add("year", ColumnKind::integer);
  t.add("group", ColumnKind::text);
  t.add("income_quintile", ColumnKind::text);
  t.add("measure", ColumnKind::text);
  for (const char* c : {"baseline_mean", "option_mean", "difference_mean", "difference_se",
                        "difference_se_independent"})
    t.add(c, ColumnKind::number);
  t.add("draws", ColumnKind::integer);
  if (runs.size() < 2) return t;
  const RunResult& base = runs.front().result;
  const DetailLayout& l = base.detail_layout;
  const std::int64_t D = base.draws;
  std::vector<double> a(static_cast<std::size_t>(D)), b(a.size());
  static const std::pair<const char*, Metric> kMoney[] = {{"spending_total_yuan", m_spending_total},
                                                          {"spending_catastrophic_yuan", m_spending_catastrophic},
                                                          {"assistance_spending_yuan", m_assistance_spending},
                                                          {"out_of_pocket_yuan", m_out_of_pocket}};
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const RunResult& opt = runs[k].result;
    for (int y = 0; y < base.years; ++y) {
      const int year = base.first_year + y;
      if (!years.empty() && std::find(years.begin(), years.end(), year) == years.end()) continue;
      auto row = [&](const std::string& group, const std::string& quintile, const std::string& measure) {
        const DiffStats s = diff_stats(a, b);
        t.append({runs[k].name, static_cast<std::int64_t>(year), group, quintile, measure, s.base, s.option, s.diff,
                  s.se, s.se_independent, D});
      };
      for (const auto& [name, metric] : kMoney) {
        for (std::int64_t d = 0; d < D; ++d) {
          a[static_cast<std::size_t>(d)] = base.value(d, y, metric);
          b[static_cast<std::size_t>(d)] = opt.value(d, y, metric);
        }
        row("fund", "all", name);
      }
      for (std::size_t g : {std::size_t{2}, std::size_t{1}})  // all, assisted
        for (int q = 0; q < l.ages; ++q)
          for (std::size_t m = 1; m < l.kinds.size(); ++m) {  // every measure but the persons
            const std::size_t off = l.offset(y, m, g, q);
            for (std::int64_t d = 0; d < D; ++d) {
              a[static_cast<std::size_t>(d)] = detail_value(base, d, off);
              b[static_cast<std::size_t>(d)] = detail_value(opt, d, off);
            }
            row(l.sexes[g], q == 0 ? std::string("all") : std::to_string(q), l.kinds[m]);
          }
    }
  }
  return t;
}

BurdenComparison compare_burden(const BurdenCompareOptions& o, const std::atomic<bool>* cancel) {
  if (o.options.empty()) throw InputError("--compare: expected at least one option scenario file");
  std::vector<std::string> sets = o.sets;
  sets.push_back("run.engine=micro");
  if (o.persons > 0) sets.push_back("run.persons=" + std::to_string(o.persons));
  BurdenComparison c;
  std::vector<std::string> files = {o.baseline};
  files.insert(files.end(), o.options.begin(), o.options.end());
  std::vector<LoadedScenario> loaded;
  for (const std::string& f : files) loaded.push_back(load_scenario(f, sets));  // every file checked first
  const Scenario& s0 = loaded.front().scenario;
  const std::int64_t draws = o.draws > 0 ? o.draws : s0.run.draws;
  if (draws < 2) throw InputError("--draws: expected at least 2 draws (standard errors need two)");
  c.seed = o.seed_given ? o.seed : static_cast<std::uint64_t>(s0.run.seed);
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    const RunParams& r = loaded[i].scenario.run;
    if (r.jump_off_year != s0.run.jump_off_year || r.end_year != s0.run.end_year || r.persons != s0.run.persons)
      throw InputError(files[i] + ": run.jump_off_year, run.end_year and run.persons must equal the baseline's (" +
                       files[0] + ") so that the options settle the same persons");
  }
  for (int y : o.years)
    if (y <= s0.run.jump_off_year || y > s0.run.end_year)
      throw InputError(fmt::format("--year {}: expected a projected year, {} to {}", y, s0.run.jump_off_year + 1,
                                   s0.run.end_year));
  for (LoadedScenario& l : loaded) {
    BurdenRun run;
    run.name = l.scenario.name;
    RunOutcome out = run_scenario(l, draws, c.seed, o.threads, cancel);  // keeps the burden detail itself
    run.result = std::move(out.result);
    for (auto& [name, text] : out.extra_files)
      if (name == "burden.csv") run.burden_csv = std::move(text);
    run.loaded = std::move(l);
    c.runs.push_back(std::move(run));
  }
  c.table = burden_comparison_table(c.runs, o.years);
  return c;
}

std::string burden_summary(const BurdenComparison& c) {
  std::string s;
  if (c.runs.empty()) return s;
  const RunResult& r0 = c.runs.front().result;
  s += fmt::format("fundsim burden: {} — {} draws, seed {}, the same persons in every option\n",
                   c.runs.front().name, r0.draws, c.seed);
  const Table& t = c.table;
  auto col = [&](const char* name) -> const TableColumn& {
    for (const TableColumn& c : t.columns)
      if (c.name == name) return c;
    throw std::logic_error("burden_summary: no column");
  };
  const std::vector<std::string>&opt = col("option").text, &grp = col("group").text, &qnt = col("income_quintile").text,
                                   &msr = col("measure").text;
  const std::vector<std::int64_t>& yr = col("year").integers;
  const std::vector<double>&dif = col("difference_mean").numbers, &se = col("difference_se").numbers,
                             &bas = col("baseline_mean").numbers;
  const int first = r0.first_year, last = r0.first_year + r0.years - 1;
  const int show = std::min(last, std::max(first, 2035));
  for (std::size_t k = 1; k < c.runs.size(); ++k) {
    s += fmt::format("  {} against {} in {}:\n", c.runs[k].name, c.runs.front().name, show);
    for (std::size_t i = 0; i < t.rows(); ++i) {
      if (opt[i] != c.runs[k].name || yr[i] != show || qnt[i] != "all") continue;
      const std::string& g = grp[i];
      const std::string& m = msr[i];
      const bool money = g == "fund";
      const bool share = g == "all" && (m == "share_oop_over_high_share_of_income" || m == "share_impoverished" ||
                                        m == "mean_out_of_pocket_yuan");
      if (!money && !share) continue;
      if (money)
        s += fmt::format("    {:<36} {:+.3f} bn yuan (se {:.3f}; baseline {:.1f} bn)\n", m, dif[i] / 1e9,
                         se[i] / 1e9, bas[i] / 1e9);
      else if (m == "mean_out_of_pocket_yuan")
        s += fmt::format("    {:<36} {:+.2f} yuan per person (se {:.2f}; baseline {:.1f})\n", m, dif[i],
                         se[i], bas[i]);
      else
        s += fmt::format("    {:<36} {:+.4f} points (se {:.4f}; baseline {:.3f}%)\n", m, 100 * dif[i],
                         100 * se[i], 100 * bas[i]);
    }
  }
  return s;
}

}  // namespace fundsim
