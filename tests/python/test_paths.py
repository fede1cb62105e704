"""Paths on common random numbers and the increment solver (Python helpers over the engine)."""
import numpy as np
import pytest

import fundsim
from fundsim.paths import p_depleted_by
from conftest import DRAWS, SEED, SMALL


@pytest.fixture(scope="module")
def comparison():
    return fundsim.compare_paths(SMALL, {"+20": fundsim.increment_path(20), "+40": fundsim.increment_path(40)},
                                 draws=DRAWS, seed=SEED)


def last_legislated_year() -> int:
    d = fundsim.load_scenario(SMALL).to_dict()
    return max(int(y) for y in d["financing"]["individual_contribution_yuan"]["values"])


def test_first_path_is_the_plain_run_with_its_overrides(comparison):
    plain = fundsim.load_scenario(SMALL, sets=fundsim.increment_path(20)).run(draws=DRAWS, seed=SEED)
    np.testing.assert_array_equal(comparison.results["+20"].array, plain.array)


def test_contribution_difference_is_the_increment_gap(comparison):
    # The standard itself: +40 - +20 = 20 yuan x years after the last legislated year, in every draw.
    last = last_legislated_year()
    diff = comparison.difference("individual_contribution")
    expected = 20.0 * np.maximum(diff["year"].to_numpy() - last, 0)
    np.testing.assert_allclose(diff["mean"], expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(diff["sd"], 0, atol=1e-9)
    t = comparison.table
    assert set(t["path"]) == {"+20", "+40"}
    assert {"fiscal_cost", "p_depleted", "months_payable_p50", "contribution_burden_rural"} <= set(t.columns)


def test_solver_meets_target_and_next_lower_fails():
    s = fundsim.load_scenario(SMALL)
    by = 2040
    p_lo = p_depleted_by(s.override(fundsim.increment_path(0)).run(draws=DRAWS, seed=SEED), by)
    p_hi = p_depleted_by(s.override(fundsim.increment_path(160)).run(draws=DRAWS, seed=SEED), by)
    print(f"P(depleted by {by}): {p_lo:.3f} at +0/yr, {p_hi:.3f} at +160/yr")
    if p_lo <= p_hi:
        pytest.fail(f"the scenario gives no room to solve: P(depleted by {by}) is {p_lo} at +0 and {p_hi} at +160")
    target = (p_lo + p_hi) / 2
    sol = fundsim.solve_increment(s, by=by, max_p_depleted=target, lo=0, hi=160, step=20, draws=DRAWS, seed=SEED)
    print(f"solved: +{sol.value} yuan/yr gives {sol.p_depleted:.3f} <= {target:.3f}; "
          f"+{sol.lower_value} gives {sol.lower_p_depleted:.3f}")
    assert sol.p_depleted <= target
    assert sol.lower_value == sol.value - 20 and sol.lower_p_depleted > target
    with pytest.raises(ValueError, match="no increment"):
        fundsim.solve_increment(s, by=by, max_p_depleted=-1, lo=0, hi=20, step=20, draws=DRAWS, seed=SEED)


# ---- the C++ library of `fundsim paths` / `fundsim solve`, bound directly
def test_native_paths_equal_the_paths_command(exe, tmp_path):
    import subprocess

    import pandas as pd

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


def test_native_solver_meets_target_and_next_lower_fails():
    sol = fundsim.solve(SMALL, "individual-increment", by=2040, max_p_depleted=0.3, draws=20, seed=SEED)
    assert sol["feasible"] and sol["achieved"]["p_depleted_by"] <= 0.3
    assert sol["next_lower"]["p_depleted_by"] > 0.3
    assert sol["next_lower"]["value"] == pytest.approx(sol["value"] - sol["grid"]["step"])
    assert "individual_contribution_yuan" in sol["scenario_solved_yaml"]
