#!/usr/bin/env python3
"""Writes the Henan example's pool data packages (scenarios/henan/<city>/), one per prefecture-level
pool, from the repository's data. Re-run after changing an input; tests compare the committed
packages with what this script writes (`make_pools.py --check DIR`).

    /usr/bin/python3 scenarios/henan/make_pools.py            # rewrite scenarios/henan/*/
    /usr/bin/python3 scenarios/henan/make_pools.py --check D  # write into D instead (for the test)

Data (real, with sources): calibration/data/regional/henan_cities_census_2020.csv (7th census by
prefecture: totals, sex, broad age groups, urban share where found), henan_province.csv (census
sex shares, 2022 incomes), calibration/data/population/china_2020_population_5y.csv (the national
age shape within broad groups), the 2021 catastrophic premium tiers and Zhengzhou's 2021 standards
(豫医保〔2021〕2号, 郑医保〔2021〕16号, rules_from_documents.md).

Illustrative assumptions (no source; each generated file says which of its numbers are):
- Jiaozuo and Jiyuan: the 4,248,343 persons the province has beyond the 16 cities found are split
  80% / 20%;
- sex and age where a city gives none: the province's male share (50.15%) and the national shape;
- fund history 2020-2024: the national resident fund per person (enrollees per resident of the 2020
  census; revenue, spending and balance per enrollee) times the city's population;
- incomes: the national series scaled by Henan's 2022 ratio to the nation (rural, urban); all
  residents weighted by the city's urban share where given, else Henan's all-resident ratio;
- rules: the Henan catastrophic base (chronic/special outpatient self-pay counts) and each city's
  2021 catastrophic premium; everything else the national baseline's.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "calibration", "data")

# 豫医保〔2021〕2号: 2021 catastrophic premium per enrollee by prefecture (directly administered
# counties omitted).
PREMIUM_2021 = {"Zhengzhou": 95, "Kaifeng": 78, "Shangqiu": 78, "Xinyang": 78, "Jiyuan": 78,
                "Pingdingshan": 70, "Hebi": 70, "Xinxiang": 70, "Jiaozuo": 70, "Puyang": 70, "Luohe": 70,
                "Zhoukou": 70, "Zhumadian": 70, "Luoyang": 64, "Anyang": 64, "Xuchang": 64,
                "Sanmenxia": 64, "Nanyang": 64}
PROVINCE_TOTAL = 99365519  # henan_province.csv, census_resident_population
UNFOUND_SPLIT = {"Jiaozuo": 0.8, "Jiyuan": 0.2}  # illustrative assumption
PROVINCE_MALE_SHARE = 0.5015  # henan_province.csv, census_male 50.15%
# A city's own deviation from the national excess cost trend (costs.local_trend_deviation_*):
# ILLUSTRATIVE ASSUMPTION, no city series exists. 1.5 log points a year (a random walk of the city's
# relative cost level: about 5% after 10 years, 9% after 35), half of it common to Henan's cities
# (provincial rules, prices and procurement are shared).
LOCAL_TREND_SD = 0.015
LOCAL_TREND_RHO = 0.5

# The three adjustment-fund designs the example compares (province*.yaml). The draft plan says the
# rules of the residents' adjustment fund are to be written by the end of 2028; these are
# ILLUSTRATIVE designs spanning the options, not Henan's.
FUND_OPTIONS = [
    ("province.yaml", None, {
        "name": "revenue-share",
        "description": "every city pays 3% of its fund revenue each year; the fund covers 70% of a city's "
                       "current deficit, up to its balance; the rest falls on the city (分级管理、责任共担)",
        "mode": "adjustment", "revenue_share": 0.03, "deficit_share": 0.7, "deficit_basis": "current_deficit"}),
    ("province-excess-balance.yaml", "province.yaml", {
        "name": "excess-balance",
        "description": "a city pays half of its reserve above 12 months of spending; the fund covers 70% of "
                       "what a city's own reserve cannot pay, up to its balance; the rest falls on the city",
        "mode": "adjustment", "revenue_share": 0.0, "excess_balance_share": 0.5, "excess_balance_months": 12,
        "deficit_share": 0.7, "deficit_basis": "reserve_shortfall"}),
    ("province-full-pooling.yaml", "province.yaml", {
        "name": "full-pooling",
        "description": "统收统支: one provincial fund collects every city's revenue and reserve and pays all "
                       "spending (the limit of provincial pooling)",
        "mode": "full_pooling"}),
]

# Migration between the cities (province-migration.yaml: the revenue-share design with migration).
# ILLUSTRATIVE ASSUMPTION, not sourced: every other city loses 0.3% of its residents a year to
# Zhengzhou (the provincial capital draws Henan's internal migrants), spread by age with the
# Rogers-Castro schedule's default shape (docs/province.md).
MIGRATION_TO = "zhengzhou"
MIGRATION_RATE = 0.003
MIGRATION_OPTION = ("province-migration.yaml", "province.yaml")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def value(text, total):
    """A count, or a share of `total` when the text ends in %; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100.0 * total
    return float(text)


def national_shape():
    rows = read_csv(os.path.join(DATA, "population", "china_2020_population_5y.csv"))
    return [float(r["male_thousands"]) for r in rows], [float(r["female_thousands"]) for r in rows]


def ipf(male, female, sex_totals, age_margins, iterations=200):
    """Raking of a 2 x 21 table to the sex totals and to totals over groups of 5-year indices."""
    m, f = list(male), list(female)
    for _ in range(iterations):
        for groups, target in age_margins:
            s = sum(m[i] + f[i] for i in groups)
            for i in groups:
                m[i] *= target / s
                f[i] *= target / s
        if sex_totals:
            sm, sf = sum(m), sum(f)
            m = [x * sex_totals[0] / sm for x in m]
            f = [x * sex_totals[1] / sf for x in f]
    return m, f


def population(city, total):
    male0, female0 = national_shape()
    scale = total / (sum(male0) + sum(female0))
    male0 = [x * scale for x in male0]
    female0 = [x * scale for x in female0]
    men = value(city["male"], total)
    sex = [men, total - men] if men is not None else [PROVINCE_MALE_SHARE * total, (1 - PROVINCE_MALE_SHARE) * total]
    margins = []
    a014, a1559, a60, a65 = (value(city[k], total) for k in ("age_0_14", "age_15_59", "age_60_plus", "age_65_plus"))
    if a014 is not None:
        margins.append((range(0, 3), a014))
    if a1559 is not None:
        margins.append((range(3, 12), a1559))
    if a60 is not None and a65 is not None:
        margins.append((range(12, 13), a60 - a65))
        margins.append((range(13, 21), a65))
    elif a60 is not None:
        margins.append((range(12, 21), a60))
    elif a65 is not None:
        margins.append((range(13, 21), a65))
    ages_given = bool(margins)
    # Margins given as rounded shares may not add to the total: the groups not covered by a margin
    # take the rest (scaled together), so the table always adds to the city's total.
    covered = set(i for groups, _ in margins for i in groups)
    rest = [i for i in range(21) if i not in covered]
    if rest and margins:
        margins.append((rest, total - sum(t for _, t in margins)))
    elif margins:
        s = sum(t for _, t in margins)
        margins = [(g, t * total / s) for g, t in margins]
    m, f = ipf(male0, female0, sex, margins) if margins else (male0, female0)
    if not margins:  # sex totals only
        m, f = ipf(male0, female0, sex, [])
    return m, f, {"sex": men is not None, "ages": ages_given}


def national_fund():
    rows = read_csv(os.path.join(DATA, "fund", "urrbmi_national.csv"))
    return {int(r["year"]): r for r in rows}


def incomes():
    rows = {int(r["year"]): r for r in read_csv(os.path.join(DATA, "economy", "disposable_income.csv"))}
    prov = {r["item"]: float(r["value"]) for r in read_csv(os.path.join(DATA, "regional", "henan_province.csv"))
            if r["year"] == "2022" and r["item"].endswith("income")}
    k_rural = prov["rural_income"] / float(rows[2022]["rural_yuan"])
    k_urban = prov["urban_income"] / float(rows[2022]["urban_yuan"])
    k_all = prov["all_resident_income"] / float(rows[2022]["national_yuan"])
    return {y: (float(r["rural_yuan"]) * k_rural, float(r["urban_yuan"]) * k_urban, float(r["national_yuan"]) * k_all)
            for y, r in rows.items() if 2019 <= y <= 2024}


NATIONAL_POPULATION_2020 = 1411778724  # census communique no.5 (calibration/data/population)


def write_pool(out, city, total, assumed_total):
    name = city["city_en"].lower()
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    m, f, given = population(city, total)
    urban = value(city.get("urban_share"), 1.0)
    src = "calibration/data/regional/henan_cities_census_2020.csv"
    with open(os.path.join(d, "pool.yaml"), "w", encoding="utf-8") as o:
        o.write(f"# {city['city_zh']} ({city['city_en']}): written by scenarios/henan/make_pools.py; do not edit by hand.\n")
        o.write("# Real: census population (see population.csv); the rest is illustrative (each file says).\n")
        o.write(f"name: {name}\nlevel: city\nparent: henan\nscenario: ../../national-baseline.yaml\n")
        o.write("census_year: 2020\n")
        o.write("calibration: inherited        # the national estimates (no city's fund history is public)\n")
        if urban is not None:
            o.write(f"urban_share: {urban:.4f}          # census ({src})\n")
        o.write("settings:                     # the pool's own risk (docs/province.md)\n")
        o.write("  run: {process_noise: true}  # finite persons, admissions and catastrophic cases\n")
        o.write(f"  costs: {{local_trend_deviation_sd_per_year: {LOCAL_TREND_SD}, "
                f"local_trend_deviation_correlation: {LOCAL_TREND_RHO}}}  # ILLUSTRATIVE ASSUMPTION\n")
    with open(os.path.join(d, "population.csv"), "w", encoding="utf-8") as o:
        o.write(f"# 7th census (2020-11-01), {src}: total {total:,.0f}"
                + (" (ILLUSTRATIVE ASSUMPTION: share of the province's unfound remainder)" if assumed_total else "") + ".\n")
        o.write("# 5-year groups: the national 2020 shape raked to the city's "
                + ("sex totals" if given["sex"] else "the province's male share (assumption)")
                + (" and broad age groups." if given["ages"] else " (no age groups found: the national shape, assumption).")
                + "\n")
        o.write("age_from,age_to,male,female\n")
        for i in range(21):
            a = 5 * i
            o.write(f"{a},{a + 4 if i < 20 else 100},{m[i]:.1f},{f[i]:.1f}\n")
    fund = national_fund()
    ratio = total / NATIONAL_POPULATION_2020
    with open(os.path.join(d, "history.csv"), "w", encoding="utf-8") as o:
        o.write("# ILLUSTRATIVE ASSUMPTION (no city's fund history is public): the national resident fund\n")
        o.write("# (calibration/data/fund/urrbmi_national.csv) per resident of the 2020 census, times the\n")
        o.write("# city's census population. Replace with the city's own accounts.\n")
        o.write("year,enrollees,revenue_yuan,spending_yuan,cumulative_balance_yuan\n")
        for y in range(2020, 2025):
            r = fund[y]
            o.write(f"{y},{float(r['enrollees_10k']) * 1e4 * ratio:.0f},{float(r['revenue_100m_yuan']) * 1e8 * ratio:.0f},"
                    f"{float(r['expenditure_100m_yuan']) * 1e8 * ratio:.0f},{float(r['cumulative_balance_100m_yuan']) * 1e8 * ratio:.0f}\n")
    inc = incomes()
    with open(os.path.join(d, "income.csv"), "w", encoding="utf-8") as o:
        o.write("# ILLUSTRATIVE ASSUMPTION (no city incomes were found): the national series (calibration/data/\n")
        o.write("# economy/disposable_income.csv) scaled by Henan's 2022 ratio to the nation (henan_province.csv:\n")
        o.write("# rural 18,697, urban 38,484, all residents 28,222 yuan); all residents weighted by the city's\n")
        o.write("# urban share where the census gives it (empty all_yuan: pool.yaml urban_share).\n")
        o.write("year,rural_yuan,urban_yuan,all_yuan\n")
        for y in sorted(inc):
            rural, urban_y, all_y = inc[y]
            o.write(f"{y},{rural:.0f},{urban_y:.0f}," + ("" if urban is not None else f"{all_y:.0f}") + "\n")
    with open(os.path.join(d, "rules.yaml"), "w", encoding="utf-8") as o:
        o.write("# Henan rules (豫医保〔2021〕2号): chronic/special outpatient self-pay counts toward the\n")
        o.write("# catastrophic base; the city's 2021 catastrophic premium tier. Everything else: the national\n")
        o.write("# baseline's (an illustrative assumption: the city's own deductibles, ratios and caps were not found).\n")
        o.write("benefits:\n  catastrophic:\n    base: inpatient_and_chronic_special\n    financing:\n")
        o.write(f"      premium_per_enrollee_yuan: {{values: {{2021: {PREMIUM_2021[city['city_en']]}}}}}\n")
    if city["city_en"] == "Zhengzhou":
        with open(os.path.join(d, "financing.csv"), "w", encoding="utf-8") as o:
            o.write("# 郑医保〔2021〕16号: 2021 individual 320 yuan, subsidy 780 yuan split 348 central / 92.8\n")
            o.write("# provincial / 169.6 city / 169.6 county (city proper); later years: the national baseline's.\n")
            o.write("year,individual_yuan,subsidy_yuan,central_share,provincial_share,city_share\n")
            o.write(f"2021,320,780,{348 / 780:.6f},{92.8 / 780:.6f},{169.6 / 780:.6f}\n")
    return name


def write_province(out, file, parent, design, names, migration=None):
    with open(os.path.join(out, file), "w", encoding="utf-8") as o:
        o.write("# 河南 (Henan) as a province of its 18 prefecture-level pools: written by scenarios/henan/make_pools.py;\n")
        if migration:
            o.write("# do not edit by hand. The migration flows are an ILLUSTRATIVE ASSUMPTION (docs/province.md).\n")
        else:
            o.write("# do not edit by hand. The adjustment-fund design is an ILLUSTRATIVE ASSUMPTION (docs/province.md).\n")
        o.write("#   fundsim run scenarios/henan/" + file + "\n")
        o.write("name: henan\n")
        if parent:
            o.write(f"extends: {parent}\n")
        if migration:
            o.write(f"description: \"Henan's cities on common draws; adjustment fund: {design['name']}; "
                    f"{MIGRATION_RATE:.1%} of every other city's residents move to {MIGRATION_TO.capitalize()} each year\"\n")
            o.write("migration:\n  flows:\n")
            for n in migration:
                o.write(f"    - {{from: {n}, to: {MIGRATION_TO}, rate: {MIGRATION_RATE}}}\n")
            return
        o.write(f"description: \"Henan's cities on common draws; adjustment fund: {design['name']}\"\n")
        o.write("adjustment_fund:\n")
        for k, v in design.items():
            o.write(f"  {k}: " + (f'"{v}"' if isinstance(v, str) else f"{v}") + "\n")
        if not parent:
            o.write("pools:\n")
            for n in names:
                o.write(f"  - {{path: {n}}}\n")


def main(argv):
    out = HERE
    if len(argv) == 3 and argv[1] == "--check":
        out = argv[2]
    elif len(argv) != 1:
        sys.exit("usage: make_pools.py [--check DIR]")
    cities = read_csv(os.path.join(DATA, "regional", "henan_cities_census_2020.csv"))
    found = sum(float(c["population"]) for c in cities if c["population"])
    remainder = PROVINCE_TOTAL - found
    names = []
    for c in cities:
        if c["population"]:
            names.append(write_pool(out, c, float(c["population"]), False))
        else:
            names.append(write_pool(out, c, remainder * UNFOUND_SPLIT[c["city_en"]], True))
    for file, parent, design in FUND_OPTIONS:
        write_province(out, file, parent, design, names)
    write_province(out, MIGRATION_OPTION[0], MIGRATION_OPTION[1], FUND_OPTIONS[0][2], names,
                   migration=[n for n in names if n != MIGRATION_TO])
    print(f"wrote {len(names)} pools into {out}: {', '.join(names)}; and {len(FUND_OPTIONS) + 1} province files")


if __name__ == "__main__":
    main(sys.argv)
