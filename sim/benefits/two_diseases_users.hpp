// Who draws the 两病 (hypertension/diabetes medication) benefit: the one statement of the rule that
// the cell engine's claims step, the aggregate moments (two_diseases_moments) and through them the
// individual sampler's expectations use.
//
// A chronic/special (门诊慢特病) user's 两病 medication is inside the chronic/special cost, so only
// non-users of chronic/special (probability 1 - p_cs) can be 两病 users; among them a person is a
// hypertension user with probability p_h and, independently, a diabetes user with p_d. The person
// level form of the same rule is the draw in sample_cell (sampler.cpp), which is kept as an
// independent generator so that the sampler checks this function rather than repeating it.
#pragma once

namespace fundsim::benefits {

// Shares of the persons of a cell (users and non-users of anything), each in [0, 1] for
// probabilities in [0, 1]. The products keep the order the engine has always used (the results of
// the cell engine depend on the last bits). T is double, or a GCC vector of doubles (the cell engine
// takes two cells at a time, cell_claims.hpp), lane by lane the same values.
template <class T>
struct TwoDiseasesUsersOf {
  T eligible{};           // 1 - p_cs: non-users of chronic/special
  T any_if_eligible{};    // 1 - (1 - p_h)(1 - p_d): a 两病 user, given eligible
  T hypertension_only{};  // eligible x p_h x (1 - p_d)
  T diabetes_only{};      // eligible x p_d x (1 - p_h)
  T both{};               // eligible x p_h x p_d

  // Share of 两病 users of either disease (the three classes above together).
  constexpr T users() const { return eligible * any_if_eligible; }
};
using TwoDiseasesUsers = TwoDiseasesUsersOf<double>;

// p_cs: chronic/special user probability; p_h, p_d: 两病 user probabilities among non-users of
// chronic/special. No validation (the callers' inputs are clamped probabilities; two_diseases_moments
// checks its own).
template <class T>
constexpr TwoDiseasesUsersOf<T> two_diseases_users(T p_cs, T p_h, T p_d) {
  TwoDiseasesUsersOf<T> u;
  u.eligible = 1.0 - p_cs;
  u.any_if_eligible = 1.0 - (1.0 - p_h) * (1.0 - p_d);
  u.hypertension_only = u.eligible * p_h * (1.0 - p_d);
  u.diabetes_only = u.eligible * p_d * (1.0 - p_h);
  u.both = u.eligible * p_h * p_d;
  return u;
}

}  // namespace fundsim::benefits
