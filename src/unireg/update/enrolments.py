"""Events applied to enrolments: opened, closed, transferred with their contribution months.

The enrolments of a person with enrolment events (``enrolment_start``,
``enrolment_end``, ``transfer``, ``death``) are *units*: the delivered ones,
and one per ``enrolment_start`` or ``transfer`` (opened on the event date at
the agency in ``region``). Nothing reopens a closed enrolment, so each unit is
closed at most once, by the first event after it was opened (in the person's
order) that closes it while it is open (started on or before the event date,
not terminated, its end date empty or not before the event date):

- ``enrolment_end``: the person's open enrolments in the scheme (at the agency
  ``region`` and the employer given, when given) end on the event date;
- ``transfer``: every open enrolment in the scheme ends the day before (never
  two open: the commonest source of double affiliation) and one opens at the
  new agency;
- ``death``: every open enrolment ends on the death date.

A closed enrolment is ``terminated`` (``status_at_close`` keeps the status it
had). This first-closer rule gives exactly what applying the events one by one
gives, with joins and window functions only. An ``enrolment_end`` that closes
nothing is rejected (``event.no_enrolment``).

**Contribution months.** ``carried_months`` of an enrolment opened by a
transfer is the cumulative contribution months of what it continues: for
each enrolment the transfer closed, its own ``carried_months`` plus its own
months (calendar months from its start to the day before the transfer; for a
``suspended`` one, to its last paid month). Delivered enrolments carry 0.
Along a chain of transfers this is a running sum, restarted where the chain
breaks (``event_transfers``).
"""

from __future__ import annotations

from unireg.coverage.asof import ENROLMENT_COLUMNS
from unireg.engine import Step
from unireg.engine.sql import in_list
from unireg.update.event_types import CLOSES_ENROLMENT, OPENS_ENROLMENT

ENROLMENT_EVENTS = tuple(dict.fromkeys((*OPENS_ENROLMENT, *CLOSES_ENROLMENT)))
BASE_COLUMNS = ENROLMENT_COLUMNS[:16]  # the columns of enrolments_base


def _month(d: str) -> str:
    """Months since year 0 of a DATE (portable: no date_diff semantics involved)."""
    return f"(year({d}) * 12 + month({d}) - 1)"


def units_step() -> Step:
    """``event_enrol_units``: enrolments that events may open or close."""
    base = ", ".join(f"e.{c}" for c in BASE_COLUMNS)
    sql = f"""
WITH ev AS (SELECT * FROM event_applicable WHERE {in_list('event_type', ENROLMENT_EVENTS)}),
pk AS (SELECT DISTINCT person_key FROM ev)
SELECT {base}, CAST(0 AS BIGINT) AS open_seq, CAST(NULL AS VARCHAR) AS open_type,
       CAST(NULL AS DATE) AS open_date
FROM enrolments_base e JOIN pk ON pk.person_key = e.person_key
UNION ALL
SELECT v.person_key, v.scheme, s.scheme_group, s.kind AS scheme_kind, v.region AS agency_region,
       v.employer_id, v.event_date AS start_date, CAST(NULL AS DATE) AS end_date,
       coalesce(v.status, 'contributing') AS status, CAST(NULL AS VARCHAR) AS last_paid,
       CAST(NULL AS DOUBLE) AS contribution_base, v._source AS source, v._row_ref AS row_ref,
       v.ref, v._file, v._row, v.seq AS open_seq, v.event_type AS open_type,
       v.event_date AS open_date
FROM ev v JOIN ref_schemes s ON s.scheme = v.scheme
WHERE {in_list('v.event_type', OPENS_ENROLMENT)}"""
    return Step("events.enrolment_units", sql.strip(), "event_enrol_units", "events")


def closes_step() -> Step:
    """``event_enrol_closes``: the event that closes each unit, where one does."""
    sql = f"""
WITH c AS (SELECT * FROM event_applicable WHERE {in_list('event_type', CLOSES_ENROLMENT)}),
m AS (
  SELECT u.person_key, u._file, u._row, c.seq AS close_seq, c.event_type AS close_type,
         c.event_date AS close_date, c.ref AS close_ref, c._file AS close_file,
         c._row AS close_row,
         ROW_NUMBER() OVER (PARTITION BY u._file, u._row ORDER BY c.seq) AS nth
  FROM event_enrol_units u JOIN c ON c.person_key = u.person_key
  WHERE (c.event_type = 'death' OR c.scheme = u.scheme)
    AND c.seq > u.open_seq
    AND u.start_date <= c.event_date
    AND u.status <> 'terminated'
    AND (u.end_date IS NULL OR u.end_date >= c.event_date)
    AND (c.event_type <> 'enrolment_end'
         OR ((c.region IS NULL OR c.region = u.agency_region)
             AND (c.employer_id IS NULL OR c.employer_id = u.employer_id)))
)
SELECT person_key, _file, _row, close_seq, close_type, close_date, close_ref, close_file,
       close_row
FROM m WHERE nth = 1"""
    return Step("events.enrolment_closes", sql.strip(), "event_enrol_closes", "events")


def transfers_step() -> Step:
    """``event_transfers``: the contribution months each transfer carries to the new agency."""
    last = _month("CAST(c.close_date - INTERVAL 1 DAY AS DATE)")
    paid = ("(TRY_CAST(substr(u.last_paid, 1, 4) AS INTEGER) * 12 "
            "+ TRY_CAST(substr(u.last_paid, 6, 2) AS INTEGER) - 1)")
    own = (f"greatest(0, CASE WHEN u.status = 'suspended' AND u.last_paid IS NOT NULL "
           f"THEN least({paid}, {last}) ELSE {last} END - {_month('u.start_date')} + 1)")
    sql = f"""
WITH t AS (
  SELECT person_key, scheme, seq, _file, _row FROM event_applicable
  WHERE event_type = 'transfer'
), closed AS (
  SELECT u.person_key, c.close_seq AS seq, {own} AS own,
         CASE WHEN u.open_type = 'transfer' THEN 1 ELSE 0 END AS chained
  FROM event_enrol_closes c
  JOIN event_enrol_units u ON u._file = c._file AND u._row = c._row
  WHERE c.close_type = 'transfer'
), per AS (
  SELECT person_key, seq, sum(own) AS own, max(chained) AS chained
  FROM closed GROUP BY person_key, seq
), chain AS (
  SELECT t.person_key, t.scheme, t.seq, t._file, t._row, coalesce(per.own, 0) AS own,
         sum(1 - coalesce(per.chained, 0)) OVER (
           PARTITION BY t.person_key, t.scheme ORDER BY t.seq
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS link
  FROM t LEFT JOIN per ON per.person_key = t.person_key AND per.seq = t.seq
)
SELECT person_key, scheme, seq, _file, _row,
       CAST(sum(own) OVER (PARTITION BY person_key, scheme, link ORDER BY seq
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT)
         AS carried_months
FROM chain"""
    return Step("events.transfers", sql.strip(), "event_transfers", "events")


def enrolment_history_step() -> Step:
    """``enrolment_history``: the versions of every enrolment an event opened or closed."""
    cols = list(ENROLMENT_COLUMNS)
    opened = {c: f"u.{c}" for c in BASE_COLUMNS}
    opened.update({
        "carried_months": "CAST(coalesce(t.carried_months, 0) AS BIGINT)",
        "opened_by": "CASE WHEN u.open_type IS NOT NULL THEN u.ref END",
        "closed_by": "CAST(NULL AS VARCHAR)",
        "close_reason": "CAST(NULL AS VARCHAR)",
        "status_at_close": "CAST(NULL AS VARCHAR)",
    })
    closed = dict(opened)
    closed.update({
        "end_date": ("CASE WHEN c.close_type = 'transfer' THEN "
                     "greatest(CAST(c.close_date - INTERVAL 1 DAY AS DATE), u.start_date) "
                     "ELSE c.close_date END"),
        "status": "'terminated'",
        "closed_by": "c.close_ref",
        "close_reason": "c.close_type",
        "status_at_close": "u.status",
    })
    sql = f"""
WITH u AS (
  SELECT u.*, c.close_seq FROM event_enrol_units u
  LEFT JOIN event_enrol_closes c ON c._file = u._file AND c._row = u._row
  WHERE u.open_type IS NOT NULL OR c._row IS NOT NULL
)
SELECT {', '.join(f'{opened[x]} AS {x}' for x in cols)},
       CAST(CASE WHEN u.open_type IS NULL THEN 0 ELSE 1 END AS BIGINT) AS version,
       u.open_date AS valid_from, c.close_date AS valid_to,
       CASE WHEN u.open_type IS NOT NULL THEN u.ref END AS change_ref,
       u.open_type AS change_type
FROM u LEFT JOIN event_enrol_closes c ON c._file = u._file AND c._row = u._row
LEFT JOIN event_transfers t ON t._file = u._file AND t._row = u._row
UNION ALL
SELECT {', '.join(f'{closed[x]} AS {x}' for x in cols)},
       CAST(CASE WHEN u.open_type IS NULL THEN 1 ELSE 2 END AS BIGINT) AS version,
       c.close_date AS valid_from, CAST(NULL AS DATE) AS valid_to,
       c.close_ref AS change_ref, c.close_type AS change_type
FROM u JOIN event_enrol_closes c ON c._file = u._file AND c._row = u._row
LEFT JOIN event_transfers t ON t._file = u._file AND t._row = u._row"""
    return Step("events.enrolment_history", sql.strip(), "enrolment_history", "events")


def enrolments_step() -> Step:
    """``enrolments``: the current version of every enrolment (``valid_from``: since when)."""
    cols = ", ".join(ENROLMENT_COLUMNS)
    sql = f"""
SELECT {', '.join('e.' + c for c in BASE_COLUMNS)}, CAST(0 AS BIGINT) AS carried_months,
       CAST(NULL AS VARCHAR) AS opened_by, CAST(NULL AS VARCHAR) AS closed_by,
       CAST(NULL AS VARCHAR) AS close_reason, CAST(NULL AS VARCHAR) AS status_at_close,
       CAST(NULL AS DATE) AS valid_from
FROM enrolments_base e
LEFT JOIN (SELECT DISTINCT _file, _row FROM enrolment_history) h
  ON h._file = e._file AND h._row = e._row
WHERE h._row IS NULL
UNION ALL
SELECT {cols}, valid_from FROM enrolment_history WHERE valid_to IS NULL"""
    # A view: the delivered enrolments no event touched are enrolments_base's rows; copying
    # them (26M at 10M) took 20 s of the build, and an update replaced the touched persons'
    # rows in it. The view follows enrolment_history instead.
    return Step("events.enrolments", sql.strip(), "enrolments", "events", view=True)


def rejects_step() -> Step:
    """``event_enrol_rejects``: enrolment_end events that found nothing open to end."""
    sql = """
SELECT v.person_key, v._source, v._row_ref, v._file, v._row, 'scheme' AS field,
       'event.no_enrolment' AS rule,
       'scheme: ' || v.scheme || ' has no enrolment open (at the agency) on the event date'
         AS message
FROM event_applicable v
LEFT JOIN (SELECT DISTINCT close_file, close_row FROM event_enrol_closes) c
  ON c.close_file = v._file AND c.close_row = v._row
WHERE v.event_type = 'enrolment_end' AND c.close_row IS NULL"""
    return Step("events.enrolment_rejects", sql.strip(), "event_enrol_rejects", "events")


def enrolment_steps() -> list[Step]:
    return [units_step(), closes_step(), transfers_step(), enrolment_history_step(),
            enrolments_step(), rejects_step()]
