#!/usr/bin/env bash
# Unit, property, statistical and end-to-end tests of the Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 900
