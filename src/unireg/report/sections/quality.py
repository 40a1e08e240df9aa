"""Data quality per source and province: rows, accepted, quarantined by rule, field
completeness, load rate; sources and provinces ranked.

- ``load_rate = 1 − quarantined / rows_read`` (re-deliveries count as loaded:
  they are not errors, only not used twice);
- quarantined *records* come from ``reconciliation``; problems *by rule* from
  ``quarantine`` and ``stage_rejects`` (a record can have several problems);
- completeness of a field = share of the source's delivered rows where it is
  not empty;
- a record's province is that of its region field (population: hukou region;
  enrolment: agency; employer: region; employment: the employer code's region
  digits; survey: residence; events: region); ``unknown`` if that is not a
  six-digit code.
"""

from __future__ import annotations

from typing import Any

from unireg.engine.sql import quote_ident
from unireg.report import charts
from unireg.report.model import Chart, Column, Section, Table
from unireg.report.sections import Context
from unireg.validate.fields import KINDS

REGION_FIELD = {"population": "hukou_region", "enrolment": "agency_region",
                "employer": "region", "employment": "substr(employer_id, 3, 6)",
                "survey": "residence_region", "events": "region"}


def source_rows(ctx: Context) -> list[dict[str, Any]]:
    """Per source: kind, rows read, accepted, quarantined, re-delivered, load rate (worst first)."""
    return ctx.reg.rows("""
SELECT source, string_agg(DISTINCT kind, ', ') AS kind, count(*) AS files,
       CAST(sum(rows_read) AS BIGINT) AS rows_read, CAST(sum(accepted) AS BIGINT) AS accepted,
       CAST(sum(quarantined) AS BIGINT) AS quarantined,
       CAST(sum(redelivered) AS BIGINT) AS redelivered,
       CASE WHEN sum(rows_read) > 0
            THEN 1 - CAST(sum(quarantined) AS DOUBLE) / sum(rows_read) END AS load_rate
FROM reconciliation GROUP BY source ORDER BY load_rate, source""")


def rule_rows(ctx: Context) -> list[dict[str, Any]]:
    """Problems per source and rule (quarantine + rows that could not be read)."""
    return ctx.reg.rows("""
SELECT source, rule, count(*) AS n FROM (
  SELECT source, rule FROM quarantine
  UNION ALL SELECT _source AS source, rule FROM stage_rejects)
GROUP BY ALL ORDER BY source, n DESC, rule""")


def completeness_rows(ctx: Context) -> list[dict[str, Any]]:
    """Per source and standard field: share of delivered rows where the field is not empty."""
    out: list[dict[str, Any]] = []
    for kind, fields in KINDS.items():
        table = quote_ident(f"stage_{kind}")
        if not ctx.reg.has_table(f"stage_{kind}"):
            continue
        cols = ", ".join(f"count(NULLIF(trim({quote_ident(f)}), '')) AS {quote_ident(f)}"
                         for f in fields)
        for r in ctx.reg.rows(f"SELECT _source AS source, count(*) AS n, {cols} FROM {table} "
                              "GROUP BY _source ORDER BY _source"):
            for f in fields:
                out.append({"source": r["source"], "kind": kind, "field": f,
                            "completeness": r[f] / r["n"] if r["n"] else None})
    return out


def province_rows(ctx: Context) -> list[dict[str, Any]]:
    """Per province of the records' region field: rows, quarantined, load rate (worst first)."""

    def region(kind: str) -> str:
        expr = REGION_FIELD[kind]
        return expr if "(" in expr else quote_ident(expr)

    parts = [f"SELECT _file, _row, {region(k)} AS region FROM {quote_ident('stage_' + k)}"
             for k in KINDS if ctx.reg.has_table(f"stage_{k}")]
    parts.append("SELECT DISTINCT _file, _row, NULL AS region FROM stage_rejects")
    return ctx.reg.rows(f"""
WITH recs AS ({' UNION ALL '.join(parts)}),
     q AS (SELECT DISTINCT _file, _row FROM quarantine
           UNION SELECT DISTINCT _file, _row FROM stage_rejects),
     p AS (SELECT CASE WHEN regexp_full_match(trim(r.region), '[0-9]{{6}}')
                       THEN substr(trim(r.region), 1, 2) || '0000' ELSE 'unknown' END AS province,
                  q._file IS NOT NULL AS bad
           FROM recs r LEFT JOIN q ON q._file = r._file AND q._row = r._row)
SELECT p.province, coalesce(g.name, p.province) AS province_name, count(*) AS rows_read,
       count(*) FILTER (WHERE p.bad) AS quarantined,
       1 - CAST(count(*) FILTER (WHERE p.bad) AS DOUBLE) / count(*) AS load_rate
FROM p LEFT JOIN ref_regions g ON g.code = p.province
GROUP BY ALL ORDER BY load_rate, rows_read DESC, province""")


def build(ctx: Context) -> Section:
    t = ctx.t
    sec = Section("quality", t("sec_quality"))
    sources = source_rows(ctx)
    sec.add(Table([Column("source", t("source")), Column("kind", t("kind")),
                   Column("rows_read", t("rows_read"), "int"),
                   Column("accepted", t("accepted"), "int"),
                   Column("quarantined", t("quarantined"), "int"),
                   Column("redelivered", t("redelivered"), "int"),
                   Column("load_rate", t("load_rate"), "pct")],
                  sources, caption=t("sources_ranked"), figure="source.{source}.{col}",
                  name="sources"))
    sec.add(Chart("quality-load", charts.dots(
        sources, y="source", x="load_rate", title=t("sources_ranked"),
        x_title=t("load_rate"), sort=[r["source"] for r in sources])))
    rules = rule_rows(ctx)
    if rules:
        sec.add(Chart("quality-rules", charts.bars(
            rules, y="source", x="n", color="rule", title=t("quarantine_by_rule"),
            x_title=t("problems"), color_title=t("rule"))))
    by_rule: dict[str, int] = {}
    for r in rules:
        by_rule[r["rule"]] = by_rule.get(r["rule"], 0) + int(r["n"])
    sec.add(Table([Column("rule", t("rule")), Column("n", t("problems"), "int")],
                  [{"rule": k, "n": v} for k, v in sorted(by_rule.items(), key=lambda kv: -kv[1])],
                  caption=t("quarantine_by_rule"), figure="rule_problems.{rule}", name="rules"))
    comp = completeness_rows(ctx)
    if comp:
        fields = list(dict.fromkeys(r["field"] for r in comp))
        sec.add(Chart("quality-completeness", charts.heatmap(
            [r for r in comp if r["completeness"] is not None], x="field", y="source",
            value="completeness", title=t("field_completeness"),
            value_title=t("completeness"), x_sort=fields)))
    provinces = province_rows(ctx)
    for r in provinces:
        if r["province"] == "unknown":
            r["province_name"] = t("unknown")
    sec.add(Table([Column("province_name", t("province")),
                   Column("rows_read", t("rows_read"), "int"),
                   Column("quarantined", t("quarantined"), "int"),
                   Column("load_rate", t("load_rate"), "pct")],
                  provinces, caption=t("provinces_ranked"), figure="qprovince.{province}.{col}",
                  name="quality-provinces"))
    sec.add(Chart("quality-provinces", charts.dots(
        provinces, y="province_name", x="load_rate", title=t("provinces_ranked"),
        x_title=t("load_rate"), sort=[r["province_name"] for r in provinces])))
    return sec
