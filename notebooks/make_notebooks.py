"""Generates the notebooks of this folder (committed without outputs, so they stay diffable).

    /usr/bin/python3 notebooks/make_notebooks.py

Edit the cells here, not in the .ipynb files. Each notebook reads FUNDSIM_NOTEBOOK_DRAWS (the tests
use few draws) and writes files only under FUNDSIM_NOTEBOOK_OUT (default ../results/notebooks).
"""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = '''import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import fundsim
import fundsim.figures
from fundsim.figures import fan_chart, warning_band_background

DRAWS = int(os.environ.get("FUNDSIM_NOTEBOOK_DRAWS", "500"))  # the tests run with few draws
OUT = Path(os.environ.get("FUNDSIM_NOTEBOOK_OUT", "../results/notebooks"))
OUT.mkdir(parents=True, exist_ok=True)
YI = 1e8  # 100 million yuan (亿)
pd.set_option("display.width", 140)
print(f"fundsim {fundsim.__version__} (commit {fundsim.git_commit}), {DRAWS} draws")'''


def notebook(cells):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c) for c in cells]
    return nb


RISK_WARNING = [
    """md:# Risk warning for a pooling region

The fund risk-warning analyst's view of one pooling region: how likely the fund is to run a current
deficit, to fall into each warning band of months payable (docs/DESIGN.md §2), and to exhaust its reserve.
The region here is the shipped city pool `scenarios/zhengzhou-2021.yaml` (read its header for its
approximations); replace `SCENARIO` with your region's file.""",
    SETUP,
    '''SCENARIO = "../scenarios/zhengzhou-2021.yaml"
region = fundsim.load_scenario(SCENARIO)
print(region)
res = region.run(draws=DRAWS)
print(res.headline())''',
    """md:## Warning bands by year
Probability of each band of months payable; the first year in which P(red or exhausted) exceeds the
scenario's threshold is the warning.""",
    '''thr = region.warning_thresholds
warn = res.warning()
flag = warn[warn["p_red_or_worse"] > thr["red_probability_threshold"]]
print("warning year:", int(flag["year"].iloc[0]) if len(flag) else "none within the horizon")
warn.head(12).style.format({c: "{:.1%}" for c in warn.columns if c != "year"})''',
    '''risk = res.risk()
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4))
warning_band_background(ax1, thr, 40)
ax1.fill_between(risk["year"], risk["months_payable_p05"], risk["months_payable_p95"], color="#08519c", alpha=0.3,
                 label="90% interval")
ax1.plot(risk["year"], risk["months_payable_p50"], color="#08519c", lw=2, label="median")
ax1.set_ylim(-6, 40); ax1.set_title("months payable against the warning bands"); ax1.legend(ncol=3, fontsize=7)
cols = ["p_exhausted", "p_red", "p_amber", "p_target", "p_comfortable", "p_excessive"]
ax2.stackplot(warn["year"], *[warn[c] for c in cols], labels=[c[2:] for c in cols],
              colors=["#7f0000", "#e34a33", "#fdbb84", "#a1d99b", "#c6dbef", "#d9d9d9"])
ax2.set_title("probability of each band"); ax2.legend(fontsize=7, loc="lower left"); ax2.set_ylim(0, 1)
plt.show()''',
    """md:## When is the reserve exhausted?""",
    '''dep = res.depletion()
years = dep[dep["year"] != "never"]
fig, ax = plt.subplots(figsize=(10, 3))
ax.bar(years["year"].astype(int), years["probability"], color="#7f0000")
ax.set_title(f"first year of depletion; P(never within the horizon) = "
             f"{float(dep[dep['year'] == 'never']['probability'].iloc[0]):.1%}")
plt.show()
print("median depletion year:", res.depletion_year_median())''',
    """md:## What drives the early years: per-draw view
The per-draw array (draws x years x metrics) shows which draws deplete and how their spending growth
differs from the rest.""",
    '''bal = res.metric("balance_cumulative")
spend = res.metric("spending_total")
depleted = (bal < 0).any(axis=1)
growth = (spend[:, -1] / spend[:, 0]) ** (1 / (spend.shape[1] - 1)) - 1
pd.DataFrame({"depleted within horizon": depleted, "spending growth per year": growth}).groupby(
    "depleted within horizon").describe().T''',
    """md:## Hand it over: the report
The same results directory as `fundsim run`, and its self-contained `report.html`.""",
    '''import fundsim.report
run_dir = res.save(OUT / "risk-warning", force=True)
print(fundsim.report.build_report(run_dir))''',
]

BUDGET = [
    """md:# Budget planning for next year

The budget planner proposes next year's individual contribution standard. For each option: revenue and
spending by category with 90% intervals, the current balance and the probability of a current deficit,
and the enrolment response (a higher contribution loses enrollees, the healthy first). All options are
evaluated on the same draws (common random numbers), so their differences are not noise.""",
    SETUP,
    '''base = fundsim.load_scenario("../scenarios/national-baseline.yaml", sets=["run.end_year=2035"])
sched = base.to_dict()["financing"]["individual_contribution_yuan"]
last = max(int(y) for y in sched["values"])
NEXT = last + 1  # the first year without a legislated standard
print(f"last legislated year {last} ({sched['values'][last]} yuan); planning {NEXT}")
OPTIONS = {"+0 yuan/yr": "individual=increment:0", "+20 yuan/yr": "individual=increment:20",
           "+40 yuan/yr": "individual=increment:40", "+60 yuan/yr": "individual=increment:60"}
cmp = fundsim.evaluate_paths(base, OPTIONS, draws=DRAWS)  # the library of `fundsim paths`''',
    """md:## Next year, by category (100 million yuan, mean and 90% interval)
For each option the mean over draws and the 5th and 95th percentiles: the interval within which next
year's figure falls in 90% of the draws.""",
    '''ITEMS = ["revenue_subsidy", "revenue_individual", "revenue_interest", "revenue_total",
         "spending_inpatient", "spending_outpatient", "spending_two_diseases", "spending_chronic_special",
         "spending_catastrophic", "spending_total", "balance_current"]
rows = []
for name, r in cmp.results.items():
    s = r.summary()
    s = s[(s["year"] == NEXT) & s["metric"].isin(ITEMS)]
    for _, x in s.iterrows():
        rows.append({"option": name, "item": x["metric"], "mean": x["mean"] / YI, "p05": x["p05"] / YI,
                     "p95": x["p95"] / YI})
budget = pd.DataFrame(rows)
table = budget.pivot(index="item", columns="option", values=["mean", "p05", "p95"])
table = table.swaplevel(axis=1)[[(o, s) for o in OPTIONS for s in ("mean", "p05", "p95")]]
table.reindex([i for i in ITEMS if i in set(budget["item"])]).round(1)''',
    '''one = budget[budget["option"] == "+20 yuan/yr"].set_index("item")
one = one.reindex([i for i in ITEMS if i in one.index and i.startswith("spending_") and i != "spending_total"])
fig, ax = plt.subplots(figsize=(10, 3.5))
ax.barh(one.index, one["mean"], xerr=[one["mean"] - one["p05"], one["p95"] - one["mean"]], color="#3182bd",
        capsize=4)
ax.set_xlabel("100 million yuan"); ax.set_title(f"spending by category in {NEXT} (mean, 90% interval)")
plt.show()''',
    """md:## Three years ahead: deficit risk and enrolment response""",
    '''t = cmp.table[cmp.table["year"].between(NEXT, NEXT + 2)]
t = t[["path", "year", "individual_contribution", "enrollees", "revenue_total", "spending_total",
       "p_current_deficit", "contribution_burden_rural"]].copy()
t["enrollees"] /= 1e6; t["revenue_total"] /= YI; t["spending_total"] /= YI
t.rename(columns={"enrollees": "enrollees (million)", "revenue_total": "revenue (1e8)",
                  "spending_total": "spending (1e8)"}).round(4)''',
    '''d = cmp.diff[(cmp.diff["quantity"] == "balance_current") & cmp.diff["year"].between(NEXT, NEXT + 2)].copy()
for c in ("mean", "se", "p05", "p50", "p95"):
    d[c] /= YI
d = d[["path", "year", "mean", "se", "p05", "p50", "p95"]]
print("change of the current balance against +0 (100 million yuan), per draw on common random numbers:")
d.round(1)''',
]

PATHS = [
    """md:# Contribution paths and the solver

Several rules for the individual contribution (and the subsidy) after the last legislated year, all on
the same draws; then the lowest contribution path that keeps P(depleted by a year) under a target
within coverage and burden constraints. Everything here calls the C++ library of `fundsim paths` and
`fundsim solve` (the same numbers as the command line).""",
    SETUP,
    '''base = fundsim.load_scenario("../scenarios/national-baseline.yaml")
PATHS = {
    "ind +20, sub +30 (baseline)": "individual=increment:20,subsidy=increment:30",
    "ind +40, sub +30": "individual=increment:40,subsidy=increment:30",
    "ind +5%/yr, sub +5%/yr": "individual=growth:0.05,subsidy=growth:0.05",
    "indexed to income (2024 shares)": "individual=indexed:0.0173,subsidy=indexed:0.02898",
}
cmp = fundsim.evaluate_paths(base, PATHS, draws=DRAWS)
print(base.name, "-", len(PATHS), "paths on the same", DRAWS, "draws")
cmp.table[cmp.table["year"].isin([2030, 2035, 2040, 2050, 2060])].round(3)''',
    '''fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
for name, g in cmp.table.groupby("path", sort=False):
    axes[0].plot(g["year"], g["individual_contribution"], label=name)
    axes[1].plot(g["year"], g["contribution_burden_rural"] * 100, label=name)
    axes[2].plot(g["year"], g["p_depleted_by_year"], label=name)
    axes[3].plot(g["year"], g["enrollees"] / 1e6, label=name)
for ax, t in zip(axes, ["individual contribution (yuan)", "burden (% of rural income)", "P(depleted by year)",
                        "enrollees (million)"]):
    ax.set_title(t)
axes[0].legend(fontsize=7)
plt.show()''',
    """md:## Differences on common random numbers
Each draw sees the same mortality, cost trend and interest under every path, so the per-draw
difference isolates the path's effect: its standard error `se` is far below the one two independent
runs would give (`se_independent`).""",
    '''ref = list(PATHS)[0]
d = cmp.diff[cmp.diff["quantity"] == "balance_cumulative"]
fig, ax = plt.subplots(figsize=(10, 3.6))
for name, g in d.groupby("path", sort=False):
    ax.fill_between(g["year"], g["p05"] / YI, g["p95"] / YI, alpha=0.2)
    ax.plot(g["year"], g["mean"] / YI, label=f"{name} minus {ref}")
ax.set_ylabel("100 million yuan"); ax.legend(fontsize=8); ax.set_title("cumulative balance: difference per draw")
plt.show()
d[d["year"].isin([2030, 2035, 2040])][["path", "year", "mean", "se", "se_independent"]]''',
    """md:## The solver, with coverage and burden constraints
The lowest individual increment (yuan per year after the last legislated year) that keeps P(depleted in
any year up to 2035) at or below 5%: unconstrained, with at most 5% of enrollees lost against the
scenario's own path, with the median contribution burden at most 2.5% of rural income, and with both.
An infeasible problem is reported as such, with its binding constraint and the closest path; it is never
relaxed. The Monte Carlo standard error of the target probability comes with the answer.""",
    '''CASES = {"unconstrained": {}, "enrollee loss <= 5%": {"max_enrollee_loss": 0.05},
         "burden <= 2.5%": {"max_burden": 0.025},
         "both": {"max_enrollee_loss": 0.05, "max_burden": 0.025}}
rows = []
for label, cons in CASES.items():
    sol = fundsim.solve("../scenarios/national-baseline.yaml", "individual-increment", by=2035,
                        max_p_depleted=0.05, draws=DRAWS, range="0:200", step=5, **cons)
    e = sol["achieved"] if sol["feasible"] else sol["closest"]
    mc = sol.get("monte_carlo") or {}
    rows.append({"case": label, "feasible": sol["feasible"], "binding": sol.get("binding"),
                 "path": sol["rule"] if sol["feasible"] else sol["closest_rule"],
                 "P(depleted by 2035)": e["p_depleted_by"], "se": mc.get("se_p_depleted_by_chosen"),
                 "enrollees 2035 (M)": e["in_by_year"]["enrollees"] / 1e6,
                 "max median burden": e["burden_rural_p50_max"],
                 "fiscal cost 2035 (1e8)": e["in_by_year"]["fiscal_cost_yuan"] / YI})
pd.DataFrame(rows).round(4)''',
    '''f = sol["frontier"]  # the last case: every grid value the search evaluated
fig, ax = plt.subplots(1, 2, figsize=(11, 3.6))
ax[0].plot(f["value"], f["p_depleted_by"], "o-"); ax[0].axhline(0.05, color="red", lw=0.8)
ax[0].set_xlabel("individual increment (yuan/yr)"); ax[0].set_title("P(depleted by 2035)")
ax[1].plot(f["value"], f["enrollees_by_year"] / 1e6, "o-", label="enrollees 2035 (M)")
ax2 = ax[1].twinx(); ax2.plot(f["value"], f["burden_rural_p50_max"] * 100, "s--", color="C1", label="burden (%)")
ax[1].set_xlabel("individual increment (yuan/yr)"); ax[1].set_title("enrolment and burden along the grid")
plt.show()''',
]

RESEARCH = [
    """md:# Research report: drivers and sensitivity

Two figures for a research report: (1) the decomposition of the growth of enrollees' gross medical
cost into population size, ageing, disease prevalence, utilisation and unit cost (Shapley values on the
central path, from the cell engine's `decomposition.csv`); (2) a tornado chart of the sensitivity of
the depletion risk to each assumption, each varied one at a time around the baseline on the same
draws.""",
    SETUP,
    '''base = fundsim.load_scenario("../scenarios/national-baseline.yaml")
res = base.run(draws=DRAWS)
print(res.headline())''',
    """md:## 1. Drivers of cost growth""",
    '''dec = res.decomposition()
FACTORS = ["population_size_yuan", "ageing_yuan", "prevalence_yuan", "utilisation_yuan", "unit_cost_yuan"]
if dec is None:
    print(f"engine {base.engine!r} writes no driver decomposition (the cell engine does)")
else:
    cum = dec[dec["basis"] == "cumulative"].set_index("year")
    assert np.allclose(cum[FACTORS].sum(axis=1), cum["change_yuan"], rtol=1e-9, atol=1.0)  # Shapley parts add up
    fig, ax = plt.subplots(figsize=(11, 4))
    # One colour per driver above and below zero, so the legend also names the negative areas.
    fundsim.figures.drivers_chart(ax, dec, YI)
    ax.set_ylabel("100 million yuan"); ax.legend(fontsize=8, loc="upper left")
    ax.set_title(f"change in gross medical cost of enrollees since {int(cum['from_year'].iloc[0])}, by driver")
    plt.show()
    share = fundsim.figures.driver_shares(dec, (2030, 2040, 2050, 2060))  # rows: those years only
    display(share.rename(columns=lambda c: c[:-5]).style.format("{:.1%}"))''',
    """md:## 2. Tornado: sensitivity of the depletion risk to each assumption
`fundsim sensitivity` (its library, bound): every assumption with a documented range is set low and
high, the others as in the baseline, on the same seed and draws (common random numbers): the keys the
parameter draws sample (calibrated ones at estimate ± 2 sd, drivers at their declared range) and the
interest rate and opening reserve named here. The measure is P(exhausted by 2035) and P(exhausted by
2040), probabilities on the draws, so an assumption that moves the risk shows a swing even when the
median depletion year does not move.""",
    '''sens = fundsim.sensitivity("../scenarios/national-baseline.yaml", draws=DRAWS,
                           params=["fund.interest.mean_rate=0.005:0.025",
                                   "fund.initial_balance_yuan=6027.304e8:9040.956e8"],  # opening reserve ±20%
                           outputs=["p_exhausted_by@2035", "p_exhausted_by@2040"])
print(sens.financing_rule)
tornado = sens.tornado
tornado[tornado["output"] == "p_exhausted_by@2035"].head(10).round(4)''',
    '''t = tornado[tornado["output"] == "p_exhausted_by@2035"].head(10).iloc[::-1]
base_p = t["base"].iloc[0]
fig, ax = plt.subplots(figsize=(10, 0.5 * len(t) + 1.5))
y = np.arange(len(t))
ax.barh(y, t["at_low"] - base_p, left=base_p, color="#3182bd", label="assumption at its low value")
ax.barh(y, t["at_high"] - base_p, left=base_p, color="#de2d26", alpha=0.7, label="assumption at its high value")
ax.axvline(base_p, color="black", lw=1)
ax.set_yticks(y, t["parameter"])
ax.set_xlabel(f"P(reserve exhausted by 2035) (baseline {base_p:.1%}; {sens.draws} draws, common random numbers)")
ax.set_title("Sensitivity of the depletion risk to each assumption")
ax.legend(fontsize=8, loc="lower right")
plt.show()
shares = sens.shares[sens.shares["output"] == "p_exhausted_by@2035"].sort_values("first_order_share", ascending=False)
print("first-order variance shares (binned estimator from the base run's draws, ± jackknife se):")
shares[["driver", "first_order_share", "se"]].round(3)''',
]


MONITORING = [
    """md:# Next year's budget and a mid-year review

The budget planner's year: the fund's budget for next year with intervals (revenue by source, spending
by category, balances, months payable; `fundsim budget`), the month-by-month cash flow with its
lowest month, and a mid-year review that re-forecasts the year end from six months of actuals
(`fundsim monitor`). The scenario is the national baseline; the actuals below are made up (spending
running 3% above the budget), to show the workflow. Values are in the budget's unit (亿元 here).""",
    SETUP,
    '''SCENARIO = "../scenarios/national-baseline.yaml"
YEAR = 2025
b = fundsim.budget(SCENARIO, YEAR, draws=DRAWS)
print(f"unit {b.unit}; history: {b.history_source or 'none'}")
cols = ["label", "mean", "p10", "p90", "p05", "p95", "last_year_actual", "change_pct"]
b.table.set_index("item")[cols].style.format(
    {c: "{:,.1f}" for c in cols[1:-1]} | {"change_pct": "{:+.1%}"}, na_rep="")''',
    """md:## Monthly cash flow
Revenue arrives unevenly (individual contributions in the autumn collection period, for the next
year; subsidies in tranches), spending every month: the balance dips before it recovers in the last
months. Bands are 90% intervals over draws.""",
    '''mw = {s: b.monthly_wide(s) for s in ("mean", "p05", "p95")}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4))
months = mw["mean"].index
w = 0.4
ax1.bar(months - w / 2, mw["mean"]["revenue_total"], w, label="revenue", color="#2b8cbe")
ax1.bar(months + w / 2, mw["mean"]["spending_total"], w, label="spending", color="#e34a33")
ax1.set_xticks(months); ax1.set_title(f"{YEAR}: monthly revenue and spending ({b.unit}, mean)"); ax1.legend()
ax2.fill_between(months, mw["p05"]["balance_cumulative"], mw["p95"]["balance_cumulative"], alpha=0.3,
                 color="#08519c", label="90% interval")
ax2.plot(months, mw["mean"]["balance_cumulative"], color="#08519c", lw=2, label="mean")
ax2.axhline(0, color="k", lw=0.8)
ax2.set_xticks(months); ax2.set_title(f"month-end cumulative balance ({b.unit})"); ax2.legend()
plt.show()
low = b.item("balance_lowest_month")
print(f"lowest month-end balance: {low['mean']:,.1f} {b.unit} (90%: {low['p05']:,.1f} to {low['p95']:,.1f}); "
      f"typical month {b.item('month_of_lowest_balance')['p50']:.0f}; "
      f"P(balance < 0 in some month) = {b.item('p_balance_below_zero_some_month')['mean']:.1%}")''',
    """md:## Mid-year review
Six months of actuals as a bureau would keep them (a CSV `month,item,value`): revenue as budgeted,
spending 3% above the budget's monthly means. The monitor updates the year's spending level from
the months seen against the seasonal profile (a credibility update), forecasts the rest of the year
with bands, flags months outside the budget's 90% band and places the year end in the warning bands.""",
    '''mean = b.monthly_wide("mean")
rows = []
for m in range(1, 7):
    rows.append((m, "revenue_total", round(mean.loc[m, "revenue_total"], 2)))
    rows.append((m, "spending_total", round(1.03 * mean.loc[m, "spending_total"], 2)))
actuals_file = OUT / f"actuals-{YEAR}-h1.csv"
pd.DataFrame(rows, columns=["month", "item", "value"]).to_csv(actuals_file, index=False)
print(actuals_file.read_text()[:200], "...")
mon = fundsim.monitor(SCENARIO, YEAR, actuals_file, draws=DRAWS)
print(mon.warning)
mon.year_end.set_index("item")[["mean", "p05", "p95", "budget_mean", "budget_p05", "budget_p95"]].style.format("{:,.1f}")''',
    '''bm = mon.by_month
fig, axes = plt.subplots(1, 2, figsize=(13, 4))
for ax, item in zip(axes, ["spending_total", "balance_cumulative"]):
    d = bm[bm["item"] == item]
    ax.fill_between(d["month"], d["budget_p05"], d["budget_p95"], color="#bdbdbd", alpha=0.6, label="budget 90% band")
    fc = d[d["status"] == "forecast"]
    ax.fill_between(fc["month"], fc["p05"], fc["p95"], color="#fdae6b", alpha=0.6, label="re-forecast 90% band")
    ax.plot(fc["month"], fc["mean"], color="#e6550d", lw=2, label="re-forecast")
    act = d[d["status"] == "actual"]
    ax.plot(act["month"], act["actual"], "ko", label="actual")
    out = act[act["flag"].fillna("") != ""]
    ax.plot(out["month"], out["actual"], "rx", ms=12, mew=2, label="outside the budget band")
    ax.set_title(f"{item} ({mon.budget.unit})"); ax.set_xticks(range(1, 13)); ax.legend(fontsize=7)
plt.show()
print("months outside the budget's band:", len(mon.flagged()))''',
]


def main():
    for name, cells in (("01-risk-warning.ipynb", RISK_WARNING), ("02-budget-planning.ipynb", BUDGET),
                        ("03-paths-and-solver.ipynb", PATHS), ("04-research-report.ipynb", RESEARCH),
                        ("05-budget-and-monitoring.ipynb", MONITORING)):
        nb = notebook(cells)
        for i, c in enumerate(nb.cells):  # stable ids: diffs show only real changes
            c["id"] = f"{name.split('-')[0]}-{i:02d}"
        nbformat.write(nb, HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
