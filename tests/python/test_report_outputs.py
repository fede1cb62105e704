"""The report's printable and spreadsheet outputs: report.pdf printed by headless Chromium (A4, a
CJK font embedded in the Chinese one) and report.xlsx (openpyxl: numbers equal the CSV files)."""
import re
import shutil
import subprocess

import pandas as pd
import pytest

openpyxl = pytest.importorskip("openpyxl", reason="python3-openpyxl (scripts/install-deps.sh)")

# Fonts with Chinese glyphs as pdffonts names them (a subset prefix such as BAAAAA+ comes first).
CJK_FONT_NAMES = re.compile(r"(?:[A-Z]{6}\+)?(WenQuanYi|NotoSansCJK|NotoSerifCJK|SourceHan|Droid.*Fallback|AR-?PL)", re.I)


@pytest.fixture(scope="module")
def outputs(exe, cli_run, tmp_path_factory):
    """`fundsim report RUN --lang zh --pdf --xlsx` on a copy of the shared run."""
    d = tmp_path_factory.mktemp("outputs") / "run"
    shutil.copytree(cli_run, d)
    p = subprocess.run([str(exe), "report", str(d), "--lang", "zh", "--pdf", "--xlsx"], capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return d


def test_chinese_pdf_embeds_a_cjk_font_and_holds_the_terms(outputs):
    pdf = outputs / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    for tool in ("pdffonts", "pdftotext", "pdfinfo"):
        assert shutil.which(tool), f"{tool} missing (Debian poppler-utils, scripts/install-deps.sh)"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    cjk = [r for r in rows if CJK_FONT_NAMES.match(r[0])]
    assert cjk, fonts
    # Columns of pdffonts: name type... emb sub uni object ID: embedded = "yes" 5th from the end.
    assert all(r[-5] == "yes" for r in cjk), fonts
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for term in ("可支付月数", "累计结余", "基金收入", "风险预警"):
        assert term in text, term
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info, info  # the print stylesheet's @page size
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 12, pages


def sheets_and_sources(wb):
    """{sheet name: source file} from the contents sheet (first sheet: sheet, source, description)."""
    toc = wb.worksheets[0]
    out = {}
    for row in toc.iter_rows(min_row=2, values_only=True):
        if row and row[0] and len(row) > 1 and row[1]:
            out[row[0]] = row[1]
    return out


def test_workbook_numbers_equal_the_csv_files(outputs):
    wb = openpyxl.load_workbook(outputs / "report.xlsx")
    sources = sheets_and_sources(wb)
    expected = {"summary.csv", "risk.csv", "depletion.csv", "warning.csv", "decomposition.csv"}
    assert expected <= set(sources.values()), sources
    assert set(sources) == set(wb.sheetnames[1:])
    checked = 0
    for name, source in sources.items():
        ws = wb[name]
        assert ws.freeze_panes in ("A2", "B2"), (name, ws.freeze_panes)  # frozen header row
        csv = pd.read_csv(outputs / source, dtype=str)  # the file's own text, parsed below
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(csv), name
        header = [c.value for c in ws[1]]
        assert len(header) == len(csv.columns) and all(isinstance(h, str) and h for h in header), (name, header)
        for j, col in enumerate(csv.columns):
            numeric = pd.to_numeric(csv[col], errors="coerce")
            if numeric.notna().all():  # a numeric column: numeric cells equal to the file's numbers
                for i, (text, want) in enumerate(zip(csv[col], numeric)):
                    got = rows[i][j]
                    assert isinstance(got, (int, float)) and not isinstance(got, bool), (name, col, i, got)
                    # openpyxl writes numbers with 16 significant digits ("%.16g"; Excel keeps 15):
                    # equal to the file's double within 1e-15 relative.
                    assert got == pytest.approx(float(text), rel=1e-15, abs=0), (name, col, i, got, text)
                    checked += 1
                    cell = ws.cell(row=i + 2, column=j + 1)
                    assert cell.data_type == "n", (name, col, cell.data_type)
    assert checked > 1000, checked


def test_workbook_speaks_the_report_language(outputs):
    wb = openpyxl.load_workbook(outputs / "report.xlsx")
    assert wb.sheetnames[0] == "目录" and "分年度汇总" in wb.sheetnames and "风险" in wb.sheetnames
    risk = wb["风险"]
    header = [c.value for c in risk[1]]
    assert "累计结余耗尽概率" in header and any("可支付月数" in h and "（月）" in h for h in header), header
    summary = wb["分年度汇总"]
    labels = {r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert "累计结余（元）" in labels and "参保人数（人）" in labels, sorted(labels)[:10]
    # Probabilities are fractions shown as %.
    col = header.index("累计结余耗尽概率") + 1
    assert risk.cell(row=2, column=col).number_format.endswith("%")


def test_english_workbook(exe, cli_run, tmp_path):
    d = tmp_path / "run"
    shutil.copytree(cli_run, d)
    p = subprocess.run([str(exe), "report", str(d), "--xlsx"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(d / "report.xlsx")
    assert wb.sheetnames[:3] == ["contents", "summary", "risk"]
    header = [c.value for c in wb["risk"][1]]
    assert "months payable, median (months)" in header, header
