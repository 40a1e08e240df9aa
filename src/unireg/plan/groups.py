"""Target groups of the extension plan: who the field teams go to.

One definition each, used by the plan's outreach lists and by the report's
"uninsured by target group" figures (docs/reports.md):

- ``migrant``: lives in another county than the one of the hukou
  (``residence_region <> hukou_region``);
- ``flexible``: flexible, platform or self-employed work is the known
  employment type on the reference date (``person_scope.employment_type``);
- ``small_employer``: an employee, on the reference date, of an employer whose
  size is ``micro`` or ``small`` (employment record valid on the date);
- ``rural``: rural hukou;
- ``elderly_no_pension``: aged :data:`ELDERLY_AGE` or over with no valid
  enrolment in the pension group with a benefit status (``receiving``).

A person may belong to several groups; counts by group overlap.

>>> TARGET_GROUPS[0], len(TARGET_GROUPS)
('migrant', 5)
>>> "person_scope" in person_groups_sql(__import__("datetime").date(2017, 12, 31))
True
"""

from __future__ import annotations

import datetime as dt

from unireg.engine.sql import in_list, literal

TARGET_GROUPS = ("migrant", "flexible", "small_employer", "rural", "elderly_no_pension")
FLEXIBLE_TYPES = ("flexible", "platform", "self_employed")
SMALL_SIZES = ("micro", "small")
# The age from which a person without a pension is listed (the resident
# scheme's pensionable age in China).
ELDERLY_AGE = 60
# The group whose benefit is a pension, and the enrolment status of a pensioner.
PENSION_GROUP = "old_age"
PENSION_STATUS = "receiving"


def current_jobs_sql(ref: dt.date) -> str:
    """Employee jobs valid on ``ref`` with a known employer code: person_key, employer_id."""
    r = literal(ref)
    return f"""
SELECT DISTINCT person_key, employer_id FROM employment
WHERE employment_type = 'employee' AND employer_id IS NOT NULL
  AND (start_date IS NULL OR start_date <= {r}) AND (end_date IS NULL OR end_date >= {r})"""


def person_groups_sql(ref: dt.date) -> str:
    """One row per in-scope person: region, age, sex, employment type, a flag per target group."""
    return f"""
WITH jobs AS ({current_jobs_sql(ref)}
), small AS (
  SELECT DISTINCT j.person_key FROM jobs j JOIN employers e ON e.employer_id = j.employer_id
  WHERE {in_list('e.size', SMALL_SIZES)}
), pension AS (
  SELECT DISTINCT person_key FROM valid_enrolments
  WHERE scheme_group = {literal(PENSION_GROUP)} AND status = {literal(PENSION_STATUS)}
)
SELECT s.person_key, s.sex, s.age, s.residence_region, s.hukou_region, s.hukou_type,
       s.employment_type,
       coalesce(s.residence_region <> s.hukou_region, FALSE) AS migrant,
       {in_list('s.employment_type', FLEXIBLE_TYPES)} AS flexible,
       sm.person_key IS NOT NULL AS small_employer,
       coalesce(s.hukou_type = 'rural', FALSE) AS rural,
       s.age >= {ELDERLY_AGE} AND p.person_key IS NULL AS elderly_no_pension
FROM person_scope s
LEFT JOIN small sm ON sm.person_key = s.person_key
LEFT JOIN pension p ON p.person_key = s.person_key"""
