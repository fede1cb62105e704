// benefits::two_diseases_users: the 两病 user shares against their closed form.
#include "benefits/two_diseases_users.hpp"

#include <gtest/gtest.h>

#include "benefits/aggregate.hpp"
#include "test_rules.hpp"

namespace fundsim::benefits {
namespace {

constexpr double kProbabilities[] = {0.0, 1e-9, 0.03, 0.25, 0.5, 0.8, 0.999, 1.0};

// Non-users of 两病: chronic/special users plus eligible persons with neither disease benefit.
double non_users(double p_cs, double p_h, double p_d) { return p_cs + (1.0 - p_cs) * (1.0 - p_h) * (1.0 - p_d); }

TEST(TwoDiseasesUsers, SharesAndNonUsersSumToOne) {
  for (double p_cs : kProbabilities)
    for (double p_h : kProbabilities)
      for (double p_d : kProbabilities) {
        const TwoDiseasesUsers u = two_diseases_users(p_cs, p_h, p_d);
        const double classes = u.hypertension_only + u.diabetes_only + u.both;
        EXPECT_NEAR(classes + non_users(p_cs, p_h, p_d), 1.0, 4e-16) << p_cs << ' ' << p_h << ' ' << p_d;
        EXPECT_NEAR(u.users(), classes, 4e-16) << p_cs << ' ' << p_h << ' ' << p_d;
        for (double s : {u.hypertension_only, u.diabetes_only, u.both, u.users()}) {
          EXPECT_GE(s, 0.0);
          EXPECT_LE(s, 1.0 - p_cs + 1e-16);
        }
      }
}

TEST(TwoDiseasesUsers, NoneWhenEveryoneUsesChronicSpecial) {
  for (double p_h : kProbabilities)
    for (double p_d : kProbabilities) {
      const TwoDiseasesUsers u = two_diseases_users(1.0, p_h, p_d);
      EXPECT_EQ(u.eligible, 0.0);
      EXPECT_EQ(u.hypertension_only, 0.0);
      EXPECT_EQ(u.diabetes_only, 0.0);
      EXPECT_EQ(u.both, 0.0);
      EXPECT_EQ(u.users(), 0.0);
    }
}

TEST(TwoDiseasesUsers, IndependentProductsWithoutChronicSpecial) {
  for (double p_h : kProbabilities)
    for (double p_d : kProbabilities) {
      const TwoDiseasesUsers u = two_diseases_users(0.0, p_h, p_d);
      EXPECT_EQ(u.eligible, 1.0);
      EXPECT_EQ(u.hypertension_only, p_h * (1.0 - p_d));
      EXPECT_EQ(u.diabetes_only, p_d * (1.0 - p_h));
      EXPECT_EQ(u.both, p_h * p_d);
      EXPECT_EQ(u.users(), 1.0 - (1.0 - p_h) * (1.0 - p_d));
    }
}

TEST(TwoDiseasesUsers, ScaleWithTheNonChronicShare) {
  // Every share is (1 - p_cs) times its value at p_cs = 0.
  const double p_h = 0.3, p_d = 0.12;
  const TwoDiseasesUsers u0 = two_diseases_users(0.0, p_h, p_d);
  for (double p_cs : kProbabilities) {
    const TwoDiseasesUsers u = two_diseases_users(p_cs, p_h, p_d);
    EXPECT_NEAR(u.hypertension_only, (1.0 - p_cs) * u0.hypertension_only, 1e-16);
    EXPECT_NEAR(u.diabetes_only, (1.0 - p_cs) * u0.diabetes_only, 1e-16);
    EXPECT_NEAR(u.both, (1.0 - p_cs) * u0.both, 1e-16);
  }
}

TEST(TwoDiseasesUsers, MomentsMixTheUserClassesWithTheseShares) {
  // two_diseases_moments at (p_cs, p_h, p_d) is the mixture of its certain-user classes (hypertension
  // only, diabetes only, both) with the shares of two_diseases_users; the joint cap binds in the
  // hand rules (600 < 300 + 480), so the "both" class is the quadrature one.
  const YearRules y = resolve(testing::hand_rules(), 2025, 20000);
  const ServiceClaims h{.user_probability = 0.35, .median_yuan = 400, .sigma = 0.8};
  const ServiceClaims d{.user_probability = 0.15, .median_yuan = 700, .sigma = 0.6};
  ServiceClaims h1 = h, d1 = d, h0 = h, d0 = d;
  h1.user_probability = d1.user_probability = 1.0;
  h0.user_probability = d0.user_probability = 0.0;
  const ServiceMoments only_h = two_diseases_moments(h1, d0, 0.0, y), only_d = two_diseases_moments(h0, d1, 0.0, y),
                       both = two_diseases_moments(h1, d1, 0.0, y);
  for (double p_cs : {0.0, 0.1, 0.6, 1.0}) {
    const TwoDiseasesUsers u = two_diseases_users(p_cs, h.user_probability, d.user_probability);
    const ServiceMoments m = two_diseases_moments(h, d, p_cs, y);
    auto mix = [&](const Moments ServiceMoments::*k) {
      return u.hypertension_only * (only_h.*k).mean + u.diabetes_only * (only_d.*k).mean + u.both * (both.*k).mean;
    };
    for (auto k : {&ServiceMoments::payment, &ServiceMoments::out_of_pocket, &ServiceMoments::total_cost})
      EXPECT_NEAR((m.*k).mean, mix(k), 1e-12 * (1.0 + (m.*k).mean)) << p_cs;
    EXPECT_GT(both.payment.mean, only_h.payment.mean);
  }
}

static_assert(two_diseases_users(0.0, 0.5, 0.5).both == 0.25);
static_assert(two_diseases_users(1.0, 0.5, 0.5).users() == 0.0);

}  // namespace
}  // namespace fundsim::benefits
