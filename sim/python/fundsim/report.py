"""report.html: one self-contained page (PNG charts embedded as base64, inline CSS, no scripts) for the
decision maker, from a results directory of `fundsim run`.

    python -m fundsim.report RESULTS_DIR [--out FILE] [--paths PATHS_DIR_OR_CSV]
    fundsim report RESULTS_DIR ...            # the same, through the command line

Sections: the cumulative balance fan chart; P(current deficit) and P(depleted) by year; months
payable against the warning bands; revenue against spending by category; the contribution burden;
the path comparison when a paths.csv is present (in RESULTS_DIR or given by --paths). The footer
names the scenario, its SHA-256, the seed, the draws, the engine, the fundsim version and commit.
Exit code 2 with a message naming the file if the directory lacks what the report needs.
"""
from __future__ import annotations

import argparse
import base64
import html
import io
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .core import ResultsDir  # noqa: E402

YI = 1e8  # 亿 yuan: the unit of the NHSA bulletins
SPENDING_CATEGORIES = [
    ("spending_inpatient", "inpatient"),
    ("spending_outpatient", "general outpatient"),
    ("spending_two_diseases", "hypertension/diabetes medication"),
    ("spending_chronic_special", "chronic/special outpatient"),
    ("spending_catastrophic", "catastrophic insurance"),
]
REVENUE_PARTS = [
    ("revenue_subsidy", "fiscal subsidy"),
    ("revenue_individual", "individual contributions"),
    ("revenue_interest", "interest"),
]
BAND_COLOURS = {
    "exhausted": "#7f0000", "red": "#e34a33", "amber": "#fdbb84", "target": "#a1d99b",
    "comfortable": "#c6dbef", "excessive": "#d9d9d9",
}

plt.rcParams.update({"font.size": 10, "axes.grid": True, "grid.alpha": 0.3, "figure.dpi": 100,
                     "font.family": ["DejaVu Sans"]})


# ---------------------------------------------------------------- chart helpers (also for notebooks)
def fan_chart(ax, summary: pd.DataFrame, metric: str, scale: float = 1.0, label: str | None = None,
              colour: str = "#3182bd"):
    """p05-p95 and p25-p75 bands, the median and the mean of one metric by year."""
    s = summary[summary["metric"] == metric].sort_values("year")
    y = s["year"].to_numpy()
    ax.fill_between(y, s["p05"] / scale, s["p95"] / scale, color=colour, alpha=0.18, lw=0, label="90% interval")
    ax.fill_between(y, s["p25"] / scale, s["p75"] / scale, color=colour, alpha=0.35, lw=0, label="50% interval")
    ax.plot(y, s["p50"] / scale, color=colour, lw=2, label=label or "median")
    ax.plot(y, s["mean"] / scale, color=colour, lw=1, ls="--", label="mean")
    return ax


def warning_band_background(ax, thresholds: dict, top: float):
    """Horizontal warning bands of months payable (docs/DESIGN.md §2)."""
    t = thresholds
    edges = [("exhausted", -1e9, 0), ("red", 0, t["red_months"]), ("amber", t["red_months"], t["amber_months"]),
             ("target", t["amber_months"], t["target_months"]),
             ("comfortable", t["target_months"], t["excessive_months"]),
             ("excessive", t["excessive_months"], max(top, t["excessive_months"]) * 10)]
    for name, lo, hi in edges:
        ax.axhspan(lo, hi, color=BAND_COLOURS[name], alpha=0.45, lw=0, label=f"{name}")


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _img(b64: str, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{b64}">'


def _table(df: pd.DataFrame, fmt: dict | None = None) -> str:
    fmt = fmt or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for i in range(len(df)):
        cells = []
        for c in df.columns:
            v = df[c].iloc[i]
            if isinstance(v, np.integer):
                v = int(v)
            f = fmt.get(c)
            missing = isinstance(v, float) and np.isnan(v)
            text = "n/a" if missing else (f(v) if f else str(v))
            cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _pct(x) -> str:
    return f"{100 * float(x):.1f}%"


def _has(summary: pd.DataFrame, metric: str) -> bool:
    return bool((summary["metric"] == metric).any())


# ---------------------------------------------------------------- sections
def _section_balance(res: ResultsDir, summary: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(10, 4.2))
    fan_chart(ax, summary, "balance_cumulative", YI, "median cumulative balance")
    ax.axhline(0, color="black", lw=1)
    ax.set_ylabel("cumulative balance (100 million yuan, nominal)")
    ax.set_title("Cumulative balance of the fund: median, mean, 50% and 90% intervals")
    ax.legend(loc="best", fontsize=8)
    s = summary[summary["metric"] == "balance_cumulative"].sort_values("year")
    sel = s[s["year"].isin(_milestones(s["year"]))][["year", "p05", "p50", "p95"]].copy()
    for c in ("p05", "p50", "p95"):
        sel[c] = sel[c] / YI
    return ("<h2>1. Cumulative balance</h2>" + _img(_png(fig), "fan chart of the cumulative balance") +
            "<p>Cumulative balance, 100 million yuan, at milestone years:</p>" +
            _table(sel, {c: (lambda v: f"{v:,.0f}") for c in ("p05", "p50", "p95")}))


def _milestones(years) -> list[int]:
    y = sorted(int(v) for v in years)
    keep = {y[0], y[-1]} | {v for v in y if v % 5 == 0}
    return sorted(keep)


def _section_risk(res: ResultsDir) -> str:
    risk = res.risk().sort_values("year")
    fig, ax = plt.subplots(figsize=(10, 3.8))
    ax.plot(risk["year"], risk["p_current_deficit"], lw=2, color="#de2d26", label="P(current-year deficit)")
    ax.plot(risk["year"], risk["p_depleted"], lw=2, color="#252525", label="P(reserve exhausted: balance < 0)")
    ax.plot(risk["year"], risk["p_months_below_3"], lw=1, ls="--", color="#e6550d", label="P(months payable < 3)")
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("probability")
    ax.set_title("Probability of a current deficit and of an exhausted reserve, by year")
    ax.legend(loc="upper left", fontsize=8)
    text = "<h2>2. Deficit and depletion risk</h2>" + _img(_png(fig), "probabilities of deficit and depletion")
    sel = risk[risk["year"].isin(_milestones(risk["year"]))][["year", "p_current_deficit", "p_depleted",
                                                             "p_months_below_3", "p_months_below_6"]]
    text += _table(sel, {c: _pct for c in sel.columns if c != "year"})
    if res.has("depletion.csv"):
        d = res.depletion()
        never = d[d["year"] == "never"]["probability"]
        med = res.depletion_year_median()
        text += (f"<p>First year of depletion: median <b>{med if med else 'not within the horizon'}</b>; "
                 f"P(never depleted within the horizon) = {_pct(never.iloc[0]) if len(never) else 'n/a'}.</p>")
    return text


def _section_months(res: ResultsDir) -> str:
    risk = res.risk().sort_values("year")
    thr = res.warning_thresholds()
    fig, ax = plt.subplots(figsize=(10, 4.2))
    top = float(np.nanmax(risk["months_payable_p95"])) if len(risk) else 20.0
    top = min(max(top * 1.05, thr["excessive_months"] * 1.3), 60.0)
    bottom = min(-2.0, float(np.nanmin(risk["months_payable_p05"])) * 1.05)
    warning_band_background(ax, thr, top)
    ax.fill_between(risk["year"], risk["months_payable_p05"], risk["months_payable_p95"], color="#08519c",
                    alpha=0.25, lw=0, label="90% interval")
    ax.plot(risk["year"], risk["months_payable_p50"], color="#08519c", lw=2, label="median")
    ax.set_ylim(max(bottom, -6.0), top)
    ax.set_ylabel("months of spending payable from the reserve")
    ax.set_title("Months payable against the warning bands")
    ax.legend(loc="upper left", ncol=4, fontsize=8)
    text = "<h2>3. Months payable and warning bands</h2>" + _img(_png(fig), "months payable against warning bands")
    text += (f"<p>Bands: below 0 exhausted, 0-{thr['red_months']:g} red, {thr['red_months']:g}-"
             f"{thr['amber_months']:g} amber, {thr['amber_months']:g}-{thr['target_months']:g} target, "
             f"{thr['target_months']:g}-{thr['excessive_months']:g} comfortable, above "
             f"{thr['excessive_months']:g} excessive.</p>")
    if res.has("warning.csv"):
        w = res.warning().sort_values("year")
        fig, ax = plt.subplots(figsize=(10, 3.2))
        cols = ["p_exhausted", "p_red", "p_amber", "p_target", "p_comfortable", "p_excessive"]
        ax.stackplot(w["year"], *[w[c] for c in cols], labels=[c[2:] for c in cols],
                     colors=[BAND_COLOURS[c[2:]] for c in cols])
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.set_title("Probability of each warning band, by year")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
        text += _img(_png(fig), "probability of each warning band")
        flagged = w[w["p_red_or_worse"] > thr["red_probability_threshold"]]
        text += (f"<p class='warn'>Warning: P(red or exhausted) first exceeds {_pct(thr['red_probability_threshold'])}"
                 f" in <b>{int(flagged['year'].iloc[0])}</b>.</p>" if len(flagged) else
                 f"<p>P(red or exhausted) stays at or below {_pct(thr['red_probability_threshold'])} in every year.</p>")
    return text


def _section_flows(summary: pd.DataFrame, engine: str) -> str:
    text = "<h2>4. Revenue and spending</h2>"
    fig, ax = plt.subplots(figsize=(10, 4.4))
    cats = [(m, lab) for m, lab in SPENDING_CATEGORIES if _has(summary, m)]
    mean = summary.pivot(index="year", columns="metric", values="mean").sort_index()
    years = mean.index.to_numpy()
    if cats:
        ax.stackplot(years, *[mean[m] / YI for m, _ in cats], labels=[f"spending: {lab}" for _, lab in cats],
                     alpha=0.75)
    else:
        fan_chart(ax, summary, "spending_total", YI, "spending (total)", colour="#e6550d")
    s = summary[summary["metric"] == "revenue_total"].sort_values("year")
    ax.fill_between(s["year"], s["p05"] / YI, s["p95"] / YI, color="black", alpha=0.12, lw=0,
                    label="revenue 90% interval")
    ax.plot(s["year"], s["mean"] / YI, color="black", lw=2, label="revenue (total, mean)")
    if cats and _has(summary, "spending_total"):
        t = summary[summary["metric"] == "spending_total"].sort_values("year")
        ax.plot(t["year"], t["p95"] / YI, color="#a50f15", lw=1, ls=":", label="spending p95")
    ax.set_ylabel("100 million yuan per year (nominal)")
    ax.set_title("Revenue against spending" + (" by category (means stacked)" if cats else " (total)"))
    ax.legend(loc="upper left", fontsize=8)
    text += _img(_png(fig), "revenue against spending by category")
    if not cats:
        text += (f"<p class='note'>Spending by category is not produced by engine <code>{html.escape(engine)}"
                 "</code> (only the total); run with <code>run.engine: cell</code> for the categories.</p>")
    # Next projected year and a milestone: the budget planner's table, with intervals.
    rows = []
    first = int(years[0])
    for y in sorted({first, first + 1} & set(int(v) for v in years)):
        for m, lab in REVENUE_PARTS + [("revenue_total", "revenue total")] + cats + [("spending_total", "spending total"), ("balance_current", "current balance")]:
            r = summary[(summary["metric"] == m) & (summary["year"] == y)]
            if len(r):
                r = r.iloc[0]
                rows.append({"year": y, "item": lab, "mean": r["mean"] / YI, "p05": r["p05"] / YI, "p95": r["p95"] / YI})
    if rows:
        text += "<p>Budget view, 100 million yuan: mean and 90% interval.</p>"
        text += _table(pd.DataFrame(rows), {c: (lambda v: f"{v:,.1f}") for c in ("mean", "p05", "p95")})
    return text


def _section_burden(summary: pd.DataFrame, engine: str) -> str:
    text = "<h2>5. Contribution burden</h2>"
    has_burden = _has(summary, "contribution_burden_rural")
    fig, axes = plt.subplots(1, 2 if has_burden else 1, figsize=(10, 3.8), squeeze=False)
    ax = axes[0][0]
    for m, lab, col in (("individual_contribution", "individual contribution", "#3182bd"),
                        ("fiscal_subsidy", "fiscal subsidy", "#31a354")):
        if _has(summary, m):
            fan_chart(ax, summary, m, 1.0, lab, colour=col)
    ax.set_ylabel("yuan per enrollee per year")
    ax.set_title("Contribution standards")
    handles, labels = ax.get_legend_handles_labels()
    keep = [(h, lab) for h, lab in zip(handles, labels) if lab in ("individual contribution", "fiscal subsidy")]
    if keep:
        ax.legend(*zip(*keep), fontsize=8, loc="upper left")
    if has_burden:
        ax = axes[0][1]
        fan_chart(ax, summary, "contribution_burden_rural", 0.01, "median burden", colour="#756bb1")
        ax.set_ylabel("% of rural per-capita disposable income")
        ax.set_title("Individual contribution / rural income")
        ax.legend(fontsize=8, loc="upper left")
    text += _img(_png(fig), "contribution burden")
    if not has_burden:
        text += (f"<p class='note'>The burden on rural households (contribution / rural disposable income) is "
                 f"not produced by engine <code>{html.escape(engine)}</code>; run with <code>run.engine: cell"
                 "</code>.</p>")
    return text


def _section_paths(paths: pd.DataFrame) -> str:
    text = "<h2>6. Contribution paths compared (common random numbers)</h2>"
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    for name, g in paths.groupby("path", sort=False):
        g = g.sort_values("year")
        axes[0].plot(g["year"], g["individual_contribution"], lw=2, label=str(name))
        axes[1].plot(g["year"], g["p_depleted"], lw=2, label=str(name))
        axes[2].plot(g["year"], g["months_payable_p50"], lw=2, label=str(name))
    axes[0].set_title("individual contribution (yuan)")
    axes[1].set_title("P(depleted)")
    axes[1].set_ylim(-0.02, 1.02)
    axes[2].set_title("median months payable")
    axes[0].legend(fontsize=8)
    text += _img(_png(fig), "path comparison")
    last = paths[paths["year"] == paths["year"].max()]
    cols = [c for c in ("path", "year", "individual_contribution", "fiscal_subsidy", "p_depleted",
                        "months_payable_p50", "contribution_burden_rural") if c in last.columns]
    fmt = {"individual_contribution": lambda v: f"{v:,.0f}", "fiscal_subsidy": lambda v: f"{v:,.0f}",
           "p_depleted": _pct, "months_payable_p50": lambda v: f"{v:.1f}", "contribution_burden_rural": _pct}
    return text + _table(last[cols], fmt)


CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:24px auto;color:#222;padding:0 16px}
h1{font-size:1.6em;margin-bottom:0.2em} h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
img{max-width:100%;display:block;margin:8px 0} table{border-collapse:collapse;margin:8px 0;font-size:0.9em}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right} th{background:#f0f0f0}
.note{color:#555;font-style:italic} .warn{color:#a50f15;font-weight:bold}
.headline{background:#f7f7f7;border-left:4px solid #3182bd;padding:8px 12px}
footer{margin-top:2em;border-top:1px solid #ccc;padding-top:8px;color:#555;font-size:0.85em}
"""


def _headline(res: ResultsDir) -> str:
    # The figures the C++ run computed (headline.json); recomputed from risk.csv only for a directory
    # written before headline.json existed.
    h = res.headline_figures()
    if h is not None:
        dep = {int(y): p for y, p in h["p_depleted_by"].items()}
        first = h["first_year_p_current_deficit_over_half"]
    else:
        risk = res.risk().set_index("year")
        dep = {y: risk.loc[y, "p_depleted"] for y in (2030, 2035, 2040, 2050) if y in risk.index}
        over = risk.index[risk["p_current_deficit"] > 0.5]
        first = int(over[0]) if len(over) else None
    bits = [f"{y}: {_pct(p)}" for y, p in dep.items()]
    s = "<div class='headline'><p>P(reserve exhausted) by " + ", ".join(bits) + ".</p>"
    s += ("<p>First year with P(current deficit) &gt; 50%: <b>" + str(int(first)) + "</b>.</p>"
          if first is not None else "<p>P(current deficit) stays at or below 50% in every year.</p>")
    return s + "</div>"


def build_report(results_dir, out=None, paths=None) -> Path:
    """Writes report.html (default RESULTS_DIR/report.html) and returns its path. Raises
    FileNotFoundError / ValueError naming the file if the inputs are incomplete."""
    res = ResultsDir(results_dir)
    summary = res.summary()
    if not _has(summary, "balance_cumulative"):
        raise ValueError(f"{res.path / 'summary.csv'}: no rows for metric balance_cumulative")
    man = res.manifest
    engine = str(man.get("engine", "?"))
    paths_df = None
    if paths is not None:
        p = Path(paths)
        p = p / "paths.csv" if p.is_dir() else p
        if not p.is_file():
            raise FileNotFoundError(f"{p}: missing (expected paths.csv of `fundsim paths`)")
        paths_df = pd.read_csv(p, dtype={"path": str})
    elif res.has("paths.csv"):
        paths_df = res.paths()
    if paths_df is not None:
        need = {"path", "year", "individual_contribution", "p_depleted", "months_payable_p50"}
        if not need <= set(paths_df.columns):
            raise ValueError(f"paths.csv: expected columns {sorted(need)}, found {list(paths_df.columns)}")

    title = f"fundsim report: {man.get('scenario_name', '?')}"
    parts = [f"<h1>{html.escape(title)}</h1>",
             f"<p>{man.get('draws', '?')} draws, {man.get('first_year', '?')}-{man.get('last_year', '?')}, "
             f"engine <code>{html.escape(engine)}</code>. Money in nominal yuan.</p>",
             _headline(res), _section_balance(res, summary), _section_risk(res), _section_months(res),
             _section_flows(summary, engine), _section_burden(summary, engine)]
    if paths_df is not None:
        parts.append(_section_paths(paths_df))
    if man.get("warnings"):
        parts.append("<h2>Run warnings</h2><ul>" + "".join(f"<li>{html.escape(str(w))}</li>" for w in man["warnings"])
                     + "</ul>")
    footer = (f"<footer>Scenario <b>{html.escape(str(man.get('scenario_name', '?')))}</b> "
              f"({html.escape(str(man.get('scenario_path', '?')))}, SHA-256 "
              f"<code>{html.escape(str(man.get('scenario_sha256', '?')))}</code>) · seed {man.get('seed', '?')} · "
              f"{man.get('draws', '?')} draws · engine {html.escape(engine)} · fundsim "
              f"{html.escape(str(man.get('fundsim_version', '?')))} (commit "
              f"{html.escape(str(man.get('git_commit', '?')))}) · run started "
              f"{html.escape(str(man.get('start_time_utc', '?')))}</footer>")
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + footer + "</body></html>\n")
    target = Path(out) if out is not None else res.path / "report.html"
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)  # atomic: no half-written report
    return target


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="fundsim report",
                                 description="write a self-contained report.html from a results directory")
    ap.add_argument("results_dir", help="results directory of `fundsim run`")
    ap.add_argument("--out", help="output file (default RESULTS_DIR/report.html)")
    ap.add_argument("--paths", help="paths.csv (or its directory) of `fundsim paths` to include")
    a = ap.parse_args(argv)
    try:
        target = build_report(a.results_dir, a.out, a.paths)
    except (FileNotFoundError, ValueError, pd.errors.ParserError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"report: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
