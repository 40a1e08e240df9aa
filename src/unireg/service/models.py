"""The records the service keeps (users, sessions, tokens, audit, returns, events, decisions).

Plain dataclasses: every store returns and accepts these. Times are aware UTC
datetimes; dates are ISO text as in the data standard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class User:
    username: str
    role: str
    scope: str
    password_hash: str
    created_at: dt.datetime
    disabled: bool = False
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    display_name: str = ""


@dataclass(frozen=True)
class Session:
    id_hash: str          # sha256 of the cookie value: a stolen store gives no usable cookie
    username: str
    csrf: str             # the synchroniser token for this session's forms
    created_at: dt.datetime
    last_seen: dt.datetime


@dataclass(frozen=True)
class ApiToken:
    token_hash: str       # sha256 of the token; the token itself is shown once
    name: str             # the system, e.g. "civil-affairs-gd"
    scopes: tuple[str, ...]
    region: str           # region scope, like a user's
    created_by: str
    created_at: dt.datetime
    revoked: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One read of personal data (or one security-relevant action), before it is chained."""

    actor: str            # username, "token:<name>", or "citizen"
    role: str             # the actor's role ("citizen", "system" for tokens)
    scope: str            # the actor's region scope ("" for citizens)
    action: str           # e.g. "person.view", "citizen.lookup", "api.coverage"
    outcome: str          # e.g. "ok", "not_found", "denied", "rate_limited"
    purpose: str = ""     # the stated purpose (unmasking, exports)
    persons: tuple[str, ...] = ()   # person pseudonyms (never ID numbers or names)
    detail: str = ""      # counts, case ids, filters; never personal data
    client: str = ""      # client address


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str               # ISO 8601 UTC, microseconds
    entry: AuditEntry
    prev_hash: str
    row_hash: str


@dataclass(frozen=True)
class SurveyReturn:
    """A household survey return, data-standard ``survey`` fields plus who entered it."""

    survey_id: str
    visit_date: str
    id_number: str
    name: str
    sex: str
    birth_date: str
    residence_region: str
    employment_type: str
    reason_uninsured: str
    enumerator: str
    entered_by: str = ""
    entered_at: dt.datetime | None = None
    export_batch: str = ""


@dataclass(frozen=True)
class EventRecord:
    """A submitted event, data-standard ``events`` fields plus who sent it."""

    event_id: str
    event_type: str
    event_date: str
    id_number: str = ""
    name: str = ""
    sex: str = ""
    birth_date: str = ""
    region: str = ""
    scheme: str = ""
    employer_id: str = ""
    status: str = ""
    detail: str = ""
    sender: str = ""
    received_at: dt.datetime | None = None
    export_batch: str = ""


@dataclass(frozen=True)
class Decision:
    """An officer's decision on a work-queue case (the latest one per case counts)."""

    queue: str            # multiple | review | quarantine | deceased
    case_ref: str         # case id (multiple), item reference (others)
    action: str           # end_enrolment | link | not_same | resubmit | end_enrolments | alive
    reason: str
    decided_by: str
    decided_at: dt.datetime
    payload: dict[str, str] = field(default_factory=dict)  # chosen record, corrected fields
    seq: int = 0
