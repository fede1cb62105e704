"""`fundsim report`: a self-contained report.html in English and Chinese, checked as text and in
headless Chromium; the optional tables of other commands; escaped text; refusals."""
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fundsim
import fundsim.report
from conftest import DRAWS, SEED, SMALL
from fundsim import labels as L


@pytest.fixture(scope="module")
def report_dir(cli_run, tmp_path_factory):
    d = tmp_path_factory.mktemp("report") / "run"
    shutil.copytree(cli_run, d)
    return d


@pytest.fixture(scope="module")
def paths_dir(exe, tmp_path_factory):
    """`fundsim paths` of the run's scenario (same draws and seed): paths.csv and paths.json."""
    out = tmp_path_factory.mktemp("paths") / "p"
    subprocess.run([str(exe), "paths", str(SMALL), "--path", "base=scenario", "--path",
                    "plus60=individual=increment:60", "--draws", str(DRAWS), "--seed", str(SEED), "--out", str(out),
                    "--quiet"], check=True)
    return out


SECTIONS_EN = ("1. Cumulative balance", "2. Deficit and depletion risk", "3. Months payable and warning bands",
               "4. Revenue and spending", "5. Contributions and the burden on rural households")


def test_report_command_writes_a_self_contained_page(exe, report_dir):
    p = subprocess.run([str(exe), "report", str(report_dir)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    for section in SECTIONS_EN:
        assert section in page
    assert L.text("sec.paths", "en") not in page  # no paths.csv here
    assert len(re.findall(r'src="data:image/png;base64,', page)) >= 6
    # Self-contained: no external resources, no scripts.
    assert not re.search(r'(src|href)="(http|file|/)', page) and "<script" not in page
    # Footer: scenario, seed, version.
    footer = page[page.index("<footer>"):]
    assert "python-small" in footer and f"seed {SEED}" in footer and fundsim.__version__ in footer
    assert fundsim.load_scenario(SMALL).sha256 in footer
    # Every figure is also kept as SVG and PNG for reuse.
    figs = report_dir / "figures" / "en"
    for name in ("balance", "risk", "months_payable", "warning_bands", "revenue_spending", "contributions"):
        assert (figs / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in (figs / f"{name}.svg").read_bytes()[:1000]


def test_chinese_report_uses_the_bureaus_terms(exe, report_dir, tmp_path):
    out = tmp_path / "zh.html"
    p = subprocess.run([str(exe), "report", str(report_dir), "--lang", "zh", "--out", str(out)], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stderr
    page = out.read_text(encoding="utf-8")
    assert "<html lang='zh-CN'>" in page
    for term in ("亿元", "基金收入", "基金支出", "当期结余", "累计结余", "可支付月数", "风险预警", "红色预警", "橙色预警",
                 "个人缴费", "财政补助", "大病保险", "两病", "门诊慢特病"):
        assert term in page, term
    # 亿元 with two decimals: the milestone table of the balance.
    table = page[page.index("主要年份累计结余"):]
    table = table[:table.index("</table>")]
    cells = re.findall(r"<td>(-?[\d,]+\.\d+)</td>", table)
    assert cells and all(re.fullmatch(r"-?[\d,]+\.\d\d", c) for c in cells), cells[:5]
    assert (tmp_path / "figures" / "zh" / "balance.svg").is_file()


def test_unknown_language_is_refused(exe, report_dir):
    p = subprocess.run([str(exe), "report", str(report_dir), "--lang", "fr"], capture_output=True, text=True)
    assert p.returncode != 0 and "fr" in p.stderr


def test_report_includes_path_comparison_at_milestone_years(report_dir, paths_dir, tmp_path):
    out = fundsim.report.build_report(report_dir, tmp_path / "with-paths.html", paths=paths_dir)
    page = out.read_text(encoding="utf-8")
    i = page.index(L.text("sec.paths", "en"))
    section = page[i:page.index("</section>", i)]
    assert "plus60" in section
    table = section[section.index("<table>"):]
    years = re.findall(r"<tr><td class='t'>[^<]*</td><td>(\d{4})</td>", table)
    paths = pd.read_csv(paths_dir / "paths.csv")
    expected = fundsim.report.milestones(paths["year"])
    assert len(expected) >= 4
    assert sorted(set(int(y) for y in years)) == expected  # every milestone year, not the last only
    assert len(years) == 2 * len(expected)  # for each of the two paths
    assert "could not be checked" not in section  # paths.json names the run's scenario


def test_report_refuses_paths_of_another_scenario(exe, report_dir, tmp_path):
    other = tmp_path / "other"
    subprocess.run([str(exe), "paths", str(SMALL), "--set", "run.end_year=2040", "--path", "base=scenario",
                    "--draws", "10", "--seed", str(SEED), "--out", str(other), "--quiet"], check=True)
    out = tmp_path / "refused.html"
    p = subprocess.run([str(exe), "report", str(report_dir), "--paths", str(other), "--out", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    import json

    run_sha = json.loads((report_dir / "manifest.json").read_text())["scenario_sha256"]
    paths_sha = json.loads((other / "paths.json").read_text())["scenario_sha256"]
    assert run_sha != paths_sha
    assert run_sha in p.stderr and paths_sha in p.stderr and "paths.csv" in p.stderr
    assert not out.exists() and not (tmp_path / "figures").exists()


def test_paths_without_a_scenario_hash_are_flagged(report_dir, paths_dir, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(paths_dir / "paths.csv", bare / "paths.csv")  # no paths.json
    page = fundsim.report.build_report(report_dir, tmp_path / "r.html", paths=bare).read_text(encoding="utf-8")
    assert "could not be checked" in page


def test_report_refuses_incomplete_directories(exe, tmp_path):
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "summary.csv").write_text("year,metric,mean,sd,p05,p25,p50,p75,p95\n")
    for d in (tmp_path / "missing", tmp_path / "partial"):
        p = subprocess.run([str(exe), "report", str(d)], capture_output=True, text=True)
        assert p.returncode == 2, (p.returncode, p.stderr)
        assert str(d) in p.stderr and "error" in p.stderr
        assert not (d / "report.html").exists()
    p = subprocess.run([str(exe), "report", str(tmp_path / "partial")], capture_output=True, text=True)
    assert "manifest.json" in p.stderr and "risk.csv" in p.stderr


def test_pdf_without_chromium_is_a_clear_error(exe, report_dir, tmp_path):
    out = tmp_path / "r.html"
    env = {"PATH": "/usr/bin:/bin", "FUNDSIM_CHROMIUM": ""}
    p = subprocess.run([str(exe), "report", str(report_dir), "--pdf", "--out", str(out)], capture_output=True,
                       text=True, env=env)
    assert p.returncode == 2, p.stderr
    assert "Chromium is not installed" in p.stderr and "chromium" in p.stderr
    assert not out.exists() and not out.with_suffix(".pdf").exists()


# ---------------------------------------------------------------- markup in names is text
MARKUP = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def markup_run(exe, tmp_path_factory):
    """A real run of a scenario whose name and description hold markup, and a tornado.csv whose
    parameter and output names hold markup."""
    d = tmp_path_factory.mktemp("markup")
    scen = d / "markup.yaml"
    scen.write_text(f"extends: {SMALL}\nname: '{MARKUP}'\n"
                    "description: 'a <b>bold</b> claim & <img src=x onerror=alert(2)>'\n", encoding="utf-8")
    out = d / "run"
    subprocess.run([str(exe), "run", str(scen), "--draws", "10", "--seed", str(SEED), "--out", str(out), "--quiet"],
                   check=True)
    pd.DataFrame({"parameter": ["<i>trend</i>", "rate"], "low": [-0.01, 0.0], "high": [0.01, 0.02],
                  "output": ["p_depleted@2040", "p_depleted@2040"], "base": [0.5, 0.5], "at_low": [0.3, 0.45],
                  "at_high": [0.7, 0.52], "swing": [0.4, 0.07]}).to_csv(out / "tornado.csv", index=False)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markup_in_names_is_shown_as_text(exe, markup_run, lang, tmp_path):
    out = tmp_path / f"{lang}.html"
    p = subprocess.run([str(exe), "report", str(markup_run), "--lang", lang, "--out", str(out)], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img src=x" not in page and "<i>trend" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # title, heading and footer
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    assert "&lt;b&gt;bold&lt;/b&gt; claim &amp; &lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;i&gt;trend&lt;/i&gt;" in page
    # In a browser the name is text in the heading, and no script element exists.
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed (scripts/install-deps.sh installs the Debian package)"
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", out.as_uri()],
                             capture_output=True, text=True, timeout=180).stdout
    assert "<script" not in dom.lower()
    h1 = re.search(r"<h1>(.*?)</h1>", dom).group(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in h1


# ---------------------------------------------------------------- optional tables of other commands
def test_optional_tables_are_rendered_when_present(exe, report_dir, tmp_path):
    """tornado.csv (fundsim sensitivity), budget.csv and monthly.csv (fundsim budget, run here on the
    report's scenario) and the manifest's financing_rule: rendered from the columns the files have.
    The tornado is a format fixture (the command's columns), not a model result."""
    d = tmp_path / "run"
    shutil.copytree(report_dir, d, ignore=shutil.ignore_patterns("report*", "figures"))
    pd.DataFrame({"parameter": ["costs.excess_trend_long_run_per_year", "fund.interest.mean_rate"],
                  "low": [0.005, 0.01], "high": [0.015, 0.03], "output": ["balance_cumulative@2035"] * 2,
                  "base": [1.0e12, 1.0e12], "at_low": [1.3e12, 0.97e12], "at_high": [0.6e12, 1.04e12],
                  "swing": [0.7e12, 0.07e12]}).to_csv(d / "tornado.csv", index=False)
    first = int(pd.read_csv(d / "summary.csv")["year"].min())
    subprocess.run([str(exe), "budget", str(SMALL), "--year", str(first), "--draws", str(DRAWS), "--seed", str(SEED),
                    "--out", str(tmp_path / "budget"), "--quiet"], check=True)
    for f in ("budget.csv", "monthly.csv"):
        shutil.copy(tmp_path / "budget" / f, d / f)
    budget = pd.read_csv(d / "budget.csv").set_index("item")
    import json

    man = json.loads((d / "manifest.json").read_text())
    man["financing_rule"] = "individual +20 yuan/yr <after 2025>"
    (d / "manifest.json").write_text(json.dumps(man))
    for lang in ("en", "zh"):
        page = fundsim.report.build_report(d, d / f"{lang}.html", lang=lang).read_text(encoding="utf-8")
        for key in ("sec.tornado", "sec.budget", "sec.monthly"):
            assert L.text(key, lang) in page, key
        assert "individual +20 yuan/yr &lt;after 2025&gt;" in page
        assert "costs.excess_trend_long_run_per_year" in page
        # budget.csv is already in its unit column's unit (亿元 here): shown as it is, not rescaled.
        assert budget.loc["revenue_total", "unit"] == "亿元"
        i = page.index(L.text("sec.budget", lang))
        section = page[i:page.index("</section>", i)]
        assert L.fmt_num(budget.loc["revenue_total", "mean"], 2, lang) in section
        assert L.fmt_num(budget.loc["spending_inpatient", "p95"], 2, lang) in section
    for name in ("tornado_1", "monthly"):  # the monthly chart of the real monthly.csv
        assert (d / "figures" / "zh" / f"{name}.svg").is_file(), name


def test_optional_tables_are_declared_once():
    ids = [t.id for t in fundsim.report.CORE_TABLES + fundsim.report.OPTIONAL_TABLES]
    assert len(ids) == len(set(ids))
    files = {t.file for t in fundsim.report.OPTIONAL_TABLES}
    assert {"tornado.csv", "budget.csv", "monthly.csv", "paths.csv", "burden.csv", "adjustment.csv"} <= files
    for t in fundsim.report.CORE_TABLES + fundsim.report.OPTIONAL_TABLES:
        assert t.section in L.TEXT and all(0 < len(s) <= 31 for s in t.sheet)


def test_every_label_exists_in_both_languages():
    for table in (L.TEXT, L.BANDS, L.UNITS):
        for key, pair in table.items():
            assert len(pair) == 2 and all(pair), key
    for key, m in L.METRICS.items():
        assert m.en and m.zh, key
    # Placeholders agree between the languages.
    for key, (en, zh) in L.TEXT.items():
        assert sorted(re.findall(r"{(\w+)}", en)) == sorted(re.findall(r"{(\w+)}", zh)), key
    # Every metric the engine writes has a label.
    assert set(fundsim.METRICS) <= set(L.METRICS), sorted(set(fundsim.METRICS) - set(L.METRICS))


# ---------------------------------------------------------------- headless Chromium
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1200,2400", "--enable-logging=stderr", "--v=0"]


def console_errors(stderr: str) -> list[str]:
    """Console messages of the page (chromium also logs benign dbus/gpu lines: ignored)."""
    return [line for line in stderr.splitlines()
            if "Uncaught" in line or "ERROR:CONSOLE" in line or ":CONSOLE(" in line and "ERROR" in line]


def test_console_error_filter():
    # The filter must catch a page error: a page with a failing script logs one.
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "bad.html"
        bad.write_text("<html><body><script>undefined_function_x();</script></body></html>")
        p = run_chromium(bad, Path(tmp) / "bad.png", Path(tmp))
        assert console_errors(p.stderr), p.stderr


def run_chromium(page: Path, png: Path, profile: Path):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed (scripts/install-deps.sh installs the Debian package)"
    return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                           page.resolve().as_uri()], capture_output=True, text=True, timeout=180)


def test_report_renders_in_headless_chromium(exe, report_dir, tmp_path):
    if not (report_dir / "report.html").exists():
        subprocess.run([str(exe), "report", str(report_dir)], check=True)
    png = tmp_path / "report.png"
    p = run_chromium(report_dir / "report.html", png, tmp_path / "profile")
    assert p.returncode == 0, p.stderr
    assert not console_errors(p.stderr), console_errors(p.stderr)
    import matplotlib.image

    img = matplotlib.image.imread(png)[:, :, :3]
    assert img.shape[:2] == (2400, 1200)
    # Not blank: the page is mostly white, but charts and text give many colours and real variance.
    colours = len(np.unique((img * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    non_white = float(np.mean(img.min(axis=2) < 0.95))
    print(f"screenshot: std {img.std():.3f}, {colours} colours, {100 * non_white:.1f}% non-white pixels")
    assert img.std() > 0.05 and colours > 200 and 0.05 < non_white < 0.9
    shutil.copy(png, report_dir / "report-screenshot.png")  # kept beside the report for a look
