#!/usr/bin/env bash
# THOROUGH tier: what the test command (scripts/test.sh, the FAST tier) leaves out for time. Run it
# before a release or after a change to the engine, the solver or the calibration; it is not part
# of `.ci/run`. Idempotent: installs what is missing, builds incrementally, then
#   1. the ctest tests labelled "slow" (tests/tiers.cmake) under AddressSanitizer +
#      UndefinedBehaviorSanitizer (the fast tier runs them only in the Release build, step 10);
#   2. every Python test, with those marked "thorough" (tests/python/conftest.py), and the
#      notebooks with FUNDSIM_NOTEBOOK_DRAWS=40 draws (the fast tier: 10);
#   3. fuzzing with 600 s per target (300 s for the actuals and pool readers) instead of 10-60 s.
# Together with scripts/test.sh this runs every test at full length. Takes one to two hours on a
# 2-core machine. Fails on the first failing part.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
run() {
  echo "=== thorough: $1"
  local start=$SECONDS
  shift
  "$@"
  echo "=== done ($((SECONDS - start)) s)"
}
run "slow ctest tests under the sanitizers" \
  env FUNDSIM_SANITIZER_TIER=slow FUNDSIM_SANITIZER_TIMEOUT=3600 bash scripts/tests.d/30-sanitizers.sh
run "Python: every test, the notebooks with 40 draws" \
  env FUNDSIM_PYTHON_TIER=all FUNDSIM_NOTEBOOK_DRAWS=40 bash scripts/tests.d/20-python.sh
run "fuzzing, 600 s per target" \
  env FUZZ_SECONDS=600 FUZZ_SET_SECONDS=600 FUZZ_ACTUALS_SECONDS=300 FUZZ_POOL_SECONDS=300 bash scripts/tests.d/40-fuzz.sh
