"""Paths, the solver and the sensitivity analysis from Python: the bindings of the C++ library of
`fundsim paths` / `fundsim solve` / `fundsim sensitivity`, checked against the command line."""
import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import fundsim
from conftest import DRAWS, SEED, SMALL


@pytest.fixture(scope="module")
def comparison():
    return fundsim.evaluate_paths(SMALL, {"+20": "individual=increment:20", "+40": "individual=increment:40"},
                                  draws=DRAWS, seed=SEED)


def last_legislated_year() -> int:
    d = fundsim.load_scenario(SMALL).to_dict()
    return max(int(y) for y in d["financing"]["individual_contribution_yuan"]["values"])


def test_one_function_each_for_paths_and_solving():
    # issue 21: the Python re-implementations are gone; the bindings remain.
    for gone in ("compare_paths", "solve_increment", "increment_path", "growth_path", "PathComparison"):
        assert not hasattr(fundsim, gone), gone
    assert fundsim.evaluate_paths.__module__ == "fundsim.paths" and fundsim.solve.__module__ == "fundsim.paths"


def test_each_path_is_the_plain_run_with_its_overrides(comparison):
    # The paths change the financing only, so they share each draw's claims (docs/paths.md): the
    # same figures as the plain run up to the order of summation, within 1e-12 of each metric's scale.
    plain = fundsim.load_scenario(SMALL, sets=fundsim.path_rule_to_sets("individual=increment:20")).run(
        draws=DRAWS, seed=SEED)
    a, b = comparison.results["+20"].array, plain.array
    assert a.shape == b.shape
    scale = np.abs(b).max(axis=(0, 1), keepdims=True)
    assert (np.abs(a - b) <= 1e-12 * scale).all()


def test_contribution_difference_is_the_increment_gap(comparison):
    # The standard itself: +40 - +20 = 20 yuan x years after the last legislated year, in every draw.
    last = last_legislated_year()
    d = comparison.diff[comparison.diff["quantity"] == "individual_contribution"]
    expected = 20.0 * np.maximum(d["year"].to_numpy() - last, 0)
    np.testing.assert_allclose(d["mean"], expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(d["se"], 0, atol=1e-9)
    t = comparison.table
    assert set(t["path"]) == {"+20", "+40"}
    assert {"fiscal_cost", "p_depleted", "months_payable_p50", "contribution_burden_rural"} <= set(t.columns)


def test_native_paths_equal_the_paths_command(exe, tmp_path):
    rules = {"low": "individual=increment:20", "high": "individual=increment:40,subsidy=growth:0.04"}
    subprocess.run([str(exe), "paths", str(SMALL), *[a for k, v in rules.items() for a in ("--path", f"{k}={v}")],
                    "--draws", "20", "--seed", str(SEED), "--out", str(tmp_path / "p")], check=True,
                   capture_output=True)
    n = fundsim.evaluate_paths(SMALL, rules, draws=20, seed=SEED)
    cli = pd.read_csv(tmp_path / "p" / "paths.csv", dtype={"path": str})
    pd.testing.assert_frame_equal(n.table, cli, check_exact=False, rtol=1e-15)
    diff = pd.read_csv(tmp_path / "p" / "paths_diff.csv", dtype={"path": str, "reference": str})
    pd.testing.assert_frame_equal(n.diff, diff, check_exact=False, rtol=1e-15)
    assert fundsim.path_rule_to_sets("individual=increment:30") == [
        "financing.individual_contribution_yuan={after: {rule: increment, per_year: 30}}"]
    with pytest.raises(fundsim.InputError):
        fundsim.evaluate_paths(SMALL, {"bad": "individual=sideways:3"}, draws=2)


# Thorough tier: a bisection of about ten runs; notebooks/03 calls fundsim.solve in the fast tier.
@pytest.mark.thorough
def test_native_solver_meets_target_and_next_lower_fails():
    sol = fundsim.solve(SMALL, "individual-increment", by=2040, max_p_depleted=0.3, draws=20, seed=SEED)
    assert sol["feasible"] and sol["achieved"]["p_depleted_by"] <= 0.3
    assert sol["next_lower"]["p_depleted_by"] > 0.3
    assert sol["next_lower"]["value"] == pytest.approx(sol["value"] - sol["grid"]["step"])
    assert "individual_contribution_yuan" in sol["scenario_solved_yaml"]
    f = sol["frontier"]
    assert sol["value"] in set(f["value"]) and f["value"].is_monotonic_increasing
    assert "monte_carlo" in sol and sol["monte_carlo"]["se_p_depleted_by_chosen"] >= 0


# Thorough tier: two solves; notebooks/03 calls fundsim.solve with a burden constraint in the fast tier.
@pytest.mark.thorough
def test_solver_equals_the_command_and_reports_infeasible(exe, tmp_path):
    args = dict(family="individual-increment", by=2040, max_p_depleted=0.3, draws=20, seed=SEED,
                range="0:160", step=20)
    sol = fundsim.solve(SMALL, **args, max_burden=0.001)
    assert not sol["feasible"] and sol["binding"] == "max-burden"
    p = subprocess.run([str(exe), "solve", str(SMALL), "--family", "individual-increment", "--by", "2040",
                        "--max-p-depleted", "0.3", "--draws", "20", "--seed", str(SEED), "--range", "0:160",
                        "--step", "20", "--max-burden", "0.001", "--quiet", "--out", str(tmp_path / "s")],
                       capture_output=True, text=True)
    assert p.returncode == 3, p.stdout + p.stderr
    cli = json.loads((tmp_path / "s" / "solution.json").read_text())
    assert cli["closest"] == sol["closest"] and cli["checks"] == sol["checks"]


# Thorough tier: ten runs; notebooks/04 calls fundsim.sensitivity in the fast tier.
@pytest.mark.thorough
def test_sensitivity_equals_the_command(exe, tmp_path):
    params = ["fund.interest.mean_rate=0.005:0.025", "fund.warning.target_months=7:12"]
    s = fundsim.sensitivity(SMALL, params=params, sampled=False, draws=10, seed=SEED)
    subprocess.run([str(exe), "sensitivity", str(SMALL), "--no-sampled", *[a for x in params for a in ("--param", x)],
                    "--draws", "10", "--seed", str(SEED), "--quiet", "--out", str(tmp_path / "t")], check=True)
    cli = pd.read_csv(tmp_path / "t" / "tornado.csv")
    pd.testing.assert_frame_equal(s.tornado, cli, check_exact=False, rtol=1e-15)
    assert list(s.tornado.columns) == ["parameter", "low", "high", "output", "base", "at_low", "at_high", "swing"]
    unread = s.tornado[s.tornado["parameter"] == "fund.warning.target_months"]
    assert (unread["swing"] == 0).all()
    assert s.financing_rule.startswith("individual:")
