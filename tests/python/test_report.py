"""`fundsim report`: a self-contained report.html, checked as text and in headless Chromium."""
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

import fundsim
import fundsim.report
from conftest import DRAWS, SEED, SMALL


@pytest.fixture(scope="module")
def report_dir(cli_run, tmp_path_factory):
    d = tmp_path_factory.mktemp("report") / "run"
    shutil.copytree(cli_run, d)
    return d


def test_report_command_writes_a_self_contained_page(exe, report_dir):
    p = subprocess.run([str(exe), "report", str(report_dir)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    for section in ("1. Cumulative balance", "2. Deficit and depletion risk", "3. Months payable and warning bands",
                    "4. Revenue and spending", "5. Contribution burden"):
        assert section in page
    assert "6. Contribution paths" not in page  # no paths.csv here
    assert len(re.findall(r'src="data:image/png;base64,', page)) >= 5
    # Self-contained: no external resources, no scripts.
    assert not re.search(r'(src|href)="(http|file|/)', page) and "<script" not in page
    # Footer: scenario, seed, version.
    footer = page[page.index("<footer>"):]
    assert "python-small" in footer and f"seed {SEED}" in footer and fundsim.__version__ in footer
    assert fundsim.load_scenario(SMALL).sha256 in footer


def test_report_includes_path_comparison(report_dir, tmp_path):
    c = fundsim.evaluate_paths(SMALL, {"+20": "individual=increment:20", "+60": "individual=increment:60"},
                               draws=DRAWS, seed=SEED)
    c.table.to_csv(tmp_path / "paths.csv", index=False)
    out = fundsim.report.build_report(report_dir, tmp_path / "with-paths.html", paths=tmp_path)
    page = out.read_text(encoding="utf-8")
    assert "6. Contribution paths compared" in page, re.findall("<h2>[^<]*", page)
    assert "+60" in page


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
    import matplotlib.pyplot as plt

    img = plt.imread(png)[:, :, :3]
    assert img.shape[:2] == (2400, 1200)
    # Not blank: the page is mostly white, but charts and text give many colours and real variance.
    colours = len(np.unique((img * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    non_white = float(np.mean(img.min(axis=2) < 0.95))
    print(f"screenshot: std {img.std():.3f}, {colours} colours, {100 * non_white:.1f}% non-white pixels")
    assert img.std() > 0.05 and colours > 200 and 0.05 < non_white < 0.9
    shutil.copy(png, report_dir / "report-screenshot.png")  # kept beside the report for a look
