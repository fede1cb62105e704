// How smooth are the inpatient tables in the unit cost and in the catastrophic deductible? (issue 20:
// can they be interpolated instead of rebuilt each draw-year, within 1e-6 of their scale?)
//
// For each direction (ln of the unit-cost scale U at a fixed deductible D; ln D at a fixed U) and grid
// step h, the tables are built at the six nodes y0 - 2h .. y0 + 3h of a sliding stencil and
// interpolated (6-point Lagrange) at the stencil's centre y0 + h/2, against the table built there.
// Printed: the largest error of a catastrophic entry E[cat | n] relative to the entry's total cost,
// and the largest relative error of the per-person means of each tier at three admission rates.
// National rules (sim/benefits/national_baseline_benefits.yaml), claims near the baseline's.
//
//   bash bench/table_smoothness.sh [sigma] [largest D]    (defaults 0.9, 120000)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "benefits/aggregate.hpp"

using namespace fundsim;
using namespace fundsim::benefits;

namespace {
YearRules national(double deductible_yuan) {
  YearRules r;
  r.compliant_share = 0.85;
  r.inpatient_deductible_yuan = {200, 500, 1000};
  r.inpatient_ratio = {0.85, 0.75, 0.65};
  r.inpatient_cap_yuan = 150000;
  r.catastrophic.deductible_yuan = deductible_yuan;
  r.catastrophic.n_tiers = 3;
  r.catastrophic.from_yuan = {0, 50000, 100000};
  r.catastrophic.ratio = {0.6, 0.7, 0.8};
  r.catastrophic.cap_yuan = 400000;
  r.assistance_share = 0.7;
  r.assistance_limit_yuan = 30000;
  return r;
}
InpatientClaims claims(double scale, double sigma) {
  InpatientClaims c;
  c.level_weights = {0.25, 0.4, 0.35};
  c.median_yuan = {2500 * scale, 6000 * scale, 13000 * scale};
  c.theta = 0.7;
  c.sigma = sigma;
  return c;
}
}  // namespace

int main(int argc, char** argv) {
  const double sigma = argc > 1 ? std::atof(argv[1]) : 0.9;
  const double d_max = argc > 2 ? std::atof(argv[2]) : 120000.0;
  const double lambdas[] = {0.15, 1.0, 2.5};
  const char* tiers[] = {"basic", "catastrophic", "assistance", "out of pocket", "total cost"};
  std::printf("sigma %.2f, deductible 8,000 to %.0f yuan (ln D direction), U 0.4 to 6 (ln U direction, D = 30,000)\n",
              sigma, d_max);
  for (int dir = 0; dir < 2; ++dir)
    for (double h : {0.2, 0.1, 0.05, 0.025}) {
      double worst[3][kInpatientTiers] = {}, worst_entry = 0.0;
      int worst_n = 0;
      const double lo = std::log(8000.0), hi = dir == 0 ? std::log(120000.0) : std::log(d_max);
      for (int g = 0; g < kGroups; ++g)
        for (double y0 = lo; y0 + 3.5 * h < hi; y0 += 0.037) {
          auto table = [&](double y) {
            const double scale = dir == 0 ? std::exp(y) / 20000.0 : 1.5, d = dir == 0 ? 30000.0 : std::exp(y);
            return InpatientTable(claims(scale, sigma), national(d), static_cast<Group>(g), SecondMoments::kNone);
          };
          std::vector<InpatientTable> nodes;
          for (int k = -2; k <= 3; ++k) nodes.push_back(table(y0 + k * h));
          double w[6];
          for (int k = 0; k < 6; ++k) {
            double p = 1.0;
            for (int j = 0; j < 6; ++j)
              if (j != k) p *= (0.5 - (j - 2)) / static_cast<double>(k - j);
            w[k] = p;
          }
          const InpatientTable exact = table(y0 + 0.5 * h);
          for (int n = 1; n <= InpatientTable::kMaxAdmissions; ++n) {
            double v = 0.0;
            for (int k = 0; k < 6; ++k) v += w[k] * nodes[static_cast<std::size_t>(k)].mean_given(n, kCatastrophic);
            const double err = std::abs(v - exact.mean_given(n, kCatastrophic)) / exact.mean_given(n, kTotalCost);
            if (err > worst_entry) worst_entry = err, worst_n = n;
          }
          for (int li = 0; li < 3; ++li) {
            const InpatientMoments m = exact.mix(lambdas[li]);
            for (int t = 0; t < kInpatientTiers; ++t) {
              if (m.tier[t].mean == 0.0) continue;
              double v = 0.0;
              for (int k = 0; k < 6; ++k) v += w[k] * nodes[static_cast<std::size_t>(k)].mix(lambdas[li]).tier[t].mean;
              worst[li][t] = std::max(worst[li][t], std::abs(v - m.tier[t].mean) / std::abs(m.tier[t].mean));
            }
          }
        }
      std::printf("\n%s, h = %.3f: catastrophic entry error / the entry's total cost %.1e (n = %d)\n",
                  dir == 0 ? "ln U" : "ln D", h, worst_entry, worst_n);
      for (int t = 0; t < kInpatientTiers; ++t) {
        std::printf("  %-14s relative error of the per-person mean at lambda 0.15 / 1 / 2.5:", tiers[t]);
        for (int li = 0; li < 3; ++li) std::printf(" %.1e", worst[li][t]);
        std::printf("\n");
      }
    }
}
