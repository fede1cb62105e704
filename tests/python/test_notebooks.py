"""The notebooks run headless (nbclient) with few draws (FUNDSIM_NOTEBOOK_DRAWS) and no errors, and
every chart comes out as a picture.

The kernel runs with matplotlib's default notebook backend (inline): MPLBACKEND is removed from its
environment, so a library that switched the backend on import (the cause of blank charts, issue 21)
would leave plotting cells without an image/png output, and the test would fail.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import fundsim

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
PLOTTING = re.compile(r"\bplt\.(subplots|figure|show)\(")


def test_there_are_five_notebooks():
    assert len(NAMES) == 5, NAMES


_executed: dict = {}


def executed(name: str, tmp_path_factory) -> nbformat.NotebookNode:
    """The notebook executed once per test session (several tests read its outputs)."""
    if name not in _executed:
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # the kernel's own default (inline), as a user's Jupyter has
        env["FUNDSIM_NOTEBOOK_DRAWS"] = os.environ.get("FUNDSIM_NOTEBOOK_DRAWS", "40")
        env["FUNDSIM_NOTEBOOK_OUT"] = str(tmp_path_factory.mktemp("nb"))
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        # The kernel runs in notebooks/: give it this package by absolute path.
        pkg_parent = str(Path(fundsim.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pkg_parent, os.environ.get("PYTHONPATH")]))
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOKS)}})
        client.execute(env=env)  # the kernel's environment (jupyter_client KernelManager.start_kernel)
        _executed[name] = nb
    return _executed[name]


def outputs(cell) -> list:
    return cell.get("outputs", []) if cell.cell_type == "code" else []


def text_of(cell) -> str:
    parts = []
    for o in outputs(cell):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        for mime in ("text/plain", "text/html"):
            parts.append(str(o.get("data", {}).get(mime, "")))
    return "\n".join(parts)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_every_chart_is_an_image(name, tmp_path_factory):
    nb = executed(name, tmp_path_factory)
    errors = [o for c in nb.cells for o in outputs(c) if o.get("output_type") == "error"]
    assert not errors, errors[0].get("evalue") if errors else ""
    plotting = [c for c in nb.cells if c.cell_type == "code" and PLOTTING.search(c.source)]
    assert plotting, f"{name}: no plotting cell found"
    blank = [c.get("id", "?") for c in plotting
             if not any("image/png" in o.get("data", {}) for o in outputs(c))]
    assert not blank, f"{name}: plotting cells without an image/png output: {blank}"


@pytest.mark.parametrize("name", NAMES)
def test_no_table_prints_nan_percentages(name, tmp_path_factory):
    nb = executed(name, tmp_path_factory)
    bad = [c.get("id", "?") for c in nb.cells if re.search(r"\bnan%", text_of(c))]
    assert not bad, f"{name}: cells printing nan%: {bad}"


def test_budget_notebook_gives_intervals(tmp_path_factory):
    name = next(n for n in NAMES if "budget" in n)
    nb = executed(name, tmp_path_factory)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "ITEMS = [" in c.source)
    html = "\n".join(str(o.get("data", {}).get("text/html", "")) for o in outputs(cell))
    for stat in ("mean", "p05", "p95"):
        assert f">{stat}<" in html, f"the by-category budget table has no {stat} column"


def test_driver_share_table_has_one_row_per_year(tmp_path_factory):
    name = next(n for n in NAMES if "research" in n)
    nb = executed(name, tmp_path_factory)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "driver_shares" in c.source)
    html = "\n".join(str(o.get("data", {}).get("text/html", "")) for o in outputs(cell))
    rows = re.findall(r"<th[^>]*>\s*(\d{4})\s*</th>", html)
    assert rows and set(rows) <= {"2030", "2040", "2050", "2060"} and len(rows) == len(set(rows)), rows


def test_importing_the_report_keeps_the_backend_and_style():
    """Importing fundsim.report (every notebook does) changes neither the backend nor any rcParam."""
    code = ("import matplotlib\nmatplotlib.use('svg')\nbefore = dict(matplotlib.rcParams)\n"
            "import fundsim.report, fundsim.figures, fundsim.workbook\nafter = dict(matplotlib.rcParams)\n"
            "changed = sorted(k for k in before if before[k] != after[k])\n"
            "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend()\n"
            "assert not changed, changed\nprint('ok')")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr
