"""Multiple affiliation and deceased-active: counts by rule and region, and the top cases.

Regions are the persons' residence prefectures (``unknown`` for persons not in
the frame). Top cases: multiple affiliation with the most enrolments involved;
deceased-active with the earliest death (the longest paid after death). IDs
are masked (:func:`unireg.rules.idnumber.mask`).
"""

from __future__ import annotations

from typing import Any

from unireg.report import charts
from unireg.report.model import Chart, Column, Section, Table
from unireg.report.sections import Context
from unireg.rules.idnumber import mask

TOP = 10
_REGION = ("coalesce(substr(p.residence_region, 1, 4) || '00', 'unknown')")


def rule_rows(ctx: Context) -> list[dict[str, Any]]:
    return ctx.reg.rows("SELECT rule, scheme_group, count(*) AS n FROM multiple_affiliation "
                        "GROUP BY ALL ORDER BY rule, scheme_group")


def region_rows(ctx: Context) -> list[dict[str, Any]]:
    """Per residence prefecture: multiple affiliation cases and deceased-active persons."""
    return ctx.reg.rows(f"""
WITH m AS (SELECT {_REGION} AS region, count(*) AS multiple_affiliation
           FROM multiple_affiliation c JOIN persons p ON p.person_key = c.person_key GROUP BY 1),
     d AS (SELECT {_REGION} AS region, count(*) AS deceased_active
           FROM deceased_active c JOIN persons p ON p.person_key = c.person_key GROUP BY 1)
SELECT coalesce(m.region, d.region) AS region,
       coalesce(r.name, coalesce(m.region, d.region)) AS region_name,
       coalesce(m.multiple_affiliation, 0) AS multiple_affiliation,
       coalesce(d.deceased_active, 0) AS deceased_active
FROM m FULL OUTER JOIN d ON d.region = m.region
LEFT JOIN ref_regions r ON r.code = coalesce(m.region, d.region)
ORDER BY multiple_affiliation + deceased_active DESC, region""")


def top_multiple(ctx: Context, n: int = TOP) -> list[dict[str, Any]]:
    rows = ctx.reg.rows("""
SELECT case_id, person_key, scheme_group, rule, array_to_string(record_refs, ' ') AS record_refs,
       keep_ref, enrolments FROM multiple_affiliation
ORDER BY enrolments DESC, case_id LIMIT ?""", [n])
    for r in rows:
        r["person"] = mask(r.pop("person_key"))
    return rows


def top_deceased(ctx: Context, n: int = TOP) -> list[dict[str, Any]]:
    rows = ctx.reg.rows("""
SELECT person_key, death_date, array_to_string(record_refs, ' ') AS record_refs, enrolments,
       receiving FROM deceased_active ORDER BY death_date, person_key LIMIT ?""", [n])
    for r in rows:
        r["person"] = mask(r.pop("person_key"))
        r["death_date"] = r["death_date"].isoformat() if r["death_date"] else None
    return rows


def build(ctx: Context) -> Section:
    t = ctx.t
    sec = Section("cases", t("sec_cases"))
    rules = rule_rows(ctx)
    rule_order = ["multi_scheme", "multi_agency", "duplicate_enrolment"]
    sec.add(Chart("cases-rules", charts.bars(
        [{"rule": t(r["rule"]), "group": t(r["scheme_group"]), "n": r["n"]} for r in rules],
        y="rule", x="n", color="group", title=f"{t('multiple_affiliation')}: {t('rule')}",
        x_title=t("count"), color_title=t("group"), sort=[t(r) for r in rule_order],
        color_domain=[label for _, label in ctx.groups])))
    by_rule: dict[str, dict[str, Any]] = {}
    for r in rules:
        row = by_rule.setdefault(r["rule"], {"rule": r["rule"], "label": t(r["rule"]),
                                             **{g: 0 for g, _ in ctx.groups}})
        row[r["scheme_group"]] = int(r["n"])
    sec.add(Table([Column("label", t("rule")), *[Column(g, lab, "int") for g, lab in ctx.groups]],
                  list(by_rule.values()), figure="rule.{rule}.{col}", name="rules"))
    regions = region_rows(ctx)
    for r in regions:
        if r["region"] == "unknown":
            r["region_name"] = t("unknown")
    long = [{"region": r["region_name"], "what": t(k), "n": r[k]}
            for r in regions for k in ("multiple_affiliation", "deceased_active")]
    sec.add(Chart("cases-regions", charts.bars(
        long, y="region", x="n", color="what", offset=True,
        title=f"{t('multiple_affiliation')} / {t('deceased_active')}: {t('prefecture')}",
        x_title=t("count"), color_title=None, sort=[r["region_name"] for r in regions],
        color_domain=[t("multiple_affiliation"), t("deceased_active")])))
    sec.add(Table([Column("region_name", t("prefecture")),
                   Column("multiple_affiliation", t("multiple_affiliation"), "int"),
                   Column("deceased_active", t("deceased_active"), "int")],
                  regions, figure="cases.{region}.{col}", name="case-regions"))
    ma = top_multiple(ctx)
    for r in ma:
        r["group"], r["rule_label"] = t(r["scheme_group"]), t(r["rule"])
    sec.add(Table([Column("case_id", t("case_id")), Column("person", t("person")),
                   Column("group", t("group")), Column("rule_label", t("rule")),
                   Column("enrolments", t("enrolments"), "int"),
                   Column("record_refs", t("record_refs")), Column("keep_ref", t("keep_ref"))],
                  ma, caption=f"{t('top_cases')}: {t('multiple_affiliation')}", name="top-ma"))
    da = top_deceased(ctx)
    for r in da:
        r["receiving_label"] = "✓" if r["receiving"] else ""
    sec.add(Table([Column("person", t("person")), Column("death_date", t("death_date")),
                   Column("enrolments", t("enrolments"), "int"),
                   Column("receiving_label", t("receiving")),
                   Column("record_refs", t("record_refs"))],
                  da, caption=f"{t('top_cases')}: {t('deceased_active')}", name="top-da"))
    return sec
