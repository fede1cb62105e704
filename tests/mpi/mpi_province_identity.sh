#!/usr/bin/env bash
# MPI identity of a province (sim/province): `mpirun -np 2 fundsim run province.yaml` writes the same
# files, byte for byte, as one process (pools and draws: each rank runs a block of draws of every
# pool; rank 0 gathers the province's, each pool's and the adjustment fund's per-draw results).
# Three small Henan pools, 2025-2032, 5 draws (3 + 2 across the ranks).
#   tests/mpi/mpi_province_identity.sh FUNDSIM_BINARY REPO [MPIRUN]
set -euo pipefail
FUNDSIM=${1:?usage: mpi_province_identity.sh FUNDSIM_BINARY REPO [MPIRUN]}
REPO=${2:?usage: mpi_province_identity.sh FUNDSIM_BINARY REPO [MPIRUN]}
MPIRUN=${3:-mpirun}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/province.yaml" <<YAML
name: mpi-test
pools:
  - {path: $REPO/scenarios/henan/luohe}
  - {path: $REPO/scenarios/henan/hebi}
  - {path: $REPO/scenarios/henan/jiyuan}
adjustment_fund: {name: test, revenue_share: 0.03, deficit_share: 0.7}
YAML
common=(run "$tmp/province.yaml" --draws 5 --seed 424242 --keep-draws --quiet --threads 1
        --set run.end_year=2032 --set run.parameter_uncertainty=false)
"$FUNDSIM" "${common[@]}" --out "$tmp/single"
"$MPIRUN" --allow-run-as-root --oversubscribe --bind-to none -np 2 "$FUNDSIM" "${common[@]}" --out "$tmp/mpi"
grep -q '"mpi_ranks": 2' "$tmp/mpi/manifest.json" || { echo "FAIL: manifest does not record 2 MPI ranks"; exit 1; }
status=0
for f in summary.csv risk.csv warning.csv draws.csv adjustment.csv pools/luohe/summary.csv pools/jiyuan/draws.csv \
         pools/hebi/risk.csv; do
  if [ ! -s "$tmp/single/$f" ]; then
    echo "FAIL: $f missing or empty in the single-process run"; status=1
  elif cmp -s "$tmp/single/$f" "$tmp/mpi/$f"; then
    echo "identical: $f ($(wc -l < "$tmp/single/$f") lines)"
  else
    echo "FAIL: $f differs between 1 process and mpirun -np 2"; status=1
  fi
done
exit $status
