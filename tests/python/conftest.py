"""Shared fixtures of the Python tests: the built package (PYTHONPATH=<build>/python, set by
scripts/tests.d/20-python.sh), the fundsim executable, a small scenario and one results directory
written by the command line.

Tiers: a test marked `thorough` (a long check whose code path a fast test or notebook also runs) is
left out of the test command (FUNDSIM_PYTHON_TIER=fast, the default) and run by
scripts/test-thorough.sh (FUNDSIM_PYTHON_TIER=thorough: only those; =all: every test)."""
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
TIER = os.environ.get("FUNDSIM_PYTHON_TIER", "fast")


def pytest_configure(config):
    config.addinivalue_line("markers", "thorough: long check run by scripts/test-thorough.sh, not the test command")
    if TIER not in ("fast", "thorough", "all"):
        raise pytest.UsageError(f"FUNDSIM_PYTHON_TIER={TIER}: expected fast, thorough or all")


def pytest_collection_modifyitems(config, items):
    if TIER == "all":
        return
    keep, drop = [], []
    for item in items:
        (keep if (item.get_closest_marker("thorough") is not None) == (TIER == "thorough") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


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
