#!/usr/bin/env python3
"""Prints the headline tables of a results directory (summary.csv and decomposition.csv).

Usage: baseline-tables.py RESULTS_DIR [population|health|decomposition|all]

Reads only the files `fundsim run` wrote; every figure is the median (p50) across draws unless
the column says otherwise. Uses the standard library only.
"""
import csv
import sys
from pathlib import Path

YEARS = [2025, 2030, 2035, 2040, 2050, 2060]


def load_summary(d):
    out = {}
    with open(Path(d) / "summary.csv") as f:
        for row in csv.DictReader(f):
            out[(int(row["year"]), row["metric"])] = row
    return out


def val(s, year, metric, col="p50"):
    r = s.get((year, metric))
    return float(r[col]) if r else float("nan")


def population(s):
    print("Population and enrolment (median across draws)")
    print(f"{'year':>6} {'population (M)':>15} {'65+ share':>10} {'enrollees (M)':>14} {'65+ of enrollees':>17} {'e0 (years)':>11}")
    for y in YEARS:
        if (y, "population") not in s:
            continue
        print(f"{y:>6} {val(s, y, 'population') / 1e6:>15.1f} {val(s, y, 'share_65_plus'):>10.3f} "
              f"{val(s, y, 'enrollees') / 1e6:>14.1f} {val(s, y, 'share_65_plus_enrollees'):>17.3f} "
              f"{val(s, y, 'life_expectancy_at_birth'):>11.2f}")


def health(s):
    print("Prevalence (enrollees 18+, median) and spending per enrollee by service (yuan)")
    services = ["inpatient", "outpatient", "two_diseases", "chronic_special", "catastrophic", "total"]
    head = "".join(f"{x:>16}" for x in services)
    print(f"{'year':>6} {'hypert.':>8} {'diabetes':>9}{head}")
    for y in YEARS:
        if (y, "enrollees") not in s:
            continue
        n = val(s, y, "enrollees", "mean")
        cells = "".join(f"{val(s, y, 'spending_' + x, 'mean') / n:>16.1f}" for x in services)
        print(f"{y:>6} {val(s, y, 'prevalence_hypertension'):>8.3f} {val(s, y, 'prevalence_diabetes'):>9.3f}{cells}")
    print("(spending per enrollee = mean spending / mean enrollees)")


def decomposition(d, to_year=2035):
    p = Path(d) / "decomposition.csv"
    if not p.exists():
        print("no decomposition.csv (trend engine?)")
        return
    with open(p) as f:
        rows = [r for r in csv.DictReader(f) if r["basis"] == "cumulative" and int(r["year"]) == to_year]
    if not rows:
        return
    r = rows[0]
    ch = float(r["change_yuan"])
    print(f"Driver decomposition of enrollees' expected gross medical cost, {r['from_year']} -> {to_year} (central path, Shapley)")
    print(f"  {r['from_year']}: {float(r['gross_cost_from_yuan']) / 1e8:,.0f} 亿 yuan   {to_year}: {float(r['gross_cost_to_yuan']) / 1e8:,.0f} 亿 yuan   change {ch / 1e8:+,.0f} 亿")
    for k in ["population_size", "ageing", "prevalence", "utilisation", "unit_cost"]:
        x = float(r[k + "_yuan"])
        print(f"  {k:<16} {x / 1e8:>+12,.0f} 亿  ({x / ch:>6.1%} of the change)")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    d = sys.argv[1]
    what = sys.argv[2] if len(sys.argv) > 2 else "all"
    s = load_summary(d)
    if what in ("population", "all"):
        population(s)
    if what in ("health", "all"):
        health(s)
    if what in ("decomposition", "all"):
        decomposition(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
