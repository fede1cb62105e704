"""Contribution paths compared on common random numbers, and a one-parameter solver.

Every random stream of the engine is keyed by (seed, draw, purpose), so running two paths with the
same seed and draws gives common random numbers: draw d sees the same mortality, cost trend and
interest in both, and per-draw differences isolate the effect of the path. These helpers drive the
engine once per path through `--set` overrides of the financing schedules' `after` rules. (The C++
`fundsim paths` / `fundsim solve` commands of issue 7 implement the same idea natively.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .core import Results, Scenario, load_scenario

_IND = "financing.individual_contribution_yuan.after"
_SUB = "financing.fiscal_subsidy_yuan.after"


def increment_path(individual_per_year: float, subsidy_per_year: float | None = None) -> list[str]:
    """Overrides for 'individual contribution + X yuan per year after the last legislated year'
    (and optionally the subsidy + Y yuan per year)."""
    sets = [f"{_IND}={{rule: increment, per_year: {float(individual_per_year)!r}}}"]
    if subsidy_per_year is not None:
        sets.append(f"{_SUB}={{rule: increment, per_year: {float(subsidy_per_year)!r}}}")
    return sets


def growth_path(individual_rate: float, subsidy_rate: float | None = None) -> list[str]:
    """Overrides for 'individual contribution grows by r per year after the last legislated year'."""
    sets = [f"{_IND}={{rule: growth, rate: {float(individual_rate)!r}}}"]
    if subsidy_rate is not None:
        sets.append(f"{_SUB}={{rule: growth, rate: {float(subsidy_rate)!r}}}")
    return sets


def p_depleted_by(result: Results, year: int) -> float:
    """P(cumulative balance below zero in any year up to and including `year`), from the draws."""
    bal = result.metric("balance_cumulative")
    k = np.searchsorted(result.years, year, side="right")
    if k == 0:
        raise ValueError(f"year {year} is before the first projected year {result.years[0]}")
    return float(np.mean((bal[:, :k] < 0).any(axis=1)))


@dataclass
class PathComparison:
    """Results of several paths on the same draws."""

    names: list[str]
    results: dict[str, Results]
    table: pd.DataFrame = field(repr=False)

    def difference(self, metric: str, against: str | None = None) -> pd.DataFrame:
        """Per-year distribution of (path - reference) of one metric, computed draw by draw on the
        common random numbers: mean, sd, p05, p50, p95 (reference: the first path)."""
        ref = self.results[against or self.names[0]]
        rows = []
        for name in self.names:
            if name == (against or self.names[0]):
                continue
            d = self.results[name].metric(metric) - ref.metric(metric)
            for j, y in enumerate(ref.years):
                col = d[:, j]
                rows.append({"path": name, "year": int(y), "mean": col.mean(),
                             "sd": col.std(ddof=1) if len(col) > 1 else 0.0,
                             "p05": np.quantile(col, 0.05), "p50": np.quantile(col, 0.5),
                             "p95": np.quantile(col, 0.95)})
        return pd.DataFrame(rows)


def compare_paths(scenario, paths: Mapping[str, Sequence[str]], draws=None, seed=None, threads=0) -> PathComparison:
    """Runs each path (name -> list of overrides) on the same seed and draws. The table has one row
    per path and year with the columns of paths.csv (issue 7): mean individual_contribution,
    fiscal_subsidy, enrollees, revenue_total, spending_total, contribution_burden_rural and
    fiscal_cost (= revenue_subsidy), and p_current_deficit, p_depleted, months_payable_p50."""
    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if not paths:
        raise ValueError("compare_paths: give at least one path")
    results: dict[str, Results] = {}
    frames = []
    for name, sets in paths.items():
        r = base.override(list(sets)).run(draws=draws, seed=seed, threads=threads)
        results[name] = r
        mean = r.summary_wide("mean")
        risk = r.risk().set_index("year")
        t = pd.DataFrame({"path": name, "year": mean.index})
        for col in ("individual_contribution", "fiscal_subsidy", "enrollees", "revenue_total",
                    "spending_total", "contribution_burden_rural"):
            t[col] = mean[col].to_numpy() if col in mean.columns else np.nan
        t["fiscal_cost"] = mean["revenue_subsidy"].to_numpy() if "revenue_subsidy" in mean.columns else np.nan
        for col in ("p_current_deficit", "p_depleted", "months_payable_p50"):
            t[col] = risk.loc[mean.index, col].to_numpy()
        frames.append(t)
    return PathComparison(list(paths.keys()), results, pd.concat(frames, ignore_index=True))


@dataclass
class Solution:
    value: float                 # lowest grid value meeting the target
    p_depleted: float            # achieved P(depleted by `by`)
    lower_value: float | None    # the next lower grid value (fails the target), None at the grid's start
    lower_p_depleted: float | None
    evaluations: pd.DataFrame    # every value tried and its P(depleted by `by`)


def solve_increment(scenario, by: int, max_p_depleted: float, lo: float = 0.0, hi: float = 200.0,
                    step: float = 5.0, draws=None, seed=None, threads=0) -> Solution:
    """Lowest individual increment (yuan/year, on the grid lo, lo+step, ..., hi) such that
    P(depleted in any year up to `by`) <= max_p_depleted, all on the same draws. Bisection on the
    grid (P is non-increasing in the increment on common random numbers). Raises ValueError if even
    `hi` fails."""
    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    grid = np.round(np.arange(lo, hi + step / 2, step), 10)
    tried: dict[float, float] = {}

    def p_at(i: int) -> float:
        v = float(grid[i])
        if v not in tried:
            tried[v] = p_depleted_by(base.override(increment_path(v)).run(draws=draws, seed=seed, threads=threads), by)
        return tried[v]

    if p_at(len(grid) - 1) > max_p_depleted:
        raise ValueError(f"no increment up to {hi} yuan/year keeps P(depleted by {by}) <= {max_p_depleted}"
                         f" (at {hi}: {tried[float(grid[-1])]:.3f})")
    lo_i, hi_i = -1, len(grid) - 1  # invariant: grid[hi_i] meets the target; grid[lo_i] fails (or -1)
    if p_at(0) <= max_p_depleted:
        hi_i = 0
    else:
        lo_i = 0
        while hi_i - lo_i > 1:
            mid = (lo_i + hi_i) // 2
            if p_at(mid) <= max_p_depleted:
                hi_i = mid
            else:
                lo_i = mid
    ev = pd.DataFrame(sorted(tried.items()), columns=["individual_increment_yuan", "p_depleted_by"])
    lower = float(grid[lo_i]) if lo_i >= 0 else None
    return Solution(float(grid[hi_i]), tried[float(grid[hi_i])], lower,
                    tried[lower] if lower is not None else None, ev)


# ---------------------------------------------------------------- the C++ library of `fundsim paths/solve`
def _file_and_sets(scenario, sets):
    """(scenario file, overrides) for the C++ path evaluation, which loads from a file."""
    from .core import _normalise_sets

    extra = _normalise_sets(sets)
    if isinstance(scenario, Scenario):
        if not isinstance(scenario._source, str):
            raise TypeError("paths: the scenario must come from a file (save a dict scenario to YAML first)")
        return scenario._source, scenario.sets + extra
    return str(scenario), extra


@dataclass
class NativePaths:
    """Output of `fundsim paths` computed in memory: paths.csv, paths_diff.csv and paths.json."""

    table: pd.DataFrame = field(repr=False)
    diff: pd.DataFrame = field(repr=False)
    info: dict


def evaluate_paths(scenario, paths: Mapping[str, str], draws: int = 0, seed=None, threads: int = 0,
                   sets=None) -> NativePaths:
    """Paths as RULE text (`fundsim paths --help`, e.g. {"low": "individual=increment:20",
    "high": "individual=increment:40,subsidy=growth:0.04"}), evaluated by the command line's library on
    common random numbers. `table` equals paths.csv, `diff` paths_diff.csv (path minus the first path,
    with its Monte Carlo standard error on common and on independent draws)."""
    import io
    import json

    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    out = _fundsim.evaluate_paths(file, [f"{k}={v}" for k, v in paths.items()], extra, int(draws or 0),
                                  None if seed is None else int(seed), int(threads))
    return NativePaths(pd.read_csv(io.StringIO(out["paths_csv"]), dtype={"path": str}),
                       pd.read_csv(io.StringIO(out["paths_diff_csv"]), dtype={"path": str, "reference": str}),
                       json.loads(out["paths_json"]))


def solve(scenario, family: str, by: int, max_p_depleted: float, max_p_months_below: str | None = None,
          draws: int = 0, seed=None, threads: int = 0, sets=None) -> dict:
    """`fundsim solve` in memory: the lowest member of `family` (see `path_families()`) meeting
    P(depleted by `by`) <= max_p_depleted (and "M:P" months payable target). Returns solution.json as a
    dict, plus "scenario_solved_yaml" (runnable by `fundsim run`) when feasible."""
    import json

    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    out = _fundsim.solve(file, family, int(by), float(max_p_depleted), max_p_months_below, extra,
                         int(draws or 0), None if seed is None else int(seed), int(threads))
    sol = json.loads(out["solution_json"])
    sol["scenario_solved_yaml"] = out["scenario_solved_yaml"]
    return sol


def path_families() -> list[str]:
    from . import _fundsim

    return list(_fundsim.path_families())


def path_rule_to_sets(rule: str) -> list[str]:
    """The --set overrides implementing a path RULE."""
    from . import _fundsim

    return list(_fundsim.path_rule_to_sets(rule))
