#!/usr/bin/env bash
# Benchmark of a province run (issue 16): the Henan example, every pool, 1000 draws, 2025-2060, on 1
# and 2 threads (bench/run_bench.sh: wall, CPU, peak memory), then on 2 MPI ranks of 1 thread each.
#
#   bash bench/province_bench.sh                    # scenarios/henan/province.yaml, 1000 draws
#   DRAWS=100 bash bench/province_bench.sh [province.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
FUNDSIM=${FUNDSIM:-build/fundsim}
DRAWS=${DRAWS:-1000}
PROVINCE=${1:-scenarios/henan/province.yaml}
FUNDSIM="$FUNDSIM" DRAWS="$DRAWS" THREADS="1 2" bash bench/run_bench.sh "$PROVINCE"
if command -v mpirun > /dev/null; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  start=$(date +%s.%N)
  mpirun --allow-run-as-root --oversubscribe --bind-to none -np 2 "$FUNDSIM" run "$PROVINCE" --draws "$DRAWS" \
    --threads 1 --out "$tmp/out" --quiet
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v d="$DRAWS" 'BEGIN {printf "mpirun -np 2 (1 thread each), %s draws: wall %.1f s\n", d, b - a}'
fi
