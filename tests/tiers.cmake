# Test tiers (read by ctest: tests/CMakeLists.txt adds this file to the directory's
# TEST_INCLUDE_FILES, after the include files of gtest_discover_tests, so the tests exist here).
#
# Label "slow": long statistical checks (large samples, variance ratios, tolerances against golden
# files) and checks that repeat one code path many times (solver bisections, re-runs for
# determinism). Every test, slow or not, runs in the Release build (scripts/tests.d/10-ctest.sh).
# The sanitizer step (scripts/tests.d/30-sanitizers.sh) skips "slow" (ctest -LE slow): each code
# path of a slow test is also run under the sanitizers by the test named after it. The thorough
# tier (scripts/test-thorough.sh) runs the "slow" tests under the sanitizers too.
#
# A name below that matches no test is an error of 30-sanitizers.sh (it counts the "slow" tests).
# gtest_discover_tests (CMake 3.25) names a parameterised test with its "  # GetParam() = ..."
# comment: those names are written in full.
# Calibration fits (minutes in Release) -- CalibrationDrivers.StratifiedPriorDrawsInTheParameterFile
# runs a calibration under the sanitizers.
set_tests_properties("CalibrationFit.RecoversKnownParametersFromSyntheticTargets" PROPERTIES LABELS "calibration;slow")
set_tests_properties("CalibrationFit.SameConfigGivesABitIdenticalParameterFileWhateverTheThreads" PROPERTIES LABELS "calibration;slow")
# A re-run for reproducibility -- CalibrationPrecedence.UserValueOfACalibratedKeyIsKept runs the
# same calibrated scenario, and Provenance.ResolvedScenarioReloadsToTheSameRun the reload.
set_tests_properties("CalibrationPrecedence.ResolvedScenarioReloadsToTheSameResults" PROPERTIES LABELS "calibration;slow")
# Million-person sampler comparisons -- the aggregate benefits code runs in Aggregate.* and
# BenefitCommand.*.
set_tests_properties("AggregateVsSampler.AllSettingsBothGroups" PROPERTIES LABELS "benefits;slow")
set_tests_properties("BenefitCommand.SamplerMatchesAggregateBaselineAndStress" PROPERTIES LABELS "benefits_cli;slow")
# Four runs of the cell engine on 1 and 2 threads -- the trend instance keeps the identity check
# under the sanitizers, the cell engine runs in Scenarios/Extreme.*/cell_*; 35-tsan.sh runs the
# cell engine on 4 threads.
set_tests_properties(
  [=[Engines/Determinism.SameSeedAndAnyThreadCountGiveIdenticalFiles/cell  # GetParam() = "tests/scenarios/valid/small-cell.yaml"]=]
  PROPERTIES LABELS "engine;slow")
# Regression tolerance check of the cell engine against its golden files -- the same code runs in
# Scenarios/Extreme.*/cell_* and in the trend golden instances.
set_tests_properties([=[Scenarios/Golden.SummaryWithinDeclaredTolerances/cell_small  # GetParam() = "cell-small"]=]
  PROPERTIES LABELS "golden;slow")
# Variance ratio of common vs independent draws on the cell engine -- CommonRandomNumbers.TrendEngine
# and .DifferenceOfAPathWithItselfIsZero keep the paths code under the sanitizers.
set_tests_properties("CommonRandomNumbers.CellEngine" PROPERTIES LABELS "paths;slow")
# Mean enrollees and spending per enrollee over 20 draws of two cell runs -- the enrolment response
# runs in every cell scenario (Scenarios/Extreme.*/cell_*, ConstrainedSolve.EnrolleeLoss*).
set_tests_properties("EnrolmentResponse.HigherContributionFewerAndCostlierEnrollees" PROPERTIES LABELS "paths;slow")
# Solver bisections on 200-300 draws -- Solver.IndividualGrowthWithMonthsTarget,
# Solver.InfeasibleRangeIsReportedNotInvented, ConstrainedSolve.EnrolleeLossIsAgainstTheScenariosOwnPath
# and SolveCommand.SolvedPathMeetsEveryConstraintWhenRunAndInfeasibleExitsThree keep the solver
# and the solve command under the sanitizers.
set_tests_properties("Solver.IndividualIncrementMeetsTargetAndOneStepLowerDoesNot" PROPERTIES LABELS "paths;slow")
set_tests_properties("SolveCommand.SolvedScenarioReproducesTheFiguresAndOneStepLowerFails" PROPERTIES LABELS "paths;slow")
set_tests_properties("ConstrainedSolve.LooserConstraintNeverGivesAHigherContribution" PROPERTIES LABELS "paths;slow")
# Sample moments of 20000 AR(1) paths against the closed form -- sample_path runs in the other
# CostTest tests.
set_tests_properties("CostTest.ExcessTrendMatchesAr1ClosedForm" PROPERTIES LABELS "costs;slow")
# Two pool calibrations (a small and a large synthetic pool) -- the pool calibration runs under the
# sanitizers in PoolCalibration.RecoversKnownParametersWithinTheirReported95PercentIntervals.
set_tests_properties("PoolCalibration.ASmallerPoolShrinksMoreTowardTheNationalEstimates" PROPERTIES LABELS "calibration;slow")
