#!/usr/bin/env bash
# The committed parameter files are what `fundsim calibrate` writes today: re-run both national
# calibrations (about a minute each) and require bit-identical files.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${FUNDSIM_BUILD_DIR:-build}/fundsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cfg in national national-backtest-2021; do
  "$bin" calibrate "calibration/$cfg.yaml" --out "$tmp/$cfg-params.yaml" --quiet
  if ! cmp -s "$tmp/$cfg-params.yaml" "calibration/$cfg-params.yaml"; then
    echo "calibration/$cfg-params.yaml differs from a fresh 'fundsim calibrate calibration/$cfg.yaml':"
    diff "calibration/$cfg-params.yaml" "$tmp/$cfg-params.yaml" | head -20
    exit 1
  fi
  echo "calibration/$cfg-params.yaml: reproduced bit for bit"
done
