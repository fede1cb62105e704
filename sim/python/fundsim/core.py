"""Scenarios, runs and results: pandas/numpy views over the compiled engine (`_fundsim`).

Every table is computed by the same C++ code as the command line's CSV files (summarise, risk_table,
depletion_distribution, warning_table), so the numbers are identical, not re-implemented here.
"""
from __future__ import annotations

import datetime
import io
import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Mapping, Union

import numpy as np
import pandas as pd

from . import _fundsim

ScenarioSource = Union[str, os.PathLike, Mapping]


class ScenarioWarning(UserWarning):
    """A warning of the scenario loader, e.g. a calibrated parameter that the scenario replaces."""


def _override_text(key: str, value) -> str:
    """`key=value` for the loader's --set syntax; the value is written as JSON (valid YAML)."""
    if isinstance(value, str):
        return f"{key}={value}"
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    return f"{key}={json.dumps(value)}"


def _normalise_sets(sets) -> list[str]:
    if sets is None:
        return []
    if isinstance(sets, str):
        return [sets]
    if isinstance(sets, Mapping):
        return [_override_text(k, v) for k, v in sets.items()]
    out = []
    for s in sets:
        if not isinstance(s, str):
            raise TypeError(f"override {s!r}: expected 'key.path=value' text or a dict of key paths")
        out.append(s)
    return out


def _load_dict(data: Mapping, sets: list[str], base_dir) -> "_fundsim.LoadedScenario":
    """Loads a scenario given as a dict: `extends` is resolved against base_dir (default: the
    current directory); the dict is written to a temporary YAML file that the C++ loader reads, so
    validation and error messages are exactly those of a scenario file."""
    import yaml  # Debian python3-yaml

    data = dict(data)
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    if "extends" in data:
        data["extends"] = str((base / str(data["extends"])).resolve())
    with tempfile.TemporaryDirectory(prefix="fundsim-dict-") as tmp:
        path = Path(tmp) / f"{data.get('name', 'scenario')}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return _fundsim.load_scenario(str(path), sets)


class Scenario:
    """A validated scenario. Immutable: `override()` returns a new Scenario."""

    def __init__(self, source: ScenarioSource, sets=None, base_dir=None):
        self._source = source if isinstance(source, Mapping) else os.fspath(source)
        self._sets = _normalise_sets(sets)
        self._base_dir = base_dir
        if isinstance(self._source, Mapping):
            self._loaded = _load_dict(self._source, self._sets, base_dir)
        else:
            self._loaded = _fundsim.load_scenario(self._source, self._sets)
        # The loader's warnings (a calibrated parameter that the scenario or an override replaces):
        # the same texts that `fundsim run` prints and records in manifest.json.
        for text in self._loaded.warnings:
            warnings.warn(text, ScenarioWarning, stacklevel=2)

    # --- what was loaded
    @property
    def loaded(self):
        return self._loaded

    @property
    def sets(self) -> list[str]:
        return list(self._sets)

    name = property(lambda self: self._loaded.name)
    description = property(lambda self: self._loaded.description)
    engine = property(lambda self: self._loaded.engine)
    jump_off_year = property(lambda self: self._loaded.jump_off_year)
    end_year = property(lambda self: self._loaded.end_year)
    draws = property(lambda self: self._loaded.draws)
    seed = property(lambda self: self._loaded.seed)
    sha256 = property(lambda self: self._loaded.sha256)
    files = property(lambda self: list(self._loaded.files))
    resolved_yaml = property(lambda self: self._loaded.resolved_yaml)
    warning_thresholds = property(lambda self: dict(self._loaded.warning_thresholds))

    def to_dict(self) -> dict:
        """Every parameter actually used (scenario.resolved.yaml) as nested dicts."""
        import yaml

        return yaml.safe_load(self._loaded.resolved_yaml)

    def override(self, *sets, **_no_kwargs) -> "Scenario":
        """A new scenario with more overrides: strings 'a.b=1' or dicts {'a.b': 1} (applied in order,
        after the ones already given)."""
        if _no_kwargs:
            raise TypeError("override() takes 'key.path=value' strings or dicts of key paths")
        extra: list[str] = []
        for s in sets:
            extra += _normalise_sets(s)
        return Scenario(self._source, self._sets + extra, self._base_dir)

    def run(self, draws: int | None = None, seed: int | None = None, threads: int = 0) -> "Results":
        """Runs the scenario (defaults: run.draws and run.seed of the scenario, as `fundsim run`)."""
        d = int(self.draws if draws is None else draws)
        s = int(self.seed if seed is None else seed)
        start = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Results(_fundsim.run(self._loaded, d, s, int(threads)), self, start)

    def __repr__(self) -> str:
        src = "<dict>" if isinstance(self._source, Mapping) else self._source
        return f"Scenario({self.name!r}, source={src!r}, sets={self._sets!r}, engine={self.engine!r})"


def load_scenario(source: ScenarioSource, sets=None, base_dir=None) -> Scenario:
    """Loads a scenario from a YAML file path or a dict (same validation as `fundsim validate`).
    `sets` are --set overrides: a list of 'key.path=value' strings or a dict {'key.path': value}."""
    return Scenario(source, sets, base_dir)


def run(source: Union[ScenarioSource, Scenario], draws=None, seed=None, threads=0, sets=None) -> "Results":
    """Loads (if needed) and runs a scenario: the engine of `fundsim run`, without writing files."""
    scen = source if isinstance(source, Scenario) else load_scenario(source, sets)
    if isinstance(source, Scenario) and sets:
        scen = scen.override(sets)
    return scen.run(draws=draws, seed=seed, threads=threads)


def _frame(csv_text: str) -> pd.DataFrame:
    """A table from the CSV text written by the C++ writers (exact doubles: shortest round-trip)."""
    return pd.read_csv(io.StringIO(csv_text), float_precision="round_trip")


def _depletion_frame(csv_text: str) -> pd.DataFrame:
    return _never_year(_frame(csv_text))


def _never_year(df: pd.DataFrame) -> pd.DataFrame:
    # The final row is "never" (not depleted within the horizon); other years as int.
    df["year"] = [("never" if str(y) == "never" else int(y)) for y in df["year"]]
    return df


def _columns_frame(columns: dict) -> pd.DataFrame:
    """A table from the C++ writers' column arrays ({name: numpy array}, in column order)."""
    return pd.DataFrame(columns)


def metric_info() -> pd.DataFrame:
    """The metric registry (sim/engine/metrics.hpp): name, unit, label_en, label_zh, description."""
    return pd.DataFrame(_fundsim.metric_info())


class _Tables:
    """Shared helpers for in-memory results and results directories."""

    def summary(self) -> pd.DataFrame:  # pragma: no cover - overridden
        raise NotImplementedError

    def stat(self, metric: str, stat: str = "p50") -> pd.Series:
        """One statistic of one metric by year (index: year)."""
        s = self.summary()
        sel = s[s["metric"] == metric]
        if sel.empty:
            raise KeyError(f"metric {metric!r} not in this run's summary")
        return sel.set_index("year")[stat].rename(metric)

    def summary_wide(self, stat: str = "mean") -> pd.DataFrame:
        """year x metric table of one statistic (mean, sd, p05, p25, p50, p75, p95)."""
        s = self.summary()
        return s.pivot(index="year", columns="metric", values=stat)

    def depletion_year_median(self):
        """Median first year of depletion, or None if the median draw never depletes."""
        d = self.depletion()
        for _, row in d.iterrows():
            if row["year"] != "never" and row["cumulative_probability"] >= 0.5:
                return int(row["year"])
        return None

    def p_depleted_by(self, year: int) -> float:
        """P(the reserve is negative in some year up to `year`): the cumulative probability of the
        first depletion year (depletion.csv), as in the headline and the solver."""
        r = self.risk().set_index("year")
        if year not in r.index:
            raise KeyError(f"year {year} outside the projection {r.index.min()}-{r.index.max()}")
        d = self.depletion()
        row = d[d["year"].astype(str) == str(year)]
        return float(row["cumulative_probability"].iloc[0])


class Results(_Tables):
    """Per-draw results of one run in memory."""

    def __init__(self, outcome, scenario: Scenario, start_time_utc: str = ""):
        self._o = outcome
        self.start_time_utc = start_time_utc
        self.scenario = scenario
        self._cache: dict = {}

    outcome = property(lambda self: self._o)
    seed = property(lambda self: self._o.seed)
    n_draws = property(lambda self: self._o.draws)
    wall_seconds = property(lambda self: self._o.wall_seconds)

    @property
    def metrics(self) -> list[str]:
        return list(self._o.metrics)

    @property
    def years(self) -> np.ndarray:
        return np.arange(self._o.first_year, self._o.first_year + self._o.years)

    @property
    def array(self) -> np.ndarray:
        """draws x years x metrics (metrics in the order of `.metrics`)."""
        if "array" not in self._cache:
            self._cache["array"] = self._o.draws_array()
        return self._cache["array"]

    def metric(self, name: str) -> np.ndarray:
        """draws x years of one metric."""
        try:
            k = self.metrics.index(name)
        except ValueError:
            raise KeyError(f"metric {name!r} is not produced by engine {self.scenario.engine!r}") from None
        return self.array[:, :, k]

    def draws_frame(self) -> pd.DataFrame:
        """Long table as draws.csv: draw, year, one column per metric."""
        a = self.array
        n, y, _ = a.shape
        df = pd.DataFrame(a.reshape(n * y, -1), columns=self.metrics)
        df.insert(0, "year", np.tile(self.years, n))
        df.insert(0, "draw", np.repeat(np.arange(n), y))
        return df

    def summary(self) -> pd.DataFrame:
        if "summary" not in self._cache:
            self._cache["summary"] = _columns_frame(self._o.summary_table())
        return self._cache["summary"].copy()

    def risk(self) -> pd.DataFrame:
        return _columns_frame(self._o.risk_table())

    def depletion(self) -> pd.DataFrame:
        return _never_year(_columns_frame(self._o.depletion_table()))

    def warning(self) -> pd.DataFrame:
        return _columns_frame(self._o.warning_table())

    def headline(self) -> str:
        return self._o.headline()

    def headline_figures(self) -> dict:
        """The headline figures computed by the C++ summary (headline.json of `fundsim run`)."""
        return json.loads(self._o.headline_json())

    def extra_files(self) -> dict:
        """The model's own output files {name: CSV text} (e.g. decomposition.csv of the cell engine)."""
        return dict(self._o.extra_files())

    def decomposition(self):
        """Driver decomposition of the central path (decomposition.csv) as a DataFrame, or None if the
        engine does not produce one."""
        text = self.extra_files().get("decomposition.csv")
        if text is None:
            return None
        return pd.read_csv(io.StringIO(text), float_precision="round_trip")

    def burden(self):
        """burden.csv of the person-level engine (run.engine micro) as a DataFrame: per year, group
        and income quintile ("all", "1".."5"), each burden measure's mean and 90% band across draws;
        None for another engine."""
        text = self.extra_files().get("burden.csv")
        if text is None:
            return None
        return pd.read_csv(io.StringIO(text), dtype={"income_quintile": str}, float_precision="round_trip")

    def save(self, directory, force: bool = False, keep_draws: bool = False) -> Path:
        """Writes the results directory of `fundsim run` (manifest, resolved scenario, CSVs)."""
        self._o.write(os.fspath(directory), force, keep_draws, 0, self.start_time_utc)
        return Path(directory)

    def __repr__(self) -> str:
        y = self.years
        return f"<Results {self.scenario.name!r}: {self.n_draws} draws, {y[0]}-{y[-1]}, seed {self.seed}>"


REQUIRED_FILES = ("manifest.json", "summary.csv", "risk.csv")


class ResultsDir(_Tables):
    """A results directory written by `fundsim run` (or Results.save), read back from its files."""

    def __init__(self, directory):
        self.path = Path(directory)
        if not self.path.is_dir():
            raise FileNotFoundError(f"{self.path}: not a results directory (it does not exist)")
        missing = [f for f in REQUIRED_FILES if not (self.path / f).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{self.path}: not a results directory of `fundsim run`: missing {', '.join(missing)}")
        try:
            self.manifest = json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{self.path / 'manifest.json'}:{e.lineno}: invalid JSON: {e.msg}") from None

    def _csv(self, name: str) -> pd.DataFrame:
        p = self.path / name
        if not p.is_file():
            raise FileNotFoundError(f"{p}: missing")
        return pd.read_csv(p, float_precision="round_trip")

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()

    def summary(self) -> pd.DataFrame:
        return self._csv("summary.csv")

    def risk(self) -> pd.DataFrame:
        return self._csv("risk.csv")

    def depletion(self) -> pd.DataFrame:
        p = self.path / "depletion.csv"
        if not p.is_file():
            raise FileNotFoundError(f"{p}: missing")
        return _depletion_frame(p.read_text(encoding="utf-8"))

    def warning(self) -> pd.DataFrame:
        return self._csv("warning.csv")

    def headline_figures(self) -> dict | None:
        """headline.json (the C++ headline figures), or None for a directory written without it."""
        p = self.path / "headline.json"
        return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None

    def paths(self) -> pd.DataFrame:
        return pd.read_csv(self.path / "paths.csv", dtype={"path": str})

    def decomposition(self):
        """decomposition.csv (cell engine) or None."""
        return self._csv("decomposition.csv") if self.has("decomposition.csv") else None

    def burden(self):
        """burden.csv (person-level engine) or None."""
        if not self.has("burden.csv"):
            return None
        return pd.read_csv(self.path / "burden.csv", dtype={"income_quintile": str}, float_precision="round_trip")

    def resolved(self) -> dict:
        """scenario.resolved.yaml as nested dicts ({} if absent)."""
        import yaml

        p = self.path / "scenario.resolved.yaml"
        return yaml.safe_load(p.read_text(encoding="utf-8")) if p.is_file() else {}

    def warning_thresholds(self) -> dict:
        w = ((self.resolved().get("fund") or {}).get("warning") or {})
        defaults = _fundsim.warning_defaults()  # the C++ declaration (fund.warning), not a copy
        return {k: float(w.get(k, v)) for k, v in defaults.items()}


def read_results(directory) -> ResultsDir:
    """Opens a results directory written by `fundsim run`."""
    return ResultsDir(directory)
