"""Who is insured in each scheme group on the reference date.

``valid_enrolments``: enrolments valid on the date (started, not ended, not
terminated), each in the version that held that day (``asof.enrolments_on``).
``coverage``: one row per in-scope person and group.
"""

from __future__ import annotations

import datetime as dt

from unireg.coverage.asof import enrolments_on
from unireg.engine import Step
from unireg.engine.sql import literal, sorted_set
from unireg.rules.profile import CountryProfile, Group


def valid_enrolments_step(ref: dt.date) -> Step:
    r = literal(ref)
    sql = f"""
SELECT * FROM ({enrolments_on(ref)}) e
WHERE start_date <= {r} AND (end_date IS NULL OR end_date >= {r}) AND status <> 'terminated'"""
    # A view: every reader filters the enrolments itself. Stored, the table (every column of
    # nearly every enrolment) took longer to write than its readers take to filter.
    return Step("coverage.valid_enrolments", sql.strip(), "valid_enrolments", "coverage",
                view=True)


def target_sql(group: Group) -> str:
    """SQL over ``person_scope`` columns: is the person in the group's target population?"""
    parts = [f"s.age >= {group.min_age}"]
    if group.max_age is not None:
        parts.append(f"s.age <= {group.max_age}")
    parts += [f"NOT s.has_{t}" for t in group.exclude_employment_types]
    if group.only_employment_types:
        parts.append("(" + " OR ".join(f"s.has_{t}" for t in group.only_employment_types) + ")")
    return " AND ".join(parts)


def coverage_step(profile: CountryProfile) -> Step:
    target = " ".join(f"WHEN {literal(g.code)} THEN ({target_sql(g)})"
                      for g in profile.groups.values())
    # The enrolments are grouped by (person, group) first, the ~47M (person, group) rows
    # only joined to them: grouping those rows, each joined to its enrolments, took 60 s
    # at 10M. Nearly every group holds one scheme at one agency (23.5M groups of 23.9M
    # enrolments at 10M, 0.4M with more), so the grouping keeps only the least and the
    # greatest values; the sorted lists are built for the groups where they differ (list
    # aggregates over every group took 45 s, this 21 s, the same rows). Where the join
    # finds nothing the lists are empty, as an aggregate of no values gives them.
    empty = "CAST([] AS VARCHAR[])"
    sql = f"""
WITH t AS (
  SELECT s.person_key, g.scheme_group, CASE g.scheme_group {target} END AS in_target
  FROM person_scope s CROSS JOIN ref_groups g
),
a AS (
  SELECT person_key, scheme_group, min(scheme) AS s_lo, max(scheme) AS s_hi,
         min(agency_region) AS r_lo, max(agency_region) AS r_hi
  FROM valid_enrolments GROUP BY person_key, scheme_group
),
m AS (
  SELECT e.person_key, e.scheme_group, {sorted_set('e.scheme')} AS schemes,
         {sorted_set('e.agency_region')} AS agency_regions
  FROM valid_enrolments e
  SEMI JOIN (SELECT person_key, scheme_group FROM a WHERE s_lo <> s_hi OR r_lo <> r_hi) x
    ON x.person_key = e.person_key AND x.scheme_group = e.scheme_group
  GROUP BY e.person_key, e.scheme_group
)
SELECT t.person_key, t.scheme_group,
       a.person_key IS NOT NULL AS insured,
       CASE WHEN m.person_key IS NOT NULL THEN m.schemes
            WHEN a.s_lo IS NOT NULL THEN [a.s_lo] ELSE {empty} END AS schemes,
       CASE WHEN m.person_key IS NOT NULL THEN m.agency_regions
            WHEN a.r_lo IS NOT NULL THEN [a.r_lo] ELSE {empty} END AS agency_regions,
       t.in_target
FROM t
LEFT JOIN a ON a.person_key = t.person_key AND a.scheme_group = t.scheme_group
LEFT JOIN m ON m.person_key = t.person_key AND m.scheme_group = t.scheme_group"""
    return Step("coverage.coverage", sql.strip(), "coverage", "coverage")
