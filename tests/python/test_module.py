"""The Python module runs the engine of the command line: same numbers, same errors."""
import json

import numpy as np
import pandas as pd
import pytest

import fundsim
from conftest import DRAWS, SEED, SMALL


@pytest.fixture(scope="module")
def res():
    return fundsim.run(SMALL, draws=DRAWS, seed=SEED)


def test_version_matches_manifest(cli_run):
    man = json.loads((cli_run / "manifest.json").read_text())
    assert fundsim.__version__ == man["fundsim_version"]


def test_tables_equal_cli_csv_files(res, cli_run):
    # Same C++ summaries: the CSV text is identical byte for byte, and the DataFrames hold the same doubles.
    assert res.outcome.summary_csv() == (cli_run / "summary.csv").read_text()
    assert res.outcome.risk_csv() == (cli_run / "risk.csv").read_text()
    assert res.outcome.depletion_csv() == (cli_run / "depletion.csv").read_text()
    assert res.outcome.warning_csv() == (cli_run / "warning.csv").read_text()
    d = fundsim.read_results(cli_run)
    pd.testing.assert_frame_equal(res.summary(), d.summary(), check_exact=True, check_dtype=False)
    pd.testing.assert_frame_equal(res.risk(), d.risk(), check_exact=True, check_dtype=False)
    pd.testing.assert_frame_equal(res.warning(), d.warning(), check_exact=True, check_dtype=False)
    assert list(res.depletion()["year"]) == list(d.depletion()["year"])
    np.testing.assert_array_equal(res.depletion()["probability"], d.depletion()["probability"])


def test_draws_array_equals_draws_csv(res, cli_run):
    a = res.array
    assert a.shape == (DRAWS, len(res.years), len(res.metrics))
    assert np.isfinite(a).all()
    csv = pd.read_csv(cli_run / "draws.csv", float_precision="round_trip")
    assert list(csv.columns) == ["draw", "year"] + res.metrics
    np.testing.assert_array_equal(csv[res.metrics].to_numpy(), a.reshape(-1, a.shape[2]))
    pd.testing.assert_frame_equal(res.draws_frame(), csv, check_dtype=False)
    # metric() is a view of one metric, draws x years.
    k = res.metrics.index("balance_cumulative")
    np.testing.assert_array_equal(res.metric("balance_cumulative"), a[:, :, k])
    with pytest.raises(KeyError, match="not_a_metric"):
        res.metric("not_a_metric")


def test_save_writes_the_run_directory(res, cli_run, tmp_path):
    out = res.save(tmp_path / "py", keep_draws=True)
    for name in ("summary.csv", "risk.csv", "depletion.csv", "warning.csv", "draws.csv", "scenario.resolved.yaml"):
        assert (out / name).read_text() == (cli_run / name).read_text(), name
    man = json.loads((out / "manifest.json").read_text())
    assert man["seed"] == SEED and man["draws"] == DRAWS
    with pytest.raises(fundsim.InputError, match="exists"):
        res.save(tmp_path / "py")  # no silent overwrite


def test_dict_scenario_equals_file_scenario():
    s = fundsim.load_scenario(SMALL)
    d = fundsim.load_scenario(s.to_dict())  # every resolved parameter, as a dict
    # (The resolved YAML is not byte-identical: the loader merges dated schedules with the defaults'
    # entries, e.g. {1900: 0.02} over a default {2023: 0.02}; the values and the results are the same.)
    assert (d.name, d.engine, d.jump_off_year, d.end_year) == (s.name, s.engine, s.jump_off_year, s.end_year)
    np.testing.assert_array_equal(d.run(draws=8, seed=SEED).array, s.run(draws=8, seed=SEED).array)
    # A dict may extend a file (relative to base_dir) and override a little.
    e = fundsim.load_scenario({"extends": str(SMALL), "name": "d", "run": {"end_year": 2030}})
    assert e.end_year == 2030 and e.jump_off_year == s.jump_off_year


def test_overrides_as_strings_or_dicts():
    a = fundsim.load_scenario(SMALL, sets=["fund.initial_balance_yuan=1.5e12"])
    b = fundsim.load_scenario(SMALL, sets={"fund.initial_balance_yuan": 1.5e12})
    c = fundsim.load_scenario(SMALL).override({"fund.initial_balance_yuan": 1.5e12})
    assert a.sha256 == b.sha256 == c.sha256 != fundsim.load_scenario(SMALL).sha256
    assert a.to_dict()["fund"]["initial_balance_yuan"] == 1.5e12


def test_larger_reserve_never_raises_depletion(res):
    # Common random numbers: the same draws with twice the opening reserve. Spending does not depend on
    # the reserve, so the cumulative balance is higher in every draw and year and P(depleted) is no higher.
    base = fundsim.load_scenario(SMALL)
    bal = base.to_dict()["fund"]["initial_balance_yuan"]
    rich = base.override({"fund.initial_balance_yuan": 2 * bal}).run(draws=DRAWS, seed=SEED)
    assert (rich.metric("balance_cumulative") > res.metric("balance_cumulative")).all()
    assert (rich.risk()["p_depleted"].to_numpy() <= res.risk()["p_depleted"].to_numpy()).all()


def test_input_errors_name_the_key():
    with pytest.raises(fundsim.InputError, match=r"fund\.bogus.*unknown key"):
        fundsim.load_scenario(SMALL, sets=["fund.bogus=1"])
    with pytest.raises(fundsim.InputError, match="run.draws"):
        fundsim.load_scenario({"extends": str(SMALL), "name": "x", "run": {"draws": -3}})
    with pytest.raises(fundsim.InputError, match="cannot open"):
        fundsim.load_scenario("/nonexistent/scenario.yaml")
    with pytest.raises(fundsim.InputError, match="at least 1 draw"):
        fundsim.run(SMALL, draws=0)
    with pytest.raises(ValueError):  # InputError is a ValueError for generic handlers
        fundsim.load_scenario(SMALL, sets=["nonsense"])


def test_threads_do_not_change_results():
    a = fundsim.run(SMALL, draws=12, seed=SEED, threads=1)
    b = fundsim.run(SMALL, draws=12, seed=SEED, threads=2)
    np.testing.assert_array_equal(a.array, b.array)


def test_metric_registry_labels_every_metric(res):
    # One registry in C++ (sim/engine/metrics.hpp): every metric a run produces has a unit, labels in
    # English and Chinese and a description.
    info = fundsim.metric_info().set_index("name")
    for m in res.metrics:
        row = info.loc[m]
        assert row["unit"] and row["label_en"] and row["label_zh"] and row["description"], m
    assert info.loc["balance_cumulative", "label_zh"] == "累计结余"


def test_tables_arrive_as_arrays_with_the_csv_columns(res):
    # The DataFrames are built from the writers' column arrays; their columns are the CSV header.
    assert list(res.risk().columns) == res.outcome.risk_csv().splitlines()[0].split(",")
    assert list(res.warning().columns) == res.outcome.warning_csv().splitlines()[0].split(",")
    assert res.risk()["year"].dtype == np.int64


def test_warning_defaults_come_from_cpp(cli_run, tmp_path):
    # A results directory without a resolved scenario falls back to the C++ defaults of fund.warning
    # (no copy of them in Python).
    from fundsim import _fundsim

    d = _fundsim.warning_defaults()
    assert set(d) == set(fundsim.load_scenario(SMALL).warning_thresholds)
    assert d["red_months"] < d["amber_months"] < d["target_months"] < d["excessive_months"]
    for name in ("manifest.json", "summary.csv", "risk.csv"):
        (tmp_path / name).write_text((cli_run / name).read_text())
    assert fundsim.read_results(tmp_path).warning_thresholds() == d


def test_headline_figures_are_computed_once_in_cpp(res, cli_run):
    # headline.json of the run directory equals the in-memory figures, and matches risk.csv.
    h = json.loads((cli_run / "headline.json").read_text())
    assert h == res.headline_figures()
    risk = res.risk().set_index("year")
    assert h["p_depleted_by"], "no milestone year inside the horizon"
    dep = res.depletion()
    for y, p in h["p_depleted_by"].items():
        # "exhausted by Y": first depletion in Y or before (depletion.csv), at least the in-year share
        assert p == float(dep[dep["year"].astype(str) == str(y)]["cumulative_probability"].iloc[0])
        assert p >= risk.loc[int(y), "p_depleted"]
        assert p == res.p_depleted_by(int(y))
    assert fundsim.read_results(cli_run).headline_figures() == h


def test_person_level_run_has_its_burden_table_and_saves_it(tmp_path):
    # The person-level engine (run.engine micro): burden.csv is one of the run's own files, in memory
    # and in the saved directory, the same numbers.
    r = fundsim.run(SMALL, draws=2, seed=SEED, sets=["run.engine=micro", "run.persons=2000"])
    b = r.burden()
    assert list(b.columns) == ["year", "group", "income_quintile", "measure", "mean", "p05", "p50", "p95"]
    assert set(b["group"]) == {"general", "assisted", "all"}
    assert set(b["income_quintile"]) == {"all", "1", "2", "3", "4", "5"}
    persons = b[(b["measure"] == "persons") & (b["group"] == "all") & (b["income_quintile"] == "all")]
    enrollees = r.summary().query("metric == 'enrollees'").set_index("year")["mean"]
    for _, row in persons.iterrows():  # the burden's persons are the enrollees
        assert row["mean"] == pytest.approx(enrollees[row["year"]], rel=1e-12)
    out = r.save(tmp_path / "micro")
    saved = fundsim.ResultsDir(out).burden()
    pd.testing.assert_frame_equal(saved, b)
    assert fundsim.run(SMALL, draws=2, seed=SEED).burden() is None  # the cell engine has none
