#!/usr/bin/env bash
# End-to-end benchmark of `fundsim run`: for each (draws, threads) pair, runs the scenario through
# /usr/bin/time -v and prints draw-years per second, wall and CPU time and peak resident memory.
#
#   bash bench/run_bench.sh                       # national baseline, 1000 and 10000 draws, 1 and 2 threads
#   FUNDSIM=build-h9/fundsim DRAWS="1000" THREADS="1 2" bash bench/run_bench.sh [scenario.yaml]
#
# Draw-years = draws x projected years (2023-2060: 38). Wall time includes loading the scenario,
# building the model (history years to the jump-off), the draws, the summaries, the central-path
# decomposition and writing the output directory, i.e. what an analyst waits for.
# draw_years_s = draw-years per wall second; draw_years_cpu_s = per CPU second (user + sys), which
# is what to compare when the machine is shared (load average printed in the header).
set -euo pipefail
cd "$(dirname "$0")/.."
FUNDSIM=${FUNDSIM:-build/fundsim}
DRAWS=${DRAWS:-"1000 10000"}
THREADS=${THREADS:-"1 2"}
SCENARIO=${1:-scenarios/national-baseline.yaml}
[ -x "$FUNDSIM" ] || { echo "run_bench.sh: $FUNDSIM not found (build first or set FUNDSIM=)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run_bench.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)  $FUNDSIM  $SCENARIO"
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%7s %7s %6s %9s %9s %9s %14s %16s %12s\n' draws threads years wall_s user_s sys_s draw_years_s draw_years_cpu_s peak_rss_MB
for d in $DRAWS; do
  for t in $THREADS; do
    out="$tmp/out-$d-$t"
    /usr/bin/time -v -o "$tmp/time.txt" "$FUNDSIM" run "$SCENARIO" --draws "$d" --threads "$t" --out "$out" --quiet
    years=$(( $(grep -o '"last_year": *[0-9]*' "$out/manifest.json" | grep -o '[0-9]*$') - \
              $(grep -o '"first_year": *[0-9]*' "$out/manifest.json" | grep -o '[0-9]*$') + 1 ))
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$tmp/time.txt")
    user=$(awk -F': ' '/User time/ {print $2}' "$tmp/time.txt")
    sys=$(awk -F': ' '/System time/ {print $2}' "$tmp/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$tmp/time.txt")
    rate=$(awk -v d="$d" -v y="$years" -v w="$wall" 'BEGIN {printf "%.0f", (w > 0 ? d * y / w : 0)}')
    cpu_rate=$(awk -v d="$d" -v y="$years" -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f", (u + s > 0 ? d * y / (u + s) : 0)}')
    printf '%7s %7s %6s %9s %9s %9s %14s %16s %12s\n' "$d" "$t" "$years" "$wall" "$user" "$sys" "$rate" "$cpu_rate" "$rss"
    rm -rf "$out"
  done
done
