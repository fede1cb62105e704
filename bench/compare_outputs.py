#!/usr/bin/env python3
"""Compares two fundsim output directories number by number, column by column (columns matched by
header name; columns only one side has are listed). Prints, per CSV file, whether it is
byte-identical, the largest relative difference |a - b| / max(|a|, |b|) and the largest scaled
difference |a - b| / (largest |value| of that column and metric). The scaled difference is the gate:
a quantity that crosses zero (a balance, the interest on it) has large relative differences from
last-bit changes of the large flows it is the difference of.

    python3 bench/compare_outputs.py DIR_A DIR_B [--tol 1e-12]   # exit 1 if a scaled difference exceeds tol
"""
import csv
import math
import os
import sys


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def compare(pa, pb):
    ra, rb = list(csv.reader(open(pa))), list(csv.reader(open(pb)))
    ha, hb = ra[0], rb[0]
    only = sorted(set(ha) ^ set(hb))
    if len(ra) != len(rb):
        return math.inf, math.inf, f"rows {len(ra)} vs {len(rb)}", only
    common = [c for c in ha if c in hb]
    ia, ib = {c: ha.index(c) for c in common}, {c: hb.index(c) for c in common}
    # Scale per (column, metric name if there is one): the largest magnitude on either side.
    key_col = ha.index("metric") if "metric" in ha else None
    scale = {}
    for rows, idx in ((ra, ia), (rb, ib)):
        for r in rows[1:]:
            for c in common:
                v = num(r[idx[c]])
                if v is not None and math.isfinite(v):
                    k = (c, r[key_col] if key_col is not None else "")
                    scale[k] = max(scale.get(k, 0.0), abs(v))
    worst_rel, worst_scaled, where = 0.0, 0.0, ""
    for i in range(1, len(ra)):
        for c in common:
            u, v = ra[i][ia[c]], rb[i][ib[c]]
            if u == v:
                continue
            x, y = num(u), num(v)
            if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
                return math.inf, math.inf, f"row {i + 1} {c}: {u} vs {v}", only
            d = abs(x - y)
            rel = d / max(abs(x), abs(y))
            s = scale.get((c, ra[i][key_col] if key_col is not None else ""), 0.0)
            scaled = d / s if s > 0 else rel
            worst_rel = max(worst_rel, rel)
            if scaled > worst_scaled:
                worst_scaled, where = scaled, f"row {i + 1} {c} ({','.join(ra[i][:2])}): {u} vs {v}"
    return worst_rel, worst_scaled, where, only


def main():
    argv = sys.argv[1:]
    tol = 1e-12
    if "--tol" in argv:
        k = argv.index("--tol")
        tol = float(argv[k + 1])
        del argv[k : k + 2]
    if len(argv) != 2:
        print(__doc__)
        return 2
    a_dir, b_dir = argv
    worst_all = 0.0
    for name in sorted(os.listdir(a_dir)):
        if not name.endswith(".csv"):
            continue
        pa, pb = os.path.join(a_dir, name), os.path.join(b_dir, name)
        if not os.path.exists(pb):
            print(f"{name}: missing in {b_dir}")
            worst_all = math.inf
            continue
        same = open(pa, "rb").read() == open(pb, "rb").read()
        rel, scaled, where, only = compare(pa, pb)
        worst_all = max(worst_all, scaled)
        extra = f"  (columns on one side only: {', '.join(only)})" if only else ""
        print(f"{name:24s} {'identical' if same else 'differs  '}  max rel {rel:.2g}  max scaled {scaled:.2g}  {where}{extra}")
    print(f"largest scaled difference: {worst_all:.3g} (tolerance {tol:g})")
    return 0 if worst_all <= tol else 1


if __name__ == "__main__":
    sys.exit(main())
