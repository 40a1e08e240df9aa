"""Progress against last year's plan (shown only when a plan for this year exists)."""

from __future__ import annotations

from typing import Any

from unireg.plan.progress import progress_rows
from unireg.report import charts
from unireg.report.model import Chart, Column, Section, Table, Text
from unireg.report.sections import Context


def rows(ctx: Context) -> list[dict[str, Any]]:
    assert ctx.plan is not None
    now = {(r["level"], r["region"], r["scheme_group"]): (int(r["target_insured"]),
                                                          int(r["target"]))
           for r in ctx.reg.rows("SELECT level, region, scheme_group, target_insured, target "
                                 "FROM coverage_summary")}
    return progress_rows(ctx.plan, now)


def build(ctx: Context) -> Section | None:
    if ctx.plan is None:
        return None
    t = ctx.t
    plan = ctx.plan
    data = rows(ctx)
    for r in data:
        r["group"] = t(r["scheme_group"])
        r["met_label"] = t("met") if r["met"] else t("not_met")
    sec = Section("progress", t("sec_progress"))
    m = plan.manifest
    sec.add(Text(
        f'<div class="metas"><div class="meta"><span>{ctx.esc(t("plan_year"))}</span>'
        f'<b data-figure="plan.year">{plan.year}</b></div>'
        f'<div class="meta"><span>{ctx.esc(t("plan_build"))}</span>'
        f'<b data-figure="plan.build_id">{ctx.esc(plan.build_id)}</b> '
        f'({ctx.esc(m.get("reference_date", ""))})</div>'
        f'<div class="meta"><span>{ctx.esc(t("rate_target"))}</span>'
        f'<b data-figure="plan.rate_target">{float(m["rate_target"]):.1%}</b></div></div>'))
    cols = [Column("group", t("group")),
            Column("insured_then", t("insured_then"), "int"),
            Column("ext_target", t("ext_target"), "int"),
            Column("insured_now", t("insured_now"), "int"),
            Column("achieved", t("achieved"), "int"),
            Column("progress", t("progress"), "pct"),
            Column("rate_now", t("rate_now"), "pct"),
            Column("met_label", t("status"))]
    nation = [r for r in data if r["level"] == "nation"]
    sec.add(Table(cols, nation, caption=t("nation"), figure="progress.nation.{scheme_group}.{col}",
                  name="progress-nation"))
    pref = [r for r in data if r["level"] == "prefecture"]
    if pref:
        sec.add(Chart("progress-prefecture", charts.bullet(
            pref, ctx.groups, f"{t('achieved')} / {t('ext_target')} — {t('prefecture')}",
            {"achieved": t("achieved")})))
        table: dict[str, dict[str, Any]] = {}
        for r in pref:
            row = table.setdefault(r["region"], {"region": r["region"],
                                                 "region_name": r["region_name"]})
            row[r["scheme_group"]] = r["progress"]
        sec.add(Table([Column("region_name", t("prefecture")),
                       *[Column(g, label, "pct") for g, label in ctx.groups]],
                      [table[k] for k in sorted(table)],
                      caption=f"{t('progress')} — {t('prefecture')}",
                      figure="progress.{region}.{col}", name="progress-prefecture"))
    return sec
