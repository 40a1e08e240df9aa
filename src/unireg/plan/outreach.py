"""Outreach lists for field teams, as SQL over the registry (docs/reports.md).

Each list is a named query; persons appear with their ID masked and their name
shortened to the family name unless the plan is made ``unmasked`` for a stated
purpose. Person lists are ordered by residence county, so a team takes its
county's rows.

>>> qs = outreach_queries(__import__("datetime").date(2017, 12, 31), ("old_age",))
>>> [q.name for q in qs][:4]
['employers', 'employer_staff', 'migrant_clusters', 'migrants']
>>> [q.name for q in qs][4:]
['flexible_workers', 'elderly_no_pension', 'rural_not_enrolled']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unireg.engine.sql import literal, quote_ident
from unireg.plan.groups import PENSION_GROUP, current_jobs_sql, person_groups_sql
from unireg.rules import idnumber as idn


@dataclass(frozen=True)
class Outreach:
    name: str
    sql: str
    personal: bool  # lists persons (masked unless unmasked)


def person_sql(col: str, unmasked: bool) -> str:
    """The person column: the key, masked when it is an ID number (registry keys start with P)."""
    if unmasked:
        return col
    return f"CASE WHEN {col} LIKE 'P%' THEN {col} ELSE {idn.sql_mask(col)} END"


def name_sql(col: str, unmasked: bool) -> str:
    """The name, or its first character and one * per other character.

    The SQL twin of :func:`mask_name`.
    """
    if unmasked:
        return f"coalesce({col}, '')"
    return (f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' "
            f"ELSE left({col}, 1) || repeat('*', length({col}) - 1) END")


def mask_name(name: str | None) -> str:
    """A name shortened for a masked list.

    >>> mask_name("欧阳娜娜"), mask_name(""), mask_name(None)
    ('欧***', '', '')
    """
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def _with(ref: dt.date) -> str:
    """Common table expressions every list uses."""
    return f"""
WITH pg AS ({person_groups_sql(ref)}
), un AS (
  SELECT person_key, string_agg(scheme_group, ', ' ORDER BY scheme_group) AS uninsured_groups,
         list(scheme_group) AS groups_list,
         string_agg(DISTINCT reason, ', ' ORDER BY reason) AS reasons
  FROM uninsured GROUP BY person_key
), base AS (
  SELECT pg.*, p.name, un.uninsured_groups, un.groups_list, un.reasons,
         rc.name AS county_name
  FROM pg JOIN persons p ON p.person_key = pg.person_key
  LEFT JOIN un ON un.person_key = pg.person_key
  LEFT JOIN ref_regions rc ON rc.code = pg.residence_region
)"""


def _person_cols(unmasked: bool) -> str:
    return (f"b.residence_region AS county, b.county_name, {person_sql('b.person_key', unmasked)} "
            f"AS person, {name_sql('b.name', unmasked)} AS name, b.sex, b.age")


def outreach_queries(ref: dt.date, groups: tuple[str, ...],
                     unmasked: bool = False) -> list[Outreach]:
    """The outreach lists, in sheet order. ``groups``: the profile's scheme groups."""
    w = _with(ref)
    cols = _person_cols(unmasked)
    per_group = ",\n  ".join(
        f"count(*) FILTER (WHERE list_contains(st.groups, {literal(g)})) AS "
        f"{quote_ident('unenrolled_' + g)}" for g in groups)
    employers = f"""
WITH jobs AS ({current_jobs_sql(ref)}
), un AS (SELECT person_key, list(scheme_group) AS groups FROM uninsured GROUP BY person_key
), staff AS (
  SELECT j.employer_id, j.person_key, un.groups FROM jobs j
  JOIN person_scope s ON s.person_key = j.person_key
  LEFT JOIN un ON un.person_key = j.person_key
)
SELECT st.employer_id, e.name AS employer_name, e.region, r.name AS region_name, e.industry,
  e.size, e.employees AS declared_employees, count(*) AS staff_found,
  count(*) FILTER (WHERE st.groups IS NOT NULL) AS unenrolled_staff,
  {per_group}
FROM staff st
LEFT JOIN employers e ON e.employer_id = st.employer_id
LEFT JOIN ref_regions r ON r.code = e.region
GROUP BY ALL HAVING count(*) FILTER (WHERE st.groups IS NOT NULL) > 0
ORDER BY unenrolled_staff DESC, st.employer_id"""
    staff = f"""{w}, jobs AS ({current_jobs_sql(ref)}
), ranked AS (
  SELECT j.employer_id, count(*) AS unenrolled FROM jobs j JOIN un ON un.person_key = j.person_key
  JOIN person_scope s ON s.person_key = j.person_key GROUP BY j.employer_id
)
SELECT j.employer_id, e.name AS employer_name, rk.unenrolled AS employer_unenrolled, {cols},
       b.uninsured_groups, b.reasons
FROM jobs j JOIN base b ON b.person_key = j.person_key
JOIN ranked rk ON rk.employer_id = j.employer_id
LEFT JOIN employers e ON e.employer_id = j.employer_id
WHERE b.uninsured_groups IS NOT NULL
ORDER BY rk.unenrolled DESC, j.employer_id, b.residence_region, b.person_key"""
    per_group_migrants = ", ".join(
        f"count(*) FILTER (WHERE list_contains(b.groups_list, {literal(g)})) AS "
        f"{quote_ident('uninsured_' + g)}" for g in groups)
    clusters = f"""{w}
SELECT b.residence_region AS county, b.county_name,
       substr(b.hukou_region, 1, 2) || '0000' AS origin_province, o.name AS origin_name,
       count(*) AS migrants,
       count(*) FILTER (WHERE b.uninsured_groups IS NOT NULL) AS uninsured_migrants,
       {per_group_migrants}
FROM base b LEFT JOIN ref_regions o ON o.code = substr(b.hukou_region, 1, 2) || '0000'
WHERE b.migrant
GROUP BY ALL HAVING count(*) FILTER (WHERE b.uninsured_groups IS NOT NULL) > 0
ORDER BY uninsured_migrants DESC, county, origin_province"""
    migrants = f"""{w}
SELECT {cols}, b.hukou_region, h.name AS hukou_name, b.employment_type, b.uninsured_groups,
       b.reasons
FROM base b LEFT JOIN ref_regions h ON h.code = b.hukou_region
WHERE b.migrant AND b.uninsured_groups IS NOT NULL
ORDER BY b.residence_region, b.hukou_region, b.person_key"""
    flexible = f"""{w}
SELECT {cols}, b.employment_type, b.hukou_type, b.uninsured_groups, b.reasons
FROM base b WHERE b.flexible AND b.uninsured_groups IS NOT NULL
ORDER BY b.residence_region, b.person_key"""
    elderly = f"""{w}, oa AS (
  SELECT person_key, string_agg(DISTINCT status, ', ' ORDER BY status) AS statuses
  FROM valid_enrolments WHERE scheme_group = {literal(PENSION_GROUP)} GROUP BY person_key
)
SELECT {cols}, b.hukou_type, coalesce(oa.statuses, 'not enrolled') AS pension_enrolment,
       coalesce(b.uninsured_groups, '') AS uninsured_groups, coalesce(b.reasons, '') AS reasons
FROM base b LEFT JOIN oa ON oa.person_key = b.person_key
WHERE b.elderly_no_pension
ORDER BY b.residence_region, b.person_key"""
    rural = f"""{w}
SELECT {cols}, b.hukou_region, b.employment_type, b.uninsured_groups, b.reasons
FROM base b WHERE b.rural AND b.uninsured_groups IS NOT NULL
ORDER BY b.residence_region, b.person_key"""
    return [
        Outreach("employers", employers, False),
        Outreach("employer_staff", staff, True),
        Outreach("migrant_clusters", clusters, False),
        Outreach("migrants", migrants, True),
        Outreach("flexible_workers", flexible, True),
        Outreach("elderly_no_pension", elderly, True),
        Outreach("rural_not_enrolled", rural, True),
    ]
