"""What became of each event: applied, or quarantined with its reason; and the tables that say so.

- ``event_rejects``: every event rejected while being applied (after death,
  already born, nothing open to end), one row per event;
- ``event_applied``: the events applied (the valid ones not rejected);
- ``quarantine``: the validation quarantine (``quarantine_records``) with the
  events' problems and rejections added (data-standard §5 shape, plus kind,
  file and row);
- ``reconciliation_staged``: per file, as validation counted it, with events
  rejected after validation moved from accepted to quarantined, so a file's
  rows still balance;
- ``links``: how each accepted record was tied to a person
  (``record_links``, from linkage) and each applied event (``id``: events are
  linked by ID number only).
"""

from __future__ import annotations

from unireg.engine import Step

QUARANTINE_COLUMNS = "kind, source, row_ref, field, rule, message, _file, _row"
REJECT_TABLES = ("event_person_rejects", "event_enrol_rejects", "event_job_rejects")


def rejects_step() -> Step:
    """``event_rejects``: the events rejected while being applied, with the rule."""
    parts = "\nUNION ALL\n".join(
        f"SELECT person_key, _source, _row_ref, _file, _row, field, rule, message FROM {t}"
        for t in REJECT_TABLES)
    return Step("events.rejects", parts, "event_rejects", "events")


def applied_step() -> Step:
    """``event_applied``: the events that changed the registry."""
    sql = """
SELECT v.* FROM event_applicable v
LEFT JOIN event_rejects r ON r._file = v._file AND r._row = v._row
WHERE r._row IS NULL"""
    return Step("events.applied", sql.strip(), "event_applied", "events")


def quarantine_step() -> Step:
    """``quarantine``: every problem of every record, events' included."""
    sql = f"""
SELECT {QUARANTINE_COLUMNS} FROM quarantine_records
UNION ALL
SELECT {QUARANTINE_COLUMNS} FROM event_problems
UNION ALL
SELECT 'events' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row
FROM event_rejects"""
    return Step("events.quarantine", sql.strip(), "quarantine", "events")


def reconciliation_step() -> Step:
    """``reconciliation_staged``: validation's counts, with rejected events quarantined."""
    sql = """
WITH q AS (
  SELECT _file, count(DISTINCT _row) AS n FROM (
    SELECT _file, _row FROM event_problems UNION ALL SELECT _file, _row FROM event_rejects
  ) x GROUP BY _file
)
SELECT r.kind, r.file, r.source, r.rows_staged, r.redelivered,
       r.quarantined + coalesce(q.n, 0) AS quarantined,
       r.accepted - coalesce(q.n, 0) AS accepted
FROM reconciliation_records r LEFT JOIN q ON r.kind = 'events' AND q._file = r.file"""
    return Step("events.reconciliation", sql.strip(), "reconciliation_staged", "events")


def event_links(applied: str = "event_applied") -> str:
    """SQL: the ``links`` rows of the applied events in table ``applied``."""
    return ("SELECT _source AS source, _row_ref AS row_ref, person_key, 'id' AS method,\n"
            "       CAST(1.0 AS DOUBLE) AS score, 'events' AS kind, _file, _row\n"
            f"FROM {applied}")


def links_step() -> Step:
    """``links``: one row per accepted record and applied event, and how it was linked
    (a view of ``link_records`` and ``event_applied``)."""
    sql = ("SELECT source, row_ref, person_key, method, score, kind, _file, _row "
           "FROM record_links\nUNION ALL\n" + event_links())
    # A view: 41M rows at 10M, copied from link_records, took 19 s to write and 4 GB of the
    # registry file (and of every update's copy of it); the applied events' rows follow
    # ``event_applied``, which an update already rewrites for the persons it touches.
    return Step("events.links", sql, "links", "events", view=True)
