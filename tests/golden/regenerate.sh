#!/usr/bin/env bash
# Regenerates the golden results: for every tests/golden/<name>/scenario.yaml, runs
#   fundsim run scenario.yaml --quiet --out <tmp>
# and stores its summary.csv as tests/golden/<name>/summary.csv. One command after a deliberate
# model change (review `git diff tests/golden` before committing):
#   bash tests/golden/regenerate.sh            # uses build/fundsim (built if missing)
#   FUNDSIM_BIN=build-x/fundsim bash tests/golden/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${FUNDSIM_BIN:-build/fundsim}
if [ ! -x "$BIN" ]; then bash scripts/build.sh; BIN=build/fundsim; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for scenario in tests/golden/*/scenario.yaml; do
  dir=$(dirname "$scenario")
  name=$(basename "$dir")
  "$BIN" run "$scenario" --quiet --threads 2 --out "$tmp/$name"
  cp "$tmp/$name/summary.csv" "$dir/summary.csv"
  echo "regenerated $dir/summary.csv ($(($(wc -l < "$dir/summary.csv") - 1)) rows)"
done
git --no-pager diff --stat -- tests/golden || true
