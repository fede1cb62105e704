#!/usr/bin/env bash
# Screenshots of the Chinese and English report of the national baseline (for review notes):
#   bash scripts/report-screenshots.sh [OUT_DIR] [DRAWS]
# Runs the baseline (DRAWS, default 300), a three-path comparison on the same draws, the 2025 budget
# and the sensitivity analysis (their budget.csv, monthly.csv and tornado.csv go beside the run), writes
# report-zh/en.html, .pdf and .xlsx, and full-page PNG screenshots from headless Chromium,
# cut into 1500-pixel slices (shot-<lang>-<k>.png) for viewing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-results/report-screenshots}
DRAWS=${2:-300}
EXE=${FUNDSIM_EXE:-build/fundsim}
mkdir -p "$OUT"
"$EXE" run scenarios/national-baseline.yaml --draws "$DRAWS" --out "$OUT/run" --force --quiet
"$EXE" paths scenarios/national-baseline.yaml --draws "$DRAWS" --path base=scenario \
  --path ind40=individual=increment:40 --path ind60_sub60=individual=increment:60,subsidy=increment:60 \
  --out "$OUT/paths" --force --quiet
"$EXE" budget scenarios/national-baseline.yaml --year 2025 --draws "$DRAWS" --out "$OUT/budget" --force --quiet
"$EXE" sensitivity scenarios/national-baseline.yaml --draws "$DRAWS" --out "$OUT/sensitivity" --force --quiet
cp "$OUT/budget/budget.csv" "$OUT/budget/monthly.csv" "$OUT/sensitivity/tornado.csv" "$OUT/run/"
for lang in zh en; do
  "$EXE" report "$OUT/run" --paths "$OUT/paths" --lang "$lang" --out "$OUT/run/report-$lang.html" --pdf --xlsx
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-sync --user-data-dir="$profile" \
    --window-size=1150,16000 --hide-scrollbars --screenshot="$OUT/shot-$lang.png" \
    "file://$(cd "$OUT/run" && pwd)/report-$lang.html" 2>/dev/null
  rm -rf "$profile"
done
/usr/bin/python3 - "$OUT" <<'EOF'
import sys
import matplotlib.image as im
import numpy as np
out = sys.argv[1]
for lang in ("zh", "en"):
    a = im.imread(f"{out}/shot-{lang}.png")[:, :, :3]
    last = min(int(np.where(a.min(axis=(1, 2)) < 0.95)[0].max()) + 20, a.shape[0])
    for k, y in enumerate(range(0, last, 1500)):
        im.imsave(f"{out}/shot-{lang}-{k}.png", a[y:min(y + 1500, last)])
    print(f"{out}/shot-{lang}-*.png: {k + 1} slices of a {last}-pixel page")
EOF
