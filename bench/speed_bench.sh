#!/usr/bin/env bash
# The five timings of issue 20 for one binary, on the national baseline:
#   1. 10,000 draws, 2 threads;      2. 1,000 draws, 2 threads;
#   3. one deterministic path (1 draw, no parameter uncertainty, 1 thread; best of REPEAT);
#   4. the 2035 solve (individual increment, P(depleted by 2035) <= 5%, 2 threads);
#   5. the tornado of every sampled key (1,000 draws, 2 threads; runs = 2 x keys + 1).
#
#   bash bench/speed_bench.sh                                   # build/fundsim, this checkout's files
#   FUNDSIM=/path/old/fundsim ROOT=/path/old-checkout bash bench/speed_bench.sh
#
# ROOT is the checkout whose scenario and calibration files the binary reads (an older binary reads
# its own commit's files: `git worktree add /tmp/wt-old <commit>`). Wall and CPU (user + sys)
# seconds and peak memory from /usr/bin/time; compare CPU seconds when the machine is shared (the
# load average is printed before and after each run).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
FUNDSIM=$(realpath "${FUNDSIM:-$here/build/fundsim}")
ROOT=$(realpath "${ROOT:-$here}")
REPEAT=${REPEAT:-5}
[ -x "$FUNDSIM" ] || { echo "speed_bench.sh: $FUNDSIM not found (build first or set FUNDSIM=)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "speed_bench.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scenario=scenarios/national-baseline.yaml
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  $("$FUNDSIM" --version)  files of $ROOT"
echo "# $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
printf '%-34s %8s %8s %8s %8s  %s\n' case wall_s user_s sys_s rss_MB "load before"
timed() {  # name, command...
  local name=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  rm -rf "$tmp/out"
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time.txt" "$@" --out "$tmp/out" --quiet > /dev/null
  read -r w u s m < "$tmp/time.txt"
  printf '%-34s %8.2f %8.2f %8.2f %8.1f  %s\n' "$name" "$w" "$u" "$s" "$(awk -v m="$m" 'BEGIN {print m / 1024}')" "$load"
}
timed "run 10000 draws, 2 threads" "$FUNDSIM" run $scenario --draws 10000 --threads 2
timed "run 1000 draws, 2 threads" "$FUNDSIM" run $scenario --draws 1000 --threads 2
for i in $(seq "$REPEAT"); do
  timed "one deterministic path ($i)" "$FUNDSIM" run $scenario --draws 1 --threads 1 \
    --set run.parameter_uncertainty=false
done
timed "solve by 2035, 2 threads" "$FUNDSIM" solve $scenario --family individual-increment --by 2035 \
  --max-p-depleted 0.05 --threads 2 --force
timed "tornado, 1000 draws, 2 threads" "$FUNDSIM" sensitivity $scenario --draws 1000 --threads 2 --force
runs=$(grep -c '"key":' "$tmp/out/sensitivity.json" 2>/dev/null || true)
echo "# tornado parameters (sensitivity.json): $runs"
