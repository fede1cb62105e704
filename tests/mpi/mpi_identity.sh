#!/usr/bin/env bash
# MPI identity: `mpirun -np 2 fundsim run` must write the same result files, byte for byte, as a
# single process with the same seed and draws (draws split 4 + 3 across the two ranks, gathered on
# rank 0). Compares summary.csv, risk.csv, depletion.csv, warning.csv, decomposition.csv,
# draws.csv (--keep-draws) and population_detail.csv (--detail population). Ranks with different
# vector math (FUNDSIM_BATCH_MATH) are refused.
#   tests/mpi/mpi_identity.sh FUNDSIM_BINARY [MPIRUN]
set -euo pipefail
FUNDSIM=${1:?usage: mpi_identity.sh FUNDSIM_BINARY [MPIRUN]}
MPIRUN=${2:-mpirun}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common=(run "$here/small.yaml" --draws 7 --seed 424242 --keep-draws --detail population --quiet --threads 1)
"$FUNDSIM" "${common[@]}" --out "$tmp/single"
# --allow-run-as-root: CI containers run as root; --oversubscribe: 2 ranks even on 1 core.
"$MPIRUN" --allow-run-as-root --oversubscribe --bind-to none -np 2 "$FUNDSIM" "${common[@]}" --out "$tmp/mpi"
grep -q '"mpi_ranks": 2' "$tmp/mpi/manifest.json" || { echo "FAIL: manifest does not record 2 MPI ranks"; exit 1; }
status=0
for f in summary.csv risk.csv depletion.csv warning.csv decomposition.csv draws.csv population_detail.csv; do
  if [ ! -s "$tmp/single/$f" ]; then
    echo "FAIL: $f missing or empty in the single-process run"; status=1
  elif cmp -s "$tmp/single/$f" "$tmp/mpi/$f"; then
    echo "identical: $f ($(wc -l < "$tmp/single/$f") lines)"
  else
    echo "FAIL: $f differs between 1 process and mpirun -np 2"; cmp "$tmp/single/$f" "$tmp/mpi/$f" || true; status=1
  fi
done
# The draws file must hold all 7 draws (not one rank's share).
draws=$(tail -n +2 "$tmp/mpi/draws.csv" | cut -d, -f1 | sort -u | wc -l)
[ "$draws" = 7 ] || { echo "FAIL: draws.csv of the MPI run has $draws distinct draws, expected 7"; status=1; }
# Ranks computing with different vector math (FUNDSIM_BATCH_MATH) would not give one process's
# bits: the run stops with exit 2 before any work and writes nothing.
set +e
"$MPIRUN" --allow-run-as-root --oversubscribe --bind-to none \
  -np 1 env FUNDSIM_BATCH_MATH=scalar "$FUNDSIM" "${common[@]}" --out "$tmp/mixed" : \
  -np 1 env FUNDSIM_BATCH_MATH=sse4 "$FUNDSIM" "${common[@]}" --out "$tmp/mixed" > "$tmp/mixed.log" 2>&1
rc=$?
set -e
if [ "$rc" != 2 ] || ! grep -q "different vector math levels" "$tmp/mixed.log" || [ -e "$tmp/mixed" ]; then
  echo "FAIL: ranks with different FUNDSIM_BATCH_MATH: exit $rc (expected 2 with the message, nothing written)"
  cat "$tmp/mixed.log"; status=1
else
  echo "refused: ranks with different FUNDSIM_BATCH_MATH (exit 2, nothing written)"
fi
exit $status
