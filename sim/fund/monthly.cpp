#include "fund/monthly.hpp"

#include <cmath>
#include <limits>

namespace fundsim {

std::optional<FlowItem> flow_item_from_name(std::string_view name) {
  for (int i = 0; i < kFlowItemCount; ++i)
    if (kFlowItems[static_cast<std::size_t>(i)].name == name) return static_cast<FlowItem>(i);
  return std::nullopt;
}

Months normalised(const std::vector<double>& shares) {
  Months w{};
  double s = 0.0;
  for (std::size_t m = 0; m < 12 && m < shares.size(); ++m) s += shares[m];
  for (std::size_t m = 0; m < 12 && m < shares.size(); ++m) w[m] = s > 0 ? shares[m] / s : 1.0 / 12.0;
  return w;
}

namespace {

// The calendars of the leaf items (totals are derived).
std::array<Months, kFlowItemCount> leaf_calendars(const MonthlyProfileParams& p) {
  std::array<Months, kFlowItemCount> c{};
  const Months next = normalised(p.individual_next_year_calendar);
  const Months cur = normalised(p.individual_current_year_calendar);
  const double a = p.individual_next_year_share;
  for (std::size_t m = 0; m < 12; ++m) c[f_revenue_individual][m] = a * next[m] + (1.0 - a) * cur[m];
  c[f_revenue_individual] = normalised({c[f_revenue_individual].begin(), c[f_revenue_individual].end()});
  c[f_revenue_assistance_paid] = c[f_revenue_individual];  // paid with the collection campaign
  c[f_revenue_subsidy_central] = normalised(p.subsidy_central_calendar);
  c[f_revenue_subsidy_provincial] = normalised(p.subsidy_provincial_calendar);
  c[f_revenue_subsidy_city] = normalised(p.subsidy_city_calendar);
  c[f_revenue_subsidy_county] = normalised(p.subsidy_county_calendar);
  c[f_revenue_subsidy] = c[f_revenue_subsidy_central];  // only for a subsidy without a level split
  c[f_revenue_interest] = normalised(p.interest_calendar);
  c[f_revenue_other] = normalised(p.other_revenue_calendar);
  c[f_spending_inpatient] = normalised(p.inpatient_calendar);
  c[f_spending_outpatient] = normalised(p.outpatient_calendar);
  c[f_spending_two_diseases] = normalised(p.two_diseases_calendar);
  c[f_spending_chronic_special] = normalised(p.chronic_special_calendar);
  c[f_spending_catastrophic] = normalised(p.catastrophic_calendar);
  c[f_spending_other] = normalised(p.other_spending_calendar);
  return c;
}

// December = annual minus the sum of January..November, so that the twelve months summed in order
// give the annual figure bit for bit. The subtraction is exact when December's share is at most one
// half (Sterbenz's lemma); otherwise December is nudged by an ulp, and where a rounding tie leaves no
// December that works, the largest earlier month is moved by one ulp (a change of about 1e-16 of it).
void finish_months(double annual, Months& out) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (int attempt = 0; attempt < 8; ++attempt) {
    double s = 0.0;
    for (std::size_t m = 0; m < 11; ++m) s += out[m];
    double last = annual - s;
    for (int i = 0; i < 4 && s + last != annual; ++i) last = std::nextafter(last, s + last < annual ? kInf : -kInf);
    out[11] = last;
    if (s + last == annual) return;
    std::size_t k = 0;
    for (std::size_t m = 1; m < 11; ++m)
      if (std::abs(out[m]) > std::abs(out[k])) k = m;
    out[k] = std::nextafter(out[k], kInf);
  }
}

// Months 1..11 = annual x share; December = the remainder.
void spread(double annual, const Months& w, Months& out) {
  for (std::size_t m = 0; m < 11; ++m) out[m] = annual * w[m];
  finish_months(annual, out);
}

// A total's months 1..11 as the sum of its parts, December the remainder of the annual total.
void sum_parts(double annual, std::initializer_list<const Months*> parts, Months& out) {
  for (std::size_t m = 0; m < 11; ++m) {
    double x = 0.0;
    for (const Months* p : parts) x += (*p)[m];
    out[m] = x;
  }
  finish_months(annual, out);
}

constexpr FlowItem kLevels[] = {f_revenue_subsidy_central, f_revenue_subsidy_provincial, f_revenue_subsidy_city,
                                f_revenue_subsidy_county};
constexpr FlowItem kRevenueParts[] = {f_revenue_individual, f_revenue_subsidy, f_revenue_interest, f_revenue_other};
constexpr FlowItem kSpendingParts[] = {f_spending_inpatient,       f_spending_outpatient,   f_spending_two_diseases,
                                       f_spending_chronic_special, f_spending_catastrophic, f_spending_other};

}  // namespace

FlowMonths spread_year(const MonthlyProfileParams& p, const FlowYear& annual) {
  const auto cal = leaf_calendars(p);
  FlowMonths out{};
  for (FlowItem i : {f_revenue_individual, f_revenue_assistance_paid, f_revenue_interest, f_revenue_other,
                     f_spending_inpatient, f_spending_outpatient, f_spending_two_diseases, f_spending_chronic_special,
                     f_spending_catastrophic, f_spending_other})
    spread(annual[i], cal[i], out[i]);
  double levels = 0.0;
  for (FlowItem l : kLevels) {
    spread(annual[l], cal[l], out[l]);
    levels += annual[l];
  }
  // A subsidy not split by level (a model without the split) follows the central calendar.
  Months unsplit{};
  spread(annual[f_revenue_subsidy] - levels, cal[f_revenue_subsidy], unsplit);
  sum_parts(annual[f_revenue_subsidy],
            {&out[f_revenue_subsidy_central], &out[f_revenue_subsidy_provincial], &out[f_revenue_subsidy_city],
             &out[f_revenue_subsidy_county], &unsplit},
            out[f_revenue_subsidy]);
  sum_parts(annual[f_revenue_total],
            {&out[f_revenue_individual], &out[f_revenue_subsidy], &out[f_revenue_interest], &out[f_revenue_other]},
            out[f_revenue_total]);
  sum_parts(annual[f_spending_total],
            {&out[f_spending_inpatient], &out[f_spending_outpatient], &out[f_spending_two_diseases],
             &out[f_spending_chronic_special], &out[f_spending_catastrophic], &out[f_spending_other]},
            out[f_spending_total]);
  return out;
}

std::array<Months, kFlowItemCount> item_calendars(const MonthlyProfileParams& p, const FlowYear& annual_mean) {
  auto cal = leaf_calendars(p);
  auto mix = [&](FlowItem total, std::initializer_list<FlowItem> parts, const Months& fallback) {
    Months w{};
    double t = 0.0;
    for (FlowItem q : parts) t += annual_mean[q];
    if (!(std::abs(t) > 0.0)) {
      cal[total] = fallback;
      return;
    }
    for (std::size_t m = 0; m < 12; ++m) {
      double x = 0.0;
      for (FlowItem q : parts) x += annual_mean[q] * cal[q][m];
      w[m] = x / t;
    }
    cal[total] = w;
  };
  double levels = 0.0;
  for (FlowItem l : kLevels) levels += annual_mean[l];
  if (std::abs(levels) > 0.0)
    mix(f_revenue_subsidy, {f_revenue_subsidy_central, f_revenue_subsidy_provincial, f_revenue_subsidy_city,
                            f_revenue_subsidy_county},
        cal[f_revenue_subsidy_central]);
  mix(f_revenue_total, {kRevenueParts[0], kRevenueParts[1], kRevenueParts[2], kRevenueParts[3]},
      normalised(p.other_revenue_calendar));
  mix(f_spending_total,
      {kSpendingParts[0], kSpendingParts[1], kSpendingParts[2], kSpendingParts[3], kSpendingParts[4],
       kSpendingParts[5]},
      normalised(p.other_spending_calendar));
  return cal;
}

// ---- LevelForecast ---------------------------------------------------------------------------

double LevelForecast::observed_share() const {
  double w = 0.0;
  for (std::size_t m = 0; m < 12; ++m)
    if (actual[m]) w += share[m];
  return w;
}

namespace {
struct Posterior {
  double mean = 1.0, var = 0.0;
};
Posterior posterior(const LevelForecast& f) {
  double w_obs = 0.0, a_obs = 0.0;
  for (std::size_t m = 0; m < 12; ++m)
    if (f.actual[m]) {
      w_obs += f.share[m];
      a_obs += *f.actual[m];
    }
  Posterior p{1.0, f.prior_var};
  if (!(w_obs > 0.0) || f.mean_annual == 0.0) return p;        // nothing informative seen
  const double x = a_obs / (f.mean_annual * w_obs);            // observed level
  if (!(f.prior_var > 0.0)) return {1.0, 0.0};                 // a level known for sure
  if (!(f.noise_var > 0.0)) return {x, 0.0};                   // months measure the level exactly
  const double prec = 1.0 / f.prior_var + w_obs / f.noise_var;
  p.mean = (1.0 / f.prior_var + x * w_obs / f.noise_var) / prec;
  p.var = 1.0 / prec;
  return p;
}
}  // namespace

double LevelForecast::level_mean() const { return posterior(*this).mean; }
double LevelForecast::level_var() const { return posterior(*this).var; }

double LevelForecast::cumulative_mean(int month) const {
  const Posterior p = posterior(*this);
  double seen = 0.0, w_rest = 0.0;
  for (int m = 0; m <= month && m < 12; ++m) {
    const auto k = static_cast<std::size_t>(m);
    if (actual[k]) seen += *actual[k];
    else w_rest += share[k];
  }
  return seen + p.mean * mean_annual * w_rest;
}

double LevelForecast::cumulative_sd(int month) const {
  const Posterior p = posterior(*this);
  double w_rest = 0.0;
  for (int m = 0; m <= month && m < 12; ++m)
    if (!actual[static_cast<std::size_t>(m)]) w_rest += share[static_cast<std::size_t>(m)];
  return std::abs(mean_annual) * std::sqrt(std::max(0.0, w_rest * w_rest * p.var + noise_var * w_rest));
}

double LevelForecast::month_mean(int month) const {
  const auto k = static_cast<std::size_t>(month);
  if (actual[k]) return *actual[k];
  return posterior(*this).mean * mean_annual * share[k];
}

double LevelForecast::month_sd(int month) const {
  const auto k = static_cast<std::size_t>(month);
  if (actual[k]) return 0.0;
  const Posterior p = posterior(*this);
  const double w = share[k];
  return std::abs(mean_annual) * std::sqrt(std::max(0.0, w * w * p.var + noise_var * w));
}

}  // namespace fundsim
