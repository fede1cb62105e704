// The cell layout shared by every stage: single-year age 0..100 (100 = 100+), sex, health state.
//
// A population by state is a flat vector indexed by cell(sex, age, state). Health states are bit
// flags: hypertension (1), diabetes (2), severe condition (4: stroke/heart disease, cancer,
// end-stage renal disease, collapsed into one state). State 0 is "none of these".
#pragma once

#include <cstddef>
#include <vector>

namespace fundsim {

inline constexpr int kMaxAge = 100;  // open age group 100+
inline constexpr int kAges = kMaxAge + 1;
inline constexpr int kSexes = 2;     // 0 = male, 1 = female
inline constexpr int kStates = 8;    // bit flags below
inline constexpr int kGroups = 2;    // 0 = general enrollees, 1 = assisted groups (特困, 低保, ...)

enum Sex : int { kMale = 0, kFemale = 1 };
enum StateBit : int { kHypertension = 1, kDiabetes = 2, kSevere = 4 };
enum Group : int { kGeneral = 0, kAssisted = 1 };

inline constexpr std::size_t kCells = static_cast<std::size_t>(kSexes) * kAges * kStates;

constexpr std::size_t cell(int sex, int age, int state) {
  return (static_cast<std::size_t>(sex) * kAges + static_cast<std::size_t>(age)) * kStates +
         static_cast<std::size_t>(state);
}

// The age of cell c (the inverse of cell() in its age).
constexpr int cell_age(std::size_t c) { return static_cast<int>((c / kStates) % kAges); }

// Persons by (sex, age, state).
using PopulationByState = std::vector<double>;

inline PopulationByState make_population() { return PopulationByState(kCells, 0.0); }

// Total of one (sex, age) over states.
inline double age_sex_total(const PopulationByState& p, int sex, int age) {
  double t = 0.0;
  for (int s = 0; s < kStates; ++s) t += p[cell(sex, age, s)];
  return t;
}

}  // namespace fundsim
