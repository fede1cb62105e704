#!/usr/bin/env bash
# Builds and runs bench/table_smoothness.cpp against the project's library (build/ by default):
#   bash bench/table_smoothness.sh [sigma] [largest deductible]       BUILD=<build dir>
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${BUILD:-$here/build}")
[ -f "$build/libfundsim_core.a" ] || { echo "table_smoothness.sh: $build/libfundsim_core.a not found (bash scripts/build.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
c++ -std=c++20 -O2 -I"$here/sim" -I"$build/generated" "$here/bench/table_smoothness.cpp" "$build/libfundsim_core.a" \
  -lmvec -lfmt -lm -o "$tmp/table_smoothness"
"$tmp/table_smoothness" "$@"
