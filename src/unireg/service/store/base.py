"""What the service needs from the place its state lives (users, sessions, audit, ...).

Pages and the API only ever talk to a :class:`StateStore`; the embedded DuckDB
file and PostgreSQL are two implementations of it, tested by one suite
(``tests/service/test_store.py``).
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from unireg.service.models import (
    ApiToken,
    AuditEntry,
    AuditRecord,
    Decision,
    EventRecord,
    Session,
    SurveyReturn,
    User,
)


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    person: str = ""          # a person pseudonym
    scope_prefix: str = ""    # only rows of actors whose scope lies in this prefix
    since: str = ""           # ISO timestamps (inclusive / exclusive)
    until: str = ""


class StateStore(abc.ABC):
    """Service state. Every method is one transaction; every audit append is serialised."""

    backend: str = ""

    # -- settings kept by the store (the signing secret) --------------------------------------
    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abc.abstractmethod
    def set_meta_once(self, key: str, value: str) -> str:
        """Store ``value`` under ``key`` unless a value is there; return the stored value."""

    # -- users ---------------------------------------------------------------------------------
    @abc.abstractmethod
    def add_user(self, user: User) -> None:
        """Add a user; ValueError if the name is taken."""

    @abc.abstractmethod
    def get_user(self, username: str) -> User | None: ...

    @abc.abstractmethod
    def list_users(self) -> list[User]: ...

    @abc.abstractmethod
    def count_users(self, role: str | None = None) -> int: ...

    @abc.abstractmethod
    def set_disabled(self, username: str, disabled: bool) -> bool:
        """Disable or enable; False if there is no such user."""

    @abc.abstractmethod
    def set_password(self, username: str, password_hash: str) -> bool: ...

    @abc.abstractmethod
    def login_failed(self, username: str, failures: int, locked_until: dt.datetime | None) -> None:
        """Record the failures in a row and the lock (None: not locked)."""

    @abc.abstractmethod
    def login_succeeded(self, username: str) -> None:
        """Reset the failure count and the lock."""

    # -- sessions ------------------------------------------------------------------------------
    @abc.abstractmethod
    def add_session(self, session: Session) -> None: ...

    @abc.abstractmethod
    def get_session(self, id_hash: str) -> Session | None: ...

    @abc.abstractmethod
    def touch_session(self, id_hash: str, when: dt.datetime) -> None: ...

    @abc.abstractmethod
    def delete_session(self, id_hash: str) -> None: ...

    @abc.abstractmethod
    def delete_sessions_of(self, username: str) -> int: ...

    # -- API tokens ----------------------------------------------------------------------------
    @abc.abstractmethod
    def add_token(self, token: ApiToken) -> None: ...

    @abc.abstractmethod
    def get_token(self, token_hash: str) -> ApiToken | None: ...

    @abc.abstractmethod
    def list_tokens(self) -> list[ApiToken]: ...

    @abc.abstractmethod
    def revoke_token(self, name: str) -> int: ...

    # -- audit (append-only) -------------------------------------------------------------------
    @abc.abstractmethod
    def append_audit(self, entry: AuditEntry, when: dt.datetime | None = None) -> AuditRecord:
        """Chain ``entry`` after the last row and store it, atomically."""

    def append_audit_many(self, entries: list[AuditEntry],
                          when: dt.datetime | None = None) -> list[AuditRecord]:
        """Chain several entries in one go (group commit); the default appends one by one."""
        return [self.append_audit(e, when) for e in entries]

    @abc.abstractmethod
    def list_audit(self, flt: AuditFilter, limit: int = 100,
                   offset: int = 0) -> list[AuditRecord]:
        """Newest first."""

    @abc.abstractmethod
    def iter_audit(self, batch: int = 10_000) -> Iterator[AuditRecord]:
        """Every row in sequence order (for verification)."""

    @abc.abstractmethod
    def count_audit(self) -> int: ...

    # -- survey returns ------------------------------------------------------------------------
    @abc.abstractmethod
    def add_survey(self, ret: SurveyReturn) -> bool:
        """Store a return; False if its survey_id is already there."""

    @abc.abstractmethod
    def list_surveys(self, scope_prefix: str = "", entered_by: str = "",
                     exported: bool | None = None, limit: int = 100_000) -> list[SurveyReturn]: ...

    @abc.abstractmethod
    def mark_surveys_exported(self, survey_ids: list[str], batch: str) -> None: ...

    # -- events --------------------------------------------------------------------------------
    @abc.abstractmethod
    def add_event(self, ev: EventRecord) -> bool:
        """Store an event; False if the sender already sent this event_id (applied once)."""

    @abc.abstractmethod
    def list_events(self, exported: bool | None = None,
                    limit: int = 100_000) -> list[EventRecord]: ...

    @abc.abstractmethod
    def mark_events_exported(self, keys: list[tuple[str, str]], batch: str) -> None: ...

    # -- case decisions ------------------------------------------------------------------------
    @abc.abstractmethod
    def add_decision(self, d: Decision) -> Decision: ...

    @abc.abstractmethod
    def decisions(self, queue: str, case_ref: str | None = None) -> list[Decision]:
        """Decisions in one queue (of one case), oldest first."""

    @abc.abstractmethod
    def close(self) -> None: ...
