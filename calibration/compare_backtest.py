#!/usr/bin/env python3
"""Tables for results/calibration/README.md from run directories (no numbers are typed by hand).

  compare_backtest.py backtest RUN_DIR    # 2023-2024 actuals against a run of scenarios/national-backtest-2022.yaml
  compare_backtest.py baseline RUN_DIR    # 2025-2026 revenue, spending, current balance; P(exhausted)
  compare_backtest.py burden RUN_DIR      # observed 2019-2024 contribution burden beside the projected range

Actuals: calibration/data/fund/urrbmi_national.csv (money 亿 -> yuan x 1e8, enrollees 万 -> x 1e4),
catastrophic facts and months payable from urrbmi_national_notes.md (2023).
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def actuals():
    out = {}
    with open(os.path.join(HERE, "data", "fund", "urrbmi_national.csv"), newline="") as f:
        for row in csv.DictReader(f):
            y = int(row["year"])
            out[(y, "enrollees")] = float(row["enrollees_10k"]) * 1e4
            out[(y, "revenue_total")] = float(row["revenue_100m_yuan"]) * 1e8
            out[(y, "spending_total")] = float(row["expenditure_100m_yuan"]) * 1e8
            out[(y, "balance_cumulative")] = float(row["cumulative_balance_100m_yuan"]) * 1e8
    # urrbmi_national_notes.md, 2023: 11.56 million beneficiaries x 7,924 yuan; 8.5 months payable.
    out[(2023, "catastrophic_beneficiaries")] = 11.56e6
    out[(2023, "catastrophic_claims")] = 11.56e6 * 7924
    out[(2023, "months_payable")] = 8.5
    return out


def summary(run):
    s = {}
    with open(os.path.join(run, "summary.csv"), newline="") as f:
        for row in csv.DictReader(f):
            s[(int(row["year"]), row["metric"])] = {k: float(row[k]) for k in ("mean", "p05", "p50", "p95")}
    return s


def fmt(metric, x):
    if metric in ("enrollees", "catastrophic_beneficiaries"):
        return f"{x / 1e4:,.0f}万"
    if metric == "months_payable":
        return f"{x:.2f}"
    return f"{x / 1e8:,.1f}亿"


def backtest(run):
    s, a = summary(run), actuals()
    print("| quantity | year | observed | projected mean | 90% band (p05-p95) | error of mean | inside band |")
    print("|---|---|---|---|---|---|---|")
    keys = [(y, m) for y in (2023, 2024) for m in ("revenue_total", "spending_total", "enrollees", "balance_cumulative")]
    keys += [(2023, "catastrophic_claims"), (2023, "catastrophic_beneficiaries"), (2023, "months_payable")]
    for y, m in keys:
        if (y, m) not in s or (y, m) not in a:
            continue
        v, o = s[(y, m)], a[(y, m)]
        inside = "yes" if v["p05"] <= o <= v["p95"] else "no"
        print(f"| {m} | {y} | {fmt(m, o)} | {fmt(m, v['mean'])} | {fmt(m, v['p05'])} - {fmt(m, v['p95'])} | "
              f"{100 * (v['mean'] / o - 1):+.2f}% | {inside} |")


def baseline(run):
    s = summary(run)
    print("| quantity | year | mean | 90% band (p05-p95) |")
    print("|---|---|---|---|")
    for y in (2025, 2026):
        for m in ("revenue_total", "spending_total", "balance_current"):
            v = s[(y, m)]
            print(f"| {m} | {y} | {fmt(m, v['mean'])} | {fmt(m, v['p05'])} - {fmt(m, v['p95'])} |")
    risk(run)


def risk(run):
    with open(os.path.join(run, "risk.csv"), newline="") as f:
        rows = {int(r["year"]): r for r in csv.DictReader(f)}
    print("\n" + "  ".join(f"P(exhausted by {y}) = {100 * float(rows[y]['p_depleted']):.1f}%"
                           for y in (2030, 2035, 2040) if y in rows))


def burden(run):
    """Individual contribution standard / rural per-capita disposable income: observed (national
    floors, policy/national_financing_standards.csv; economy/disposable_income.csv) and projected
    (contribution_burden_rural of the run: p05 and p95 over draws, min and max over the years)."""
    std, inc = {}, {}
    with open(os.path.join(HERE, "data", "policy", "national_financing_standards.csv"), newline="") as f:
        for r in csv.DictReader(f):
            std[int(r["year"])] = float(r["min_individual_contribution_yuan"])
    with open(os.path.join(HERE, "data", "economy", "disposable_income.csv"), newline="") as f:
        for r in csv.DictReader(f):
            inc[int(r["year"])] = float(r["rural_yuan"])
    obs = {y: std[y] / inc[y] for y in range(2019, 2025)}
    print("observed 2019-2024: " + ", ".join(f"{y} {100 * b:.2f}%" for y, b in obs.items()) +
          f" (range {100 * min(obs.values()):.2f}%-{100 * max(obs.values()):.2f}%)")
    s = summary(run)
    years = sorted(y for (y, m) in s if m == "contribution_burden_rural")
    lo = min(s[(y, "contribution_burden_rural")]["p05"] for y in years)
    hi = max(s[(y, "contribution_burden_rural")]["p95"] for y in years)
    for y in (years[0], 2030, 2040, years[-1]):
        v = s[(y, "contribution_burden_rural")]
        print(f"projected {y}: mean {100 * v['mean']:.2f}% (p05-p95 {100 * v['p05']:.2f}%-{100 * v['p95']:.2f}%)")
    print(f"projected {years[0]}-{years[-1]}: p05-p95 envelope {100 * lo:.2f}%-{100 * hi:.2f}% "
          f"= {lo / max(obs.values()):.2f}x to {hi / max(obs.values()):.2f}x the highest observed burden")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("backtest", "baseline", "risk", "burden"):
        sys.exit(__doc__)
    {"backtest": backtest, "baseline": baseline, "risk": risk, "burden": burden}[sys.argv[1]](sys.argv[2])
