"""The notebooks run headless (nbclient) with few draws (FUNDSIM_NOTEBOOK_DRAWS) and no errors."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import fundsim

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_there_are_five_notebooks():
    assert len(NAMES) == 5, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, tmp_path, monkeypatch):
    monkeypatch.setenv("FUNDSIM_NOTEBOOK_DRAWS", os.environ.get("FUNDSIM_NOTEBOOK_DRAWS", "40"))
    monkeypatch.setenv("FUNDSIM_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # The kernel runs in notebooks/: give it this package by absolute path.
    pkg_parent = str(Path(fundsim.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [pkg_parent, os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any(o.get("output_type") in ("display_data", "execute_result") for o in outputs)
