"""Next year's budget and in-year monitoring: `fundsim budget` and `fundsim monitor` in memory.

    import fundsim
    b = fundsim.budget("scenarios/national-baseline.yaml", 2025, draws=200)
    b.table      # budget.csv: revenue by source, spending by category, balances, months payable
    b.monthly    # monthly.csv: flows and balances by month with bands
    m = fundsim.monitor("scenarios/national-baseline.yaml", 2025, "actuals.csv", draws=200)
    m.by_month   # monitor.csv: actuals beside the budget's band, forecast to year end, flags
    m.year_end   # monitor_year_end.csv: re-forecast year end against the budget
    m.warning    # the warning line (the bands of docs/DESIGN.md §2) for the year end

The numbers are those of the command line (the same C++ library writes both); the DataFrames have the
columns of the files (README.md, "Budget and monitoring files").
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from typing import Union

import pandas as pd

from .core import Scenario, _normalise_sets


def _file_and_sets(scenario, sets) -> tuple[str, list[str]]:
    extra = _normalise_sets(sets)
    if isinstance(scenario, Scenario):
        if not isinstance(scenario._source, str):
            raise TypeError("budget: the scenario must come from a file (save a dict scenario to YAML first)")
        return scenario._source, scenario.sets + extra
    return os.fspath(scenario), extra


def _frame(text: str, **kw) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], **kw)


@dataclass
class BudgetTables:
    """`fundsim budget`: the budget table (budget.csv) and the monthly cash flow (monthly.csv)."""

    table: pd.DataFrame = field(repr=False)
    monthly: pd.DataFrame = field(repr=False)
    unit: str
    history_source: str
    draws: int
    opening_source: str = ""

    def item(self, name: str) -> pd.Series:
        """One row of the budget table."""
        return self.table.set_index("item").loc[name]

    def monthly_wide(self, stat: str = "mean") -> pd.DataFrame:
        """months x items of one statistic (mean, p50, p10, p90, p05, p95)."""
        return self.monthly.pivot(index="month", columns="item", values=stat)


@dataclass
class MonitorTables:
    """`fundsim monitor`: by month (monitor.csv), the year end (monitor_year_end.csv), the warning."""

    by_month: pd.DataFrame = field(repr=False)
    year_end: pd.DataFrame = field(repr=False)
    warning_table: pd.DataFrame = field(repr=False)
    warning: str
    budget: BudgetTables = field(repr=False)
    actuals_unit: str
    opening_source: str

    def flagged(self) -> pd.DataFrame:
        """The months whose actual lies outside the budget's 90% band."""
        return self.by_month[self.by_month["flag"].fillna("") != ""]


def budget(scenario: Union[str, os.PathLike, Scenario], year: int, draws: int | None = None, seed=None,
           threads: int = 0, sets=None, history: str | None = None) -> BudgetTables:
    """Next year's budget for `year` (`fundsim budget SCENARIO --year YEAR`). `history`: a CSV of the
    fund's annual actuals (default: the scenario's budget.history_file; "none" = no comparison)."""
    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    out = _fundsim.budget(file, int(year), extra, None if draws is None else int(draws),
                          None if seed is None else int(seed), int(threads), history or "")
    return BudgetTables(_frame(out["budget_csv"], dtype={"item": str, "label": str, "source": str}),
                        _frame(out["monthly_csv"], dtype={"item": str}), out["unit"], out["history_source"],
                        int(out["draws"]), out["opening_source"])


def monitor(scenario: Union[str, os.PathLike, Scenario], year: int,
            actuals: Union[str, os.PathLike, pd.DataFrame], unit: str | None = None,
            opening_balance: float | None = None, draws: int | None = None, seed=None, threads: int = 0,
            sets=None, history: str | None = None) -> MonitorTables:
    """In-year monitoring (`fundsim monitor SCENARIO --year YEAR --actuals FILE`). `actuals`: a CSV file
    or a DataFrame with columns month, item, value (values in `unit`: "yuan", "wan" (万元), "yi"
    (亿元); default the budget's unit). `opening_balance`: last year's closing balance in `unit`
    (default: the history's, else the model's)."""
    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    if isinstance(actuals, pd.DataFrame):
        text, name = actuals[["month", "item", "value"]].to_csv(index=False), "<DataFrame>"
    else:
        name = os.fspath(actuals)
        with open(name, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
    out = _fundsim.monitor(file, int(year), text, name, unit or "", opening_balance, extra,
                           None if draws is None else int(draws), None if seed is None else int(seed),
                           int(threads), history or "")
    b = BudgetTables(_frame(out["budget_csv"], dtype={"item": str, "label": str, "source": str}),
                     _frame(out["monthly_csv"], dtype={"item": str}), out["unit"], out["history_source"], 0,
                     out["opening_source"])
    return MonitorTables(_frame(out["monitor_csv"], dtype={"item": str, "status": str, "flag": str}),
                         _frame(out["year_end_csv"], dtype={"item": str}),
                         _frame(out["warning_csv"], dtype={"band": str, "line": str}), out["warning"], b,
                         out["actuals_unit"], out["opening_source"])
