#!/usr/bin/env bash
# Configures and builds fundsim (Release, every component) in build/. Idempotent and incremental:
# the configure step re-asserts the options so that an old build directory cannot keep others.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUNDSIM_BUILD_DIR:-build}
generator=()
[ -f "$BUILD_DIR/CMakeCache.txt" ] || generator=(-G Ninja)
cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_WERROR=ON \
  -DFUNDSIM_WITH_PYTHON=ON -DFUNDSIM_WITH_MPI=ON -DFUNDSIM_WITH_TESTS=ON -DFUNDSIM_WITH_BENCH=ON \
  -DFUNDSIM_SANITIZE=OFF -DFUNDSIM_TSAN=OFF > "$BUILD_DIR.configure.log" 2>&1 \
  || { cat "$BUILD_DIR.configure.log"; exit 1; }
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
