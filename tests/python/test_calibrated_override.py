"""Issue 21, item 4: a calibrated key (financing.subsidy_top_up_share) set in a parent scenario
replaces the calibrated value. The command line warns about it; Python must say the same thing:
the scenario loader (C++) writes the one text, `fundsim run` prints it and records it in
manifest.json, and Python issues it with warnings.warn (fundsim.ScenarioWarning)."""
import json
import subprocess
import warnings

import pytest

import fundsim
from conftest import REPO

KEY = "financing.subsidy_top_up_share"


@pytest.fixture()
def child(tmp_path):
    """parent.yaml sets the calibrated key (line 4); child.yaml only extends it."""
    (tmp_path / "parent.yaml").write_text(
        f"extends: {REPO / 'scenarios' / 'national-baseline.yaml'}\n"
        "name: parent\n"
        "financing:\n"
        "  subsidy_top_up_share: 0.2\n")
    (tmp_path / "child.yaml").write_text("extends: parent.yaml\nname: child\nrun: {engine: trend, end_year: 2030}\n")
    return tmp_path / "child.yaml"


def cli_warnings(output: str) -> list[str]:
    return [line[len("warning: "):] for line in output.splitlines() if line.startswith("warning: calibrated")]


def test_python_warns_with_the_command_lines_text(exe, child, tmp_path):
    with pytest.warns(fundsim.ScenarioWarning) as caught:
        scen = fundsim.load_scenario(child)
    py = [str(w.message) for w in caught if issubclass(w.category, fundsim.ScenarioWarning)]
    assert len(py) == 1
    assert py[0].startswith(f"calibrated parameter {KEY} is set by {tmp_path / 'parent.yaml'}:4; ")
    # The command line: the same text from `validate` and `run`, and in the manifest.
    v = subprocess.run([str(exe), "validate", str(child)], capture_output=True, text=True, check=True)
    assert cli_warnings(v.stderr) == py
    out = tmp_path / "out"
    r = subprocess.run([str(exe), "run", str(child), "--draws", "2", "--out", str(out)], capture_output=True,
                       text=True, check=True)
    assert cli_warnings(r.stderr) == py
    assert py[0] in json.loads((out / "manifest.json").read_text())["warnings"]
    # A results directory saved from Python records it too.
    saved = scen.run(draws=2).save(tmp_path / "py")
    assert py[0] in json.loads((saved / "manifest.json").read_text())["warnings"]


def test_no_warning_without_an_override(small):
    with warnings.catch_warnings():
        warnings.simplefilter("error", fundsim.ScenarioWarning)
        fundsim.load_scenario(small)


def test_override_from_python_is_warned_too(small):
    with pytest.warns(fundsim.ScenarioWarning, match=f"calibrated parameter {KEY} is set by --set; "):
        fundsim.load_scenario(small, sets={KEY: 0.15})
