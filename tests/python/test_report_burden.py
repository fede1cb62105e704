"""The report's out-of-pocket burden sections: burden.csv of the micro engine (by income quintile, two
milestone years) and the policy options of `fundsim burden` (comparison.csv given by --burden), in
English and Chinese; refusals of malformed files (exit 2 naming the file). The burden and comparison
tables are synthetic format fixtures (the commands' columns, known values), written beside a copy of
the shared run: their numbers are not model results."""
import re
import shutil

import pandas as pd
import pytest

import fundsim.report as R
from fundsim import labels as L

QUINTILES = ["1", "2", "3", "4", "5", "all"]
BURDEN_MEASURES = ["persons", "mean_out_of_pocket_yuan", "share_oop_over_low_share_of_income",
                   "share_oop_over_high_share_of_income", "share_oop_over_capacity_to_pay", "share_impoverished",
                   "share_further_impoverished", "mean_catastrophic_received_yuan", "mean_assistance_received_yuan"]
FUND_MEASURES = ["spending_total_yuan", "spending_catastrophic_yuan", "assistance_spending_yuan", "out_of_pocket_yuan"]


def _years(run) -> list[int]:
    return sorted(int(y) for y in pd.read_csv(run / "summary.csv")["year"].unique())


def burden_table(years) -> pd.DataFrame:
    """burden.csv: every year, group and quintile; the shares grow with the year and fall with income.
    Known cells: mean out of pocket of all persons in the first year 1,234.4 yuan (band 1,200-1,260);
    share > 10% of income in quintile 1 of the first year 12.34% (12.00-12.50)."""
    rows = []
    first = years[0]
    for y in years:
        for g in ("general", "assisted", "all"):
            for q in QUINTILES:
                k = 3 if q == "all" else int(q)
                for m in BURDEN_MEASURES:
                    if m == "persons":
                        v = 1.0e8
                    elif m.endswith("_yuan"):
                        v = 1000.0 + 10 * k + 5 * (y - first)
                    else:
                        v = 0.02 / k + 0.001 * (y - first)
                    lo, hi = 0.98 * v, 1.02 * v
                    rows.append((y, g, q, m, v, lo, v, hi))
    df = pd.DataFrame(rows, columns=["year", "group", "income_quintile", "measure", "mean", "p05", "p50", "p95"])
    sel = (df["year"] == first) & (df["group"] == "all")
    df.loc[sel & (df["income_quintile"] == "all") & (df["measure"] == "mean_out_of_pocket_yuan"),
           ["mean", "p05", "p50", "p95"]] = [1234.4, 1200.0, 1234.0, 1260.0]
    df.loc[sel & (df["income_quintile"] == "1") & (df["measure"] == "share_oop_over_low_share_of_income"),
           ["mean", "p05", "p50", "p95"]] = [0.1234, 0.12, 0.1233, 0.125]
    return df


OPTIONS = ["cap-60k", "wide <b>net</b>"]  # the second name holds markup: shown as text


def comparison_table(years) -> pd.DataFrame:
    """comparison.csv of `fundsim burden` for two options, first year to ten years later. Known cells
    in the milestone year (first + 10) for option cap-60k: fund spending -2.5e9 yuan (se 1e8); share
    impoverished of all persons +1.25 percentage points (se 0.2)."""
    rows = []
    for o in OPTIONS:
        for y in years[:11]:
            for m in FUND_MEASURES:
                rows.append((o, y, "fund", "all", m, 1.0e11, 1.0e11 + 1.0e8, 1.0e8, 1.0e7, 1.0e9, 20))
            for g in ("all", "assisted"):
                for q in QUINTILES:
                    for m in BURDEN_MEASURES[1:]:
                        d, se = (5.0, 0.5) if m.endswith("_yuan") else (0.001, 0.0002)
                        rows.append((o, y, g, q, m, 0.05, 0.05 + d, d, se, 20 * se, 20))
    df = pd.DataFrame(rows, columns=["option", "year", "group", "income_quintile", "measure", "baseline_mean",
                                     "option_mean", "difference_mean", "difference_se", "difference_se_independent",
                                     "draws"])
    at = (df["option"] == "cap-60k") & (df["year"] == years[10])
    df.loc[at & (df["measure"] == "spending_total_yuan"),
           ["baseline_mean", "option_mean", "difference_mean", "difference_se"]] = [2.0e11, 1.975e11, -2.5e9, 1.0e8]
    df.loc[at & (df["group"] == "all") & (df["income_quintile"] == "all") & (df["measure"] == "share_impoverished"),
           ["baseline_mean", "option_mean", "difference_mean", "difference_se"]] = [0.0200, 0.0325, 0.0125, 0.002]
    return df


@pytest.fixture(scope="module")
def burden_run(cli_run, tmp_path_factory):
    """A copy of the shared run with a synthetic burden.csv, and a `fundsim burden` directory."""
    base = tmp_path_factory.mktemp("burden")
    d = base / "run"
    shutil.copytree(cli_run, d, ignore=shutil.ignore_patterns("report*", "figures"))
    years = _years(d)
    assert len(years) >= 11, "the shared run must span ten years for the milestone year"
    burden_table(years).to_csv(d / "burden.csv", index=False)
    cmp_dir = base / "compare"
    cmp_dir.mkdir()
    comparison_table(years).to_csv(cmp_dir / "comparison.csv", index=False)
    return d, cmp_dir


def _section(page: str, key: str, lang: str) -> str:
    i = page.index(L.text(key, lang))
    return page[i:page.index("</section>", i)]


def _unit(run) -> str:
    return R.choose_money_unit(pd.read_csv(run / "summary.csv"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_burden_by_quintile_at_two_milestone_years(burden_run, lang, tmp_path):
    run, _ = burden_run
    page = R.build_report(run, tmp_path / "r.html", lang=lang).read_text(encoding="utf-8")
    sec = _section(page, "sec.burden_micro", lang)
    assert L.text("sec.burden_micro", lang) == ("Out-of-pocket burden by income quintile" if lang == "en"
                                                else "个人自付负担（按收入五等分）")
    years = _years(run)
    first, later = years[0], min(years[0] + 10, years[-1])
    for y in (first, later):
        assert L.text("burden_q.table", lang, year=y) in sec
    assert sec.count("<table>") == 2
    # Known means with their 90% band: yuan without decimals, shares in % with two.
    assert "<td>1,234 (1,200–1,260)</td>" in sec
    assert "<td>12.34 (12.00–12.50)</td>" in sec
    # Rows: quintiles 1-5 and all; columns: the five measures, their thresholds from the scenario or its key.
    for q in QUINTILES:
        assert re.search(rf"<tr><td( class='t')?>{re.escape(L.quintile_label(q, lang))}</td>", sec), q
    assert sec.count("<tr>") == 2 * (1 + len(QUINTILES))
    for m in R.BURDEN_TABLE_MEASURES:
        assert L.measure_label(m, lang, {})[:4] in sec
    assert re.search(r"10%|oop_share_of_income_low", sec)
    # The unit of the statistics is stated.
    assert ("per-capita disposable income of the household" if lang == "en" else "家庭的人均可支配收入") in sec
    # The chart: embedded and kept as PNG and SVG.
    assert 'src="data:image/png;base64,' in sec
    assert (tmp_path / "figures" / lang / "burden_quintiles.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "figures" / lang / "burden_quintiles.svg").is_file()
    # burden.csv has its own section, not the generic dump of the file.
    assert "<p class='note'>burden.csv</p>" not in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_policy_options_section_from_the_burden_comparison(burden_run, lang, tmp_path):
    run, cmp_dir = burden_run
    page = R.build_report(run, tmp_path / "r.html", lang=lang, burden=cmp_dir).read_text(encoding="utf-8")
    sec = _section(page, "sec.burden_options", lang)
    assert L.text("sec.burden_options", lang) == ("Policy options: burden and cost" if lang == "en"
                                                  else "政策选项：负担与成本")
    years = _years(run)
    milestone = years[10]
    assert sec.count("<table>") == len(OPTIONS)
    assert "cap-60k" in sec and "wide &lt;b&gt;net&lt;/b&gt;" in sec and "<b>net</b>" not in sec
    assert f"{milestone}" in sec
    cap = sec[sec.index("cap-60k"):]
    cap = cap[:cap.index("</table>")]
    # Fund spending in the report's money unit, with its sign and standard error.
    unit = _unit(run)
    label = L.with_unit(L.measure_label("spending_total_yuan", lang), L.unit(unit, lang), lang)
    row = re.search(rf"<tr><td class='t'>{re.escape(R.esc(label))}</td>.*?</tr>", cap).group(0)
    assert f"<td>{L.fmt_money(-2.5e9, unit, lang)}</td>" in row and f"<td>{L.fmt_money(1e8, unit, lang)}</td>" in row
    # The impoverished share of all persons: levels in %, change and se in percentage points.
    label = L.with_unit(L.measure_label("share_impoverished", lang), L.text("options.share_unit", lang), lang)
    rows = re.findall(rf"<tr><td class='t'>{re.escape(R.esc(label))}</td>.*?</tr>", cap)
    assert len(rows) == 2  # all persons and the assisted group
    assert L.text("options.group_all", lang) in rows[0] and L.text("options.group_assisted", lang) in rows[1]
    assert "<td>2.00</td><td>3.25</td><td>+1.25</td><td>0.20</td>" in rows[0]
    for g in ("fund", "all", "assisted"):
        assert L.text(f"options.group_{g}", lang) in cap
    # The chart of the changes by quintile with ±2 se.
    assert 'src="data:image/png;base64,' in sec
    assert (tmp_path / "figures" / lang / "burden_options.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(cmp_dir / "comparison.csv") in sec


def test_options_figure_draws_two_standard_errors():
    years = list(range(2025, 2036))
    c = comparison_table(years)
    for col in ("option", "group", "income_quintile", "measure"):
        c[col] = c[col].astype(str)
    fig = R.figure_burden_options(c, {o: 2035 for o in OPTIONS}, "en")
    ax = fig.axes[0]
    # The whiskers of the first option at quintile "all": +1.25 pp ± 2 × 0.2 pp.
    segs = [s for coll in ax.collections for s in coll.get_segments()]
    spans = {(round(s[0][1], 6), round(s[1][1], 6)) for s in segs}
    assert (round(1.25 - 0.4, 6), round(1.25 + 0.4, 6)) in spans


def test_comparison_file_or_directory_are_accepted(burden_run, tmp_path):
    run, cmp_dir = burden_run
    page = R.build_report(run, tmp_path / "r.html", burden=cmp_dir / "comparison.csv").read_text(encoding="utf-8")
    assert L.text("sec.burden_options", "en") in page


def test_malformed_comparison_is_refused_naming_the_file(burden_run, tmp_path, capsys):
    run, cmp_dir = burden_run
    bad = tmp_path / "bad"
    bad.mkdir()
    pd.read_csv(cmp_dir / "comparison.csv").drop(columns=["difference_se"]).to_csv(bad / "comparison.csv",
                                                                                   index=False)
    out = tmp_path / "r.html"
    for lang in ("en", "zh"):
        code = R.main([str(run), "--out", str(out), "--burden", str(bad), "--lang", lang])
        err = capsys.readouterr().err
        assert code == 2, err
        assert str(bad / "comparison.csv") in err and "difference_se" in err
    assert not out.exists() and not (tmp_path / "figures").exists()
    # A missing comparison, and a non-numeric column, are refused too.
    assert R.main([str(run), "--out", str(out), "--burden", str(tmp_path / "nowhere")]) == 2
    assert "nowhere" in capsys.readouterr().err
    c = pd.read_csv(cmp_dir / "comparison.csv")
    c.loc[3, "difference_mean"] = "n/a?"
    c.to_csv(bad / "comparison.csv", index=False)
    assert R.main([str(run), "--out", str(out), "--burden", str(bad)]) == 2
    assert "difference_mean" in capsys.readouterr().err
    assert not out.exists()


def test_malformed_burden_csv_is_refused_naming_the_file(burden_run, tmp_path, capsys):
    run, _ = burden_run
    d = tmp_path / "run"
    shutil.copytree(run, d, ignore=shutil.ignore_patterns("report*", "figures"))
    pd.read_csv(d / "burden.csv").drop(columns=["p95"]).to_csv(d / "burden.csv", index=False)
    assert R.main([str(d)]) == 2
    err = capsys.readouterr().err
    assert str(d / "burden.csv") in err and "p95" in err
    assert not (d / "report.html").exists()


def test_no_burden_section_without_burden_csv(cli_run, tmp_path):
    d = tmp_path / "run"
    shutil.copytree(cli_run, d, ignore=shutil.ignore_patterns("report*", "figures", "burden.csv"))
    for lang in ("en", "zh"):
        page = R.build_report(d, tmp_path / f"{lang}.html", lang=lang).read_text(encoding="utf-8")
        assert L.text("sec.burden_micro", lang) not in page
        assert L.text("sec.burden_options", lang) not in page
        assert not (tmp_path / "figures" / lang / "burden_quintiles.png").exists()


def test_workbook_holds_the_burden_tables(burden_run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="python3-openpyxl (scripts/install-deps.sh)")
    run, cmp_dir = burden_run
    R.build_report(run, tmp_path / "r.html", burden=cmp_dir, xlsx=True)
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert "burden" in wb.sheetnames and "burden options" in wb.sheetnames
    ws = wb["burden options"]
    assert ws.max_row == len(pd.read_csv(cmp_dir / "comparison.csv")) + 1


def test_labels_of_the_burden_exist_in_both_languages():
    for key in ("sec.burden_micro", "sec.burden_options", "burden_q.note", "options.table", "options.note"):
        en, zh = L.TEXT[key]
        assert en and zh
    for m in BURDEN_MEASURES + FUND_MEASURES:
        assert f"measure.{m}" in L.TEXT and L.measure_label(m, "zh") != m, m
    assert L.measure_label("share_oop_over_high_share_of_income", "en", {"oop_share_of_income_high": 0.25}) \
        == "out of pocket > 25% of income"
    assert R.burden_years([2025, 2026, 2027]) == [2025, 2027]
    assert R.burden_years(range(2025, 2046)) == [2025, 2035]
    assert R.burden_years([2030]) == [2030]
