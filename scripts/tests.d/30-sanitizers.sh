#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build (issue 10) of the library, the command, the
# unit-test executables and the fuzz targets in build-asan/ (clang; no benchmarks, Python module or
# MPI; -O1 with line tables), then ctest on it. The same build serves scripts/tests.d/40-fuzz.sh,
# so CI compiles the library once for both. Warnings are enforced by the gcc Release build.
# Excluded for time (-E): the calibration fit tests and the million-person sampler comparisons
# (they run in the Release build, step 10); every other test runs under the sanitizers.
# Any sanitizer report fails the test that triggered it (halt_on_error, no UBSan recovery).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${FUNDSIM_ASAN_BUILD_DIR:-build-asan}  # override to reuse another sanitizer build
bash scripts/asan-configure.sh "$B"
cmake --build "$B" --parallel "$(nproc)"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$B" --output-on-failure --parallel "$(nproc)" --timeout 900 \
  -E '^(CalibrationFit\.|AggregateVsSampler\.|BenefitCommand\.SamplerMatchesAggregate)'
