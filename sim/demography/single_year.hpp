// Splitting 5-year age groups into single years (Sprague fifth-difference osculatory multipliers).
#pragma once

#include <vector>

namespace fundsim {

// Splits groups 0-4, 5-9, ..., (5n-5)-(5n-1) followed by one open group into single years.
// `groups` holds n >= 5 closed groups and the open group last; the result has 5n + 1 entries
// (single ages 0 .. 5n-1, then the open group unchanged). The first two and last two closed
// groups use the standard Sprague end panels; negative single-year values are clipped to zero and
// the remaining values of that group rescaled so that every group total is reproduced exactly.
// Throws std::invalid_argument if fewer than 5 closed groups are given.
std::vector<double> sprague_split(const std::vector<double>& groups);

}  // namespace fundsim
