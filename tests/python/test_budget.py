"""fundsim.budget() and fundsim.monitor(): the DataFrames equal the files of the command line, the
months add up to the year, and bad actuals raise InputError with file:line:column."""
import subprocess

import numpy as np
import pandas as pd
import pytest

import fundsim
from conftest import DRAWS, SEED, SMALL

YEAR = 2025


@pytest.fixture(scope="module")
def budget():
    return fundsim.budget(SMALL, YEAR, draws=DRAWS, seed=SEED, threads=2)


def test_budget_equals_the_budget_command(exe, tmp_path, budget):
    out = tmp_path / "b"
    subprocess.run([str(exe), "budget", str(SMALL), "--year", str(YEAR), "--draws", str(DRAWS), "--seed", str(SEED),
                    "--out", str(out), "--quiet"], check=True)
    cli = pd.read_csv(out / "budget.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(budget.table, cli, check_dtype=False)
    cli_m = pd.read_csv(out / "monthly.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(budget.monthly, cli_m, check_dtype=False)


def test_monthly_means_add_up_to_the_annual_means(budget):
    flows = [i for i in budget.table["item"] if i.startswith(("revenue_", "spending_"))]
    m = budget.monthly_wide("mean")
    for item in flows:
        assert m[item].sum() == pytest.approx(budget.item(item)["mean"], rel=1e-12), item
    # December's month-end balance is the year-end balance.
    assert m.loc[12, "balance_cumulative"] == pytest.approx(budget.item("balance_cumulative")["mean"], rel=1e-12)
    assert budget.unit == "亿元"
    for col in ["p05", "p10", "p50", "p90", "p95"]:
        row = budget.item("spending_total")
        assert row["p05"] <= row[col] <= row["p95"]


def test_monitor_with_six_months_three_percent_above(budget):
    mean = budget.monthly_wide("mean")
    actuals = pd.DataFrame([(m, "spending_total", 1.03 * mean.loc[m, "spending_total"]) for m in range(1, 7)],
                           columns=["month", "item", "value"])
    mon = fundsim.monitor(SMALL, YEAR, actuals, draws=DRAWS, seed=SEED, threads=2)
    sp = mon.year_end.set_index("item").loc["spending_total"]
    assert sp["budget_mean"] < sp["mean"] < 1.03 * sp["budget_mean"]
    assert "year end (6 months of spending" in mon.warning
    seen = mon.by_month[(mon.by_month["item"] == "spending_total") & (mon.by_month["month"] <= 6)]
    assert (seen["status"] == "actual").all()
    np.testing.assert_allclose(seen["actual"], actuals["value"], rtol=1e-12)
    assert mon.warning_table["band"].iloc[0] in {"exhausted", "red", "amber", "target", "comfortable", "excessive"}


def test_bad_actuals_raise_input_error(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("month,item,value\n13,spending_total,1\n")
    with pytest.raises(fundsim.InputError, match=r"a\.csv:2:1: expected a month 1-12, found '13'"):
        fundsim.monitor(SMALL, YEAR, f, draws=4)
