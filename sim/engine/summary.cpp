#include "engine/summary.hpp"

#include <algorithm>
#include <cmath>

namespace fundsim {

double quantile_sorted(const std::vector<double>& s, double p) {
  if (s.size() == 1) return s[0];
  const double h = (static_cast<double>(s.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

Stats describe(std::vector<double> v) {
  Stats st;
  if (v.empty()) return st;
  const double n = static_cast<double>(v.size());
  double sum = 0.0;
  for (double x : v) sum += x;  // draw order: fixed
  st.mean = sum / n;
  double ss = 0.0;
  for (double x : v) ss += (x - st.mean) * (x - st.mean);
  st.sd = v.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
  // The order statistics quantile_sorted reads (positions lo and lo + 1 of each p), selected in
  // ascending order, each within the part not yet placed: the values a full sort would put there
  // (the same quantiles, bit for bit), in O(n) per quantile instead of one O(n log n) sort.
  const double ps[] = {0.05, 0.25, 0.50, 0.75, 0.95};
  double* out[] = {&st.p05, &st.p25, &st.p50, &st.p75, &st.p95};
  if (v.size() == 1) {
    for (double* o : out) *o = v[0];
    return st;
  }
  auto placed = v.begin();  // [v.begin(), placed) holds the smallest values, in order where read
  for (int k = 0; k < 5; ++k) {
    const double h = (n - 1.0) * ps[k];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    const auto at_lo = v.begin() + static_cast<std::ptrdiff_t>(lo);
    if (at_lo >= placed) std::nth_element(placed, at_lo, v.end());
    // The next order statistic: the least value after lo (the values after lo are all >= it).
    const auto at_hi = v.begin() + static_cast<std::ptrdiff_t>(hi);
    if (hi != lo) std::iter_swap(at_hi, std::min_element(at_hi, v.end()));
    placed = at_hi + 1;
    *out[k] = v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  }
  return st;
}

namespace {
std::vector<double> column(const RunResult& r, int y, Metric m) {
  std::vector<double> v(static_cast<std::size_t>(r.draws));
  for (std::int64_t d = 0; d < r.draws; ++d) v[static_cast<std::size_t>(d)] = r.value(d, y, m);
  return v;
}
double share(const RunResult& r, int y, auto pred) {
  std::int64_t k = 0;
  for (std::int64_t d = 0; d < r.draws; ++d) k += pred(d) ? 1 : 0;
  (void)y;
  return r.draws > 0 ? static_cast<double>(k) / static_cast<double>(r.draws) : 0.0;
}
}  // namespace

std::vector<SummaryRow> summarise(const RunResult& r) {
  std::vector<SummaryRow> rows;
  for (int y = 0; y < r.years; ++y)
    for (Metric m : r.metrics) rows.push_back({r.first_year + y, m, describe(column(r, y, m))});
  return rows;
}

std::vector<RiskRow> risk_table(const RunResult& r, const WarningParams& w) {
  std::vector<RiskRow> rows;
  for (int y = 0; y < r.years; ++y) {
    RiskRow row{};
    row.year = r.first_year + y;
    row.p_current_deficit = share(r, y, [&](std::int64_t d) { return r.value(d, y, m_balance_current) < 0.0; });
    row.p_depleted = share(r, y, [&](std::int64_t d) { return r.value(d, y, m_balance_cumulative) < 0.0; });
    row.p_months_below_red =
        share(r, y, [&](std::int64_t d) { return r.value(d, y, m_months_payable) < w.red_months; });
    row.p_months_below_amber =
        share(r, y, [&](std::int64_t d) { return r.value(d, y, m_months_payable) < w.amber_months; });
    const Stats st = describe(column(r, y, m_months_payable));
    row.months_payable_p05 = st.p05;
    row.months_payable_p50 = st.p50;
    row.months_payable_p95 = st.p95;
    rows.push_back(row);
  }
  return rows;
}

std::vector<DepletionRow> depletion_distribution(const RunResult& r) {
  std::vector<std::int64_t> count(static_cast<std::size_t>(r.years) + 1, 0);
  for (std::int64_t d = 0; d < r.draws; ++d) {
    int first = r.years;  // never
    for (int y = 0; y < r.years; ++y)
      if (r.value(d, y, m_balance_cumulative) < 0.0) {
        first = y;
        break;
      }
    ++count[static_cast<std::size_t>(first)];
  }
  std::vector<DepletionRow> rows;
  std::int64_t cum = 0;
  const double n = r.draws > 0 ? static_cast<double>(r.draws) : 1.0;
  for (int y = 0; y <= r.years; ++y) {
    const std::int64_t k = count[static_cast<std::size_t>(y)];
    cum += k;
    // "never" closes the distribution: its cumulative count is every draw (cumulative probability
    // 1).
    rows.push_back({y < r.years ? r.first_year + y : 0, static_cast<double>(k) / n,
                    static_cast<double>(cum) / n, k, cum});
  }
  return rows;
}

int warning_band(double m, const WarningParams& w) {
  return m < 0.0                    ? 0
         : m < w.red_months         ? 1
         : m < w.amber_months       ? 2
         : m < w.target_months      ? 3
         : m <= w.excessive_months  ? 4
                                    : 5;
}

std::vector<WarningRow> warning_table(const RunResult& r, const WarningParams& w) {
  std::vector<WarningRow> rows;
  for (int y = 0; y < r.years; ++y) {
    WarningRow row{};
    row.year = r.first_year + y;
    const double n = r.draws > 0 ? static_cast<double>(r.draws) : 1.0;
    std::int64_t c[6] = {0, 0, 0, 0, 0, 0}, deficit = 0;
    for (std::int64_t d = 0; d < r.draws; ++d) {
      const double m = r.value(d, y, m_months_payable);
      const int band = warning_band(m, w);
      ++c[band];
      deficit += r.value(d, y, m_balance_current) < 0.0 ? 1 : 0;
    }
    row.p_exhausted = static_cast<double>(c[0]) / n;
    row.p_red = static_cast<double>(c[1]) / n;
    row.p_amber = static_cast<double>(c[2]) / n;
    row.p_target = static_cast<double>(c[3]) / n;
    row.p_comfortable = static_cast<double>(c[4]) / n;
    row.p_excessive = static_cast<double>(c[5]) / n;
    row.p_current_deficit = static_cast<double>(deficit) / n;
    row.p_red_or_worse = static_cast<double>(c[0] + c[1]) / n;
    rows.push_back(row);
  }
  return rows;
}

std::vector<int> milestone_years(int first_year, int last_year) {
  std::vector<int> years;
  for (int y = first_year + 1; y < last_year; ++y)
    if (y % (y - first_year <= 20 ? 5 : 10) == 0) years.push_back(y);
  if (last_year >= first_year) years.push_back(last_year);
  return years;
}

int first_red_year(const std::vector<WarningRow>& rows, double threshold) {
  for (const auto& r : rows)
    if (r.p_red_or_worse > threshold) return r.year;
  return 0;
}

HeadlineFigures headline_figures(const RunResult& r, const WarningParams& w) {
  HeadlineFigures h;
  h.first_year = r.first_year;
  h.last_year = r.first_year + r.years - 1;
  h.draws = r.draws;
  const auto risk = risk_table(r, w);
  auto at_year = [&](int year) -> const RiskRow* {
    for (const auto& x : risk)
      if (x.year == year) return &x;
    return nullptr;
  };
  const std::vector<int> milestones = milestone_years(h.first_year, h.last_year);
  std::vector<int> with_first = milestones;  // the months-payable years: the first year and the milestones
  if (with_first.empty() || with_first.front() != r.first_year) with_first.insert(with_first.begin(), r.first_year);
  // "Exhausted by Y": the reserve was negative in some year up to Y (the cumulative probability of
  // depletion.csv and the solver's criterion), not only in Y itself: a path whose reserve recovers
  // (e.g. under a contribution rule) still counts.
  const std::vector<DepletionRow> first = depletion_distribution(r);
  for (int y : milestones)
    for (const DepletionRow& x : first)
      if (x.year == y) h.p_depleted_by.emplace_back(y, x.cumulative_probability);
  for (const auto& x : risk)
    if (x.p_current_deficit > 0.5) {
      h.first_year_deficit_over_half = x.year;
      break;
    }
  for (int y : with_first)
    if (const RiskRow* x = at_year(y)) h.months_payable_p50.emplace_back(y, x->months_payable_p50);
  h.red_probability_threshold = w.red_probability_threshold;
  h.red_months = w.red_months;
  h.first_red_year = first_red_year(warning_table(r, w), w.red_probability_threshold);
  return h;
}

// The distribution across draws of one entry (offset `off`) of the per-draw detail.
Stats detail_stats(const RunResult& r, std::size_t off) {
  std::vector<double> v(static_cast<std::size_t>(r.draws));
  for (std::int64_t d = 0; d < r.draws; ++d)
    v[static_cast<std::size_t>(d)] = r.detail[static_cast<std::size_t>(d) * r.detail_size + off];
  return describe(std::move(v));
}

Table tabulate_burden_detail(const RunResult& r) {
  Table t;
  t.add("year", ColumnKind::integer);
  t.add("group", ColumnKind::text);
  t.add("income_quintile", ColumnKind::text);
  t.add("measure", ColumnKind::text);
  for (const char* c : {"mean", "p05", "p50", "p95"}) t.add(c, ColumnKind::number);
  const DetailLayout& l = r.detail_layout;
  if (l.name != "burden" || r.detail_size == 0 || r.draws == 0) return t;
  for (int y = 0; y < l.years; ++y)
    for (std::size_t g = 0; g < l.sexes.size(); ++g)
      for (int q = 0; q < l.ages; ++q)
        for (std::size_t k = 0; k < l.kinds.size(); ++k) {
          const Stats st = detail_stats(r, l.offset(y, k, g, q));
          t.append({static_cast<std::int64_t>(r.first_year + y), l.sexes[g], q == 0 ? std::string("all") : std::to_string(q),
                    l.kinds[k], st.mean, st.p05, st.p50, st.p95});
        }
  return t;
}

std::string burden_csv(const RunResult& r) { return to_csv(tabulate_burden_detail(r)); }

}  // namespace fundsim
