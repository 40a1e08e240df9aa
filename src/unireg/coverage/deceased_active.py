"""Deceased-active: enrolments still contributing or receiving after the holder's death.

Also, for a death recorded by an event (which ends the enrolments open on that
day, docs/updates.md): an enrolment it ended that was drawing a benefit
(``receiving``: the agency must stop it and recover what it paid after the
death), or whose contributions were recorded as paid for a month after the
month of death.
"""

from __future__ import annotations

import datetime as dt

from unireg.coverage.asof import enrolments_on, persons_on
from unireg.engine import Step
from unireg.engine.sql import in_list, sorted_set
from unireg.rules.profile import CountryProfile


def deceased_active_step(profile: CountryProfile, ref: dt.date) -> Step:
    """``deceased_active``: one row per person dead on ``ref`` with such enrolments."""
    active = in_list("e.status", profile.codes_of("active_benefit_status"))
    sql = f"""
SELECT p.person_key, p.status_date AS death_date,
       {sorted_set('e.ref')} AS record_refs,
       count(*) AS enrolments,
       bool_or(coalesce(e.status_at_close, e.status) = 'receiving') AS receiving
FROM ({persons_on(ref)}) p
JOIN ({enrolments_on(ref)}) e ON e.person_key = p.person_key
WHERE p.status = 'deceased' AND p.status_date IS NOT NULL
  AND (({active} AND (e.end_date IS NULL OR e.end_date > p.status_date))
       OR (e.close_reason = 'death'
           AND (e.status_at_close = 'receiving'
                OR e.last_paid > substr(CAST(p.status_date AS VARCHAR), 1, 7))))
GROUP BY p.person_key, p.status_date"""
    return Step("coverage.deceased_active", sql.strip(), "deceased_active", "coverage")
