// The individual sampler: simulates persons of one cell under exactly the claims model of
// aggregate.hpp and applies the SAME calculator (compute_benefits) to each person. It validates the
// aggregate layer and gives individual-level outcomes (out-of-pocket burden).
//
// Per person: N ~ Poisson(lambda); if N = n >= 1, a level L ~ w and X ~ LogNormal(log(m_L n^theta
// scale), sigma), entered as n admissions of X/n at level L. Chronic/special user with probability
// p_cs (cost lognormal); a non-user of chronic/special is a hypertension (两病) user with p_h and,
// independently, a diabetes user with p_d (the person-level draw of two_diseases_users, kept as an
// independent generator so that it checks that function). General outpatient user with p_op. The
// generator is passed in; use make_rng(seed, cell_or_check, Purpose::sampler).
#pragma once

#include <array>
#include <cstdint>

#include "benefits/aggregate.hpp"
#include "benefits/benefit_params.hpp"
#include "random/streams.hpp"

namespace fundsim::benefits {

struct CellClaims {
  Group group = kGeneral;
  double lambda = 0.15;  // admissions per person-year
  InpatientClaims inpatient;
  ServiceClaims outpatient;
  ServiceClaims chronic_special;
  ServiceClaims hypertension;  // among non-users of chronic/special
  ServiceClaims diabetes;      // among non-users of chronic/special
};

enum SampledTier : int {
  kSBasicInpatient = 0,
  kSOutpatient,
  kSChronicSpecial,
  kSTwoDiseases,
  kSCatastrophic,
  kSAssistance,
  kSOutOfPocket,
  kSTotalCost,
  kSInpatientOutOfPocket,  // out of pocket on inpatient costs only
  kSInpatientCost,
  kSCatastrophicBeneficiary,  // 1 if the person's catastrophic payment is positive (a beneficiary)
  kSampledTiers
};

struct SampleStat {
  double mean = 0;
  double se = 0;  // standard error of the mean
};

struct SampleResult {
  std::uint64_t persons = 0;
  std::array<SampleStat, kSampledTiers> tier;
};

// The exact aggregate expectations (aggregate.hpp: InpatientTable::mix, outpatient_moments,
// chronic_special_moments, two_diseases_moments) of the tiers the sampler measures, per person of the
// cell, and the variance per person of the basic inpatient payment: what the sampler is held to.
struct CellExpectation {
  std::array<double, kSampledTiers> mean{};
  double basic_inpatient_var = 0;
};
CellExpectation expected_tiers(const CellClaims& cell, const YearRules& rules);

// Simulates `persons` persons (>= 2) of the cell. Throws InputError on invalid claims.
SampleResult sample_cell(const CellClaims& cell, const YearRules& rules, std::uint64_t persons, Rng& rng);

}  // namespace fundsim::benefits
