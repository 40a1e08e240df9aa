"""The registry's state on a date: which version of each person and enrolment held then.

Events (docs/updates.md) change persons and enrolments; every change keeps the
earlier version in ``person_history`` / ``enrolment_history`` with its
validity (``valid_from`` inclusive, ``valid_to`` exclusive, NULL = open). The
current version is the row in ``persons`` / ``enrolments``, whose
``valid_from`` says since when it holds (NULL: since before any event, as the
deliveries describe it). Coverage on a date is computed from the versions that
held on that date, so a death or a transfer recorded later does not rewrite
what was true before it.

>>> import datetime as dt
>>> "valid_to >" in persons_on(dt.date(2018, 6, 30))
True
"""

from __future__ import annotations

import datetime as dt

from unireg.engine.sql import literal

# Columns of a person version (persons and person_history share them).
PERSON_COLUMNS = ("person_key", "id_number", "name", "sex", "birth_date", "hukou_region",
                  "residence_region", "hukou_type", "status", "status_date", "in_frame",
                  "id_valid")
# Columns of an enrolment version (enrolments and enrolment_history share them).
ENROLMENT_COLUMNS = ("person_key", "scheme", "scheme_group", "scheme_kind", "agency_region",
                     "employer_id", "start_date", "end_date", "status", "last_paid",
                     "contribution_base", "source", "row_ref", "ref", "_file", "_row",
                     "carried_months", "opened_by", "closed_by", "close_reason",
                     "status_at_close")


def _on(current: str, history: str, columns: tuple[str, ...], on: dt.date) -> str:
    d = literal(on)
    cols = ", ".join(columns)
    return (f"SELECT {cols} FROM {current} WHERE valid_from IS NULL OR valid_from <= {d}\n"
            f"UNION ALL\n"
            f"SELECT {cols} FROM {history} WHERE valid_to IS NOT NULL AND valid_to > {d} "
            f"AND (valid_from IS NULL OR valid_from <= {d})")


def persons_on(on: dt.date) -> str:
    """SQL: one row per person who existed on ``on``, as they were that day."""
    return _on("persons", "person_history", PERSON_COLUMNS, on)


def enrolments_on(on: dt.date) -> str:
    """SQL: every enrolment known on ``on``, in the version that held that day."""
    return _on("enrolments", "enrolment_history", ENROLMENT_COLUMNS, on)
