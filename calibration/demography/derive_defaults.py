#!/usr/bin/python3
"""Derive demography defaults from calibration/data (run from the repository root).

1. Lee-Carter age pattern b_x (relative weights, abridged ages 0,1,5,...,95,100+ by sex):
   observed average annual improvement between the UN WPP 2024 periods 2015-2020 and 2020-2025,
   r_x = -(ln m_x[2020-25] - ln m_x[2015-20]) / 5, floored at R_FLOOR because the observed old-age
   rates rose (85+), which no mainstream projection carries forward. The model normalises the
   single-year weights to sum 1.
2. Checks: census total, abridged e0 (rough, for orientation only; the exact single-year life table
   is in sim/demography/life_table.cpp and the drift is solved in tests/demography).
"""
import csv, math

R_FLOOR = 0.003  # per year; the smallest improvement rate allowed in the pattern

rows = list(csv.DictReader(open("calibration/data/population/china_mx_5y_2015_2025.csv")))
for sex in ("M", "F"):
    r = []
    for row in rows:
        if row["sex"] != sex:
            continue
        a, b = float(row["mx_2015_2020"]), float(row["mx_2020_2025"])
        r.append(max(R_FLOOR, -(math.log(b) - math.log(a)) / 5.0))
    print(sex, "b_x weights (improvement rate per year, floored):")
    print("  {" + ", ".join(f"{x:.5f}" for x in r) + "}")

pop = list(csv.DictReader(open("calibration/data/population/china_2020_population_5y.csv")))
tot = sum(float(p["male_thousands"]) + float(p["female_thousands"]) for p in pop)
print(f"census total (thousands): {tot:.3f}")
