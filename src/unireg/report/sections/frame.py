"""The registered population against the frame, per province (the seed's "96% of the census").

``frame``: persons of the population frame in scope on the reference date,
by residence province. ``registered``: those of them that at least one
accepted enrolment, employment or survey record was linked to.
``registered_rate = registered / frame``. Persons found only outside the
frame (no population record) are counted apart, by the province of the
agency of their first enrolment (or ``unknown``).
"""

from __future__ import annotations

from typing import Any

from unireg.report import charts
from unireg.report.model import Chart, Column, Section, Table
from unireg.report.sections import Context

REGISTRATION_KINDS = ("enrolment", "employment", "survey")


def frame_rows(ctx: Context) -> list[dict[str, Any]]:
    rows = ctx.reg.rows("""
WITH reg AS (SELECT DISTINCT person_key FROM links
             WHERE kind IN ('enrolment', 'employment', 'survey')),
     f AS (SELECT substr(s.residence_region, 1, 2) || '0000' AS province,
                  count(*) AS frame, count(r.person_key) AS registered
           FROM person_scope s LEFT JOIN reg r ON r.person_key = s.person_key GROUP BY 1),
     o AS (SELECT coalesce(substr(e.agency_region, 1, 2) || '0000', 'unknown') AS province,
                  count(*) AS outside_frame
           FROM persons p
           LEFT JOIN (SELECT person_key, agency_region, ROW_NUMBER() OVER (
                        PARTITION BY person_key ORDER BY _file, _row) AS rn
                      FROM enrolments) e ON e.person_key = p.person_key AND e.rn = 1
           WHERE NOT p.in_frame GROUP BY 1)
SELECT coalesce(f.province, o.province) AS province,
       coalesce(rg.name, coalesce(f.province, o.province)) AS province_name,
       coalesce(f.frame, 0) AS frame, coalesce(f.registered, 0) AS registered,
       CASE WHEN f.frame > 0 THEN CAST(f.registered AS DOUBLE) / f.frame END AS registered_rate,
       coalesce(o.outside_frame, 0) AS outside_frame
FROM f FULL OUTER JOIN o ON o.province = f.province
LEFT JOIN ref_regions rg ON rg.code = coalesce(f.province, o.province)
ORDER BY frame DESC, province""")
    return rows


def build(ctx: Context) -> Section:
    t = ctx.t
    all_rows = frame_rows(ctx)
    rows = [r for r in all_rows if r["frame"]]
    rest = sum(int(r["outside_frame"]) for r in all_rows if not r["frame"])
    total_frame = sum(int(r["frame"]) for r in rows)
    total_reg = sum(int(r["registered"]) for r in rows)
    total = {"province": "100000", "province_name": t("nation"), "frame": total_frame,
             "registered": total_reg,
             "registered_rate": total_reg / total_frame if total_frame else None,
             "outside_frame": sum(int(r["outside_frame"]) for r in all_rows)}
    elsewhere = {"province": "elsewhere", "province_name": t("elsewhere"), "frame": None,
                 "registered": None, "registered_rate": None, "outside_frame": rest}
    sec = Section("frame", t("sec_frame"))
    sec.add(Table([Column("province_name", t("province")),
                   Column("frame", t("frame_in_scope"), "int"),
                   Column("registered", t("registered"), "int"),
                   Column("registered_rate", t("registered_rate"), "pct"),
                   Column("outside_frame", t("outside_frame"), "int")],
                  [total, *rows, *([elsewhere] if rest else [])], figure="frame.{province}.{col}",
                  name="frame"))
    long = []
    for r in rows:
        if not r["frame"]:
            continue
        long.append({"province": r["province_name"], "what": t("frame_in_scope"),
                     "n": r["frame"]})
        long.append({"province": r["province_name"], "what": t("registered"),
                     "n": r["registered"]})
    sec.add(Chart("frame-bars", charts.bars(
        long, y="province", x="n", color="what", offset=True, title=t("sec_frame"),
        x_title=t("persons"), color_title=None, sort=[r["province_name"] for r in rows],
        color_domain=[t("frame_in_scope"), t("registered")])))
    return sec
