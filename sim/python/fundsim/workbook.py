"""report.xlsx: the tables of a results directory as one formatted sheet each (openpyxl, Debian
python3-openpyxl), for the bureau's spreadsheets.

    fundsim report RESULTS_DIR --xlsx [--lang zh]

A first sheet (contents / 目录) lists every sheet with its source file. Each table sheet holds the
rows and columns of its CSV file in the same order, with the numbers as numeric cells equal to the
file's values (money stays in yuan: the number format shows separators; probabilities and shares are
fractions shown as %). Headers are frozen, carry the unit, and are in the report's language; metric ids
in the summary sheet are replaced by their label and unit ("累计结余（元）").
"""
from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import labels as L

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
HEADER_FONT = Font(bold=True)
FORMATS = {"money": "#,##0", "persons": "#,##0", "probability": "0.0%", "share": "0.00%", "months": "0.00",
           "yuan_per_person": "#,##0.00", "year": "0", "int": "0", "value": "#,##0.00####"}
SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _kind(column: str) -> str:
    """Kind of unit of a column of any table: known columns and metric ids, then name patterns."""
    if column in L.COLUMNS:
        return L.COLUMNS[column][2]
    if column in L.METRICS:
        return L.metric_kind(column)
    if column.startswith("p_") or column.endswith("_probability"):
        return "probability"
    if column.endswith("_share"):
        return "share"
    if column.endswith("_yuan"):
        return "money"
    if column.endswith("_persons"):
        return "persons"
    if column.endswith("_months"):
        return "months"
    return "value"


def _header(column: str, lang: str) -> str:
    """Column header with its unit; money columns of the files are in yuan."""
    kind = _kind(column)
    if column in L.COLUMNS or column in L.METRICS:
        return L.column_label(column, lang, money="yuan")
    u = L.kind_unit(kind, lang, "yuan")
    return L.with_unit(column, u, lang) if u else column


def sheet_name(spec, lang: str, taken: set) -> str:
    base = (spec.sheet[1] if lang == "zh" else spec.sheet[0]).translate(SHEET_FORBIDDEN)[:31]
    name, k = base, 2
    while name in taken:
        name = f"{base[:28]} {k}"
        k += 1
    taken.add(name)
    return name


def _write_table(ws, df: pd.DataFrame, lang: str, table_id: str):
    summary = table_id == "summary"
    for j, c in enumerate(df.columns, start=1):
        if summary and c == "metric":
            h = L.with_unit(L.column_label("metric", lang), "单位" if lang == "zh" else "unit", lang)
        else:
            h = _header(c, lang)
        cell = ws.cell(row=1, column=j, value=h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    kinds = {c: _kind(c) for c in df.columns}
    numeric = {c: pd.api.types.is_numeric_dtype(df[c]) for c in df.columns}
    metric_col = df["metric"].tolist() if summary and "metric" in df.columns else None
    for i, row in enumerate(df.itertuples(index=False), start=2):
        row_kind = L.metric_kind(metric_col[i - 2]) if metric_col is not None else None
        for j, (c, v) in enumerate(zip(df.columns, row), start=1):
            if isinstance(v, float) and v != v:  # NaN: an empty cell
                continue
            if summary and c == "metric":
                u = L.kind_unit(row_kind, lang, "yuan")
                lab = L.metric_label(str(v), lang)
                v = L.with_unit(lab, u, lang) if u else lab
            elif not numeric[c]:
                v = str(v)
                if c == "year" and v == "never":
                    v = L.text("depletion.never", lang)
            else:
                v = v.item() if hasattr(v, "item") else v
            cell = ws.cell(row=i, column=j, value=v)
            if numeric[c]:
                k = row_kind if (summary and c not in ("year",)) else kinds[c]
                cell.number_format = FORMATS.get(k, FORMATS["value"])
    ws.freeze_panes = "B2" if summary or "path" in df.columns else "A2"
    for j, c in enumerate(df.columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = 34 if (summary and c == "metric") else 16
    ws.row_dimensions[1].height = 32


def build_workbook(inp, lang: str) -> Workbook:
    """The workbook of a report's inputs (fundsim.report.Inputs): contents, then one sheet per table
    present (CORE_TABLES, then OPTIONAL_TABLES, in their declared order)."""
    from .report import CORE_TABLES, OPTIONAL_TABLES

    lang = L.check_lang(lang)
    wb = Workbook()
    toc = wb.active
    toc.title = L.text("xlsx.contents", lang)
    taken = {toc.title}
    toc.append([L.text("xlsx.sheet", lang), L.text("xlsx.source", lang), L.text("xlsx.about", lang)])
    for cell in toc[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    res = inp.res
    tables = []
    for spec in CORE_TABLES + OPTIONAL_TABLES:
        if spec.id == "summary":
            df = inp.summary
        elif spec.id == "risk":
            df = res.risk()
        elif spec.id == "depletion":
            df = pd.read_csv(res.path / spec.file, dtype={"year": str}, float_precision="round_trip") \
                if res.has(spec.file) else None
        elif spec.id == "warning":
            df = res.warning() if res.has(spec.file) else None
        elif spec.id == "paths":
            df = inp.paths
        else:
            df = inp.optional.get(spec.id)
            if df is None and spec.id == "decomposition" and res.has(spec.file):
                df = pd.read_csv(res.path / spec.file, float_precision="round_trip")
        if df is not None:
            source = str(inp.paths_file) if spec.id == "paths" and inp.paths_file else spec.file
            tables.append((spec, df, source))
    for spec, df, source in tables:
        name = sheet_name(spec, lang, taken)
        ws = wb.create_sheet(name)
        _write_table(ws, df, lang, spec.id)
        toc.append([name, source, L.text(spec.section, lang)])
    toc.append([])
    toc.append([L.text("xlsx.note", lang)])
    toc.column_dimensions["A"].width = 22
    toc.column_dimensions["B"].width = 40
    toc.column_dimensions["C"].width = 50
    toc.freeze_panes = "A2"
    return wb
