#!/usr/bin/env bash
# The main job: install what is needed, build, and run the national baseline into
# results/national-baseline/ (replacing an earlier run of it). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
bash scripts/install-python-path.sh   # /usr/bin/python3 -c "import fundsim" works afterwards
./build/fundsim run scenarios/national-baseline.yaml --out results/national-baseline --force
