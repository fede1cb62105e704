#!/usr/bin/env bash
# Wall time of `fundsim sensitivity` (issue 15): the national baseline's tornado with 1,000 draws
# (every sampled/calibrated key at low and high: 2 runs per key plus the base), next to one plain
# `fundsim run` of the same scenario and draws, so the cost per variant can be read off.
#
#   bash bench/sensitivity_bench.sh                        # national baseline, 1000 draws, all cores
#   DRAWS=1000 THREADS=2 FUNDSIM=build/fundsim SENS_OUT=results/tornado bash bench/sensitivity_bench.sh [scenario.yaml]
#   (SENS_OUT keeps the sensitivity output directory)
#
# Prints wall, user and sys seconds and peak memory of each, the number of runs of the sensitivity
# (from sensitivity.json) and wall seconds per run. The machine's load average is printed in the
# header: on a shared machine compare user seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
FUNDSIM=${FUNDSIM:-build/fundsim}
DRAWS=${DRAWS:-1000}
THREADS=${THREADS:-0}
SCENARIO=${1:-scenarios/national-baseline.yaml}
[ -x "$FUNDSIM" ] || { echo "sensitivity_bench.sh: $FUNDSIM not found (build first or set FUNDSIM=)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "sensitivity_bench.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)  $FUNDSIM  $SCENARIO  draws $DRAWS  threads $THREADS (0 = all)"
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
field() { grep "$1" "$tmp/time.txt" | sed 's/.*: //'; }
wall() { field "Elapsed (wall clock)" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
printf '%-12s %5s %9s %9s %7s %12s %12s\n' command runs wall_s user_s sys_s wall_s_per_run peak_rss_MB
/usr/bin/time -v -o "$tmp/time.txt" "$FUNDSIM" run "$SCENARIO" --draws "$DRAWS" --threads "$THREADS" --out "$tmp/run" --quiet
w=$(wall)
printf '%-12s %5d %9.2f %9.2f %7.2f %12.2f %12.1f\n' run 1 "$w" "$(field 'User time')" "$(field 'System time')" "$w" \
  "$(echo "$(field 'Maximum resident set size') / 1024" | bc -l)"
/usr/bin/time -v -o "$tmp/time.txt" "$FUNDSIM" sensitivity "$SCENARIO" --draws "$DRAWS" --threads "$THREADS" \
  --out "${SENS_OUT:-$tmp/sens}" --force --quiet
w=$(wall)
runs=$(grep -o '"runs": *[0-9]*' "${SENS_OUT:-$tmp/sens}/sensitivity.json" | grep -o '[0-9]*$')
printf '%-12s %5d %9.2f %9.2f %7.2f %12.2f %12.1f\n' sensitivity "$runs" "$w" "$(field 'User time')" \
  "$(field 'System time')" "$(echo "$w / $runs" | bc -l)" "$(echo "$(field 'Maximum resident set size') / 1024" | bc -l)"
echo "# top rows of tornado.csv (P(exhausted by 2035)):"
grep ',p_exhausted_by@2035,' "${SENS_OUT:-$tmp/sens}/tornado.csv" | head -10
