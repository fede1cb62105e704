#include "demography/life_table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fundsim {
namespace {
constexpr double kInfForce = 1e300;  // force of mortality standing for q = 1
}  // namespace

std::vector<double> single_year_mx(const std::vector<double>& ab) {
  if (ab.size() != 22) throw std::invalid_argument("single_year_mx: need 22 abridged rates");
  std::vector<double> m(kAges, 0.0);
  constexpr double kTiny = 1e-12;  // floor so that logs stay finite
  auto lg = [&](double v) { return std::log(std::max(v, kTiny)); };
  m[0] = ab[0];
  for (int x = 1; x <= 4; ++x) m[x] = ab[1];
  // Abridged index i in 2..20 is the group 5(i-1) .. 5(i-1)+4. Mid-points: index i -> 5(i-1) + 2.5; the open group (index 21) is placed at 100.5.
  auto mid = [](int i) { return i == 21 ? 100.5 : 5.0 * (i - 1) + 2.5; };
  for (int x = 5; x <= 99; ++x) {
    const double t = x + 0.5;
    if (t <= mid(2)) {
      m[x] = ab[2];
      continue;
    }
    int i = 2;
    while (i < 21 && mid(i + 1) < t) ++i;
    const double w = (t - mid(i)) / (mid(i + 1) - mid(i));
    m[x] = std::exp((1.0 - w) * lg(ab[i]) + w * lg(ab[i + 1]));
  }
  m[100] = ab[21];
  return m;
}

std::vector<double> single_year_weights(const std::vector<double>& ab) {
  if (ab.size() != 22) throw std::invalid_argument("single_year_weights: need 22 weights");
  std::vector<double> w(kAges, 0.0);
  w[0] = ab[0];
  for (int x = 1; x <= 4; ++x) w[x] = ab[1];
  for (int x = 5; x <= 99; ++x) w[x] = ab[x / 5 + 1];
  w[100] = ab[21];
  double s = 0.0;
  for (double v : w) s += v;
  if (s > 0.0)
    for (double& v : w) v /= s;
  return w;
}

double q_from_m(double m) { return -std::expm1(-std::max(m, 0.0)); }

namespace {
// The person-years column L_x from q (kAges each), and each age's clamped q, m and l when asked
// (life_table_from_q): the one place both the table and e_0 compute it.
void person_years(const double* q, double* L, double* q_out = nullptr, double* m_out = nullptr,
                  double* l_out = nullptr) {
  double l = 1.0;
  for (int x = 0; x < kAges; ++x) {
    const double qx = std::clamp(q[x], 0.0, 1.0);
    const double mx = qx >= 1.0 ? kInfForce : -std::log1p(-qx);
    if (q_out) q_out[x] = qx;
    if (m_out) m_out[x] = mx;
    if (l_out) l_out[x] = l;
    if (x < kMaxAge) {
      // L = l q / m, with the limit l (1 - q/2) for tiny m, and l q / m -> 0 when q = 1.
      L[x] = mx < 1e-10 ? l * (1.0 - 0.5 * qx) : (qx >= 1.0 ? 0.0 : l * qx / mx);
      l *= 1.0 - qx;
    } else {
      // Open group: T_100 = l_100 / m_100 (0 if everyone dies; capped if m is ~0).
      L[x] = mx >= kInfForce ? 0.0 : l / std::max(mx, 1e-6);
    }
  }
}
}  // namespace

LifeTable life_table_from_q(const double* q) {
  LifeTable t;
  t.m.assign(kAges, 0.0);
  t.q.assign(kAges, 0.0);
  t.l.assign(kAges, 0.0);
  t.L.assign(kAges, 0.0);
  t.e.assign(kAges, 0.0);
  person_years(q, t.L.data(), t.q.data(), t.m.data(), t.l.data());
  double T = 0.0;
  for (int x = kMaxAge; x >= 0; --x) {
    T += t.L[x];
    t.e[x] = t.l[x] > 0.0 ? T / t.l[x] : 0.0;
  }
  return t;
}

// e_0 of life_table_from_q without the table's vectors: the same L_x summed in the same order from
// the open group down (the same bits), over l_0 = 1.
double life_expectancy_at_birth(const double* q) {
  double L[kAges];
  person_years(q, L);
  double T = 0.0;
  for (int x = kMaxAge; x >= 0; --x) T += L[x];
  return T;
}

}  // namespace fundsim
