#!/usr/bin/env bash
# Configures, if not yet configured, the AddressSanitizer + UndefinedBehaviorSanitizer build that
# scripts/tests.d/30-sanitizers.sh and 40-fuzz.sh share (clang, -O1 with line tables, the fuzz
# targets; no benchmarks, Python module or MPI; warnings are enforced by the gcc Release build).
#   bash scripts/asan-configure.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:?usage: asan-configure.sh BUILD_DIR}
if [ ! -f "$B/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" -DFUNDSIM_SANITIZE=ON -DFUNDSIM_FUZZ=ON \
    -DFUNDSIM_WERROR=OFF -DFUNDSIM_WITH_PYTHON=OFF -DFUNDSIM_WITH_BENCH=OFF -DFUNDSIM_WITH_MPI=OFF \
    > "$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
fi
