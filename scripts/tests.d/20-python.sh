#!/usr/bin/env bash
# Python tests with Debian's /usr/bin/python3: the fundsim module against the command line's files,
# the report (rendered in headless Chromium), and the notebooks executed headless with few draws.
# FAST tier (the test command): the notebooks with FUNDSIM_NOTEBOOK_DRAWS=10 (their checks -- no
# error, every chart an image, no nan%, the tables' columns and rows -- do not depend on the number
# of draws) and every test not marked `thorough` (tests/python/conftest.py). THOROUGH tier
# (scripts/test-thorough.sh): FUNDSIM_PYTHON_TIER=all runs every test, with the ones marked
# `thorough` (the solver and sensitivity bindings against the command line), and
# FUNDSIM_NOTEBOOK_DRAWS=40 the notebooks with more draws (FUNDSIM_PYTHON_TIER=thorough: only the
# marked tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${FUNDSIM_BUILD_DIR:-build}
export FUNDSIM_BUILD_DIR="$BUILD_DIR"
export PYTHONPATH="$(cd "$BUILD_DIR" && pwd)/python${PYTHONPATH:+:$PYTHONPATH}"
export FUNDSIM_NOTEBOOK_DRAWS=${FUNDSIM_NOTEBOOK_DRAWS:-10}
export MPLBACKEND=Agg
/usr/bin/python3 -c "import fundsim" || { echo "20-python: fundsim is not importable from $PYTHONPATH" >&2; exit 1; }
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python
