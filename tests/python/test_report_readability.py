"""Issue 21, "Report readability": each defect a new user met, measured on the report's own figures
and pages (the path-table and --paths checks are in test_report.py)."""
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.patches import Polygon

import fundsim
import fundsim.figures as F
import fundsim.report as R
from fundsim import labels as L

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def national(cli_run):
    return fundsim.read_results(cli_run)


def test_balance_chart_keeps_the_near_term_readable(national):
    """The next ten years have their own panel, scaled to those years (the whole horizon's axis runs
    to large negative balances and flattens them)."""
    s = national.summary()
    fig = F.figure_balance(s, "en", "yi")
    near, full = fig.axes[:2]
    b = s[s["metric"] == "balance_cumulative"].sort_values("year")
    first = int(b["year"].iloc[0])
    lo, hi = near.get_xlim()
    assert first - 1 < lo <= first and first + 9 <= hi < first + 10.5  # the first ten years only
    ten = b[b["year"] < first + 10]
    near_span = max(ten["p95"].max(), 0) / 1e8 - min(ten["p05"].min(), 0) / 1e8
    y0, y1 = near.get_ylim()
    assert (y1 - y0) <= 1.25 * near_span, (y0, y1, near_span)  # margins only
    f0, f1 = full.get_ylim()
    assert (f1 - f0) > 2 * (y1 - y0), "this run's long horizon should dwarf the near term (else the test is vacuous)"


def _srgb_to_lab(rgb):
    """CIE L*a*b* (D65) of an sRGB colour in [0, 1]."""
    c = np.asarray(rgb, dtype=float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ c / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _over(rgba, below):
    rgba = np.asarray(rgba, dtype=float)
    return rgba[3] * rgba[:3] + (1 - rgba[3]) * np.asarray(below, dtype=float)


def test_delta_e_of_known_colours():
    # The conversion itself: white and black are 100 apart in lightness; red's Lab is (53.2, 80.1, 67.2).
    assert np.linalg.norm(_srgb_to_lab([1, 1, 1]) - _srgb_to_lab([0, 0, 0])) == pytest.approx(100, abs=0.1)
    np.testing.assert_allclose(_srgb_to_lab([1, 0, 0]), [53.24, 80.09, 67.20], atol=0.1)


MIN_DELTA_E = 20.0  # CIE76; about 2.3 is a just-noticeable difference


def test_interval_shading_differs_from_every_warning_band(national):
    """Where the 90% interval lies over a band, the colour seen must not pass for any band."""
    fig = F.figure_months(national.risk(), national.warning_thresholds(), "en")
    ax = fig.axes[0]
    bands = {p.get_label(): p.get_facecolor() for p in ax.patches if isinstance(p, Polygon)}
    assert set(bands) == {L.band(b, "en") for b in F.BAND_ORDER}, bands.keys()
    interval = [c for c in ax.collections if isinstance(c, PolyCollection)
                and c.get_label() == L.text("stat.i90", "en")]
    assert len(interval) == 1
    ic = interval[0].get_facecolor()[0]
    white = np.ones(3)
    seen_bands = {n: _over(c, white) for n, c in bands.items()}
    worst = min(np.linalg.norm(_srgb_to_lab(_over(ic, seen_bands[under])) - _srgb_to_lab(seen_bands[other]))
                for under in seen_bands for other in seen_bands)
    print(f"smallest colour difference (CIE76) of the interval over a band from any band: {worst:.1f}")
    assert worst >= MIN_DELTA_E, worst


def test_money_unit_follows_the_size_of_the_fund():
    assert L.money_unit([1.2e12, 1.1e12]) == "yi"  # national: 亿元
    assert L.money_unit([3.0e9, 2.9e9]) == "wan"  # a city of a few million: 万元
    assert L.fmt_money(1234567.89e8, "yi", "zh") == "1,234,567.89"  # 亿元 with two decimals
    assert L.fmt_money(16.4e8, "wan", "zh") == "164,000"
    assert L.fmt_money(-0.001e8, "yi", "en") == "0.00"


@pytest.fixture(scope="module")
def city(exe, tmp_path_factory):
    """The shipped city pool (Zhengzhou), 20 draws."""
    out = tmp_path_factory.mktemp("city") / "run"
    subprocess.run([str(exe), "run", str(REPO / "scenarios" / "zhengzhou-2021.yaml"), "--draws", "20", "--seed", "5",
                    "--out", str(out), "--quiet"], check=True)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_city_balances_are_not_rounded_to_whole_yi(city, lang, tmp_path):
    """The balance table's rounding is finer than 0.1% of the fund's yearly revenue (whole 亿 for a
    city of about 100亿 a year was 0.5%)."""
    page = R.build_report(city, tmp_path / "r.html", lang=lang).read_text(encoding="utf-8")
    unit_id = F.choose_money_unit(fundsim.read_results(city).summary())
    intro = L.text("balance.table", lang, unit=L.unit(unit_id, lang))
    i = page.index(R.esc(intro))
    table = page[i:page.index("</table>", i)]
    rows = re.findall(r"<tr><td>(\d{4})</td>((?:<td>[^<]*</td>)+)</tr>", table)
    assert rows
    res = fundsim.read_results(city)
    s = res.summary()
    bal = s[s["metric"] == "balance_cumulative"].set_index("year")
    revenue = float(s[s["metric"] == "revenue_total"]["mean"].iloc[0])
    worst = 0.0
    for year, cells in rows:
        shown = [float(v.replace(",", "")) for v in re.findall(r"<td>([^<]*)</td>", cells)]
        true = bal.loc[int(year), ["p05", "p50", "p95", "mean"]].to_numpy()
        err = np.abs(np.array(shown) * L.MONEY_SCALE[unit_id] - true)
        worst = max(worst, float(err.max()))
    print(f"unit {unit_id}: largest rounding error {worst:.0f} yuan = {100 * worst / revenue:.4f}% of revenue")
    assert worst <= 0.001 * revenue


def test_header_names_the_unit_of_the_tables(national, tmp_path):
    for lang in ("en", "zh"):
        page = R.build_report(national.path, tmp_path / f"{lang}.html", lang=lang).read_text(encoding="utf-8")
        unit_id = F.choose_money_unit(national.summary())
        header = re.search(r"</h1>\s*<p>(.*?)</p>", page, re.S).group(1)
        assert R.esc(L.unit(unit_id, lang)) in header, header
        assert R.esc(L.text("balance.table", lang, unit=L.unit(unit_id, lang))) in page  # the same unit below
        if lang == "en":
            assert "shown in 100 million yuan" in header


def _lines_under_legends(fig):
    FigureCanvasAgg(fig).draw()
    hits = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None:
            continue
        box = leg.get_window_extent()
        for line in ax.get_lines():
            pts = line.get_transform().transform(line.get_xydata())
            inside = (pts[:, 0] >= box.x0) & (pts[:, 0] <= box.x1) & (pts[:, 1] >= box.y0) & (pts[:, 1] <= box.y1)
            if inside.any():
                hits.append((ax.get_title(), line.get_label(), int(inside.sum())))
    return hits


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contribution_legends_cover_no_line(national, lang):
    fig = F.figure_contributions(national.summary(), lang)
    assert sum(ax.get_legend() is not None for ax in fig.axes) == 2
    assert not _lines_under_legends(fig)


def test_the_legend_check_can_fail(national):
    # A legend placed over the start of the burden line (as before) is caught.
    fig = F.figure_contributions(national.summary(), "en")
    ax = fig.axes[1]
    ax.legend(loc="upper left")
    assert _lines_under_legends(fig)



def _areas_missing_from_legend(ax):
    """Colours of filled areas that no legend entry shows."""
    FigureCanvasAgg(ax.figure).draw()
    leg = ax.get_legend()
    handles = getattr(leg, "legend_handles", None) or leg.legendHandles  # matplotlib >= 3.7 / 3.6
    shown = {tuple(np.round(h.get_facecolor()[:3], 4)) for h in handles if hasattr(h, "get_facecolor")}
    areas = [tuple(np.round(c.get_facecolor()[0][:3], 4)) for c in ax.collections if isinstance(c, PolyCollection)]
    return [c for c in areas if c not in shown]


def _has_negative_area(ax) -> bool:
    return any(c.get_paths() and c.get_paths()[0].vertices[:, 1].min() < 0
               for c in ax.collections if isinstance(c, PolyCollection))


def test_driver_chart_legend_names_the_negative_areas(national):
    """Notebook 04 / report: each driver has one colour above and below zero, so every filled area's
    colour is in the legend (the negative stack used to take the next, unlabelled colours)."""
    dec = national.decomposition()
    assert dec is not None, "the cell engine writes decomposition.csv"
    ax = F.figure_drivers(dec, "en", "yi").axes[0]
    assert _has_negative_area(ax), "the population-size driver is negative in this run"
    assert not _areas_missing_from_legend(ax)


def test_the_driver_legend_check_can_fail(national):
    # The notebook's former drawing: the negative stack in the colour cycle's next colours, unlabelled.
    from matplotlib.figure import Figure

    cum = national.decomposition().query("basis == 'cumulative'").set_index("year")
    ax = Figure().subplots()
    ax.stackplot(cum.index, *[cum[f].clip(lower=0) for f in F.DRIVER_FACTORS], labels=F.DRIVER_FACTORS)
    ax.stackplot(cum.index, *[cum[f].clip(upper=0) for f in F.DRIVER_FACTORS])
    ax.legend()
    assert _areas_missing_from_legend(ax)
