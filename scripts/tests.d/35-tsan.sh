#!/usr/bin/env bash
# ThreadSanitizer run of the parallel engine (issue 10): the library and the command built with
# clang, -fsanitize=thread and LLVM's OpenMP runtime, whose Archer tool (libarcher) tells TSan
# about OpenMP synchronisation. Runs a small scenario of each engine on 4 threads, then checks
# that 1 and 4 threads give identical summary.csv files.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build-tsan
if [ ! -f "$B/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFUNDSIM_TSAN=ON \
    -DFUNDSIM_WERROR=OFF -DFUNDSIM_WITH_TESTS=OFF -DFUNDSIM_WITH_PYTHON=OFF -DFUNDSIM_WITH_BENCH=OFF \
    -DFUNDSIM_WITH_MPI=OFF > "$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
fi
cmake --build "$B" --parallel "$(nproc)" --target fundsim
archer=$(ls /usr/lib/llvm-*/lib/libarcher.so 2>/dev/null | head -1)
[ -n "$archer" ] || { echo "tsan: libarcher.so not found (package libomp-dev)"; exit 1; }
export OMP_TOOL_LIBRARIES="$archer"
# Races inside the (uninstrumented) OpenMP runtime itself are not ours: Archer asks for
# ignore_noninstrumented_modules=1; races in fundsim's own code are still reported.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ignore_noninstrumented_modules=1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for case in "trend:tests/scenarios/extreme/trend/horizon-80-years.yaml:64" \
            "cell:tests/scenarios/extreme/cell/one-draw.yaml:8"; do
  IFS=: read -r engine scenario draws <<< "$case"
  for t in 4 1; do
    "$B/fundsim" run "$scenario" --draws "$draws" --threads "$t" --quiet --out "$out/$engine-$t"
  done
  cmp "$out/$engine-1/summary.csv" "$out/$engine-4/summary.csv"
  echo "tsan: $engine engine, $draws draws on 4 threads: no data race; 1 and 4 threads identical"
done
