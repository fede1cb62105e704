"""The words and numbers of the report and the workbook, in English and Chinese: one table.

Every piece of text the report, its figures and report.xlsx show is looked up here by an id, so both
languages come from one place and a term is translated once. Chinese terms are those of the
healthcare security bureaus' documents (基金收入, 基金支出, 当期结余, 累计结余, 可支付月数, 风险预警,
参保人数, 个人缴费, 财政补助, 大病保险, 两病, 门诊慢特病).

Metric ids are those of summary.csv (docs/DESIGN.md §1); their labels and units are read from the
engine's metric registry (sim/engine/metrics.hpp), where each metric is declared once.

Numbers: money is stored in nominal yuan and shown in 亿元 (10^8 yuan) or 万元 (10^4 yuan), chosen
by the size of the fund (`money_unit`): a national or provincial fund in 亿元 with two decimals, a
city's fund in 万元, so a city's balance is not rounded to whole 亿.
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

LANGS = ("en", "zh")


@dataclass(frozen=True)
class Metric:
    en: str
    zh: str
    kind: str  # money (yuan), persons, share (fraction), months, yuan_per_person, probability


# The kind of quantity of each registry unit (the unit shown follows from the kind).
_KIND_OF_UNIT = {"yuan": "money", "persons": "persons", "share": "share", "per year": "share", "months": "months",
                 "yuan/enrollee": "yuan_per_person", "yuan/person": "yuan_per_person", "years": "years"}


def _registry_metrics() -> dict[str, Metric]:
    """The metrics of summary.csv with their labels, read from the C++ metric registry
    (sim/engine/metrics.hpp, FUNDSIM_METRICS): declared there once, for every output."""
    from . import _fundsim  # the compiled module of this package
    out = {}
    for m in _fundsim.metric_info():
        if m["unit"] not in _KIND_OF_UNIT:
            raise ValueError(f"metric {m['name']}: unit '{m['unit']}' has no kind in labels._KIND_OF_UNIT")
        out[m["name"]] = Metric(m["label_en"], m["label_zh"], _KIND_OF_UNIT[m["unit"]])
    return out


METRICS: dict[str, Metric] = _registry_metrics()
# A column of paths.csv, not a run metric: the path's mean fiscal subsidy revenue (revenue_subsidy).
METRICS["fiscal_cost"] = Metric("fiscal cost", "财政补助支出", "money")

# Units by kind, as shown in headers and axes. Money has its display unit from `money_unit`.
UNITS = {
    "yuan": ("yuan", "元"),
    "yi": ("100 million yuan", "亿元"),
    "wan": ("10 thousand yuan", "万元"),
    "persons": ("persons", "人"),
    "million_persons": ("million persons", "百万人"),
    "wan_persons": ("10 thousand persons", "万人"),
    "share": ("%", "%"),
    "probability": ("probability", "概率"),
    "months": ("months", "月"),
    "yuan_per_person": ("yuan per enrollee per year", "元/人·年"),
    "year": ("year", "年"),
    "years": ("years", "岁"),
}

# Text of the report: section titles, chart titles, axis labels, sentences ({placeholders} filled by
# str.format).
TEXT: dict[str, tuple[str, str]] = {
    "report.title": ("fundsim report: {name}", "城乡居民基本医疗保险基金测算报告：{name}"),
    "report.run": ("{draws} draws, {first}-{last}, engine {engine}.", "{draws}次随机模拟，{first}—{last}年，引擎 {engine}。"),
    "report.units": ("Money in nominal yuan, shown in {unit} unless a column says otherwise.",
                     "金额为名义值，除另有注明外单位为{unit}。"),
    "report.financing_rule": ("Financing path behind the headline probabilities: {rule}",
                              "首页概率所依据的筹资路径：{rule}"),
    "report.description": ("Scenario: {text}", "情景说明：{text}"),
    "headline.depleted_by": ("P(reserve exhausted) by {items}.", "累计结余耗尽概率：{items}。"),
    "headline.item": ("{year}: {p}", "{year}年 {p}"),
    "headline.first_deficit": ("First year with P(current deficit) &gt; 50%: <b>{year}</b>.",
                               "当期赤字概率首次超过50%的年份：<b>{year}年</b>。"),
    "headline.no_deficit": ("P(current deficit) stays at or below 50% in every year.",
                            "各年当期赤字概率均不超过50%。"),
    # 1. balance
    "sec.balance": ("1. Cumulative balance", "一、累计结余"),
    "fig.balance.near": ("Next {n} years", "近{n}年"),
    "fig.balance.full": ("Whole horizon to {year}", "全测算期（至{year}年）"),
    "fig.balance.title": ("Cumulative balance: median, mean, 50% and 90% intervals",
                          "累计结余：中位数、均值、50%与90%区间"),
    "fig.balance.alt": ("fan chart of the cumulative balance", "累计结余扇形图"),
    "balance.table": ("Cumulative balance at milestone years, {unit}:", "主要年份累计结余（{unit}）："),
    "stat.median": ("median", "中位数"),
    "stat.mean": ("mean", "均值"),
    "stat.i90": ("90% interval", "90%区间"),
    "stat.i50": ("50% interval", "50%区间"),
    # 2. risk
    "sec.risk": ("2. Deficit and depletion risk", "二、当期赤字与累计结余耗尽风险"),
    "fig.risk.title": ("Probability of a current deficit and of an exhausted reserve, by year",
                       "分年度当期赤字概率与累计结余耗尽概率"),
    "fig.risk.alt": ("probabilities of deficit and depletion", "赤字与耗尽概率"),
    "depletion.median": ("First year of depletion: median <b>{year}</b>; P(never depleted within the horizon) = {p}.",
                         "累计结余首次为负的年份：中位数 <b>{year}</b>；测算期内不耗尽的概率为 {p}。"),
    "depletion.beyond": ("not within the horizon", "测算期内未耗尽"),
    "depletion.never": ("never", "期内未耗尽"),
    # 3. months payable, warning
    "sec.months": ("3. Months payable and warning bands (风险预警)", "三、可支付月数与风险预警"),
    "fig.months.title": ("Months payable against the warning bands", "累计结余可支付月数与风险预警区间"),
    "fig.months.ylabel": ("months of spending payable from the reserve", "可支付月数（月）"),
    "fig.months.alt": ("months payable against warning bands", "可支付月数与预警区间"),
    "bands.text": ("Bands: below 0 {exhausted}, 0-{red_m} {red}, {red_m}-{amber_m} {amber}, {amber_m}-{target_m} "
                   "{target}, {target_m}-{exc_m} {comfortable}, above {exc_m} {excessive}.",
                   "预警区间：低于0个月为{exhausted}，0—{red_m}个月为{red}，{red_m}—{amber_m}个月为{amber}，"
                   "{amber_m}—{target_m}个月为{target}，{target_m}—{exc_m}个月为{comfortable}，{exc_m}个月以上为{excessive}。"),
    "fig.bands.title": ("Probability of each warning band, by year", "分年度各预警区间的概率"),
    "fig.bands.alt": ("probability of each warning band", "各预警区间概率"),
    "warning.first": ("Warning: P(red or exhausted) first exceeds {p} in <b>{year}</b>.",
                      "风险预警：红色预警或耗尽的概率于<b>{year}年</b>首次超过{p}。"),
    "warning.none": ("P(red or exhausted) stays at or below {p} in every year.",
                     "各年红色预警或耗尽的概率均不超过{p}。"),
    # 4. flows
    "sec.flows": ("4. Revenue and spending", "四、基金收入与基金支出"),
    "fig.flows.title_cat": ("Revenue against spending by category (means stacked)", "基金收入与分项基金支出（均值堆积）"),
    "fig.flows.title_total": ("Revenue against spending (total)", "基金收入与基金支出（合计）"),
    "fig.flows.ylabel": ("{unit} per year (nominal)", "{unit}/年（名义值）"),
    "fig.flows.alt": ("revenue against spending by category", "基金收入与分项支出"),
    "flows.revenue_mean": ("revenue (mean)", "基金收入（均值）"),
    "flows.revenue_i90": ("revenue 90% interval", "基金收入90%区间"),
    "flows.spending_p95": ("spending p95", "基金支出P95"),
    "flows.no_categories": ("Spending by category is not produced by engine <code>{engine}</code> (only the total); "
                            "run with <code>run.engine: cell</code> for the categories.",
                            "引擎 <code>{engine}</code> 不输出分项支出（仅合计）；使用 <code>run.engine: cell</code> 可得分项。"),
    "flows.table": ("Budget view, {unit}: mean and 90% interval.", "预算视角（{unit}）：均值与90%区间。"),
    # 5. burden
    "sec.burden": ("5. Contributions and the burden on rural households", "五、个人缴费、财政补助与农村居民缴费负担"),
    "fig.contrib.title": ("Contribution standards", "筹资标准"),
    "fig.burden.title": ("Individual contribution / rural income", "个人缴费占农村居民人均可支配收入比重"),
    "fig.burden.alt": ("contribution burden", "缴费负担"),
    "burden.missing": ("The burden on rural households (contribution / rural disposable income) is not produced by "
                       "engine <code>{engine}</code>; run with <code>run.engine: cell</code>.",
                       "引擎 <code>{engine}</code> 不输出农村居民缴费负担；使用 <code>run.engine: cell</code>。"),
    # 6. paths
    "sec.paths": ("Contribution paths compared (common random numbers)", "缴费增长路径比较（共同随机数）"),
    "fig.paths.alt": ("path comparison", "路径比较"),
    "paths.table": ("Each path at milestone years:", "各路径主要年份结果："),
    "paths.unchecked": ("The path comparison carries no scenario hash (no paths.json with scenario_sha256 beside "
                        "paths.csv), so it could not be checked against this run's scenario {sha}.",
                        "路径比较未附情景哈希（paths.csv 旁无含 scenario_sha256 的 paths.json），无法核对其是否出自本次测算的情景 {sha}。"),
    # tornado
    "sec.tornado": ("Sensitivity (tornado)", "敏感性分析（龙卷风图）"),
    "fig.tornado.title": ("{output}: each assumption at its low and high value", "{output}：各假设取低值与高值"),
    "fig.tornado.alt": ("tornado chart", "龙卷风图"),
    "tornado.low": ("low value", "低值"),
    "tornado.high": ("high value", "高值"),
    "tornado.base": ("baseline {v}", "基准 {v}"),
    # budget / monthly / optional tables
    "sec.budget": ("Fund budget (基金收支预算)", "基金收支预算"),
    "sec.monthly": ("Monthly profile", "月度收支"),
    "fig.monthly.title": ("Monthly profile ({file})", "月度收支（{file}）"),
    "fig.monthly.alt": ("monthly profile", "月度收支"),
    "sec.burden_micro": ("Out-of-pocket burden by income quintile", "个人自付负担（按收入五等分）"),
    "burden_q.note": ("Unit: a person, carrying the per-capita disposable income of the household; quintiles of "
                      "the national income distribution of residents (1 = poorest). Thresholds are scenario "
                      "parameters (micro.*): out of pocket above {low} or {high} of income (SDG 3.8.2), above {ctp} "
                      "of capacity to pay (income minus subsistence, WHO); impoverished: pushed below the "
                      "low-income line ({line} of rural per-capita income) by out-of-pocket spending.",
                      "统计单位为个人，收入取其所在家庭的人均可支配收入；五等分组按全国居民收入分布划分（第1组收入最低）。"
                      "阈值为情景参数（micro.*）：自付超过收入的{low}或{high}（SDG 3.8.2），超过支付能力（收入减去基本生活支出，"
                      "WHO口径）的{ctp}；因病致贫：因自付医疗费用而降至低收入线（农村居民人均可支配收入的{line}）以下。"),
    "burden_q.table": ("All persons in {year}: mean across draws (90% band, p05-p95).",
                       "{year}年全体参保人：各次模拟的均值（90%区间，P05—P95）。"),
    "burden_q.quintile": ("income quintile", "收入五等分组"),
    "burden_q.q1": ("1 (poorest)", "低收入组"),
    "burden_q.q2": ("2", "中间偏下收入组"),
    "burden_q.q3": ("3", "中间收入组"),
    "burden_q.q4": ("4", "中间偏上收入组"),
    "burden_q.q5": ("5 (richest)", "高收入组"),
    "burden_q.qall": ("all", "全体"),
    "burden_q.unknown": ("(see the scenario)", "（见情景参数）"),
    "fig.burden_q.title": ("Share of persons by income quintile: mean and 90% band",
                           "分收入组人群比例：均值与90%区间"),
    "fig.burden_q.alt": ("out-of-pocket burden by income quintile", "分收入组个人自付负担"),
    # measures of burden.csv and comparison.csv (one label each; {t} the scenario's threshold)
    "measure.mean_out_of_pocket_yuan": ("mean out of pocket", "人均自付费用"),
    "measure.share_oop_over_low_share_of_income": ("out of pocket > {t} of income", "自付超过收入{t}的比例"),
    "measure.share_oop_over_high_share_of_income": ("out of pocket > {t} of income", "自付超过收入{t}的比例"),
    "measure.share_oop_over_capacity_to_pay": ("out of pocket > {t} of capacity to pay", "自付超过支付能力{t}的比例"),
    "measure.share_impoverished": ("impoverished by out of pocket", "因病致贫比例"),
    "measure.share_further_impoverished": ("further impoverished (already poor, paying out of pocket)",
                                           "因病加重贫困比例（已低于低收入线且有自付）"),
    "measure.mean_catastrophic_received_yuan": ("mean catastrophic insurance received", "人均大病保险报销"),
    "measure.mean_assistance_received_yuan": ("mean medical assistance received", "人均医疗救助"),
    "measure.persons": ("persons", "人数"),
    "measure.spending_total_yuan": ("fund spending", "基金支出"),
    "measure.spending_catastrophic_yuan": ("catastrophic insurance spending", "大病保险支出"),
    "measure.assistance_spending_yuan": ("medical assistance spending", "医疗救助支出"),
    "measure.out_of_pocket_yuan": ("out of pocket, all persons (total)", "个人自付合计"),
    # policy options (comparison.csv of `fundsim burden`)
    "sec.burden_options": ("Policy options: burden and cost", "政策选项：负担与成本"),
    "options.table": ("Option <b>{option}</b> in {year}: option minus baseline, mean over {draws} draws, with its "
                      "standard error on common random numbers (same persons and draws).",
                      "方案 <b>{option}</b>，{year}年：方案减基准，{draws}次模拟的均值，及其共同随机数（同一批个人与模拟）下的标准误。"),
    "options.note": ("From {file}. Fund totals in {unit} per year, per-person amounts in {pp}, shares in % and "
                     "their change in percentage points. Drawn independently, the standard errors would be about "
                     "{ratio} times larger (median over the rows).",
                     "来源：{file}。基金总额单位为{unit}/年，人均金额单位为{pp}，比例为%，其变化为百分点。若独立抽样，"
                     "标准误约为此处的{ratio}倍（各行中位数）。"),
    "options.baseline": ("Baseline of the comparison: scenario {name}.", "比较的基准情景：{name}。"),
    "options.other_baseline": ("The comparison's baseline is scenario {name}, not this run's scenario {run}.",
                               "比较的基准情景为 {name}，并非本次测算的情景 {run}。"),
    "options.group": ("group", "人群"),
    "options.group_fund": ("fund", "基金"),
    "options.group_all": ("all persons", "全体参保人"),
    "options.group_assisted": ("assisted (medical assistance)", "医疗救助对象"),
    "options.baseline_col": ("baseline", "基准"),
    "options.option_col": ("option", "方案"),
    "options.change": ("change", "变化"),
    "options.se": ("standard error", "标准误"),
    "options.share_unit": ("%; change in percentage points", "%，变化为百分点"),
    "fig.options.title": ("Change against the baseline in {year}, all persons by income quintile (±2 standard errors)",
                          "{year}年较基准的变化：全体参保人，按收入五等分组（±2倍标准误）"),
    "fig.options.ylabel": ("change (percentage points)", "变化（百分点）"),
    "fig.options.alt": ("change in burden by option and income quintile", "各方案分收入组负担变化"),
    "sec.adjustment": ("Provincial adjustment fund", "省级调剂金"),
    "sec.decomposition": ("Drivers of cost growth", "费用增长因素分解"),
    "fig.drivers.title": ("Change in enrollees' gross medical cost since {year}, by driver",
                          "参保人医疗总费用较{year}年的变化及其因素分解"),
    "fig.drivers.alt": ("drivers of cost growth", "费用增长因素分解"),
    "drivers.table": ("Share of each driver in the cumulative change:", "各因素占累计变化的比重："),
    "driver.population_size": ("population size", "人口规模"),
    "driver.ageing": ("ageing", "老龄化"),
    "driver.prevalence": ("disease prevalence", "患病率"),
    "driver.utilisation": ("utilisation", "就诊利用率"),
    "driver.unit_cost": ("unit cost", "次均费用"),
    "driver.total": ("total change", "总变化"),
    "table.rows_omitted": ("{n} more rows in {file}.", "另有{n}行见 {file}。"),
    "sec.warnings": ("Run warnings", "运行警告"),
    "footer": ("Scenario <b>{name}</b> ({path}, SHA-256 <code>{sha}</code>) · seed {seed} · {draws} draws · engine {engine}"
               " · fundsim {version} (commit {commit}) · run started {start}",
               "情景 <b>{name}</b>（{path}，SHA-256 <code>{sha}</code>）· 随机种子 {seed} · {draws}次模拟 · 引擎 {engine}"
               " · fundsim {version}（提交 {commit}）· 运行开始于 {start}"),
    "axis.year": ("year", "年份"),
    "axis.probability": ("probability", "概率"),
    "na": ("n/a", "—"),
    # workbook
    "xlsx.contents": ("contents", "目录"),
    "xlsx.sheet": ("sheet", "工作表"),
    "xlsx.source": ("source file", "来源文件"),
    "xlsx.about": ("what it holds", "内容"),
    "xlsx.note": ("Numbers are those of the source files (money in yuan, shares and probabilities as fractions "
                  "shown as %).", "数值与来源文件一致（金额单位为元，比例和概率以百分数显示）。"),
}

# Warning bands of months payable (docs/DESIGN.md §2), in the order of the scale, as the scenario names them
# (fund.warning: red_months, amber_months, target_months, excessive_months).
BANDS: dict[str, tuple[str, str]] = {
    "exhausted": ("exhausted", "基金耗尽"),
    "red": ("red", "红色预警"),
    "amber": ("amber", "橙色预警"),
    "target": ("target", "合理区间"),
    "comfortable": ("comfortable", "较为充裕"),
    "excessive": ("excessive", "结余过多"),
}

# Columns of the output files (risk.csv, warning.csv, depletion.csv, paths.csv, tornado.csv,
# summary.csv) other than metric ids: label and kind of unit.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "year": ("year", "年份", "year"),
    "metric": ("metric", "指标", "text"),
    "mean": ("mean", "均值", "value"),
    "sd": ("sd", "标准差", "value"),
    "p05": ("p05", "P05", "value"),
    "p25": ("p25", "P25", "value"),
    "p50": ("median", "中位数", "value"),
    "p75": ("p75", "P75", "value"),
    "p95": ("p95", "P95", "value"),
    "p_current_deficit": ("P(current deficit)", "当期赤字概率", "probability"),
    "p_depleted": ("P(reserve exhausted)", "累计结余耗尽概率", "probability"),
    "p_months_below_3": ("P(months payable < 3)", "可支付月数低于3个月的概率", "probability"),
    "p_months_below_6": ("P(months payable < 6)", "可支付月数低于6个月的概率", "probability"),
    "months_payable_p05": ("months payable p05", "可支付月数P05", "months"),
    "months_payable_p50": ("months payable, median", "可支付月数中位数", "months"),
    "months_payable_p95": ("months payable p95", "可支付月数P95", "months"),
    "probability": ("probability", "概率", "probability"),
    "cumulative_probability": ("cumulative probability", "累计概率", "probability"),
    "p_exhausted": ("P(exhausted)", "基金耗尽概率", "probability"),
    "p_red": ("P(red)", "红色预警概率", "probability"),
    "p_amber": ("P(amber)", "橙色预警概率", "probability"),
    "p_target": ("P(target)", "合理区间概率", "probability"),
    "p_comfortable": ("P(comfortable)", "较为充裕概率", "probability"),
    "p_excessive": ("P(excessive)", "结余过多概率", "probability"),
    "p_red_or_worse": ("P(red or exhausted)", "红色预警或耗尽概率", "probability"),
    "red_probability_threshold": ("warning threshold", "预警概率阈值", "probability"),
    "path": ("path", "路径", "text"),
    "p_depleted_by_year": ("P(depleted by this year)", "截至当年耗尽概率", "probability"),
    "parameter": ("assumption", "假设参数", "text"),
    "low": ("low value", "低值", "value"),
    "high": ("high value", "高值", "value"),
    "output": ("output", "结果指标", "text"),
    "base": ("baseline", "基准值", "value"),
    "at_low": ("at low value", "低值时结果", "value"),
    "at_high": ("at high value", "高值时结果", "value"),
    "swing": ("swing", "变动幅度", "value"),
    "month": ("month", "月份", "int"),
    "item": ("item", "项目", "text"),
    "value": ("value", "数值", "value"),
    "count": ("draws", "模拟次数", "int"),
    "cumulative_count": ("cumulative draws", "累计模拟次数", "int"),
    "first_year_over_threshold": ("first year over the threshold (1)", "首次超过阈值年份（1）", "int"),
    "label": ("item name", "项目名称", "text"),
    "unit": ("unit", "单位", "text"),
    "p10": ("p10", "P10", "value"),
    "p90": ("p90", "P90", "value"),
    "last_year": ("last year", "上年", "int"),
    "last_year_actual": ("last year's actual", "上年实际", "value"),
    "change": ("change on last year", "比上年增减", "value"),
    "change_pct": ("change on last year", "比上年增减", "share"),
    "source": ("source", "来源", "text"),
    "basis": ("basis", "口径", "text"),
    "from_year": ("from year", "起始年份", "int"),
    "key": ("parameter", "参数", "text"),
    "sampled_from": ("sampled from", "抽样分布", "text"),
    "fixed_by_scenario": ("fixed by the scenario", "由情景固定", "text"),
    "driver": ("driver", "驱动因素", "text"),
    "first_order_share": ("first-order variance share", "一阶方差贡献率", "share"),
    "se": ("standard error", "标准误", "value"),
    "bins": ("bins", "分组数", "int"),
    "draws": ("draws", "模拟次数", "int"),
    # Outputs of `fundsim sensitivity` (METRIC@YEAR) that are not metrics of summary.csv.
    "p_exhausted_by": ("P(exhausted) by", "累计结余耗尽概率，截至", "probability"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"--lang {lang}: expected one of {', '.join(LANGS)}")
    return lang


def _pick(pair, lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def text(key: str, lang: str, **kw) -> str:
    """The sentence `key` in `lang`, with {placeholders} filled (values are inserted as given: escape
    them for HTML before calling when they come from files)."""
    s = _pick(TEXT[key], lang)
    return s.format(**kw) if kw else s


def band(name: str, lang: str) -> str:
    return _pick(BANDS[name], lang)


def unit(kind: str, lang: str) -> str:
    return _pick(UNITS[kind], lang)


def metric_label(metric: str, lang: str) -> str:
    """Label of a metric id; an unknown id is shown as itself."""
    m = METRICS.get(metric)
    return (m.zh if lang == "zh" else m.en) if m else metric


def metric_kind(metric: str) -> str:
    m = METRICS.get(metric)
    return m.kind if m else "value"


def column_label(column: str, lang: str, money: str = "yuan") -> str:
    """Header of a column: its label and, where it has one, its unit ("基金收入（亿元）"). Metric ids
    as columns (paths.csv) are labelled as metrics; unknown columns keep their name."""
    if column in COLUMNS:
        en, zh, kind = COLUMNS[column]
        lab = zh if lang == "zh" else en
    elif column in METRICS:
        lab, kind = metric_label(column, lang), metric_kind(column)
    else:
        return column
    u = kind_unit(kind, lang, money)
    return with_unit(lab, u, lang) if u else lab


def kind_unit(kind: str, lang: str, money: str = "yuan") -> str:
    """The unit shown for a kind of quantity ('' for text, years and plain values)."""
    if kind == "money":
        return unit(money, lang)
    if kind in ("persons", "months", "yuan_per_person", "share", "years"):
        return unit(kind, lang)
    return ""


# Scenario parameters (micro.*) behind the thresholds of the burden measures: each measure's {t}.
MEASURE_THRESHOLDS = {"share_oop_over_low_share_of_income": "oop_share_of_income_low",
                      "share_oop_over_high_share_of_income": "oop_share_of_income_high",
                      "share_oop_over_capacity_to_pay": "oop_share_of_capacity_to_pay"}


def measure_label(measure: str, lang: str, micro: dict | None = None) -> str:
    """Label of a measure of burden.csv / comparison.csv, its threshold filled from the scenario's
    micro block (an unknown threshold is named by its key); an unknown measure is shown as itself."""
    key = f"measure.{measure}"
    if key not in TEXT:
        return measure
    par = MEASURE_THRESHOLDS.get(measure)
    if par is None:
        return text(key, lang)
    v = (micro or {}).get(par)
    try:
        t = f"{100 * float(v):g}%"
    except (TypeError, ValueError):
        t = f"micro.{par}"
    return text(key, lang, t=t)


def quintile_label(q, lang: str) -> str:
    """Income quintile 1-5 (1 = poorest) or 'all'."""
    key = f"burden_q.q{str(q).strip()}"
    return text(key, lang) if key in TEXT else str(q)


def with_unit(label: str, u: str, lang: str) -> str:
    return f"{label}（{u}）" if lang == "zh" else f"{label} ({u})"


# ---------------------------------------------------------------- numbers
MONEY_SCALE = {"yuan": 1.0, "wan": 1e4, "yi": 1e8}
# A fund whose largest yearly flow or balance is below 100亿元 (a city) is shown in 万元; above, in 亿元.
CITY_SCALE_LIMIT_YUAN = 1e10


def money_unit(values) -> str:
    """'yi' (亿元) for a national or provincial fund, 'wan' (万元) for a city's: chosen by the largest
    absolute value (nominal yuan) among `values` (NaN ignored)."""
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    return "wan" if finite and max(finite) < CITY_SCALE_LIMIT_YUAN else "yi"


def money_decimals(unit_id: str) -> int:
    """亿元 with two decimals; 万元 with none (a 万元 figure of a city has 5-6 significant digits)."""
    return {"yi": 2, "wan": 0, "yuan": 0}[unit_id]


def fmt_money(v_yuan, unit_id: str, lang: str) -> str:
    """Nominal yuan in the display unit, with thousands separators."""
    if v_yuan is None or not math.isfinite(float(v_yuan)):
        return text("na", lang)
    x = float(v_yuan) / MONEY_SCALE[unit_id]
    s = f"{x:,.{money_decimals(unit_id)}f}"
    return s[1:] if s.startswith("-") and float(s.replace(",", "")) == 0 else s  # no "-0.00"


def fmt_pct(x, lang: str = "en", decimals: int = 1) -> str:
    if x is None or not math.isfinite(float(x)):
        return text("na", lang)
    return f"{100 * float(x):.{decimals}f}%"


def fmt_num(x, decimals: int = 1, lang: str = "en") -> str:
    if x is None or not math.isfinite(float(x)):
        return text("na", lang)
    return f"{float(x):,.{decimals}f}"


def fmt_year(y, lang: str) -> str:
    return f"{int(y)}年" if lang == "zh" else str(int(y))


def fmt_timestamp(iso: str, lang: str) -> str:
    """An ISO UTC time (2026-12-01T06:10:00Z) as a date and time in the language's style."""
    try:
        t = datetime.datetime.strptime(str(iso), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return str(iso)
    if lang == "zh":
        return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M} UTC"
    return f"{t.day} {t:%B} {t.year}, {t:%H:%M} UTC"
