#!/usr/bin/env bash
# Benchmark of the person-level engine (issue 17): the national baseline with run.engine=micro,
# 1,000,000 persons, 2025-2060, 20 draws, on 1 and 2 threads (wall, CPU, peak memory through
# bench/run_bench.sh), then one draw on one thread with the exact count of person-years
# (bench/fundsim_bench --benchmark_filter=MicroDraw: persons in the sample summed over the years).
#
#   bash bench/micro_bench.sh
#   PERSONS=200000 DRAWS=4 bash bench/micro_bench.sh
#
# run_bench.sh's draw_years_s is draws x years per second; person-years per second = that x the
# person-years per draw / years (the benchmark prints person-years per draw: the sample shrinks with
# the national population, so it is below persons x years).
set -euo pipefail
cd "$(dirname "$0")/.."
FUNDSIM=${FUNDSIM:-build/fundsim}
PERSONS=${PERSONS:-1000000}
DRAWS=${DRAWS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/micro.yaml" <<YAML
extends: $(pwd)/scenarios/national-baseline.yaml
name: national-baseline-micro
run:
  engine: micro
  persons: $PERSONS
YAML
FUNDSIM="$FUNDSIM" DRAWS="$DRAWS" THREADS="1 2" bash bench/run_bench.sh "$tmp/micro.yaml"
bench_bin=$(dirname "$FUNDSIM")/bench/fundsim_bench
if [ -x "$bench_bin" ]; then
  "$bench_bin" --benchmark_filter=MicroDraw 2>&1 | tail -1
else
  echo "micro_bench.sh: $bench_bin not built (Google Benchmark missing): no exact person-year count"
fi
