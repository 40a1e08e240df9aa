"""Deceased-active: enrolments still contributing or receiving after the holder's death."""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import in_list, sorted_set
from unireg.rules.profile import CountryProfile


def deceased_active_step(profile: CountryProfile) -> Step:
    active = in_list("e.status", profile.codes_of("active_benefit_status"))
    sql = f"""
SELECT p.person_key, p.status_date AS death_date,
       {sorted_set('e.ref')} AS record_refs,
       count(*) AS enrolments,
       bool_or(e.status = 'receiving') AS receiving
FROM persons p
JOIN enrolments e ON e.person_key = p.person_key
WHERE p.status = 'deceased' AND p.status_date IS NOT NULL AND {active}
  AND (e.end_date IS NULL OR e.end_date > p.status_date)
GROUP BY p.person_key, p.status_date"""
    return Step("coverage.deceased_active", sql.strip(), "deceased_active", "coverage")
