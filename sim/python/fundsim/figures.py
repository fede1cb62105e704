"""The report's figures (matplotlib), in English or Chinese: fan charts, warning bands, revenue and
spending, contributions, paths, the tornado, the driver decomposition, monthly profiles; and the
chart helpers the notebooks use (fan_chart, warning_band_background, drivers_chart).

Each figure_* function returns a `matplotlib.figure.Figure` drawn under the report's style for its
language (`rc`: a CJK font found by path and registered with matplotlib, so Chinese labels are not
boxes; no mathtext in labels taken from files). Nothing here changes matplotlib's global settings
or backend, so importing it in a notebook keeps the notebook's inline charts.
"""
from __future__ import annotations

import functools
import inspect
import shutil
import subprocess
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from . import labels as L

YI = 1e8  # 亿 yuan: the unit of the NHSA bulletins (kept for the notebooks)
SPENDING_CATEGORIES = ["spending_inpatient", "spending_outpatient", "spending_two_diseases",
                       "spending_chronic_special", "spending_catastrophic"]
REVENUE_PARTS = ["revenue_subsidy", "revenue_individual", "revenue_interest"]
BAND_ORDER = ["exhausted", "red", "amber", "target", "comfortable", "excessive"]
# Warning band colours (drawn at BAND_ALPHA over white) and the colour of the intervals drawn over
# them: a dark violet that no band resembles (tests/python/test_report_readability.py measures the
# colour difference).
BAND_COLOURS = {
    "exhausted": "#7f0000", "red": "#ef6548", "amber": "#fdbb84", "target": "#a1d99b",
    "comfortable": "#e5f5e0", "excessive": "#d9d9d9",
}
BAND_ALPHA = 0.55
INTERVAL_COLOUR = "#3f007d"
INTERVAL_ALPHA = 0.40
NEAR_TERM_YEARS = 10  # the balance chart's near-term panel
MONEY_TICK_FORMAT = "{x:,.0f}"  # money axes: 25,000 rather than 25000


# ---------------------------------------------------------------- fonts
# Fonts with Chinese glyphs, preferred first. WenQuanYi Micro Hei (Debian fonts-wqy-microhei, 5 MB,
# installed by scripts/install-deps.sh) has TrueType outlines, so Chromium embeds it in report.pdf as
# a named CID TrueType font; Noto Sans CJK (CFF outlines) would be embedded as unnamed Type 3 glyphs.
CJK_FONT_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@functools.lru_cache(maxsize=None)
def cjk_font_path() -> str | None:
    """Path of a font with Chinese glyphs: the first of CJK_FONT_FILES present, else fontconfig's
    choice for `sans-serif:lang=zh-cn` (checked to hold Chinese glyphs)."""
    candidates = list(CJK_FONT_FILES)
    fc = shutil.which("fc-match")
    if fc:
        try:
            out = subprocess.run([fc, "--format=%{file}", "sans-serif:lang=zh-cn"], capture_output=True,
                                 text=True, timeout=30)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    from matplotlib.ft2font import FT2Font

    for p in candidates:
        try:
            if Path(p).is_file() and FT2Font(p).get_char_index(ord("可")) != 0:
                return p
        except (OSError, RuntimeError):
            continue
    return None


@functools.lru_cache(maxsize=None)
def cjk_font() -> str | None:
    """Family name of the CJK font, registered with matplotlib by path (matplotlib's font cache may
    predate the font package), or None if the machine has none."""
    p = cjk_font_path()
    if p is None:
        return None
    font_manager.fontManager.addfont(p)
    return font_manager.FontProperties(fname=p).get_name()


def rc(lang: str = "en") -> dict:
    """matplotlib settings of the report's figures (used under matplotlib.rc_context): a CJK font as
    fallback (first for Chinese), no mathtext in labels taken from files."""
    cjk = cjk_font()
    fams = ["DejaVu Sans"] + ([cjk] if cjk else [])
    if lang == "zh" and cjk:
        fams = [cjk, "DejaVu Sans"]
    return {"font.family": fams, "axes.unicode_minus": False, "font.size": 10, "axes.grid": True,
            "grid.alpha": 0.3, "text.parse_math": False, "svg.fonttype": "path", "svg.hashsalt": "fundsim",
            "legend.framealpha": 0.9}


def use_cjk_font() -> str | None:
    """For notebooks: add the CJK font to pyplot's fallback list so Chinese labels are not boxes.
    Returns the family name (None if no CJK font is installed)."""
    cjk = cjk_font()
    if cjk:
        fam = list(matplotlib.rcParams["font.family"])
        if cjk not in fam:
            matplotlib.rcParams["font.family"] = fam + [cjk] if fam != ["sans-serif"] else ["DejaVu Sans", cjk]
        matplotlib.rcParams["axes.unicode_minus"] = False
    return cjk


# ---------------------------------------------------------------- chart helpers (also for notebooks)
def fan_chart(ax, summary: pd.DataFrame, metric: str, scale: float = 1.0, label: str | None = None,
              colour: str = "#3182bd", lang: str = "en", years=None):
    """p05-p95 and p25-p75 bands, the median and the mean of one metric by year (optionally only
    the given years)."""
    s = summary[summary["metric"] == metric].sort_values("year")
    if years is not None:
        s = s[s["year"].isin(list(years))]
    y = s["year"].to_numpy()
    ax.fill_between(y, s["p05"] / scale, s["p95"] / scale, color=colour, alpha=0.18, lw=0,
                    label=L.text("stat.i90", lang))
    ax.fill_between(y, s["p25"] / scale, s["p75"] / scale, color=colour, alpha=0.35, lw=0,
                    label=L.text("stat.i50", lang))
    ax.plot(y, s["p50"] / scale, color=colour, lw=2, label=label or L.text("stat.median", lang))
    ax.plot(y, s["mean"] / scale, color=colour, lw=1, ls="--", label=L.text("stat.mean", lang))
    return ax


def warning_band_background(ax, thresholds: dict, top: float, lang: str = "en"):
    """Horizontal warning bands of months payable (docs/DESIGN.md §2)."""
    t = thresholds
    edges = [("exhausted", -1e9, 0), ("red", 0, t["red_months"]), ("amber", t["red_months"], t["amber_months"]),
             ("target", t["amber_months"], t["target_months"]),
             ("comfortable", t["target_months"], t["excessive_months"]),
             ("excessive", t["excessive_months"], max(top, t["excessive_months"]) * 10)]
    for name, lo, hi in edges:
        ax.axhspan(lo, hi, color=BAND_COLOURS[name], alpha=BAND_ALPHA, lw=0, label=L.band(name, lang))


def interval_band(ax, x, lo, hi, label: str, colour: str = INTERVAL_COLOUR):
    """A 90% interval drawn over the warning bands: translucent violet with its edges drawn, so it
    stays distinct from every band colour."""
    ax.fill_between(x, lo, hi, color=colour, alpha=INTERVAL_ALPHA, lw=0, label=label)
    ax.plot(x, lo, color=colour, lw=0.8, alpha=0.8)
    ax.plot(x, hi, color=colour, lw=0.8, alpha=0.8)


def milestones(years) -> list[int]:
    """The first and last year and every fifth year between: the years the tables show."""
    y = sorted({int(v) for v in years})
    if not y:
        return []
    keep = {y[0], y[-1]} | {v for v in y if v % 5 == 0}
    return sorted(keep)


_milestones = milestones  # the name used before


def _metric(summary: pd.DataFrame, metric: str) -> pd.DataFrame:
    return summary[summary["metric"] == metric].sort_values("year")


def _has(summary: pd.DataFrame, metric: str) -> bool:
    return bool((summary["metric"] == metric).any())


def choose_money_unit(summary: pd.DataFrame) -> str:
    """'yi' or 'wan' by the fund's size: its revenue and spending in the first projected year."""
    vals = []
    for m in ("revenue_total", "spending_total"):
        s = _metric(summary, m)
        if len(s):
            vals.append(float(s["mean"].iloc[0]))
    if not vals:
        vals = [float(v) for v in _metric(summary, "balance_cumulative")["p50"].head(1)]
    return L.money_unit(vals)


# ---------------------------------------------------------------- figures
def _report_style(fn):
    """Draws a figure_* function's figure under the report's matplotlib settings for its `lang`
    (the CJK font, no mathtext), whoever calls it; the caller's settings are restored after."""
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        lang = sig.bind(*args, **kwargs).arguments.get("lang", "en")
        with matplotlib.rc_context(rc(lang)):
            return fn(*args, **kwargs)
    return wrapper


@_report_style
def figure_balance(summary: pd.DataFrame, lang: str, unit_id: str, near_years: int = NEAR_TERM_YEARS) -> Figure:
    """Two panels: the next `near_years` years on their own scale, and the whole horizon."""
    scale = L.MONEY_SCALE[unit_id]
    s = _metric(summary, "balance_cumulative")
    years = s["year"].to_numpy()
    near = years[:near_years]
    fig = Figure(figsize=(10.5, 4.2), layout="constrained")
    ax_near, ax_full = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.4]})
    for ax, ys in ((ax_near, near), (ax_full, years)):
        fan_chart(ax, summary, "balance_cumulative", scale, lang=lang, years=ys)
        ax.axhline(0, color="black", lw=1)
        ax.set_xlabel(L.text("axis.year", lang))
        ax.xaxis.get_major_locator().set_params(integer=True)
    ax_near.set_title(L.text("fig.balance.near", lang, n=len(near)))
    ax_full.set_title(L.text("fig.balance.full", lang, year=int(years[-1])))
    ax_near.set_ylabel(L.with_unit(L.metric_label("balance_cumulative", lang), L.unit(unit_id, lang), lang))
    for ax in (ax_near, ax_full):
        ax.yaxis.set_major_formatter(StrMethodFormatter(MONEY_TICK_FORMAT))
    ax_near.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, fontsize=8)
    fig.suptitle(L.text("fig.balance.title", lang))
    return fig


@_report_style
def figure_risk(risk: pd.DataFrame, lang: str) -> Figure:
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    ax = fig.subplots()
    for col, colour, lw, ls in (("p_current_deficit", "#de2d26", 2, "-"), ("p_depleted", "#252525", 2, "-"),
                                ("p_months_below_3", "#e6550d", 1, "--")):
        ax.plot(risk["year"], risk[col], lw=lw, ls=ls, color=colour, label=L.column_label(col, lang))
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(L.text("axis.probability", lang))
    ax.set_xlabel(L.text("axis.year", lang))
    ax.set_title(L.text("fig.risk.title", lang))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


@_report_style
def figure_months(risk: pd.DataFrame, thr: dict, lang: str) -> Figure:
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    ax = fig.subplots()
    top = float(np.nanmax(risk["months_payable_p95"])) if len(risk) else 20.0
    top = min(max(top * 1.05, thr["excessive_months"] * 1.3), 60.0)
    bottom = min(-2.0, float(np.nanmin(risk["months_payable_p05"])) * 1.05)
    warning_band_background(ax, thr, top, lang)
    interval_band(ax, risk["year"], risk["months_payable_p05"], risk["months_payable_p95"], L.text("stat.i90", lang))
    ax.plot(risk["year"], risk["months_payable_p50"], color=INTERVAL_COLOUR, lw=2, label=L.text("stat.median", lang))
    ax.set_ylim(max(bottom, -6.0), top)
    ax.set_ylabel(L.text("fig.months.ylabel", lang))
    ax.set_xlabel(L.text("axis.year", lang))
    ax.set_title(L.text("fig.months.title", lang))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


@_report_style
def figure_bands(w: pd.DataFrame, lang: str) -> Figure:
    fig = Figure(figsize=(10, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.stackplot(w["year"], *[w[f"p_{b}"] for b in BAND_ORDER], labels=[L.band(b, lang) for b in BAND_ORDER],
                 colors=[BAND_COLOURS[b] for b in BAND_ORDER])
    ax.set_ylim(0, 1)
    ax.set_ylabel(L.text("axis.probability", lang))
    ax.set_xlabel(L.text("axis.year", lang))
    ax.set_title(L.text("fig.bands.title", lang))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


@_report_style
def figure_flows(summary: pd.DataFrame, lang: str, unit_id: str) -> Figure:
    scale = L.MONEY_SCALE[unit_id]
    fig = Figure(figsize=(10.5, 4.4), layout="constrained")
    ax = fig.subplots()
    cats = [m for m in SPENDING_CATEGORIES if _has(summary, m)]
    mean = summary.pivot(index="year", columns="metric", values="mean").sort_index()
    years = mean.index.to_numpy()
    if cats:
        ax.stackplot(years, *[mean[m] / scale for m in cats], labels=[L.metric_label(m, lang) for m in cats],
                     alpha=0.75)
    else:
        fan_chart(ax, summary, "spending_total", scale, L.metric_label("spending_total", lang), colour="#e6550d",
                  lang=lang)
    s = _metric(summary, "revenue_total")
    ax.fill_between(s["year"], s["p05"] / scale, s["p95"] / scale, color="black", alpha=0.12, lw=0,
                    label=L.text("flows.revenue_i90", lang))
    ax.plot(s["year"], s["mean"] / scale, color="black", lw=2, label=L.text("flows.revenue_mean", lang))
    if cats and _has(summary, "spending_total"):
        t = _metric(summary, "spending_total")
        ax.plot(t["year"], t["p95"] / scale, color="#a50f15", lw=1, ls=":", label=L.text("flows.spending_p95", lang))
    ax.set_ylabel(L.text("fig.flows.ylabel", lang, unit=L.unit(unit_id, lang)))
    ax.yaxis.set_major_formatter(StrMethodFormatter(MONEY_TICK_FORMAT))
    ax.set_xlabel(L.text("axis.year", lang))
    ax.set_title(L.text("fig.flows.title_cat" if cats else "fig.flows.title_total", lang))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


@_report_style
def figure_contributions(summary: pd.DataFrame, lang: str) -> Figure:
    """Contribution standards and the burden on rural households; legends below the axes, so they
    cover no line."""
    has_burden = _has(summary, "contribution_burden_rural")
    fig = Figure(figsize=(10.5, 4.4), layout="constrained")
    axes = fig.subplots(1, 2 if has_burden else 1, squeeze=False)[0]
    ax = axes[0]
    keep = []
    for m, col in (("individual_contribution", "#3182bd"), ("fiscal_subsidy", "#31a354")):
        if _has(summary, m):
            fan_chart(ax, summary, m, 1.0, L.metric_label(m, lang), colour=col, lang=lang)
            keep.append(L.metric_label(m, lang))
    ax.set_ylabel(L.unit("yuan_per_person", lang))
    ax.set_xlabel(L.text("axis.year", lang))
    ax.set_title(L.text("fig.contrib.title", lang))
    handles, labs = ax.get_legend_handles_labels()
    sel = [(h, lab) for h, lab in zip(handles, labs) if lab in keep]
    if sel:
        ax.legend(*zip(*sel), fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    if has_burden:
        ax = axes[1]
        fan_chart(ax, summary, "contribution_burden_rural", 0.01, lang=lang)
        ax.set_ylabel("%")
        ax.set_xlabel(L.text("axis.year", lang))
        ax.set_title(L.text("fig.burden.title", lang))
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4)
    return fig


@_report_style
def figure_paths(paths: pd.DataFrame, lang: str) -> Figure:
    fig = Figure(figsize=(12, 4.0), layout="constrained")
    axes = fig.subplots(1, 3)
    for name, g in paths.groupby("path", sort=False):
        g = g.sort_values("year")
        axes[0].plot(g["year"], g["individual_contribution"], lw=2, label=str(name))
        axes[1].plot(g["year"], g["p_depleted"], lw=2, label=str(name))
        axes[2].plot(g["year"], g["months_payable_p50"], lw=2, label=str(name))
    axes[0].set_title(L.column_label("individual_contribution", lang), fontsize=9)
    axes[1].set_title(L.column_label("p_depleted", lang), fontsize=9)
    axes[1].set_ylim(-0.02, 1.02)
    axes[2].set_title(L.column_label("months_payable_p50", lang), fontsize=9)
    handles, labs = axes[0].get_legend_handles_labels()
    axes[1].legend(handles, labs, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(4, max(1, len(labs))),
                   fontsize=8)
    return fig


def _output_parts(output: str) -> tuple[str, str]:
    """'p_depleted@2040' -> ('p_depleted', '2040')."""
    m, _, y = str(output).partition("@")
    return m, y


def _output_label(output: str, lang: str) -> str:
    m, y = _output_parts(output)
    lab = L.column_label(m, lang) if m in L.COLUMNS else L.metric_label(m, lang)
    return f"{lab} {L.fmt_year(y, lang)}" if y.isdigit() else lab


def _value_formatter(metric: str, lang: str, unit_id: str):
    """How to show a value of a metric or column: money in the display unit, probabilities and
    shares as %, other numbers with two decimals."""
    kind = L.metric_kind(metric) if metric in L.METRICS else (L.COLUMNS.get(metric, ("", "", "value"))[2])
    if kind == "money" or metric.endswith("_yuan") and not metric.endswith("per_person_yuan"):
        return (lambda v: L.fmt_money(v, unit_id, lang)), L.MONEY_SCALE[unit_id], L.unit(unit_id, lang)
    if kind in ("probability", "share") or metric.startswith("p_"):
        return (lambda v: L.fmt_pct(v, lang)), 0.01, "%"
    if kind == "persons":
        return (lambda v: L.fmt_num(v, 0, lang)), 1.0, L.unit("persons", lang)
    return (lambda v: L.fmt_num(v, 2, lang)), 1.0, ""


@_report_style
def figure_tornado(t: pd.DataFrame, output: str, lang: str, unit_id: str) -> Figure:
    """One output of tornado.csv: a bar from the baseline to the output at each assumption's low and
    high value, largest swing on top."""
    metric, _ = _output_parts(output)
    _, scale, u = _value_formatter(metric, lang, unit_id)
    t = t.sort_values("swing", key=lambda s: s.abs())
    fig = Figure(figsize=(10, 0.45 * len(t) + 1.8), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    base = float(t["base"].iloc[0]) / scale
    ax.barh(y, t["at_low"] / scale - base, left=base, color="#3182bd", label=L.text("tornado.low", lang))
    ax.barh(y, t["at_high"] / scale - base, left=base, color="#de2d26", alpha=0.75, label=L.text("tornado.high", lang))
    ax.axvline(base, color="black", lw=1)
    ax.set_yticks(y, [f"{p} ({lo:g} / {hi:g})" for p, lo, hi in zip(t["parameter"], t["low"], t["high"])], fontsize=8)
    lab = _output_label(output, lang)
    ax.set_xlabel(L.with_unit(lab, u, lang) if u else lab)
    ax.set_title(L.text("fig.tornado.title", lang, output=lab))
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(t) < 4 else -0.12), ncol=2)
    return fig


DRIVER_FACTORS = ["population_size_yuan", "ageing_yuan", "prevalence_yuan", "utilisation_yuan", "unit_cost_yuan"]
DRIVER_COLOURS = ["#6baed6", "#fd8d3c", "#74c476", "#9e9ac8", "#fdd0a2"]


def drivers_chart(ax, decomposition: pd.DataFrame, scale: float = YI, lang: str = "en"):
    """The cumulative change in enrollees' gross medical cost since the jump-off year, split by
    driver (decomposition.csv of the cell engine, basis `cumulative`): positive parts stacked up,
    negative parts stacked down, each driver in one colour above and below zero (so the legend names
    the negative areas too), and the total change as a line. Returns the `cumulative` rows by year."""
    cum = decomposition[decomposition["basis"] == "cumulative"].set_index("year").sort_index()
    factors = [f for f in DRIVER_FACTORS if f in cum.columns]
    colours = DRIVER_COLOURS[:len(factors)]
    pos = cum[factors].clip(lower=0) / scale
    neg = cum[factors].clip(upper=0) / scale
    names = [L.text(f"driver.{f[:-5]}", lang) for f in factors]
    ax.stackplot(cum.index, *[pos[f] for f in factors], labels=names, colors=colours, alpha=0.85)
    ax.stackplot(cum.index, *[neg[f] for f in factors], colors=colours, alpha=0.85)
    ax.plot(cum.index, cum["change_yuan"] / scale, color="black", lw=2, label=L.text("driver.total", lang))
    ax.axhline(0, color="black", lw=0.5)
    return cum


def driver_shares(decomposition: pd.DataFrame, years) -> pd.DataFrame:
    """Each driver's share of the cumulative change in the given years (rows: the years present)."""
    cum = decomposition[decomposition["basis"] == "cumulative"].set_index("year").sort_index()
    sel = [int(y) for y in years if int(y) in cum.index]
    factors = [f for f in DRIVER_FACTORS if f in cum.columns]
    return cum.loc[sel, factors].div(cum.loc[sel, "change_yuan"], axis=0)


@_report_style
def figure_drivers(decomposition: pd.DataFrame, lang: str, unit_id: str) -> Figure:
    fig = Figure(figsize=(10.5, 4.2), layout="constrained")
    ax = fig.subplots()
    cum = drivers_chart(ax, decomposition, L.MONEY_SCALE[unit_id], lang)
    ax.set_ylabel(L.unit(unit_id, lang))
    ax.yaxis.set_major_formatter(StrMethodFormatter(MONEY_TICK_FORMAT))
    ax.set_xlabel(L.text("axis.year", lang))
    ax.set_title(L.text("fig.drivers.title", lang, year=int(cum["from_year"].iloc[0])))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


@_report_style
def figure_monthly(m: pd.DataFrame, lang: str, unit_id: str, file: str) -> Figure | None:
    """monthly.csv as lines by month: one line per numeric money column (or per item, when the table
    is long with an `item` column). None when the table has no month rows."""
    if "month" not in m.columns or m.empty:
        return None
    if {"item", "unit", "mean", "p05", "p95"} <= set(m.columns):
        return _figure_monthly_budget(m, lang, file)
    m = m.copy()
    if "year" in m.columns and m["year"].nunique() > 1:
        x = m["year"].astype(int).astype(str) + "-" + m["month"].astype(int).astype(str).str.zfill(2)
    else:
        x = m["month"]
    m["_x"] = x
    skip = {"year", "month", "_x"}
    numeric = [c for c in m.columns if c not in skip and pd.api.types.is_numeric_dtype(m[c])
               and not c.startswith("p_") and not c.endswith("_share")]
    if not numeric:
        return None
    scale = L.MONEY_SCALE[unit_id]
    fig = Figure(figsize=(10, 4), layout="constrained")
    ax = fig.subplots()
    if "item" in m.columns:
        col = next((c for c in ("mean", "value", "p50") if c in numeric), numeric[0])
        for item, g in m.groupby("item", sort=False):
            ax.plot(g["_x"].astype(str), g[col] / scale, marker="o", ms=3, label=L.metric_label(str(item), lang))
    else:
        for c in numeric[:8]:
            ax.plot(m["_x"].astype(str), m[c] / scale, marker="o", ms=3, label=L.column_label(c, lang))
    ax.set_ylabel(L.unit(unit_id, lang))
    ax.set_xlabel(L.column_label("month", lang))
    ax.set_title(L.text("fig.monthly.title", lang, file=file))
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


def _figure_monthly_budget(m: pd.DataFrame, lang: str, file: str) -> Figure | None:
    """monthly.csv of `fundsim budget` (long: item, unit, mean and bands, values already in the unit
    column's 亿元/万元): the month's revenue and spending (means), and the month-end cumulative
    balance with its 90% band."""
    money = m[~m["unit"].isin(["months", "probability", "month"])]
    need = {"revenue_total", "spending_total", "balance_cumulative"}
    if money.empty or not need <= set(money["item"]):
        return None
    u = str(money["unit"].iloc[0])
    wide = {st: money.pivot_table(index="month", columns="item", values=st) for st in ("mean", "p05", "p95")}
    months = wide["mean"].index.to_numpy()
    fig = Figure(figsize=(11, 4), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    w = 0.4
    ax1.bar(months - w / 2, wide["mean"]["revenue_total"], w, color="#2b8cbe", label=L.metric_label("revenue_total", lang))
    ax1.bar(months + w / 2, wide["mean"]["spending_total"], w, color="#e34a33",
            label=L.metric_label("spending_total", lang))
    ax1.set_ylabel(u)
    ax1.legend(fontsize=8)
    interval_band(ax2, months, wide["p05"]["balance_cumulative"], wide["p95"]["balance_cumulative"],
                  L.text("stat.i90", lang))
    ax2.plot(months, wide["mean"]["balance_cumulative"], color="#08519c", lw=2, label=L.text("stat.mean", lang))
    ax2.axhline(0, color="k", lw=0.8)
    ax2.set_ylabel(u)
    ax2.set_title(L.metric_label("balance_cumulative", lang))
    ax2.legend(fontsize=8)
    for ax in (ax1, ax2):
        ax.set_xticks(months)
        ax.set_xlabel(L.column_label("month", lang))
    fig.suptitle(L.text("fig.monthly.title", lang, file=file))
    return fig


# ---------------------------------------------------------------- out-of-pocket burden (micro engine)
QUINTILES = ["1", "2", "3", "4", "5", "all"]
BURDEN_CHART_MEASURES = ["share_oop_over_low_share_of_income", "share_oop_over_high_share_of_income",
                         "share_impoverished"]
OPTION_CHART_MEASURES = ["share_impoverished", "share_oop_over_high_share_of_income"]
YEAR_COLOURS = ["#9ecae1", "#08519c"]
OPTION_COLOURS = ["#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]


def _quintile_axis(ax, lang: str):
    zh = lang == "zh"  # the Chinese group names are long: slanted, anchored at their tick
    ax.set_xticks(np.arange(len(QUINTILES)), [L.quintile_label(q, lang) for q in QUINTILES], fontsize=8,
                  rotation=30 if zh else 0, ha="right" if zh else "center", rotation_mode="anchor")
    ax.set_xlabel(L.text("burden_q.quintile", lang))
    ax.grid(axis="x", visible=False)


@_report_style
def figure_burden_quintiles(burden: pd.DataFrame, years, lang: str, micro: dict | None = None) -> Figure:
    """burden.csv (group all): one panel per measure of BURDEN_CHART_MEASURES, bars by income
    quintile for each of `years` (mean, whiskers the p05-p95 band across draws), in %."""
    b = burden[burden["group"] == "all"]
    measures = [m for m in BURDEN_CHART_MEASURES if (b["measure"] == m).any()]
    fig = Figure(figsize=(11, 3.9), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, max(1, len(measures)), sharey=False))
    x = np.arange(len(QUINTILES))
    w = 0.8 / max(1, len(years))
    for ax, m in zip(axes, measures):
        rows = b[b["measure"] == m].set_index(["year", "income_quintile"])
        for k, y in enumerate(years):
            idx = [(int(y), q) for q in QUINTILES]
            sel = rows.reindex(idx)
            mean, lo, hi = (100 * sel[c].to_numpy(dtype=float) for c in ("mean", "p05", "p95"))
            err = np.vstack([np.clip(mean - lo, 0, None), np.clip(hi - mean, 0, None)])
            ax.bar(x + (k - (len(years) - 1) / 2) * w, mean, w, yerr=err, capsize=2, ecolor="#333333",
                   color=YEAR_COLOURS[k % len(YEAR_COLOURS)], label=L.fmt_year(y, lang))
        ax.set_title(L.measure_label(m, lang, micro), fontsize=9)
        ax.set_ylabel("%")
        ax.set_ylim(bottom=0)
        _quintile_axis(ax, lang)
    if measures:
        axes[-1].legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.suptitle(L.text("fig.burden_q.title", lang))
    return fig


@_report_style
def figure_burden_options(comparison: pd.DataFrame, years: dict, lang: str, micro: dict | None = None) -> Figure:
    """comparison.csv of `fundsim burden` (group all): one panel per measure of OPTION_CHART_MEASURES,
    the change against the baseline by income quintile in percentage points, a bar per option at its
    year in `years` ({option: year}), whiskers ±2 standard errors (common random numbers)."""
    c = comparison[comparison["group"] == "all"]
    options = list(years)
    measures = [m for m in OPTION_CHART_MEASURES if (c["measure"] == m).any()]
    fig = Figure(figsize=(11, 4.0), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, max(1, len(measures))))
    x = np.arange(len(QUINTILES))
    w = 0.8 / max(1, len(options))
    for ax, m in zip(axes, measures):
        rows = c[c["measure"] == m].set_index(["option", "year", "income_quintile"])
        for k, o in enumerate(options):
            sel = rows.reindex([(o, int(years[o]), q) for q in QUINTILES])
            d = 100 * sel["difference_mean"].to_numpy(dtype=float)
            se = 100 * sel["difference_se"].to_numpy(dtype=float)
            colour = OPTION_COLOURS[k % len(OPTION_COLOURS)]
            xk = x + (k - (len(options) - 1) / 2) * w
            ax.bar(xk, d, w, yerr=2 * se, capsize=2, ecolor="#333333", color=colour, label=str(o))
            # A dash at the top of each bar, so a change of zero is seen as zero, not as a missing bar.
            ax.plot(xk, d, ls="none", marker="_", ms=0.75 * 72 * w * fig.get_figwidth() / (len(QUINTILES) * 3.3),
                    mew=2.5, color=colour, zorder=3)
        lo, hi = ax.get_ylim()
        pad = 0.04 * (hi - lo)
        ax.set_ylim(min(lo, -pad), max(hi, pad))  # zero inside the axes, so the dashes at zero are whole
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(L.measure_label(m, lang, micro), fontsize=9)
        ax.set_ylabel(L.text("fig.options.ylabel", lang))
        _quintile_axis(ax, lang)
    if measures:
        handles, labs = axes[0].get_legend_handles_labels()
        axes[-1].legend(handles, labs, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    ys = sorted({int(v) for v in years.values()})
    fig.suptitle(L.text("fig.options.title", lang, year="/".join(str(y) for y in ys)))
    return fig
