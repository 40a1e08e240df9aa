"""Definitions: how each figure is computed, in the report's language (docs/reports.md in full)."""

from __future__ import annotations

from unireg.report.model import Section, Text
from unireg.report.sections import Context

_EN = [
    ("In scope", "persons of the population frame living on the reference date."),
    ("Target population", "in scope and within the group's target (old-age: 16 and over, not "
     "a full-time student; medical: everyone; work injury, unemployment, maternity: employees "
     "aged 16 and over)."),
    ("Coverage rate", "insured / in scope; coverage of the target population: insured in the "
     "target / target population. Maps and bars show the latter, by residence region."),
    ("Uninsured", "in the target and not insured in the group; each carries one inferred "
     "reason (a survey answer first, then the registry's evidence)."),
    ("Registered / frame", "frame persons in scope to whom at least one enrolment, employment "
     "or survey record was linked, divided by the frame persons in scope."),
    ("Load rate", "1 − quarantined rows / rows read, per source or province."),
    ("Progress", "achieved = insured in the target now − insured in the target when the plan "
     "was made (net); progress = achieved / the plan's extension target."),
]
_ZH = [
    ("在册人数", "人口底册中于基准日在世的人员。"),
    ("目标人群", "在册且属于险种目标人群（养老：16岁及以上、非全日制学生；医疗：全体；"
     "工伤、失业、生育：16岁及以上职工）。"),
    ("参保率", "参保人数 / 在册人数；目标人群参保率：目标人群中参保人数 / 目标人群。"
     "地图和条形图按常住地显示后者。"),
    ("未参保", "属于目标人群但未参加该险种；每人推断一个原因"
     "（先用入户调查的回答，再用登记数据中的证据）。"),
    ("登记率", "在册且至少有一条参保、就业或调查记录关联到的底册人员 / 在册底册人员。"),
    ("入库率", "1 − 隔离行数 / 读取行数，按数据源或省份计算。"),
    ("完成情况", "完成 = 当前目标人群参保人数 − 制定计划时的目标人群参保人数（净增）；"
     "完成率 = 完成 / 计划扩面目标。"),
]


def build(ctx: Context) -> Section:
    items = _ZH if ctx.t.lang == "zh" else _EN
    dl = "".join(f"<dt>{ctx.esc(k)}</dt><dd>{ctx.esc(v)}</dd>" for k, v in items)
    from unireg.report.geo import ATTRIBUTION

    return Section("definitions", ctx.t("sec_definitions")).add(
        Text(f'<dl class="defs">{dl}</dl><p class="note">{ctx.esc(ATTRIBUTION)}</p>'))
