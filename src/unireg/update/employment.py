"""Events applied to jobs: ``employment_start`` opens one, ``employment_end`` closes them.

As for enrolments (:mod:`unireg.update.enrolments`), a job is closed by the
first ``employment_end`` after it was opened that finds it open on its date
(started on or before it, not ended before it; at the employer given, when
one is given); it then ends on the event date. An ``employment_end`` that
closes nothing is rejected (``event.no_employment``). A job opened by an event
is of the employment type its ``detail`` names, else ``employee``.

Jobs carry their own dates, so the job known on a date needs no versions: a
job ended by an event stays valid up to its end date.
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import in_list
from unireg.rules.profile import CountryProfile

EMPLOYMENT_COLUMNS = ("person_key", "employer_id", "employment_type", "start_date", "end_date",
                      "source", "row_ref", "_file", "_row")


def units_step(profile: CountryProfile) -> Step:
    """``event_job_units``: jobs that events may open or close."""
    base = ", ".join(f"e.{c}" for c in EMPLOYMENT_COLUMNS)
    etype = in_list("v.detail", profile.codes_of("employment_type"))
    sql = f"""
WITH ev AS (SELECT * FROM event_applicable
            WHERE event_type IN ('employment_start', 'employment_end')),
pk AS (SELECT DISTINCT person_key FROM ev)
SELECT {base}, CAST(0 AS BIGINT) AS open_seq, CAST(NULL AS VARCHAR) AS opened_by
FROM employment_base e JOIN pk ON pk.person_key = e.person_key
UNION ALL
SELECT v.person_key, v.employer_id,
       CASE WHEN {etype} THEN v.detail ELSE 'employee' END AS employment_type,
       v.event_date AS start_date, CAST(NULL AS DATE) AS end_date, v._source AS source,
       v._row_ref AS row_ref, v._file, v._row, v.seq AS open_seq, v.ref AS opened_by
FROM ev v WHERE v.event_type = 'employment_start'"""
    return Step("events.job_units", sql.strip(), "event_job_units", "events")


def closes_step() -> Step:
    """``event_job_closes``: the event that ends each job, where one does."""
    sql = """
WITH m AS (
  SELECT u.person_key, u._file, u._row, c.event_date AS close_date, c.ref AS close_ref,
         c._file AS close_file, c._row AS close_row,
         ROW_NUMBER() OVER (PARTITION BY u._file, u._row ORDER BY c.seq) AS nth
  FROM event_job_units u
  JOIN event_applicable c ON c.person_key = u.person_key AND c.event_type = 'employment_end'
  WHERE c.seq > u.open_seq
    AND (u.start_date IS NULL OR u.start_date <= c.event_date)
    AND (u.end_date IS NULL OR u.end_date >= c.event_date)
    AND (c.employer_id IS NULL OR c.employer_id = u.employer_id)
)
SELECT person_key, _file, _row, close_date, close_ref, close_file, close_row
FROM m WHERE nth = 1"""
    return Step("events.job_closes", sql.strip(), "event_job_closes", "events")


def employment_step() -> Step:
    """``employment``: every job as the deliveries and the events describe it now."""
    cols = [c for c in EMPLOYMENT_COLUMNS if c != "end_date"]
    sql = f"""
SELECT {', '.join('e.' + c for c in EMPLOYMENT_COLUMNS)}, CAST(NULL AS VARCHAR) AS opened_by,
       CAST(NULL AS VARCHAR) AS closed_by
FROM employment_base e
LEFT JOIN event_job_units u ON u._file = e._file AND u._row = e._row
WHERE u._row IS NULL
UNION ALL
SELECT {', '.join('u.' + c for c in cols[:4])},
       coalesce(c.close_date, u.end_date) AS end_date,
       {', '.join('u.' + c for c in cols[4:])}, u.opened_by, c.close_ref AS closed_by
FROM event_job_units u
LEFT JOIN event_job_closes c ON c._file = u._file AND c._row = u._row"""
    return Step("events.employment", sql.strip(), "employment", "events")


def rejects_step() -> Step:
    """``event_job_rejects``: employment_end events that found no job open to end."""
    sql = """
SELECT v.person_key, v._source, v._row_ref, v._file, v._row, 'employer_id' AS field,
       'event.no_employment' AS rule,
       'employer_id: no job open (at the employer) on the event date' AS message
FROM event_applicable v
LEFT JOIN (SELECT DISTINCT close_file, close_row FROM event_job_closes) c
  ON c.close_file = v._file AND c.close_row = v._row
WHERE v.event_type = 'employment_end' AND c.close_row IS NULL"""
    return Step("events.job_rejects", sql.strip(), "event_job_rejects", "events")


def employment_steps(profile: CountryProfile) -> list[Step]:
    return [units_step(profile), closes_step(), employment_step(), rejects_step()]
