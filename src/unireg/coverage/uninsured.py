"""The uninsured, each with one inferred reason and its evidence.

The reason is the first of these that applies (the order is the policy;
docs/build-rules.md explains it):

1. a survey return on or before the reference date states a reason →
   that reason (the person's own word beats any inference);
2. an employee of a known employer (employment record valid on the date) →
   ``employer_not_enrolled``;
3. an enrolment in the group that ended in the two years before the date at an
   agency outside the person's residence region → ``recently_moved``;
4. such an enrolment at the residence region (contributions stopped) →
   ``cannot_afford``;
5. a migrant (residence differs from hukou) enrolled nowhere → ``recently_moved``;
6. flexible, platform or self-employed work → ``cannot_afford``;
7. a rural resident, or a person of 60 or over with no enrolment → ``unaware``;
8. otherwise ``other``.
"""

from __future__ import annotations

import datetime as dt

from unireg.coverage.asof import enrolments_on
from unireg.engine import Step
from unireg.engine.sql import literal


def uninsured_step(ref: dt.date) -> Step:
    r = literal(ref)
    lapse_from = literal(ref.replace(year=ref.year - 2) if not (ref.month == 2 and ref.day == 29)
                         else ref.replace(year=ref.year - 2, day=28))
    sql = f"""
WITH u AS (
  SELECT c.person_key, c.scheme_group, s.age, s.hukou_type, s.hukou_region, s.residence_region,
         s.employment_type
  FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
  WHERE c.in_target AND NOT c.insured
), survey AS (
  SELECT person_key, reason_uninsured, source || ':' || row_ref AS ref, visit_date,
         ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY visit_date DESC, source, row_ref) AS rn
  FROM surveys WHERE reason_uninsured IS NOT NULL AND visit_date <= {r}
), job AS (
  SELECT person_key, employer_id, source || ':' || row_ref AS ref,
         ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY start_date DESC NULLS LAST,
                            source, row_ref) AS rn
  FROM employment
  WHERE employment_type = 'employee' AND employer_id IS NOT NULL
    AND (start_date IS NULL OR start_date <= {r}) AND (end_date IS NULL OR end_date >= {r})
), lapsed AS (
  SELECT person_key, scheme_group, agency_region, ref,
         coalesce(end_date, start_date) AS stopped,
         ROW_NUMBER() OVER (PARTITION BY person_key, scheme_group
                            ORDER BY coalesce(end_date, start_date) DESC, ref) AS rn
  FROM ({enrolments_on(ref)}) e
  WHERE (status = 'terminated' OR end_date < {r}) AND start_date <= {r}
    AND coalesce(end_date, start_date) >= {lapse_from}
)
SELECT u.person_key, u.scheme_group,
  CASE
    WHEN sv.person_key IS NOT NULL THEN sv.reason_uninsured
    WHEN j.person_key IS NOT NULL THEN 'employer_not_enrolled'
    WHEN l.person_key IS NOT NULL AND l.agency_region <> u.residence_region THEN 'recently_moved'
    WHEN l.person_key IS NOT NULL THEN 'cannot_afford'
    WHEN u.residence_region <> u.hukou_region THEN 'recently_moved'
    WHEN u.employment_type IN ('flexible', 'platform', 'self_employed') THEN 'cannot_afford'
    WHEN u.hukou_type = 'rural' OR u.age >= 60 THEN 'unaware'
    ELSE 'other'
  END AS reason,
  CASE
    WHEN sv.person_key IS NOT NULL THEN 'survey ' || sv.ref || ' on ' || CAST(sv.visit_date AS VARCHAR)
    WHEN j.person_key IS NOT NULL THEN 'employee of ' || j.employer_id || ' (' || j.ref || '), no enrolment in the group'
    WHEN l.person_key IS NOT NULL AND l.agency_region <> u.residence_region
      THEN 'enrolment ' || l.ref || ' at ' || l.agency_region || ' stopped ' || CAST(l.stopped AS VARCHAR) || '; lives in ' || u.residence_region
    WHEN l.person_key IS NOT NULL THEN 'enrolment ' || l.ref || ' stopped ' || CAST(l.stopped AS VARCHAR)
    WHEN u.residence_region <> u.hukou_region THEN 'migrant: hukou ' || u.hukou_region || ', lives in ' || u.residence_region || '; enrolled nowhere'
    WHEN u.employment_type IN ('flexible', 'platform', 'self_employed') THEN u.employment_type || ' worker, enrolled nowhere in the group'
    WHEN u.hukou_type = 'rural' THEN 'rural resident, enrolled nowhere in the group'
    WHEN u.age >= 60 THEN 'aged ' || CAST(u.age AS VARCHAR) || ', enrolled nowhere in the group'
    ELSE 'no record explains it'
  END AS evidence
FROM u
LEFT JOIN survey sv ON sv.person_key = u.person_key AND sv.rn = 1
LEFT JOIN job j ON j.person_key = u.person_key AND j.rn = 1
LEFT JOIN lapsed l ON l.person_key = u.person_key AND l.scheme_group = u.scheme_group AND l.rn = 1"""
    return Step("coverage.uninsured", sql.strip(), "uninsured", "coverage")
