"""The Henan example (issue 16): scenarios/henan/<city>/ are what scenarios/henan/make_pools.py
writes from the repository's data (byte for byte), every pool validates, each population table adds
up to its census total, and one pool runs."""
import csv
import filecmp
import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

HENAN = REPO / "scenarios" / "henan"


def pools():
    return sorted(p for p in HENAN.iterdir() if (p / "pool.yaml").is_file())


def test_committed_pools_are_what_the_script_writes(tmp_path):
    subprocess.run([sys.executable, str(HENAN / "make_pools.py"), "--check", str(tmp_path)], check=True,
                   capture_output=True)
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert written == [p.name for p in pools()]
    provinces = sorted(p.name for p in tmp_path.glob("province*.yaml"))
    assert provinces == sorted(p.name for p in HENAN.glob("province*.yaml")) and len(provinces) == 4
    for name in provinces:  # the three adjustment-fund designs and the migration variant
        assert (tmp_path / name).read_bytes() == (HENAN / name).read_bytes(), name
    assert len(written) == 18  # every prefecture-level division, Jiyuan included
    for name in written:
        cmp = filecmp.dircmp(tmp_path / name, HENAN / name)
        assert not cmp.left_only and not cmp.right_only, name
        _, mismatch, errors = filecmp.cmpfiles(tmp_path / name, HENAN / name, cmp.common_files, shallow=False)
        assert not mismatch and not errors, (name, mismatch, errors)


def test_population_tables_add_up_to_the_census():
    census = {r["city_en"].lower(): r for r in csv.DictReader(
        open(REPO / "calibration" / "data" / "regional" / "henan_cities_census_2020.csv", encoding="utf-8"))}
    total = 0.0
    for p in pools():
        rows = [r for r in csv.reader(l for l in open(p / "population.csv", encoding="utf-8") if not l.startswith("#"))][1:]
        persons = sum(float(r[2]) + float(r[3]) for r in rows)
        total += persons
        if census[p.name]["population"]:
            assert abs(persons - float(census[p.name]["population"])) < 5, p.name  # 0.1-person rounding x 42
        male = census[p.name]["male"]
        if male and not male.endswith("%"):
            assert abs(sum(float(r[2]) for r in rows) - float(male)) < 3, p.name
    assert abs(total - 99365519) < 60  # the province's census total (henan_province.csv)


def test_every_pool_validates_and_one_runs(exe, tmp_path):
    for p in pools():
        r = subprocess.run([str(exe), "validate", str(p)], capture_output=True, text=True)
        assert r.returncode == 0, (p.name, r.stderr)
        assert "calibration is inherited" in r.stderr  # said, not silent
    out = tmp_path / "luohe"
    subprocess.run([str(exe), "run", str(HENAN / "luohe"), "--draws", "20", "--quiet", "--threads", "2",
                    "--out", str(out)], check=True)
    m = json.loads((out / "manifest.json").read_text())
    assert m["pool"]["name"] == "luohe" and m["pool"]["parent"] == "henan"
    given = {g["what"] for g in m["pool"]["given"]}
    assert any("population" in g for g in given) and any("benefit rules" in g for g in given)
