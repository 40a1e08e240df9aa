"""Events and decisions as data-standard records for the next build or update.

- Events submitted through the API are checked (:func:`validation.check_event`),
  kept once per sender and ``event_id``, and exported as an ``events`` file.
- Officers' decisions become records too: ending an enrolment (multiple
  affiliation, deceased-active) is an ``enrolment_end`` event; a corrected
  quarantined record is re-delivered as a file of its own kind; a clerical
  linkage decision is a row of ``linkage-decisions`` (``source, row_ref,
  person_key, decision, decided_by, decided_at, reason``, with ``decision``
  ``link`` or ``distinct`` as in :mod:`unireg.link.decisions`).

Exported files are named ``<kind>-<origin>-YYYYMMDD-HHMMSS.csv`` so delivery
discovery reads their kind from the first word.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from unireg.service.models import Decision, EventRecord, utcnow
from unireg.validate.fields import KINDS

EVENT_FIELDS = KINDS["events"]
LINKAGE_FIELDS = ("source", "row_ref", "person_key", "decision", "decided_by", "decided_at",
                  "reason")


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return out.getvalue()


def events_csv(events: Iterable[EventRecord]) -> str:
    return write_csv(EVENT_FIELDS, ([getattr(e, f) for f in EVENT_FIELDS] for e in events))


def end_enrolment_event(decision: Decision, enrolment: dict[str, Any], id_number: str,
                        today: dt.date) -> EventRecord:
    """The ``enrolment_end`` event an officer's decision stands for."""
    return EventRecord(
        event_id=f"D{decision.seq}-{enrolment['ref']}", event_type="enrolment_end",
        event_date=today.isoformat(), id_number=id_number, scheme=enrolment["scheme"],
        region=enrolment.get("agency_region") or "", employer_id=enrolment.get("employer_id")
        or "", status="terminated",
        detail=f"{decision.queue} {decision.case_ref}: {decision.reason}"[:200],
        sender=f"console:{decision.decided_by}", received_at=decision.decided_at)


def linkage_csv(decisions: Iterable[Decision]) -> str:
    rows = []
    for d in decisions:
        p = d.payload
        rows.append([p.get("source", ""), p.get("row_ref", ""), p.get("person_key", ""),
                     p.get("decision", ""), d.decided_by,
                     d.decided_at.strftime("%Y-%m-%dT%H:%M:%SZ"), d.reason])
    return write_csv(LINKAGE_FIELDS, rows)


def resubmission_csv(kind: str, decisions: Iterable[Decision]) -> str:
    """Corrected quarantined records of one kind, as a delivery file of that kind."""
    fields = KINDS[kind]
    return write_csv(fields, ([d.payload.get(f, "") for f in fields] for d in decisions
                              if d.action == "resubmit" and d.payload.get("kind") == kind))


def export_name(kind: str, origin: str, now: dt.datetime | None = None) -> str:
    """``events-api-20180105-093000.csv``."""
    return f"{kind}-{origin}-{(now or utcnow()):%Y%m%d-%H%M%S}.csv"
