#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build (issue 10) of the library, the command, the
# unit-test executables and the fuzz targets in build-asan/ (clang; no benchmarks, Python module or
# MPI; -O1 with line tables), then ctest on it. The same build serves scripts/tests.d/40-fuzz.sh,
# so CI compiles the library once for both. Warnings are enforced by the gcc Release build.
# FAST tier: the tests labelled "slow" in tests/tiers.cmake are skipped here (-LE slow): long
# statistical checks and repeated runs of one code path (calibration fits, sampler comparisons,
# solver bisections, determinism re-runs); each runs in the Release build (step 10), and the
# THOROUGH tier (scripts/test-thorough.sh) runs them under the sanitizers as well. Every other test
# runs under the sanitizers here, and tiers.cmake names for each slow test the fast ones that run
# its code under the sanitizers. FUNDSIM_SANITIZER_TIER=slow runs only the slow ones, =all every test.
# Any sanitizer report fails the test that triggered it (halt_on_error, no UBSan recovery).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${FUNDSIM_ASAN_BUILD_DIR:-build-asan}  # override to reuse another sanitizer build
bash scripts/asan-configure.sh "$B"
cmake --build "$B" --parallel "$(nproc)"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Every name of tests/tiers.cmake must be a test (a renamed test would otherwise silently lose its label).
listed=$(grep -c '^set_tests_properties' tests/tiers.cmake)
labelled=$(ctest --test-dir "$B" -N -L '^slow$' | sed -n 's/^Total Tests: //p')
[ "$listed" = "$labelled" ] || {
  echo "30-sanitizers: tests/tiers.cmake names $listed tests but $labelled carry the label slow" >&2; exit 1; }
case "${FUNDSIM_SANITIZER_TIER:-fast}" in
  fast) select=(-LE '^slow$') ;;
  slow) select=(-L '^slow$') ;;
  all) select=() ;;
  *) echo "30-sanitizers: FUNDSIM_SANITIZER_TIER must be fast, slow or all" >&2; exit 1 ;;
esac
ctest --test-dir "$B" --output-on-failure --parallel "$(nproc)" --timeout "${FUNDSIM_SANITIZER_TIMEOUT:-900}" \
  "${select[@]}"
