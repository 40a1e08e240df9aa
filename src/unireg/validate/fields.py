"""What each record kind holds and which checks apply to which field (data-standard §3).

This is data: the checks themselves are generated from it by ``checks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The standard fields per kind, and the field naming a record, are kept once in ingest.
from unireg.ingest.kinds import KINDS, ROW_REF_FIELD

__all__ = ["CHECKS", "ECHO_FIELDS", "KINDS", "PERSON_KINDS", "ROW_REF_FIELD", "KindChecks"]


@dataclass(frozen=True)
class KindChecks:
    required: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)  # field -> code list name ("scheme": catalogue)
    dates: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    employers: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    order: tuple[tuple[str, str], ...] = ()  # (start, end) pairs
    # Fields that, with a usable ID missing, are needed to find the person another way.
    identity: tuple[str, ...] | None = None


CHECKS: dict[str, KindChecks] = {
    "population": KindChecks(
        required=("name", "sex", "birth_date", "hukou_region"),
        codes={"sex": "sex", "hukou_type": "hukou_type", "status": "person_status"},
        dates=("birth_date", "status_date"),
        regions=("hukou_region", "residence_region"),
        identity=("name", "birth_date", "sex"),
    ),
    "enrolment": KindChecks(
        required=("scheme", "agency_region", "start_date", "status"),
        codes={"sex": "sex", "scheme": "scheme", "status": "enrolment_status"},
        dates=("birth_date", "start_date", "end_date"),
        months=("last_paid",),
        regions=("agency_region",),
        employers=("employer_id",),
        numbers=("contribution_base",),
        order=(("start_date", "end_date"),),
        identity=("name", "birth_date", "sex"),
    ),
    "employer": KindChecks(
        required=("employer_id",),
        codes={"industry": "industry", "size": "size"},
        regions=("region",),
        employers=("employer_id",),
        numbers=("employees",),
    ),
    "employment": KindChecks(
        required=("employment_type",),
        codes={"employment_type": "employment_type"},
        dates=("start_date", "end_date"),
        employers=("employer_id",),
        order=(("start_date", "end_date"),),
        # An employment record carries no birth date or sex: without a usable ID it
        # cannot be tied to a person safely.
        identity=("name", "birth_date", "sex"),
    ),
    "survey": KindChecks(
        required=("visit_date",),
        codes={"sex": "sex", "employment_type": "employment_type",
               "reason_uninsured": "reason_uninsured"},
        dates=("visit_date", "birth_date"),
        regions=("residence_region",),
        identity=("name", "birth_date", "sex"),
    ),
    # Events (docs/updates.md). The checks that depend on the event type (fields a type
    # requires, a usable ID number, event_id conflicts) are made by unireg.update.records.
    "events": KindChecks(
        required=("event_id", "event_type", "event_date"),
        codes={"event_type": "event_type", "sex": "sex", "scheme": "scheme",
               "status": "enrolment_status"},
        dates=("event_date", "birth_date"),
        regions=("region",),
        employers=("employer_id",),
    ),
}

# Kinds whose records belong to a person (and so are linked).
PERSON_KINDS = ("population", "enrolment", "employment", "survey")
# Fields whose values may be echoed in quarantine messages: codes, not personal data.
ECHO_FIELDS = frozenset({"sex", "scheme", "status", "hukou_type", "industry", "size",
                         "employment_type", "reason_uninsured", "agency_region", "region",
                         "event_type"})
