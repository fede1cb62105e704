#!/usr/bin/env bash
# Two binaries in turn on the national baseline (2 threads), REPS times for each draw count, so that a
# drifting machine moves both alike. Each binary reads its own checkout's scenario and calibration files.
#
#   A=/path/old/fundsim A_ROOT=/path/old-checkout bash bench/ab_bench.sh      # B: build/fundsim, this checkout
#   DRAWS="1000 10000" REPS=3 ...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
A=$(realpath "${A:?set A to the first binary}")
A_ROOT=$(realpath "${A_ROOT:?set A_ROOT to its checkout}")
B=$(realpath "${B:-$here/build/fundsim}")
B_ROOT=$(realpath "${B_ROOT:-$here}")
DRAWS=${DRAWS:-"1000 10000"}
REPS=${REPS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  A: $("$A" --version)  B: $("$B" --version)"
for d in $DRAWS; do
  for i in $(seq "$REPS"); do
    for side in A B; do
      bin=$A root=$A_ROOT
      [ "$side" = B ] && bin=$B root=$B_ROOT
      (cd "$root" && /usr/bin/time -f "$side draws=$d rep=$i: %e s wall %U s user (load $(cut -d' ' -f1 /proc/loadavg))" \
        "$bin" run scenarios/national-baseline.yaml --draws "$d" --threads 2 --out "$tmp/out" --force --quiet) 2>&1
    done
  done
done
