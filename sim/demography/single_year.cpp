#include "demography/single_year.hpp"

#include <stdexcept>

namespace fundsim {
namespace {

// Sprague multipliers (Shryock & Siegel, The Methods and Materials of Demography, table 22-6;
// identical to DemoTools::sprague). Row j gives single age j of the target group; columns are
// the five groups the panel uses.
constexpr double kFirst[5][5] = {{0.3616, -0.2768, 0.1488, -0.0336, 0.0},
                                 {0.2640, -0.0960, 0.0400, -0.0080, 0.0},
                                 {0.1840, 0.0400, -0.0320, 0.0080, 0.0},
                                 {0.1200, 0.1360, -0.0720, 0.0160, 0.0},
                                 {0.0704, 0.1968, -0.0848, 0.0176, 0.0}};
constexpr double kSecond[5][5] = {{0.0336, 0.2272, -0.0752, 0.0144, 0.0},
                                  {0.0080, 0.2320, -0.0480, 0.0080, 0.0},
                                  {-0.0080, 0.2160, -0.0080, 0.0000, 0.0},
                                  {-0.0160, 0.1840, 0.0400, -0.0080, 0.0},
                                  {-0.0176, 0.1408, 0.0912, -0.0144, 0.0}};
constexpr double kMiddle[5][5] = {{-0.0128, 0.0848, 0.1504, -0.0240, 0.0016},
                                  {-0.0016, 0.0144, 0.2224, -0.0416, 0.0064},
                                  {0.0064, -0.0336, 0.2544, -0.0336, 0.0064},
                                  {0.0064, -0.0416, 0.2224, 0.0144, -0.0016},
                                  {0.0016, -0.0240, 0.1504, 0.0848, -0.0128}};

}  // namespace

std::vector<double> sprague_split(const std::vector<double>& groups) {
  if (groups.size() < 6) throw std::invalid_argument("sprague_split: need >= 5 closed groups");
  const int n = static_cast<int>(groups.size()) - 1;  // closed groups
  std::vector<double> out(5 * n + 1, 0.0);
  for (int g = 0; g < n; ++g) {
    for (int j = 0; j < 5; ++j) {
      double v = 0.0;
      if (g == 0) {
        for (int k = 0; k < 5; ++k) v += kFirst[j][k] * groups[k];
      } else if (g == 1) {
        for (int k = 0; k < 5; ++k) v += kSecond[j][k] * groups[k];
      } else if (g == n - 2) {  // mirror image of the second panel
        for (int k = 0; k < 5; ++k) v += kSecond[4 - j][k] * groups[n - 1 - k];
      } else if (g == n - 1) {  // mirror image of the first panel
        for (int k = 0; k < 5; ++k) v += kFirst[4 - j][k] * groups[n - 1 - k];
      } else {
        for (int k = 0; k < 5; ++k) v += kMiddle[j][k] * groups[g - 2 + k];
      }
      out[5 * g + j] = v;
    }
    // Clip negatives and restore the group total on the positive values.
    double pos = 0.0;
    bool neg = false;
    for (int j = 0; j < 5; ++j) {
      double& v = out[5 * g + j];
      if (v < 0.0) {
        v = 0.0;
        neg = true;
      }
      pos += v;
    }
    const double total = groups[g];
    if (neg || pos != total) {
      if (pos > 0.0) {
        const double f = total / pos;
        for (int j = 0; j < 5; ++j) out[5 * g + j] *= f;
      } else {
        for (int j = 0; j < 5; ++j) out[5 * g + j] = total / 5.0;
      }
    }
  }
  out[5 * n] = groups[n];
  return out;
}

}  // namespace fundsim
