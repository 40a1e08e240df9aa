"""Events as records: typed, tied to their person by ID number, checked by type.

Validation (``unireg.validate``) has already checked each event's fields and
set exact re-deliveries aside (``acc_events``). These steps add what depends
on the event type or on other events:

- ``event_records``: every accepted event, with typed dates, the normalised
  employer code, ``ref`` (``source:event_id``) and ``person_key``: the
  18-digit ID number when it is usable and agrees with the event's birth date
  and sex. Events are linked by ID number only: an event changes a person's
  legal state (a death, a transfer), which is never done on a probable match;
- ``event_problems`` (quarantine shape): a missing or contradicted ID number
  (``event.identity``), a field the type needs (``required``), a status an
  enrolment cannot be opened with (``code``), and an ``event_id`` already taken
  by an event with other contents (``event.conflict``: the first in delivery
  order, file name then row, among the events without another problem stands);
- ``event_valid``: the events without such a problem, with ``seq``, their
  order among the person's events: by ``event_date``, then ``event_id``.
  That order, not the order of arrival, is the order they are applied in.
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import in_list, literal
from unireg.rules import idnumber as idn
from unireg.rules.employer_sql import sql_normalise as employer_normalise
from unireg.update.event_types import CORRECTABLE, OPEN_STATUSES, OPENS_ENROLMENT, REQUIRED

# Where an event lives and who it is about: the columns every event table starts with.
EVENT_KEY = ("_source", "_file", "_row", "_row_ref", "ref", "person_key")


def records_step() -> Step:
    """``event_records``: accepted events, typed and tied to their person."""
    birth = idn.sql_birth_date("_id18")
    # Validation bounds an ID number's birth date by the reference date; an event's bound
    # is its own date (a child born after the reference date has a valid number).
    other = "(_id_issue IS NOT NULL AND _id_issue <> 'id.birth_date')"
    bad_birth = f"(_id_issue = 'id.birth_date' AND coalesce(year({birth}) < 1900, TRUE))"
    after = f"coalesce({birth} > TRY_CAST(event_date AS DATE), FALSE)"
    disagree = (
        f"coalesce(TRY_CAST(birth_date AS DATE) <> {birth}, FALSE) "
        f"OR coalesce(sex IN ('1', '2') AND sex <> {idn.sql_sex('_id18')}, FALSE)"
    )
    sql = f"""
WITH r AS (
  SELECT a.*,
         CASE WHEN {other} OR {bad_birth} THEN _id_issue
              WHEN {disagree} THEN 'birth date or sex disagree with the number'
              WHEN {after} THEN 'the birth date in the number is after the event' END
           AS id_problem
  FROM acc_events a
)
SELECT _source, _file, _row, _row_ref, _source || ':' || _row_ref AS ref,
       CASE WHEN id_problem IS NULL THEN _id18 END AS person_key, id_problem,
       event_id, event_type, TRY_CAST(event_date AS DATE) AS event_date,
       name, sex, TRY_CAST(birth_date AS DATE) AS birth_date, region, scheme,
       {employer_normalise('employer_id')} AS employer_id, status, detail
FROM r"""
    return Step("events.records", sql.strip(), "event_records", "events")


def _problem(where: str, field: str, rule: str, message: str) -> str:
    return (f"SELECT _file, _row, {literal(field)} AS field, {literal(rule)} AS rule, "
            f"{message} AS message FROM event_records WHERE {where}")


def problems_step() -> Step:
    """``event_problems``: one row per problem an accepted event has (quarantine columns)."""
    parts = [_problem("person_key IS NULL", "id_number", "event.identity",
                      "'id_number: ' || id_problem || "
                      "'; an event must name its person by a valid ID number'")]
    for etype, fields in REQUIRED.items():
        for f in fields:
            parts.append(_problem(f"event_type = {literal(etype)} AND {f} IS NULL", f, "required",
                                  literal(f"{f}: required for a {etype} event, but empty")))
    given = " OR ".join(f"{f} IS NOT NULL" for f in CORRECTABLE)
    parts.append(_problem(f"event_type = 'correction' AND NOT ({given})", "name", "required",
                          literal("name: a correction gives at least one of "
                                  + ", ".join(CORRECTABLE))))
    parts.append(_problem(
        f"{in_list('event_type', OPENS_ENROLMENT)} AND status IS NOT NULL "
        f"AND NOT {in_list('status', OPEN_STATUSES)}", "status", "code",
        "'status: ' || status || ' cannot open an enrolment'"))
    static = "\n  UNION ALL\n  ".join(parts)
    sql = f"""
WITH p AS (
  {static}
), ranked AS (
  SELECT r._file, r._row,
         ROW_NUMBER() OVER (PARTITION BY r.event_id ORDER BY r._file, r._row) AS id_rank
  FROM event_records r
  LEFT JOIN (SELECT DISTINCT _file, _row FROM p) q ON q._file = r._file AND q._row = r._row
  WHERE q._row IS NULL
), allp AS (
  SELECT _file, _row, field, rule, message FROM p
  UNION ALL
  SELECT _file, _row, 'event_id' AS field, 'event.conflict' AS rule,
         'event_id: already taken by an earlier event with other contents' AS message
  FROM ranked WHERE id_rank > 1
)
SELECT 'events' AS kind, r._source AS source, r._row_ref AS row_ref, a.field, a.rule,
       a.message, a._file, a._row
FROM allp a JOIN event_records r ON r._file = a._file AND r._row = a._row"""
    return Step("events.problems", sql.strip(), "event_problems", "events")


def valid_step() -> Step:
    """``event_valid``: events with no problem, numbered in the order they are applied."""
    sql = """
SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.person_key
                               ORDER BY r.event_date, r.event_id) AS seq
FROM event_records r
LEFT JOIN (SELECT DISTINCT _file, _row FROM event_problems) q
  ON q._file = r._file AND q._row = r._row
WHERE q._row IS NULL"""
    return Step("events.valid", sql.strip(), "event_valid", "events")


def record_steps() -> list[Step]:
    return [records_step(), problems_step(), valid_step()]
