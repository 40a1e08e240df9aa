"""Who is in scope on the reference date, their age and what they do.

``person_scope``: persons in the frame and living on the reference date (as they
were that day: ``asof.persons_on``), with
age in whole years, age band, the employment type known on that date, and one
flag per employment type that a group's target rule mentions (``has_student``,
``has_employee``...).
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from unireg.coverage.asof import persons_on
from unireg.engine import Step
from unireg.engine.sql import literal
from unireg.rules.profile import CountryProfile


def flagged_types(profile: CountryProfile) -> list[str]:
    """Employment types some group's target rule depends on, in a stable order."""
    types: set[str] = set()
    for g in profile.groups.values():
        types.update(g.exclude_employment_types, g.only_employment_types)
    return sorted(types)


def age_sql(birth: str, ref: dt.date) -> str:
    """Age in whole years on ``ref`` (portable: no date_diff semantics involved)."""
    return (f"({ref.year} - year({birth}) - CASE WHEN month({birth}) > {ref.month} OR "
            f"(month({birth}) = {ref.month} AND day({birth}) > {ref.day}) THEN 1 ELSE 0 END)")


def age_band_sql(age: str, bands: tuple[int, ...]) -> str:
    """'0-15', '16-29', ..., '75+' from the profile's lower bounds."""
    whens = []
    for lo, hi in pairwise(bands):
        whens.append(f"WHEN {age} < {hi} THEN '{lo}-{hi - 1}'")
    return f"CASE {' '.join(whens)} ELSE '{bands[-1]}+' END"


def scope_step(profile: CountryProfile, ref: dt.date) -> Step:
    r = literal(ref)
    flags = ",\n       ".join(
        f"coalesce(bool_or(t.employment_type = {literal(t)}), FALSE) AS has_{t}"
        for t in flagged_types(profile))
    sql = f"""
WITH known_types AS (
  SELECT person_key, employment_type, 0 AS src, start_date AS since, source, row_ref
  FROM employment
  WHERE (start_date IS NULL OR start_date <= {r}) AND (end_date IS NULL OR end_date >= {r})
  UNION ALL
  SELECT person_key, employment_type, 1 AS src, visit_date AS since, source, row_ref
  FROM surveys WHERE employment_type IS NOT NULL AND visit_date <= {r}
), ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY
           CASE WHEN employment_type = 'employee' THEN 0 ELSE 1 END, src,
           since DESC NULLS LAST, source, row_ref) AS rn
  FROM known_types
), types AS (
  SELECT person_key,
       max(CASE WHEN rn = 1 THEN employment_type END) AS employment_type,
       {flags}
  FROM ranked t GROUP BY person_key
), base AS (
  SELECT p.person_key, p.sex, p.birth_date, p.hukou_region, p.residence_region, p.hukou_type,
         {age_sql('p.birth_date', ref)} AS age
  FROM ({persons_on(ref)}) p
  WHERE p.in_frame AND p.birth_date <= {r}
    AND (coalesce(p.status, 'living') = 'living' OR p.status_date > {r})
)
SELECT b.*, {age_band_sql('b.age', profile.age_bands)} AS age_band,
       coalesce(t.employment_type, 'unknown') AS employment_type,
       {', '.join(f'coalesce(t.has_{t}, FALSE) AS has_{t}' for t in flagged_types(profile))}
FROM base b LEFT JOIN types t ON t.person_key = b.person_key"""
    return Step("coverage.scope", sql.strip(), "person_scope", "coverage")
