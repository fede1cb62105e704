"""Contribution paths, the solver and the sensitivity analysis: the C++ library of `fundsim paths`,
`fundsim solve` and `fundsim sensitivity`, bound directly (no Python re-implementation).

Every random stream of the engine is keyed by (seed, draw, purpose), so paths run with the same seed
and draws see common random numbers: draw d has the same mortality, cost trend and interest under
each path, and per-draw differences isolate the effect of the path.

    fundsim.evaluate_paths(path, {"low": "individual=increment:20", "high": "individual=increment:40"})
    fundsim.solve(path, "individual-increment", by=2035, max_p_depleted=0.05, max_burden=0.025)
    fundsim.sensitivity(path, draws=200)
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from .core import Results, Scenario, load_scenario


def _file_and_sets(scenario, sets):
    """(scenario file, overrides) for the C++ library, which loads from a file."""
    from .core import _normalise_sets

    extra = _normalise_sets(sets)
    if isinstance(scenario, Scenario):
        if not isinstance(scenario._source, str):
            raise TypeError("paths: the scenario must come from a file (save a dict scenario to YAML first)")
        return scenario._source, scenario.sets + extra
    return str(scenario), extra


@dataclass
class NativePaths:
    """Output of `fundsim paths` computed in memory: paths.csv (`table`), paths_diff.csv (`diff`),
    paths.json (`info`), and each path's per-draw `results` (name -> Results)."""

    table: pd.DataFrame = field(repr=False)
    diff: pd.DataFrame = field(repr=False)
    info: dict
    results: dict = field(default_factory=dict, repr=False)

    @property
    def names(self) -> list[str]:
        return [p["name"] for p in self.info["paths"]]


def evaluate_paths(scenario, paths: Mapping[str, str], draws: int = 0, seed=None, threads: int = 0,
                   sets=None) -> NativePaths:
    """Paths as RULE text (`fundsim paths --help`, e.g. {"low": "individual=increment:20",
    "high": "individual=increment:40,subsidy=growth:0.04"}), evaluated by the command line's library on
    common random numbers. `table` equals paths.csv, `diff` paths_diff.csv (path minus the first path,
    with its Monte Carlo standard error on common and on independent draws)."""
    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    # The library takes names of letters, digits, '-', '_' and '.' (they go into CSV files); any label
    # is accepted here and put back into the tables.
    names = list(paths.keys())
    internal = [f"path{i}" for i in range(len(names))]
    out = _fundsim.evaluate_paths(file, [f"{k}={v}" for k, v in zip(internal, paths.values())], extra,
                                  int(draws or 0), None if seed is None else int(seed), int(threads))
    label = dict(zip(internal, names))
    table = pd.read_csv(io.StringIO(out["paths_csv"]), dtype={"path": str})
    table["path"] = table["path"].map(label)
    diff = pd.read_csv(io.StringIO(out["paths_diff_csv"]), dtype={"path": str, "reference": str})
    diff["path"] = diff["path"].map(label)
    diff["reference"] = diff["reference"].map(label)
    info = json.loads(out["paths_json"])
    info["reference_path"] = label.get(info.get("reference_path"), info.get("reference_path"))
    for p in info["paths"]:
        p["name"] = label[p["name"]]
    results = {}
    for (name, rule), outcome in zip(paths.items(), out["runs"]):
        results[name] = Results(outcome, load_scenario(file, extra + path_rule_to_sets(rule)))
    return NativePaths(table, diff, info, results)


def solve(scenario, family: str, by: int, max_p_depleted: float, max_p_months_below: str | None = None,
          draws: int = 0, seed=None, threads: int = 0, sets=None, max_enrollee_loss: float | None = None,
          max_burden: float | None = None, max_subsidy_growth: float | None = None,
          range: str | None = None, step: float | None = None, ratio: float | None = None) -> dict:
    """`fundsim solve` in memory: the lowest member of `family` (see `path_families()`) meeting
    P(depleted by `by`) <= max_p_depleted (and an "M:P" months payable target) within the constraints
    max_enrollee_loss / max_burden / max_subsidy_growth. Returns solution.json as a dict ("feasible";
    when infeasible, "binding" and "closest"), plus "frontier" (frontier.csv as a DataFrame) and
    "scenario_solved_yaml" (runnable by `fundsim run`) when feasible."""
    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    out = _fundsim.solve(file, family, int(by), float(max_p_depleted), max_p_months_below, extra,
                         int(draws or 0), None if seed is None else int(seed), int(threads),
                         max_enrollee_loss, max_burden, max_subsidy_growth, range, step, ratio)
    sol = json.loads(out["solution_json"])
    sol["frontier"] = pd.read_csv(io.StringIO(out["frontier_csv"]))
    sol["scenario_solved_yaml"] = out["scenario_solved_yaml"]
    return sol


@dataclass
class Sensitivity:
    """`fundsim sensitivity` in memory: tornado.csv (`tornado`), variance_shares.csv (`shares`) and the
    one-screen `summary`."""

    tornado: pd.DataFrame = field(repr=False)
    shares: pd.DataFrame = field(repr=False)
    summary: str = field(repr=False)
    financing_rule: str
    seed: int
    draws: int
    notes: list


def sensitivity(scenario, params=None, outputs=None, sampled: bool = True, draws: int = 0, seed=None,
                threads: int = 0, sets=None) -> Sensitivity:
    """Each assumption with a documented range (the sampled / calibrated keys of the scenario's parameter
    file, and `params` as "KEY=LOW:HIGH") at low and high on common random numbers; `outputs` as
    "METRIC@YEAR" (default: P(exhausted by 2035 / 2040), median months payable 2030, mean cumulative
    balance 2035)."""
    from . import _fundsim

    file, extra = _file_and_sets(scenario, sets)
    out = _fundsim.sensitivity(file, list(params or []), list(outputs or []), bool(sampled), extra,
                               int(draws or 0), None if seed is None else int(seed), int(threads))
    return Sensitivity(pd.read_csv(io.StringIO(out["tornado_csv"])),
                       pd.read_csv(io.StringIO(out["variance_shares_csv"])), out["summary"],
                       out["financing_rule"], int(out["seed"]), int(out["draws"]), list(out["notes"]))


def path_families() -> list[str]:
    from . import _fundsim

    return list(_fundsim.path_families())


def path_rule_to_sets(rule: str) -> list[str]:
    """The --set overrides implementing a path RULE."""
    from . import _fundsim

    return list(_fundsim.path_rule_to_sets(rule))
