#!/usr/bin/env python3
"""National financing standard per enrollee as a share of rural per-capita disposable income, by year
(the record behind scenarios/national-baseline-indexed.yaml). Reads calibration/data only."""
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
std = {int(r["year"]): r for r in csv.DictReader(open(ROOT / "calibration/data/policy/national_financing_standards.csv"))}
inc = {int(r["year"]): float(r["rural_yuan"]) for r in csv.DictReader(open(ROOT / "calibration/data/economy/disposable_income.csv"))}
print("year,individual_yuan,subsidy_yuan,rural_income_yuan,individual_share,subsidy_share,total_share")
for y in sorted(set(std) & set(inc)):
    i = float(std[y]["min_individual_contribution_yuan"]); s = float(std[y]["min_fiscal_subsidy_yuan"])
    print(f"{y},{i:g},{s:g},{inc[y]:g},{i / inc[y]:.5f},{s / inc[y]:.5f},{(i + s) / inc[y]:.5f}")
years = sorted(set(std) & set(inc))
a, b = years[0], years[-1]
tot = lambda y: float(std[y]["min_individual_contribution_yuan"]) + float(std[y]["min_fiscal_subsidy_yuan"])
print(f"# growth {a}-{b}: per-capita financing {((tot(b) / tot(a)) ** (1 / (b - a)) - 1):.4f}/yr, "
      f"rural income {((inc[b] / inc[a]) ** (1 / (b - a)) - 1):.4f}/yr")
