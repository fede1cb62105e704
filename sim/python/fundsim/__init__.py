"""fundsim: Monte Carlo projections of China's resident medical insurance fund, from Python.

The same engine as the `fundsim` command (the compiled extension `_fundsim`), with results as numpy
arrays and pandas DataFrames whose numbers equal the CSV files written by `fundsim run`:

    import fundsim
    s = fundsim.load_scenario("scenarios/national-baseline.yaml", sets=["run.end_year=2045"])
    r = s.run(draws=200)            # or fundsim.run("scenarios/....yaml", draws=200)
    r.summary(); r.risk(); r.depletion(); r.warning()   # DataFrames, as summary.csv / risk.csv ...
    r.array                          # numpy: draws x years x metrics
    r.save("results/my-run")         # the results directory of `fundsim run`
    fundsim.evaluate_paths(path, {"low": "individual=increment:20", "high": "individual=increment:40"})
    fundsim.solve(path, "individual-increment", by=2035, max_p_depleted=0.05, max_burden=0.025)  # = fundsim solve
    fundsim.sensitivity(path, draws=200)                                                   # = fundsim sensitivity

    fundsim.budget(path, 2025)       # next year's budget: .table (budget.csv), .monthly (monthly.csv)
    fundsim.monitor(path, 2025, "actuals.csv")   # in-year re-forecast: .by_month, .year_end, .warning

`python -m fundsim.report RESULTS_DIR` (or `fundsim report RESULTS_DIR`) writes report.html.
"""
from ._fundsim import METRICS, InputError, __version__, git_commit
from .core import (
    Results,
    ResultsDir,
    Scenario,
    ScenarioWarning,
    load_scenario,
    metric_info,
    read_results,
    run,
)
from .budget import BudgetTables, MonitorTables, budget, monitor
from .paths import (
    NativePaths,
    Sensitivity,
    evaluate_paths,
    path_families,
    path_rule_to_sets,
    sensitivity,
    solve,
)

__all__ = [
    "METRICS",
    "InputError",
    "__version__",
    "git_commit",
    "Scenario",
    "ScenarioWarning",
    "Results",
    "ResultsDir",
    "load_scenario",
    "metric_info",
    "read_results",
    "run",
    "NativePaths",
    "Sensitivity",
    "sensitivity",
    "evaluate_paths",
    "solve",
    "path_families",
    "path_rule_to_sets",
    "budget",
    "monitor",
    "BudgetTables",
    "MonitorTables",
]
