"""Shared fixtures of the Python tests: the built package (PYTHONPATH=<build>/python, set by
scripts/tests.d/20-python.sh), the fundsim executable, a small scenario and one results directory
written by the command line."""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("FUNDSIM_BUILD_DIR", REPO / "build"))
if not BUILD.is_absolute():
    BUILD = REPO / BUILD
SMALL = Path(__file__).resolve().parent / "data" / "small.yaml"
DRAWS = 40
SEED = 777


@pytest.fixture(scope="session")
def exe() -> Path:
    p = BUILD / "fundsim"
    assert p.is_file(), f"{p}: build fundsim first (scripts/build.sh)"
    return p


@pytest.fixture(scope="session")
def small() -> Path:
    return SMALL


@pytest.fixture(scope="session")
def cli_run(exe, tmp_path_factory) -> Path:
    """`fundsim run small.yaml --draws 40 --seed 777 --keep-draws` into a temporary directory."""
    out = tmp_path_factory.mktemp("cli") / "small"
    subprocess.run([str(exe), "run", str(SMALL), "--draws", str(DRAWS), "--seed", str(SEED), "--out", str(out),
                    "--keep-draws", "--quiet", "--threads", "2"], check=True)
    return out
