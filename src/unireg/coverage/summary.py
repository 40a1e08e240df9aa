"""Coverage figures: by residence region at every level, and by other cuts.

``coverage_summary`` (data-standard §5): ``level, region, region_name,
scheme_group, in_scope, insured, rate`` plus the same for the group's target
population (``target, target_insured, target_rate``). Levels: county,
prefecture, province and nation (region ``100000``, GB/T 2260's code for the
whole country). ``coverage_cuts``: the same figures by sex, age band, hukou
type, employment type, and hukou province.
"""

from __future__ import annotations

from unireg.engine import Step

NATION = "100000"

_MEASURES = """count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured"""

_RATES = """in_scope, insured, CAST(insured AS DOUBLE) / in_scope AS rate,
       target, target_insured,
       CASE WHEN target > 0 THEN CAST(target_insured AS DOUBLE) / target END AS target_rate"""


def rate_columns() -> str:
    """The figures of a summary row from its counts (shared with ``unireg.update``)."""
    return _RATES


_SUMS = """CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured"""


def _grouped(columns: dict[str, str]) -> str:
    """SQL: coverage joined to person_scope once, counted by ``columns`` (name: expression)
    and scheme group — a few thousand rows every level or cut is then summed from, instead
    of one join of the whole registry per level or cut."""
    select = ", ".join(f"{expr} AS {name}" for name, expr in columns.items())
    group = ", ".join(columns.values())
    return (f"SELECT {select}, c.scheme_group, {_MEASURES}\n"
            f"FROM coverage c JOIN person_scope s ON s.person_key = c.person_key\n"
            f"GROUP BY {group}, c.scheme_group")


def summary_step() -> Step:
    levels = {
        "county": "county",
        "prefecture": "substr(county, 1, 4) || '00'",
        "province": "substr(county, 1, 2) || '0000'",
        "nation": f"'{NATION}'",
    }
    parts = [
        f"SELECT '{level}' AS level, {expr} AS region, scheme_group, {_SUMS}\n"
        f"FROM counties GROUP BY {expr}, scheme_group"
        for level, expr in levels.items()
    ]
    sql = f"""
WITH counties AS (
{_grouped({"county": "s.residence_region"})}
),
g AS (
{chr(10).join(['  ' + p if i == 0 else '  UNION ALL ' + p for i, p in enumerate(parts)])}
)
SELECT g.level, g.region, coalesce(r.name, CASE WHEN g.level = 'nation' THEN 'nation' END) AS region_name,
       g.scheme_group, {_RATES}
FROM g LEFT JOIN ref_regions r ON r.code = g.region"""
    return Step("coverage.summary", sql.strip(), "coverage_summary", "coverage")


def cuts_step() -> Step:
    cuts = {
        "sex": "s.sex",
        "age_band": "s.age_band",
        "hukou_type": "coalesce(s.hukou_type, 'unknown')",
        "employment_type": "s.employment_type",
        "hukou_province": "substr(s.hukou_region, 1, 2) || '0000'",
        "residence_province": "substr(s.residence_region, 1, 2) || '0000'",
    }
    parts = [
        f"SELECT '{cut}' AS cut, {cut} AS value, scheme_group, {_SUMS}\n"
        f"FROM cells GROUP BY {cut}, scheme_group"
        for cut in cuts
    ]
    sql = (f"WITH cells AS (\n{_grouped(cuts)}\n),\ng AS (\n" + "\nUNION ALL\n".join(parts)
           + f"\n)\nSELECT cut, value, scheme_group, {_RATES} FROM g")
    return Step("coverage.cuts", sql, "coverage_cuts", "coverage")
