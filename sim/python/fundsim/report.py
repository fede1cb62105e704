"""report.html (and report.pdf, report.xlsx, figures/) for the decision maker, from a results directory
of `fundsim run`, in English or Chinese.

    python -m fundsim.report RESULTS_DIR [--lang en|zh] [--out FILE] [--paths DIR_OR_CSV] [--burden DIR_OR_CSV]
                             [--pdf] [--xlsx]
    fundsim report RESULTS_DIR ...            # the same, through the command line

report.html is one self-contained page (PNG charts embedded, inline CSS, no scripts) with a print
stylesheet for A4. Sections: the headline; the cumulative balance (the next ten years in their own
panel, and the whole horizon); P(current deficit) and P(depleted) by year; months payable against the
warning bands (风险预警); revenue against spending by category; contributions and the burden on rural
households; then, when their files are present, the path comparison (paths.csv, in RESULTS_DIR or
given by --paths), the out-of-pocket burden by income quintile (burden.csv of the micro engine), the
policy options' burden and cost (comparison.csv of `fundsim burden`, given by --burden), the tornado
(tornado.csv), the budget and monthly tables (budget.csv, monthly.csv) and the other tables declared
in `OPTIONAL_TABLES`. Every figure is also written as SVG and PNG under
figures/<lang>/. `--pdf` prints the page to report.pdf with headless Chromium; `--xlsx` writes
report.xlsx (fundsim.workbook). The figures are drawn by fundsim.figures. Text from files (scenario names, path names, parameters) is escaped.

Exit code 2 with a message naming the file if the directory lacks what the report needs, if --paths
comes from another scenario, if burden.csv or the --burden comparison is missing or lacks a column, or
if --pdf finds no Chromium / --lang zh no CJK font; nothing is written then. All outputs are written at
the end, each atomically.

Importing this module changes no matplotlib setting: figures are `matplotlib.figure.Figure` objects
drawn under a local rc_context, so a notebook keeps its own backend and style.
"""
from __future__ import annotations

import argparse
import base64
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import labels as L
from .core import ResultsDir
from .figures import (  # noqa: F401  (fan_chart, warning_band_background, ... : the notebooks' names)
    BAND_ALPHA, BAND_COLOURS, BAND_ORDER, DRIVER_FACTORS, INTERVAL_ALPHA, INTERVAL_COLOUR, NEAR_TERM_YEARS,
    REVENUE_PARTS, SPENDING_CATEGORIES, YI, _has, _metric, _output_label, _output_parts, _value_formatter,
    choose_money_unit, cjk_font, cjk_font_path, driver_shares, drivers_chart, fan_chart, figure_balance,
    figure_bands, figure_contributions, figure_drivers, figure_flows, figure_monthly, figure_months,
    figure_paths, figure_risk, figure_tornado, interval_band, milestones, rc, use_cjk_font,
    warning_band_background)
from .figures import QUINTILES, figure_burden_options, figure_burden_quintiles

# ---------------------------------------------------------------- optional tables (one place)
@dataclass(frozen=True)
class TableSpec:
    """An output file the report and the workbook show when it is present in the results directory.
    `section` is the TEXT key of its title; `sheet` the workbook sheet name (en, zh, <= 31 chars)."""
    id: str
    file: str
    section: str
    sheet: tuple[str, str]
    producer: str


# The run's own tables (always present or written by `fundsim run`).
CORE_TABLES = [
    TableSpec("summary", "summary.csv", "sec.balance", ("summary", "分年度汇总"), "fundsim run"),
    TableSpec("risk", "risk.csv", "sec.risk", ("risk", "风险"), "fundsim run"),
    TableSpec("depletion", "depletion.csv", "sec.risk", ("depletion year", "耗尽年份分布"), "fundsim run"),
    TableSpec("warning", "warning.csv", "sec.months", ("warning bands", "风险预警"), "fundsim run"),
]
# Tables of other commands: rendered when their file is present. Adding a producer's file is one entry.
OPTIONAL_TABLES = [
    TableSpec("paths", "paths.csv", "sec.paths", ("paths", "缴费路径比较"), "fundsim paths"),
    TableSpec("tornado", "tornado.csv", "sec.tornado", ("tornado", "敏感性分析"), "fundsim sensitivity"),
    TableSpec("budget", "budget.csv", "sec.budget", ("budget", "基金收支预算"), "fundsim budget"),
    TableSpec("monthly", "monthly.csv", "sec.monthly", ("monthly", "月度收支"), "fundsim budget"),
    TableSpec("decomposition", "decomposition.csv", "sec.decomposition", ("cost drivers", "费用增长因素分解"),
              "fundsim run (cell engine)"),
    TableSpec("burden", "burden.csv", "sec.burden_micro", ("burden", "个人负担"), "fundsim run (micro engine)"),
    TableSpec("adjustment", "adjustment.csv", "sec.adjustment", ("adjustment fund", "省级调剂金"),
              "fundsim run PROVINCE.yaml"),
    TableSpec("burden_options", "comparison.csv", "sec.burden_options", ("burden options", "政策选项负担与成本"),
              "fundsim burden (given by --burden)"),
]
# Optional tables shown as generic tables in the HTML (paths, tornado, burden and burden_options have
# their own sections; the decomposition is a notebook figure and a workbook sheet).
GENERIC_HTML_TABLES = ("budget", "monthly", "adjustment")
HTML_MAX_ROWS = 60


class ReportError(ValueError):
    """Bad input or a missing tool: the command exits with code 2 and writes nothing."""


# ---------------------------------------------------------------- HTML helpers
def esc(x) -> str:
    return html.escape(str(x), quote=True)


class Figures:
    """The report's figures: rendered under the report's rc settings, embedded as PNG, and kept as
    SVG and PNG bytes to be written under figures/<lang>/ when the report is committed."""

    def __init__(self, lang: str):
        self.lang = lang
        self.files: dict[str, bytes] = {}

    def add(self, fig_id: str, fig: Figure, alt: str) -> str:
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=150, bbox_inches="tight")
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
        self.files[f"{fig_id}.png"] = png.getvalue()
        self.files[f"{fig_id}.svg"] = svg.getvalue()
        b64 = base64.b64encode(png.getvalue()).decode("ascii")
        return f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{b64}"></figure>'


_NUM = r"[-+]?[\d,]+(\.\d+)?%?"
NUMBER_TEXT = re.compile(rf"^{_NUM}( \({_NUM}–{_NUM}\))?$")  # a number, or a mean with its band: 8.11 (8.02–8.20)


def html_table(df: pd.DataFrame, columns: list, lang: str) -> str:
    """columns: [(column, header, formatter or None)]. Every cell is escaped."""
    head = "".join(f"<th>{esc(h)}</th>" for _, h, _ in columns)
    rows = []
    for i in range(len(df)):
        cells = []
        for c, _, f in columns:
            v = df[c].iloc[i]
            if isinstance(v, np.integer):
                v = int(v)
            missing = v is None or isinstance(v, float) and np.isnan(v)
            t = L.text("na", lang) if missing else (f(v) if f else str(v))
            cls = "" if NUMBER_TEXT.match(t) else " class='t'"  # text left, numbers right
            cells.append(f"<td{cls}>{esc(t)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def generic_table(df: pd.DataFrame, lang: str, unit_id: str, file: str) -> str:
    """Any table of the run directory, with the columns found: labels where known, money in the
    display unit, probabilities as %. In a long table whose `item` or `metric` column names metrics,
    the statistics columns (mean, p05, value, ...) of each row take that metric's unit."""
    key = next((c for c in ("item", "metric") if c in df.columns), None)
    # A table with a `unit` column (budget.csv, monthly.csv, the monitor's files) holds each row in
    # the unit it names (亿元/万元, months, probability): shown as it is, never rescaled.
    in_own_unit = "unit" in df.columns
    if in_own_unit:
        row_kinds = ["probability" if str(u) == "probability" else "as_given" for u in df["unit"]]
    else:
        row_kinds = [L.metric_kind(str(v)) for v in df[key]] if key else None
    shown = {}
    headers = []
    for c in df.columns:
        col = df[c]
        if c in ("year", "month", "draw", "last_year", "from_year"):
            shown[c] = [str(int(v)) if isinstance(v, (int, float, np.integer, np.floating)) and v == v else str(v)
                        for v in col]
            headers.append((c, L.column_label(c, lang)))
            continue
        if not pd.api.types.is_numeric_dtype(col):
            shown[c] = [L.metric_label(str(v), lang) for v in col]
            headers.append((c, L.column_label(c, lang)))
            continue
        stat = c in L.COLUMNS and L.COLUMNS[c][2] == "value"
        if row_kinds is not None and stat:
            shown[c] = [_format_kind(v, k, lang, unit_id) for v, k in zip(col, row_kinds)]
            headers.append((c, L.column_label(c, lang)))
            continue
        f, _, u = _value_formatter(c, lang, unit_id)
        shown[c] = [f(v) for v in col]
        label = L.column_label(c, lang) if (c in L.COLUMNS or c in L.METRICS) else c
        if u and u != "%" and not (c in L.METRICS and L.metric_kind(c) != "money"):
            label = L.with_unit(label, u, lang)
        headers.append((c, label))
    if key and not in_own_unit:  # the unit of each row, after the row's name
        shown[key] = [L.with_unit(n, L.kind_unit(k, lang, unit_id), lang) if L.kind_unit(k, lang, unit_id) else n
                      for n, k in zip(shown[key], row_kinds)]
    out = pd.DataFrame(shown).head(HTML_MAX_ROWS)
    text = html_table(out, [(c, h, None) for c, h in headers], lang)
    if len(df) > HTML_MAX_ROWS:
        text += f"<p class='note'>{esc(L.text('table.rows_omitted', lang, n=len(df) - HTML_MAX_ROWS, file=file))}</p>"
    return text


def _format_kind(v, kind: str, lang: str, unit_id: str) -> str:
    if kind == "money":
        return L.fmt_money(v, unit_id, lang)
    if kind in ("probability", "share"):
        return L.fmt_pct(v, lang, 2)
    if kind == "persons":
        return L.fmt_num(v, 0, lang)
    return L.fmt_num(v, 2, lang)


# ---------------------------------------------------------------- sections
def _section_balance(summary, lang, unit_id, figs: Figures) -> str:
    s = _metric(summary, "balance_cumulative")
    sel = s[s["year"].isin(milestones(s["year"]))]
    money = lambda v: L.fmt_money(v, unit_id, lang)  # noqa: E731
    cols = [("year", L.column_label("year", lang), lambda v: str(int(v))),
            ("p05", "P05", money), ("p50", L.text("stat.median", lang), money), ("p95", "P95", money),
            ("mean", L.text("stat.mean", lang), money)]
    return (f"<section><h2>{esc(L.text('sec.balance', lang))}</h2>"
            + figs.add("balance", figure_balance(summary, lang, unit_id), L.text("fig.balance.alt", lang))
            + f"<p>{esc(L.text('balance.table', lang, unit=L.unit(unit_id, lang)))}</p>"
            + html_table(sel, cols, lang) + "</section>")


def _section_risk(res: ResultsDir, risk: pd.DataFrame, lang, figs: Figures) -> str:
    text = (f"<section><h2>{esc(L.text('sec.risk', lang))}</h2>"
            + figs.add("risk", figure_risk(risk, lang), L.text("fig.risk.alt", lang)))
    sel = risk[risk["year"].isin(milestones(risk["year"]))]
    cols = [("year", L.column_label("year", lang), lambda v: str(int(v)))]
    cols += [(c, L.column_label(c, lang), lambda v: L.fmt_pct(v, lang))
             for c in ("p_current_deficit", "p_depleted", "p_months_below_3", "p_months_below_6") if c in sel.columns]
    text += html_table(sel, cols, lang)
    if res.has("depletion.csv"):
        d = res.depletion()
        never = d[d["year"] == "never"]["probability"]
        med = res.depletion_year_median()
        text += "<p>" + L.text("depletion.median", lang,
                               year=esc(L.fmt_year(med, lang) if med else L.text("depletion.beyond", lang)),
                               p=esc(L.fmt_pct(never.iloc[0], lang) if len(never) else L.text("na", lang))) + "</p>"
    return text + "</section>"


def _section_months(res: ResultsDir, risk, thr, lang, figs: Figures) -> str:
    text = (f"<section><h2>{esc(L.text('sec.months', lang))}</h2>"
            + figs.add("months_payable", figure_months(risk, thr, lang), L.text("fig.months.alt", lang)))
    text += "<p>" + esc(L.text("bands.text", lang, red_m=f"{thr['red_months']:g}", amber_m=f"{thr['amber_months']:g}",
                               target_m=f"{thr['target_months']:g}", exc_m=f"{thr['excessive_months']:g}",
                               **{b: L.band(b, lang) for b in BAND_ORDER})) + "</p>"
    if res.has("warning.csv"):
        w = res.warning().sort_values("year")
        text += figs.add("warning_bands", figure_bands(w, lang), L.text("fig.bands.alt", lang))
        flagged = w[w["p_red_or_worse"] > thr["red_probability_threshold"]]
        p = esc(L.fmt_pct(thr["red_probability_threshold"], lang))
        text += (f"<p class='warn'>{L.text('warning.first', lang, p=p, year=int(flagged['year'].iloc[0]))}</p>"
                 if len(flagged) else f"<p>{L.text('warning.none', lang, p=p)}</p>")
    return text + "</section>"


def _section_flows(summary, engine, lang, unit_id, figs: Figures) -> str:
    text = (f"<section><h2>{esc(L.text('sec.flows', lang))}</h2>"
            + figs.add("revenue_spending", figure_flows(summary, lang, unit_id), L.text("fig.flows.alt", lang)))
    cats = [m for m in SPENDING_CATEGORIES if _has(summary, m)]
    if not cats:
        text += f"<p class='note'>{L.text('flows.no_categories', lang, engine=esc(engine))}</p>"
    years = sorted(int(v) for v in summary["year"].unique())
    rows = []
    for y in years[:2]:
        for m in REVENUE_PARTS + ["revenue_total"] + cats + ["spending_total", "balance_current"]:
            r = summary[(summary["metric"] == m) & (summary["year"] == y)]
            if len(r):
                r = r.iloc[0]
                rows.append({"year": y, "item": m, "mean": r["mean"], "p05": r["p05"], "p95": r["p95"]})
    if rows:
        money = lambda v: L.fmt_money(v, unit_id, lang)  # noqa: E731
        cols = [("year", L.column_label("year", lang), lambda v: str(int(v))),
                ("item", L.column_label("item", lang), lambda v: L.metric_label(v, lang)),
                ("mean", L.text("stat.mean", lang), money), ("p05", "P05", money), ("p95", "P95", money)]
        text += f"<p>{esc(L.text('flows.table', lang, unit=L.unit(unit_id, lang)))}</p>"
        text += html_table(pd.DataFrame(rows), cols, lang)
    return text + "</section>"


def _section_burden(summary, engine, lang, figs: Figures) -> str:
    text = (f"<section><h2>{esc(L.text('sec.burden', lang))}</h2>"
            + figs.add("contributions", figure_contributions(summary, lang), L.text("fig.burden.alt", lang)))
    if not _has(summary, "contribution_burden_rural"):
        text += f"<p class='note'>{L.text('burden.missing', lang, engine=esc(engine))}</p>"
    return text + "</section>"


def _section_paths(paths: pd.DataFrame, lang, figs: Figures, note: str | None) -> str:
    text = (f"<section><h2>{esc(L.text('sec.paths', lang))}</h2>"
            + figs.add("paths", figure_paths(paths, lang), L.text("fig.paths.alt", lang)))
    if note:
        text += f"<p class='warn'>{esc(note)}</p>"
    sel = paths[paths["year"].isin(milestones(paths["year"]))]
    fmt = {"individual_contribution": lambda v: L.fmt_num(v, 0, lang),
           "fiscal_subsidy": lambda v: L.fmt_num(v, 0, lang),
           "p_current_deficit": lambda v: L.fmt_pct(v, lang), "p_depleted": lambda v: L.fmt_pct(v, lang),
           "months_payable_p50": lambda v: L.fmt_num(v, 1, lang),
           "contribution_burden_rural": lambda v: L.fmt_pct(v, lang, 2)}
    cols = [("path", L.column_label("path", lang), None), ("year", L.column_label("year", lang), lambda v: str(int(v)))]
    cols += [(c, L.column_label(c, lang), f) for c, f in fmt.items() if c in sel.columns]
    text += f"<p>{esc(L.text('paths.table', lang))}</p>" + html_table(sel, cols, lang)
    return text + "</section>"


def _section_tornado(t: pd.DataFrame, lang, unit_id, figs: Figures) -> str:
    text = f"<section><h2>{esc(L.text('sec.tornado', lang))}</h2>"
    for k, (output, g) in enumerate(t.groupby("output", sort=False)):
        metric, _ = _output_parts(output)
        f, _, _ = _value_formatter(metric, lang, unit_id)
        text += figs.add(f"tornado_{k + 1}", figure_tornado(g, output, lang, unit_id), L.text("fig.tornado.alt", lang))
        g = g.sort_values("swing", key=lambda s: -s.abs())
        cols = [("parameter", L.column_label("parameter", lang), None),
                ("low", L.column_label("low", lang), lambda v: f"{v:g}"),
                ("high", L.column_label("high", lang), lambda v: f"{v:g}"),
                ("at_low", L.column_label("at_low", lang), f), ("at_high", L.column_label("at_high", lang), f),
                ("swing", L.column_label("swing", lang), f)]
        text += (f"<p>{esc(_output_label(output, lang))}: "
                 f"{esc(L.text('tornado.base', lang, v=f(g['base'].iloc[0])))}</p>") + html_table(g, cols, lang)
    return text + "</section>"


def _section_drivers(dec: pd.DataFrame, lang, unit_id, figs: Figures) -> str:
    text = (f"<section><h2>{esc(L.text('sec.decomposition', lang))}</h2>"
            + figs.add("drivers", figure_drivers(dec, lang, unit_id), L.text("fig.drivers.alt", lang)))
    cum = dec[dec["basis"] == "cumulative"]
    shares = driver_shares(dec, [y for y in milestones(cum["year"]) if y != int(cum["year"].min())]).reset_index()
    cols = [("year", L.column_label("year", lang), lambda v: str(int(v)))]
    cols += [(f, L.text(f"driver.{f[:-5]}", lang), lambda v: L.fmt_pct(v, lang)) for f in DRIVER_FACTORS
             if f in shares.columns]
    return text + f"<p>{esc(L.text('drivers.table', lang))}</p>" + html_table(shares, cols, lang) + "</section>"


# ---------------------------------------------------------------- out-of-pocket burden (micro engine)
# Measures of burden.csv / comparison.csv in the order the tables show them (persons: not shown).
BURDEN_TABLE_MEASURES = ["mean_out_of_pocket_yuan", "share_oop_over_low_share_of_income",
                         "share_oop_over_high_share_of_income", "share_oop_over_capacity_to_pay", "share_impoverished"]
OPTION_FUND_MEASURES = ["spending_total_yuan", "spending_catastrophic_yuan", "assistance_spending_yuan",
                        "out_of_pocket_yuan"]
OPTION_PERSON_MEASURES = BURDEN_TABLE_MEASURES + ["share_further_impoverished", "mean_catastrophic_received_yuan",
                                                  "mean_assistance_received_yuan"]
OPTION_GROUPS = ["all", "assisted"]
MILESTONE_GAP_YEARS = 10  # the burden tables: the first projected year and the one ten years later


def burden_years(years) -> list[int]:
    """The first year and the one MILESTONE_GAP_YEARS later (the last year present up to it when the
    horizon is shorter): the years of the burden tables."""
    y = sorted({int(v) for v in years})
    if not y:
        return []
    later = max(v for v in y if v <= y[0] + MILESTONE_GAP_YEARS)
    return [y[0]] if later == y[0] else [y[0], later]


def _band_text(mean, lo, hi, f) -> str:
    return f"{f(mean)} ({f(lo)}–{f(hi)})"


def _section_burden_quintiles(b: pd.DataFrame, micro: dict, lang, figs: Figures) -> str:
    years = burden_years(b["year"])
    text = (f"<section><h2>{esc(L.text('sec.burden_micro', lang))}</h2>"
            + figs.add("burden_quintiles", figure_burden_quintiles(b, years, lang, micro),
                       L.text("fig.burden_q.alt", lang)))
    pct = lambda v: L.fmt_num(100 * v, 2, lang)  # noqa: E731
    yuan = lambda v: L.fmt_num(v, 0, lang)  # noqa: E731
    rows = b[b["group"] == "all"].set_index(["year", "income_quintile", "measure"])
    measures = [m for m in BURDEN_TABLE_MEASURES if (b["measure"] == m).any()]
    headers = [("quintile", L.text("burden_q.quintile", lang))]
    for m in measures:
        u = L.unit("yuan_per_person", lang) if m.endswith("_yuan") else "%"
        headers.append((m, L.with_unit(L.measure_label(m, lang, micro), u, lang)))
    for y in years:
        table = []
        for q in QUINTILES:
            r = {"quintile": L.quintile_label(q, lang)}
            for m in measures:
                key = (y, q, m)
                if key in rows.index:
                    v = rows.loc[key]
                    r[m] = _band_text(v["mean"], v["p05"], v["p95"], yuan if m.endswith("_yuan") else pct)
                else:
                    r[m] = None
            table.append(r)
        text += (f"<p>{esc(L.text('burden_q.table', lang, year=y))}</p>"
                 + html_table(pd.DataFrame(table), [(c, h, None) for c, h in headers], lang))
    def fmt_share(key):
        return f"{100 * float(micro[key]):g}%" if key in micro else L.text("burden_q.unknown", lang)

    text += "<p class='note'>" + esc(L.text(
        "burden_q.note", lang, low=fmt_share("oop_share_of_income_low"), high=fmt_share("oop_share_of_income_high"),
        ctp=fmt_share("oop_share_of_capacity_to_pay"), line=fmt_share("low_income_line_share_of_rural_income")))
    return text + "</p></section>"


def _change_decimals(se: float, base: int) -> int:
    """Decimals of a change and its standard error: at least `base`, enough for two significant
    digits of the standard error, at most base + 3."""
    if not (se > 0 and np.isfinite(se)):
        return base
    return int(min(max(base, np.floor(-np.log10(se)) + 2), base + 3))


def _signed(s: str) -> str:
    return s if s.startswith("-") or float(s.replace(",", "").rstrip("%")) == 0 else "+" + s


def _option_rows(c: pd.DataFrame, option: str, year: int, unit_id: str, micro: dict, lang: str) -> list[dict]:
    rows = c[(c["option"] == option) & (c["year"] == year)].set_index(["group", "income_quintile", "measure"])
    out = []
    wanted = [("fund", m) for m in OPTION_FUND_MEASURES] + [(g, m) for g in OPTION_GROUPS
                                                             for m in OPTION_PERSON_MEASURES]
    for g, m in wanted:
        key = (g, "all", m)
        if key not in rows.index:
            continue
        r = rows.loc[key]
        se = float(r["difference_se"])
        if g == "fund":
            scale, base, u = L.MONEY_SCALE[unit_id], L.money_decimals(unit_id), L.unit(unit_id, lang)
        elif m.endswith("_yuan"):
            scale, base, u = 1.0, 1, L.unit("yuan_per_person", lang)
        else:
            scale, base, u = 0.01, 2, L.text("options.share_unit", lang)
        d = _change_decimals(se / scale, base)
        num = lambda v, k: L.fmt_num(float(v) / scale, k, lang)  # noqa: E731
        out.append({"item": L.with_unit(L.measure_label(m, lang, micro), u, lang),
                    "group": L.text(f"options.group_{g}", lang),
                    "baseline": num(r["baseline_mean"], base), "option": num(r["option_mean"], base),
                    "change": _signed(num(r["difference_mean"], d)), "se": num(se, d),
                    "_ratio": float(r["difference_se_independent"]) / se if se > 0 else np.nan})
    return out


def _section_burden_options(opt: "BurdenOptions", run_name: str, lang, unit_id, figs: Figures) -> str:
    c = opt.table
    text = f"<section><h2>{esc(L.text('sec.burden_options', lang))}</h2>"
    if opt.baseline_name is not None:
        key = "options.baseline" if opt.baseline_name == run_name else "options.other_baseline"
        cls = "" if key == "options.baseline" else " class='warn'"
        text += f"<p{cls}>{esc(L.text(key, lang, name=opt.baseline_name, run=run_name))}</p>"
    options = list(dict.fromkeys(c["option"]))
    years = {o: burden_years(c.loc[c["option"] == o, "year"])[-1] for o in options}
    text += figs.add("burden_options", figure_burden_options(c, years, lang, opt.micro),
                     L.text("fig.options.alt", lang))
    cols = [("item", L.column_label("item", lang), None), ("group", L.text("options.group", lang), None),
            ("baseline", L.text("options.baseline_col", lang), None),
            ("option", L.text("options.option_col", lang), None),
            ("change", L.text("options.change", lang), None), ("se", L.text("options.se", lang), None)]
    ratios = []
    for o in options:
        rows = _option_rows(c, o, years[o], unit_id, opt.micro, lang)
        ratios += [r["_ratio"] for r in rows]
        sel = c[(c["option"] == o) & (c["year"] == years[o])]
        draws = int(sel["draws"].max()) if len(sel) and np.isfinite(sel["draws"].max()) else "?"
        text += (f"<p>{L.text('options.table', lang, option=esc(o), year=years[o], draws=draws)}</p>"
                 + html_table(pd.DataFrame(rows, columns=[k for k, _, _ in cols]), cols, lang))
    ratios = [r for r in ratios if np.isfinite(r)]
    med = float(np.median(ratios)) if ratios else float("nan")
    ratio = L.fmt_num(med, 0 if med >= 10 else 1, lang)
    text += "<p class='note'>" + esc(L.text("options.note", lang, file=str(opt.file), unit=L.unit(unit_id, lang),
                                            pp=L.unit("yuan_per_person", lang), ratio=ratio)) + "</p>"
    return text + "</section>"


def _section_table(spec: TableSpec, df: pd.DataFrame, lang, unit_id, figs: Figures) -> str:
    text = f"<section><h2>{esc(L.text(spec.section, lang))}</h2><p class='note'>{esc(spec.file)}</p>"
    if spec.id == "monthly":
        fig = figure_monthly(df, lang, unit_id, spec.file)
        if fig is not None:
            text += figs.add("monthly", fig, L.text("fig.monthly.alt", lang))
    return text + generic_table(df, lang, unit_id, spec.file) + "</section>"


CSS = """
body{font-family:%(fonts)s;max-width:1100px;margin:24px auto;color:#222;padding:0 16px;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0.2em} h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
figure{margin:8px 0} img{max-width:100%%;display:block}
table{border-collapse:collapse;margin:8px 0;font-size:0.9em}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right} td.t{text-align:left} th{background:#f0f0f0}
.note{color:#555;font-style:italic} .warn{color:#a50f15;font-weight:bold}
.headline{background:#f7f7f7;border-left:4px solid #3182bd;padding:8px 12px}
footer{margin-top:2em;border-top:1px solid #ccc;padding-top:8px;color:#555;font-size:0.85em;word-break:break-all}
@page{size:A4;margin:14mm 12mm 16mm 12mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:9.5pt}
  h1{font-size:15pt} h2{font-size:12pt;break-after:avoid;page-break-after:avoid}
  figure,img,tr,.headline{break-inside:avoid;page-break-inside:avoid}
  thead{display:table-header-group}
  table{font-size:8pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
FONTS = {"en": "'DejaVu Sans','WenQuanYi Micro Hei','Noto Sans CJK SC',Arial,sans-serif",
         "zh": "'WenQuanYi Micro Hei','Noto Sans CJK SC','Source Han Sans SC','DejaVu Sans',sans-serif"}


def _headline(res: ResultsDir, risk: pd.DataFrame, lang: str) -> str:
    # The figures the C++ run computed (headline.json: the horizon's milestone years); recomputed
    # from risk.csv only for a directory written before headline.json existed.
    r = risk.set_index("year")
    h = res.headline_figures()
    if h is not None:
        dep = {int(y): p for y, p in h["p_depleted_by"].items()}
        first = h["first_year_p_current_deficit_over_half"]
    else:
        years = [y for y in milestones(r.index) if y != r.index.min()] or list(r.index[-1:])
        dep = {int(y): r.loc[y, "p_depleted"] for y in years}
        over = r.index[r["p_current_deficit"] > 0.5]
        first = int(over[0]) if len(over) else None
    items = "，".join if lang == "zh" else ", ".join
    bits = items(L.text("headline.item", lang, year=y, p=L.fmt_pct(p, lang)) for y, p in dep.items())
    s = "<div class='headline'><p>" + esc(L.text("headline.depleted_by", lang, items=bits)) + "</p>"
    s += (f"<p>{L.text('headline.first_deficit', lang, year=int(first))}</p>" if first is not None
          else f"<p>{L.text('headline.no_deficit', lang)}</p>")
    return s + "</div>"


# ---------------------------------------------------------------- inputs
def read_paths(res: ResultsDir, paths=None) -> tuple[pd.DataFrame | None, Path | None, str | None]:
    """The path comparison to include (--paths, or paths.csv in the results directory), checked
    against the run's scenario: a paths.json with `scenario_sha256` (written by `fundsim paths`) must
    name the run's scenario hash, else ReportError naming both. Returns (table, file, note): the note
    says when the comparison carries no hash to check."""
    if paths is not None:
        p = Path(paths)
        p = p / "paths.csv" if p.is_dir() else p
        if not p.is_file():
            raise ReportError(f"{p}: missing (expected paths.csv of `fundsim paths`)")
    elif res.has("paths.csv"):
        p = res.path / "paths.csv"
    else:
        return None, None, None
    try:
        df = pd.read_csv(p, dtype={"path": str}, float_precision="round_trip")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ReportError(f"{p}: not a paths.csv: {e}") from None
    need = {"path", "year", "individual_contribution", "p_depleted", "months_payable_p50"}
    if not need <= set(df.columns):
        raise ReportError(f"{p}: expected columns {sorted(need)}, found {list(df.columns)}")
    run_sha = str(res.manifest.get("scenario_sha256", "?"))
    meta_file = p.parent / "paths.json"
    meta = {}
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ReportError(f"{meta_file}:{e.lineno}: invalid JSON: {e.msg}") from None
    sha = meta.get("scenario_sha256")
    if sha is None:
        return df, p, "unchecked"
    if str(sha) != run_sha:
        raise ReportError(
            f"{p}: the path comparison was made from scenario {meta.get('scenario', '?')} (SHA-256 {sha}), but "
            f"{res.path} is a run of scenario {res.manifest.get('scenario_path', '?')} (SHA-256 {run_sha}); "
            "compare paths of the run's own scenario (fundsim paths with the same scenario and --set)")
    return df, p, None


def read_optional(res: ResultsDir, spec: TableSpec) -> pd.DataFrame | None:
    p = res.path / spec.file
    if not p.is_file():
        return None
    try:
        return pd.read_csv(p, float_precision="round_trip")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ReportError(f"{p}: cannot read the table: {e}") from None


def check_tornado(df: pd.DataFrame, file: Path):
    need = ["parameter", "low", "high", "output", "base", "at_low", "at_high", "swing"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ReportError(f"{file}: expected columns {','.join(need)}; missing {', '.join(missing)}")


BURDEN_COLUMNS = ["year", "group", "income_quintile", "measure", "mean", "p05", "p50", "p95"]
COMPARISON_COLUMNS = ["option", "year", "group", "income_quintile", "measure", "baseline_mean", "option_mean",
                      "difference_mean", "difference_se", "difference_se_independent", "draws"]


def _check_long_table(df: pd.DataFrame, file: Path, need: list[str], text_cols: list[str], what: str) -> pd.DataFrame:
    """A long table of the burden: the columns `need` present (else ReportError naming the file and
    the missing columns), text columns as str, the others numeric."""
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ReportError(f"{file}: not a {what}: expected columns {','.join(need)}; missing {', '.join(missing)}")
    df = df.copy()
    for c in text_cols:
        df[c] = df[c].astype(str).str.strip()
    for c in need:
        if c in text_cols:
            continue
        try:
            df[c] = pd.to_numeric(df[c])
        except (ValueError, TypeError):
            raise ReportError(f"{file}: column {c} of the {what} is not numeric") from None
    if df.empty:
        raise ReportError(f"{file}: the {what} has no rows")
    df["year"] = df["year"].astype(int)
    return df


def check_burden(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    return _check_long_table(df, file, BURDEN_COLUMNS, ["group", "income_quintile", "measure"],
                             "burden.csv of the micro engine")


@dataclass
class BurdenOptions:
    """comparison.csv of `fundsim burden` (--burden), with the name and micro block of the baseline
    scenario when its directory holds baseline-*/scenario.resolved.yaml."""
    table: pd.DataFrame
    file: Path
    baseline_name: str | None
    micro: dict


def read_burden_options(res: ResultsDir, burden) -> BurdenOptions | None:
    """The policy options' comparison given by --burden (comparison.csv or its directory)."""
    if burden is None:
        return None
    p = Path(burden)
    p = p / "comparison.csv" if p.is_dir() else p
    if not p.is_file():
        raise ReportError(f"{p}: missing (expected comparison.csv of `fundsim burden`)")
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise ReportError(f"{p}: not a comparison.csv: {e}") from None
    df = _check_long_table(df, p, COMPARISON_COLUMNS, ["option", "group", "income_quintile", "measure"],
                           "comparison.csv of `fundsim burden`")
    name, micro = None, (res.resolved().get("micro") or {})
    baselines = sorted(p.parent.glob("baseline-*/scenario.resolved.yaml"))
    if baselines:
        import yaml

        try:
            doc = yaml.safe_load(baselines[0].read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ReportError(f"{baselines[0]}: invalid YAML: {e}") from None
        name = str(doc.get("name", "?"))
        micro = doc.get("micro") or micro
    return BurdenOptions(df, p, name, micro)


@dataclass
class Inputs:
    res: ResultsDir
    summary: pd.DataFrame
    risk: pd.DataFrame
    paths: pd.DataFrame | None
    paths_file: Path | None
    paths_note: str | None
    optional: dict
    unit_id: str
    burden_options: BurdenOptions | None = None


def read_inputs(results_dir, paths=None, burden=None) -> Inputs:
    try:
        res = ResultsDir(results_dir)
        summary = res.summary()
        risk = res.risk().sort_values("year")
    except FileNotFoundError as e:
        raise ReportError(str(e)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ReportError(f"{Path(results_dir)}: {e}") from None
    if not _has(summary, "balance_cumulative"):
        raise ReportError(f"{res.path / 'summary.csv'}: no rows for metric balance_cumulative")
    paths_df, paths_file, note = read_paths(res, paths)
    optional = {}
    options = read_burden_options(res, burden)
    for spec in OPTIONAL_TABLES:
        if spec.id == "paths":
            continue
        if spec.id == "burden_options":  # given by --burden, not read from the results directory
            if options is not None:
                optional[spec.id] = options.table
            continue
        df = read_optional(res, spec)
        if df is not None:
            if spec.id == "tornado":
                check_tornado(df, res.path / spec.file)
            if spec.id == "burden":
                df = check_burden(df, res.path / spec.file)
            optional[spec.id] = df
    return Inputs(res, summary, risk, paths_df, paths_file, note, optional, choose_money_unit(summary), options)


# ---------------------------------------------------------------- the page
def render_html(inp: Inputs, lang: str) -> tuple[str, Figures]:
    lang = L.check_lang(lang)
    if lang == "zh" and cjk_font() is None:
        raise ReportError("--lang zh: no font with Chinese glyphs is installed (Debian package fonts-noto-cjk; "
                          "scripts/install-deps.sh installs it)")
    res, summary, risk = inp.res, inp.summary, inp.risk
    man = res.manifest
    engine = str(man.get("engine", "?"))
    name = str(man.get("scenario_name", "?"))
    figs = Figures(lang)
    with matplotlib.rc_context(rc(lang)):
        title = L.text("report.title", lang, name=name)
        head = [f"<h1>{esc(title)}</h1>",
                "<p>" + esc(L.text("report.run", lang, draws=man.get("draws", "?"), first=man.get("first_year", "?"),
                                   last=man.get("last_year", "?"), engine=engine))
                + " " + esc(L.text("report.units", lang, unit=L.unit(inp.unit_id, lang))) + "</p>"]
        desc = res.resolved().get("description")
        if desc:
            head.append(f"<p class='note'>{esc(L.text('report.description', lang, text=str(desc).strip()))}</p>")
        if man.get("financing_rule"):
            head.append(f"<p>{esc(L.text('report.financing_rule', lang, rule=man['financing_rule']))}</p>")
        thr = res.warning_thresholds()
        parts = head + [_headline(res, risk, lang), _section_balance(summary, lang, inp.unit_id, figs),
                        _section_risk(res, risk, lang, figs), _section_months(res, risk, thr, lang, figs),
                        _section_flows(summary, engine, lang, inp.unit_id, figs),
                        _section_burden(summary, engine, lang, figs)]
        if "decomposition" in inp.optional:
            parts.append(_section_drivers(inp.optional["decomposition"], lang, inp.unit_id, figs))
        if "burden" in inp.optional:
            parts.append(_section_burden_quintiles(inp.optional["burden"], res.resolved().get("micro") or {}, lang,
                                                   figs))
        if inp.paths is not None:
            note = (L.text("paths.unchecked", lang, sha=man.get("scenario_sha256", "?"))
                    if inp.paths_note == "unchecked" else None)
            parts.append(_section_paths(inp.paths, lang, figs, note))
        if inp.burden_options is not None:
            parts.append(_section_burden_options(inp.burden_options, name, lang, inp.unit_id, figs))
        if "tornado" in inp.optional:
            parts.append(_section_tornado(inp.optional["tornado"], lang, inp.unit_id, figs))
        for spec in OPTIONAL_TABLES:
            if spec.id in GENERIC_HTML_TABLES and spec.id in inp.optional:
                parts.append(_section_table(spec, inp.optional[spec.id], lang, inp.unit_id, figs))
    if man.get("warnings"):
        parts.append(f"<section><h2>{esc(L.text('sec.warnings', lang))}</h2><ul>"
                     + "".join(f"<li>{esc(w)}</li>" for w in man["warnings"]) + "</ul></section>")
    footer = "<footer>" + L.text(
        "footer", lang, name=esc(name), path=esc(man.get("scenario_path", "?")),
        sha=esc(man.get("scenario_sha256", "?")), seed=esc(man.get("seed", "?")), draws=esc(man.get("draws", "?")),
        engine=esc(engine), version=esc(man.get("fundsim_version", "?")), commit=esc(man.get("git_commit", "?")),
        start=esc(L.fmt_timestamp(man.get("start_time_utc", "?"), lang))) + "</footer>"
    page = (f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
            f"<title>{esc(L.text('report.title', lang, name=name))}</title>"
            f"<style>{CSS % {'fonts': FONTS[lang]}}</style></head><body>"
            + "\n".join(parts) + footer + "</body></html>\n")
    return page, figs


# ---------------------------------------------------------------- PDF through headless Chromium
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """FUNDSIM_CHROMIUM if set (an empty value means: none), else the first of CHROMIUM_NAMES on PATH."""
    env = os.environ.get("FUNDSIM_CHROMIUM")
    if env is not None:
        return env if env and (shutil.which(env) or Path(env).is_file()) else None
    for n in CHROMIUM_NAMES:
        p = shutil.which(n)
        if p:
            return p
    return None


def print_pdf(html_file: Path, pdf_file: Path, chromium: str):
    """Prints html_file to pdf_file (A4, from the page's @page rule; no browser header or footer)."""
    with tempfile.TemporaryDirectory(prefix="fundsim-chromium-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={pdf_file}", Path(html_file).resolve().as_uri()]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise RuntimeError(f"--pdf: {chromium} failed: {e}") from None
    if p.returncode != 0 or not pdf_file.is_file() or pdf_file.read_bytes()[:5] != b"%PDF-":
        raise RuntimeError(f"--pdf: {chromium} did not write a PDF (exit {p.returncode}): {p.stderr.strip()[-600:]}")


# ---------------------------------------------------------------- writing
def _atomic_write(target: Path, data: bytes):
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def build_report(results_dir, out=None, paths=None, lang: str = "en", pdf: bool = False, xlsx: bool = False,
                 burden=None) -> Path:
    """Writes report.html (default RESULTS_DIR/report.html), figures/<lang>/*.svg|png beside it, and
    with pdf / xlsx report.pdf / report.xlsx; `burden`: comparison.csv of `fundsim burden` (or its
    directory) for the policy options' section. Returns the path of the HTML. Raises ReportError (a
    ValueError) naming the file or the missing tool; nothing is written then."""
    lang = L.check_lang(lang)
    chromium = None
    if pdf:
        chromium = find_chromium()
        if chromium is None:
            raise ReportError("--pdf: Chromium is not installed (Debian package chromium; scripts/install-deps.sh "
                              "installs it; or set FUNDSIM_CHROMIUM to the browser); nothing was written")
    inp = read_inputs(results_dir, paths, burden)
    page, figs = render_html(inp, lang)
    target = Path(out) if out is not None else inp.res.path / "report.html"
    book = None
    if xlsx:
        from .workbook import build_workbook

        book = build_workbook(inp, lang)
    with tempfile.TemporaryDirectory(prefix="fundsim-report-") as tmp:
        staged_pdf = None
        if pdf:
            # Chromium prints the staged page (the same bytes as report.html).
            staged_html = Path(tmp) / target.name
            staged_html.write_text(page, encoding="utf-8")
            staged_pdf = Path(tmp) / "report.pdf"
            try:
                print_pdf(staged_html, staged_pdf, chromium)
            except RuntimeError as e:
                raise ReportError(str(e)) from None
        # Commit: every file is complete before it replaces the old one.
        fig_dir = target.parent / "figures" / lang
        for name, data in figs.files.items():
            _atomic_write(fig_dir / name, data)
        if book is not None:
            buf = io.BytesIO()
            book.save(buf)
            _atomic_write(target.with_suffix(".xlsx"), buf.getvalue())
        if staged_pdf is not None:
            _atomic_write(target.with_suffix(".pdf"), staged_pdf.read_bytes())
        _atomic_write(target, page.encode("utf-8"))
    return target


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="fundsim report",
                                 description="write a self-contained report.html from a results directory")
    ap.add_argument("results_dir", help="results directory of `fundsim run`")
    ap.add_argument("--out", help="output file (default RESULTS_DIR/report.html); .pdf/.xlsx beside it")
    ap.add_argument("--paths", help="paths.csv (or its directory) of `fundsim paths` to include")
    ap.add_argument("--burden", help="comparison.csv (or its directory) of `fundsim burden` to include: the "
                    "policy options' burden and cost")
    ap.add_argument("--lang", default="en", choices=L.LANGS, help="language of the report (default en)")
    ap.add_argument("--pdf", action="store_true", help="also print report.pdf with headless Chromium (A4)")
    ap.add_argument("--xlsx", action="store_true", help="also write report.xlsx (one sheet per table)")
    a = ap.parse_args(argv)
    try:
        target = build_report(a.results_dir, a.out, a.paths, a.lang, a.pdf, a.xlsx, a.burden)
    except (ReportError, FileNotFoundError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"report: {target}")
    for suffix, wanted in ((".pdf", a.pdf), (".xlsx", a.xlsx)):
        if wanted:
            print(f"report: {target.with_suffix(suffix)}")
    print(f"figures: {target.parent / 'figures' / a.lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
