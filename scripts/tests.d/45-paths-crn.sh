#!/usr/bin/env bash
# Common random numbers: prints the variance ratio of the difference between two close
# contribution paths (+30 vs +31 yuan a year) on common vs independent draws, on both engines
# (the same tests also run under ctest, where their output is hidden unless they fail).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${FUNDSIM_BUILD_DIR:-build}
"$BUILD_DIR/tests/fundsim_paths_tests" --gtest_filter='CommonRandomNumbers.*:Solver.IndividualIncrement*' \
  | grep -E '^  |OK|FAILED|PASSED'
