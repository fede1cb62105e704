#!/usr/bin/env bash
# Python tests with Debian's /usr/bin/python3: the fundsim module against the command line's files,
# the report (rendered in headless Chromium), and the notebooks executed headless with few draws.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${FUNDSIM_BUILD_DIR:-build}
export FUNDSIM_BUILD_DIR="$BUILD_DIR"
export PYTHONPATH="$(cd "$BUILD_DIR" && pwd)/python${PYTHONPATH:+:$PYTHONPATH}"
export FUNDSIM_NOTEBOOK_DRAWS=${FUNDSIM_NOTEBOOK_DRAWS:-40}
export MPLBACKEND=Agg
/usr/bin/python3 -c "import fundsim" || { echo "20-python: fundsim is not importable from $PYTHONPATH" >&2; exit 1; }
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python
