"""Age–sex pyramids of each group's target population: insured against uninsured.

Ages in five-year bands on the reference date (``85+`` last). Persons whose
sex is not 1 (male) or 2 (female) are counted in a note, not drawn.
"""

from __future__ import annotations

from typing import Any

from unireg.report import charts
from unireg.report.model import Chart, Column, Section, Table, Text
from unireg.report.sections import Context

BAND = 5
TOP = 85
BANDS = [f"{a}-{a + BAND - 1}" for a in range(0, TOP, BAND)] + [f"{TOP}+"]


def band_sql(age: str) -> str:
    return (f"CASE WHEN {age} >= {TOP} THEN '{TOP}+' ELSE CAST({age} // {BAND} * {BAND} AS VARCHAR)"
            f" || '-' || CAST({age} // {BAND} * {BAND} + {BAND - 1} AS VARCHAR) END")


def pyramid_rows(ctx: Context) -> list[dict[str, Any]]:
    return ctx.reg.rows(f"""
SELECT c.scheme_group, {band_sql('s.age')} AS band, s.sex,
       CASE WHEN c.insured THEN 'insured' ELSE 'uninsured' END AS status, count(*) AS n
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
WHERE c.in_target AND s.sex IN ('1', '2')
GROUP BY ALL ORDER BY 1, 2, 3, 4""")


def build(ctx: Context) -> Section:
    t = ctx.t
    rows = pyramid_rows(ctx)
    other = ctx.reg.one("SELECT count(DISTINCT person_key) FROM person_scope "
                        "WHERE sex IS NULL OR sex NOT IN ('1', '2')")
    labels = {k: t(k) for k in ("male", "female", "insured", "uninsured", "age_band", "sex",
                                "status", "count")}
    sec = Section("pyramid", t("sec_pyramid"))
    sec.add(Chart("pyramid", charts.pyramid(rows, ctx.groups, BANDS, t("sec_pyramid"), labels)))
    if other:
        sec.add(Text(f'<p class="note">{ctx.esc(t("sex"))} ≠ 1, 2: {int(other):,}</p>'))
    totals: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = totals.setdefault(r["scheme_group"], {"scheme_group": r["scheme_group"],
                                                    "group": t(r["scheme_group"]),
                                                    "insured_1": 0, "uninsured_1": 0,
                                                    "insured_2": 0, "uninsured_2": 0})
        row[f"{r['status']}_{r['sex']}"] += int(r["n"])
    order = [g for g, _ in ctx.groups]
    sec.add(Table([Column("group", t("group")),
                   Column("insured_1", f"{t('male')}: {t('insured')}", "int"),
                   Column("uninsured_1", f"{t('male')}: {t('uninsured')}", "int"),
                   Column("insured_2", f"{t('female')}: {t('insured')}", "int"),
                   Column("uninsured_2", f"{t('female')}: {t('uninsured')}", "int")],
                  sorted(totals.values(), key=lambda r: order.index(r["scheme_group"])),
                  figure="pyramid.{scheme_group}.{col}", name="pyramid"))
    return sec
