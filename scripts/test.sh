#!/usr/bin/env bash
# Runs every test: installs what is needed (idempotent), builds, then runs each step in
# scripts/tests.d/ in order (unit, property, statistical and end-to-end tests through ctest,
# Python tests and notebooks, sanitizer builds, bounded fuzzing). Fails on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
status=0
for step in scripts/tests.d/*.sh; do
  echo "=== test step: ${step#scripts/tests.d/}"
  start=$(date +%s)
  if ! bash "$step"; then
    echo "=== FAILED: $step"
    status=1
    break
  fi
  echo "=== done: ${step#scripts/tests.d/} ($(( $(date +%s) - start )) s)"
done
exit $status
