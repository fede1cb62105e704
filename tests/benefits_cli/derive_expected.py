#!/usr/bin/env python3
"""Re-derives the expected figures of tests/benefits_cli/benefit_cli_test.cpp.

Independent plain arithmetic of the rules in tests/benefits_cli/hand-rules.yaml (year 2025,
prior-year income 40,000 -> catastrophic deductible 20,000). Run: python3 derive_expected.py
"""

COMPLIANT = 0.8
LEVEL = {"primary": (100, 0.9), "secondary": (500, 0.8), "tertiary": (1000, 0.6)}
CAP = 50000
OUTPATIENT = (100, 0.5, 300)
CHRONIC = (200, 0.7, 5000)
TWO = dict(ratio=0.5, cap_h=300, cap_d=480, cap_both=600)
INCOME_2024 = 40000
TIERS = [(0, 0.6), (30000, 0.7), (60000, 0.8)]
CAT_CAP = 100000
ASSIST = (0.7, 20000)


def layer(cost, rule):
    d, r, cap = rule
    return min(r * max(cost - d, 0.0), cap)


def person(admissions, group="general", outpatient=0.0, chronic=0.0, hyp=0.0, dia=0.0):
    compliant = ded = fund = 0.0
    for cost, level in admissions:
        c = COMPLIANT * cost
        d = min(c, LEVEL[level][0])
        compliant += c
        ded += d
        fund += LEVEL[level][1] * (c - d)
    basic = min(fund, CAP)
    base = compliant - ded - basic
    # compliant cost left when the cap is reached (average fund ratio over the admissions)
    above_cap = (fund - basic) * (compliant - ded) / fund if fund > 0 else 0.0
    assisted = group == "assisted"
    deductible = 0.5 * INCOME_2024 * (0.5 if assisted else 1.0)
    cat = 0.0
    for k, (lo, r) in enumerate(TIERS):
        lo = max(lo, deductible)
        hi = max(TIERS[k + 1][0], deductible) if k + 1 < len(TIERS) else float("inf")
        r = min(1.0, r + (0.05 if assisted else 0.0))
        cat += r * max(0.0, min(base, hi) - lo)
    if not assisted:
        cat = min(cat, CAT_CAP)
    assistance = min(ASSIST[0] * (compliant - basic - cat), ASSIST[1]) if assisted else 0.0
    op = layer(outpatient, OUTPATIENT)
    if chronic > 0:  # 两病 drugs of a chronic/special user are paid under chronic/special
        cs, two = layer(chronic + hyp + dia, CHRONIC), 0.0
    else:
        cs = 0.0
        two = min(min(TWO["ratio"] * hyp, TWO["cap_h"]) + min(TWO["ratio"] * dia, TWO["cap_d"]), TWO["cap_both"])
    total = sum(c for c, _ in admissions) + outpatient + chronic + hyp + dia
    oop = total - basic - cat - assistance - op - cs - two
    return dict(inpatient_cost_above_cap=above_cap, inpatient_coinsurance_within_cap=base - above_cap,
                basic_inpatient=basic, outpatient=op, chronic_special=cs, two_diseases=two, catastrophic=cat,
                assistance=assistance, out_of_pocket=oop, total_cost=total)


CASES = {
    "one secondary admission 10,000": person([(10000, "secondary")]),
    "two admissions, cap binds, three catastrophic tiers": person(
        [(100000, "tertiary"), (50000, "secondary")], outpatient=800, hyp=1000, dia=1000),
    "assisted, one tertiary admission 100,000": person([(100000, "tertiary")], group="assisted"),
    "chronic/special user with hypertension drugs": person([], chronic=3000, hyp=1000),
}

if __name__ == "__main__":
    for name, r in CASES.items():
        print(name)
        for k, v in r.items():
            print(f"  {k:34s} {v:12.2f}")
