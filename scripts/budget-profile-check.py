#!/usr/bin/env python3
"""Sanity check of the default monthly profile (sim/fund/budget_params.hpp) against the one monthly
fact we have: the national resident fund ran a deficit of about 340亿 over January-November 2023 and
closed the year with a current surplus of 112.06亿 (calibration/data/fund/urrbmi_national_notes.md).

The 2023 annual totals are split by source and category, the default calendars applied, and the
January-November current balance printed. The split (all inputs printed):
  revenue: individual = 380 yuan (2023 floor) x 96,294万 enrollees; interest = 1.5% x the 2022
           balance 7,534.13亿; subsidy = the rest, central = 60% x 640 yuan x enrollees, the local rest
           split 0.15 : 0.125 : 0.125 (province : city : county, the national baseline's shares);
  spending: the one-county 2024 structure of urrbmi_national_notes.md (inpatient 78.5%, chronic/
           special 7.9%, outpatient pooling 5.3%, catastrophic premium 8.4%, other 0.7%).
tests/fund/monthly_test.cpp (DefaultProfileReproduces2023JanNovDeficit) repeats this computation in
C++ with the calendars read from the struct itself; this script reads them from the header text.
Usage: python3 scripts/budget-profile-check.py
"""
import pathlib
import re

HDR = pathlib.Path(__file__).resolve().parents[1] / "sim/fund/budget_params.hpp"
text = HDR.read_text()


def cal(name):
    m = re.search(name + r"\s*=\s*(std::vector<double>\(12, 1.0 / 12.0\)|\{[^}]*\})", text)
    s = m.group(1)
    if s.startswith("std::vector"):
        return [1 / 12] * 12
    return [float(x) for x in s.strip("{}").split(",")]


share_next = float(re.search(r"individual_next_year_share = ([0-9.]+)", text).group(1))
ind = [share_next * a + (1 - share_next) * b
       for a, b in zip(cal("individual_next_year_calendar"), cal("individual_current_year_calendar"))]
R, S = 10569.71, 10457.65
enrol = 96294e4
individual = 380 * enrol / 1e8
interest = 0.015 * 7534.13
subsidy = R - individual - interest
central = 0.6 * 640 * enrol / 1e8
local = subsidy - central
rev = {
    "individual": (individual, ind),
    "interest": (interest, cal("interest_calendar")),
    "central": (central, cal("subsidy_central_calendar")),
    "provincial": (local * 0.15 / 0.4, cal("subsidy_provincial_calendar")),
    "city": (local * 0.125 / 0.4, cal("subsidy_city_calendar")),
    "county": (local * 0.125 / 0.4, cal("subsidy_county_calendar")),
}
spend = {
    "inpatient": (0.785 * S, cal("inpatient_calendar")),
    "chronic_special": (0.079 * S, cal("chronic_special_calendar")),
    "outpatient": (0.053 * S, cal("outpatient_calendar")),
    "catastrophic": (0.084 * S, cal("catastrophic_calendar")),
    "other": (0.007 * S, cal("other_spending_calendar")),
}
rev_jn = sum(a * sum(c[:11]) for a, c in rev.values())
sp_jn = sum(a * sum(c[:11]) for a, c in spend.values())
for k, (a, c) in {**rev, **spend}.items():
    print(f"{k:16s} {a:9.1f}亿  Jan-Nov share {sum(c[:11]):.3f}")
print(f"December share of revenue {1 - rev_jn / R:.3f}, of spending {1 - sp_jn / S:.3f}")
print(f"January-November 2023 current balance: {rev_jn - sp_jn:.0f}亿 (NHSA: about -340亿); "
      f"full year {R - S:.2f}亿")
