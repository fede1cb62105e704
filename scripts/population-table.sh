#!/usr/bin/env bash
# One command for the national baseline's population table: runs the baseline (default 1,000
# draws, into a temporary directory) and prints population, share 65+ (of population and of
# enrollees), enrollees and life expectancy at birth for 2025-2060.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)/run
./build/fundsim run scenarios/national-baseline.yaml --out "$out" --quiet "$@"
/usr/bin/python3 scripts/baseline-tables.py "$out" population
