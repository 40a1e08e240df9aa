"""The uninsured (in target, not insured) by inferred reason and by target group."""

from __future__ import annotations

from typing import Any

from unireg.plan.groups import TARGET_GROUPS, person_groups_sql
from unireg.report import charts
from unireg.report.model import Chart, Column, Section, Table
from unireg.report.sections import Context


def reason_rows(ctx: Context) -> list[dict[str, Any]]:
    """(scheme_group, reason, n) from ``uninsured``."""
    return ctx.reg.rows("SELECT scheme_group, reason, count(*) AS n FROM uninsured "
                        "GROUP BY ALL ORDER BY scheme_group, reason")


def target_group_rows(ctx: Context) -> list[dict[str, Any]]:
    """(target_group, scheme_group, n): uninsured (person × group) rows of the group's people."""
    flags = ", ".join(f"count(*) FILTER (WHERE g.{tg}) AS {tg}" for tg in TARGET_GROUPS)
    rows = ctx.reg.rows(f"""
WITH g AS ({person_groups_sql(ctx.reg.reference_date)})
SELECT u.scheme_group, {flags}
FROM uninsured u JOIN g ON g.person_key = u.person_key GROUP BY u.scheme_group""")
    return [{"target_group": tg, "scheme_group": r["scheme_group"], "n": int(r[tg])}
            for r in rows for tg in TARGET_GROUPS]


def _pivot(rows: list[dict[str, Any]], key: str, groups: list[str]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = out.setdefault(r[key], {key: r[key], **dict.fromkeys(groups, 0)})
        row[r["scheme_group"]] = int(r["n"])
    return list(out.values())


def build(ctx: Context) -> Section:
    t = ctx.t
    codes = [g for g, _ in ctx.groups]
    sec = Section("uninsured", t("sec_uninsured"))
    reasons = reason_rows(ctx)
    reason_order = [r for r in ctx.reg.profile.codes_of("reason_uninsured")]
    sec.add(Chart("uninsured-reasons", charts.bars(
        [{"group": t(r["scheme_group"]), "reason": t(r["reason"]), "n": r["n"]}
         for r in reasons],
        y="group", x="n", color="reason", title=t("by_reason"), x_title=t("uninsured"),
        color_title=t("reason"), sort=[label for _, label in ctx.groups],
        color_domain=[t(r) for r in reason_order])))
    rp = _pivot(reasons, "reason", codes)
    rp.sort(key=lambda r: reason_order.index(r["reason"]) if r["reason"] in reason_order else 99)
    for r in rp:
        r["label"] = t(r["reason"])
    sec.add(Table([Column("label", t("reason")), *[Column(g, lab, "int") for g, lab in ctx.groups]],
                  rp, caption=t("by_reason"), figure="reason.{reason}.{col}", name="reasons"))
    tg = target_group_rows(ctx)
    sec.add(Chart("uninsured-target-groups", charts.bars(
        [{"target_group": t(r["target_group"]), "group": t(r["scheme_group"]), "n": r["n"]}
         for r in tg],
        y="target_group", x="n", color="group", offset=True, title=t("by_target_group"),
        x_title=t("uninsured"), color_title=t("group"),
        sort=[t(x) for x in TARGET_GROUPS], color_domain=[label for _, label in ctx.groups])))
    tp = _pivot(tg, "target_group", codes)
    for r in tp:
        r["label"] = t(r["target_group"])
    sec.add(Table([Column("label", t("target_group")),
                   *[Column(g, lab, "int") for g, lab in ctx.groups]],
                  tp, caption=t("by_target_group"), figure="target_group.{target_group}.{col}",
                  name="target-groups"))
    return sec
