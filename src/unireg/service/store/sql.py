"""The state store in portable SQL, shared by the DuckDB and PostgreSQL stores.

Only three things differ per backend (style.md #5) and live in :class:`Dialect`:
the parameter placeholder, how a table is locked while a row is numbered and
chained, and extra DDL (PostgreSQL refuses UPDATE and DELETE on the audit
table with a trigger). Everything else — tables, queries, the hash chain — is
written once here. Times are stored as ISO 8601 UTC text so both backends
compare and sort them alike.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from unireg.service.audit import GENESIS, chain, timestamp
from unireg.service.models import (
    ApiToken,
    AuditEntry,
    AuditRecord,
    Decision,
    EventRecord,
    Session,
    SurveyReturn,
    User,
    utcnow,
)
from unireg.service.store.base import AuditFilter, StateStore

SCHEMA_VERSION = "1"

TABLES = (
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS users (
        username TEXT PRIMARY KEY, role TEXT NOT NULL, scope TEXT NOT NULL,
        password_hash TEXT NOT NULL, created_at TEXT NOT NULL, disabled BOOLEAN NOT NULL,
        failed_logins BIGINT NOT NULL, locked_until TEXT, display_name TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sessions (
        id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,
        created_at TEXT NOT NULL, last_seen TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tokens (
        token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL,
        region TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
        revoked BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit (
        seq BIGINT PRIMARY KEY, at_utc TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
        scope TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL,
        purpose TEXT NOT NULL, persons TEXT NOT NULL, detail TEXT NOT NULL,
        client TEXT NOT NULL, prev_hash TEXT NOT NULL, row_hash TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS surveys (
        survey_id TEXT PRIMARY KEY, visit_date TEXT NOT NULL, id_number TEXT NOT NULL,
        name TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL,
        residence_region TEXT NOT NULL, employment_type TEXT NOT NULL,
        reason_uninsured TEXT NOT NULL, enumerator TEXT NOT NULL, entered_by TEXT NOT NULL,
        entered_at TEXT NOT NULL, export_batch TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS events (
        sender TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
        event_date TEXT NOT NULL, id_number TEXT NOT NULL, name TEXT NOT NULL,
        sex TEXT NOT NULL, birth_date TEXT NOT NULL, region TEXT NOT NULL,
        scheme TEXT NOT NULL, employer_id TEXT NOT NULL, status TEXT NOT NULL,
        detail TEXT NOT NULL, received_at TEXT NOT NULL, export_batch TEXT NOT NULL,
        PRIMARY KEY (sender, event_id))""",
    """CREATE TABLE IF NOT EXISTS decisions (
        seq BIGINT PRIMARY KEY, queue TEXT NOT NULL, case_ref TEXT NOT NULL,
        action TEXT NOT NULL, reason TEXT NOT NULL, decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL, payload TEXT NOT NULL)""",
)

_USER_COLS = ("username, role, scope, password_hash, created_at, disabled, failed_logins, "
              "locked_until, display_name")
_AUDIT_COLS = ("seq, at_utc, actor, role, scope, action, outcome, purpose, persons, detail, "
               "client, prev_hash, row_hash")
_SURVEY_FIELDS = ("survey_id", "visit_date", "id_number", "name", "sex", "birth_date",
                  "residence_region", "employment_type", "reason_uninsured", "enumerator",
                  "entered_by", "entered_at", "export_batch")
_EVENT_FIELDS = ("event_id", "event_type", "event_date", "id_number", "name", "sex",
                 "birth_date", "region", "scheme", "employer_id", "status", "detail", "sender",
                 "received_at", "export_batch")


@dataclass(frozen=True)
class Dialect:
    name: str
    placeholder: str            # what replaces "?" in the SQL written here
    lock_table: str | None      # "{table}" template run first in a max(seq)+1 transaction
    extra_ddl: tuple[str, ...] = ()


class Cursor(Protocol):
    """The little a backend's transaction must offer."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...   # rows affected

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...


def _ts(value: dt.datetime | None) -> str | None:
    return None if value is None else timestamp(value)


def _dt(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _user(row: tuple[Any, ...]) -> User:
    return User(username=row[0], role=row[1], scope=row[2], password_hash=row[3],
                created_at=_dt(row[4]) or utcnow(), disabled=bool(row[5]),
                failed_logins=int(row[6]), locked_until=_dt(row[7]), display_name=row[8])


def _audit(row: tuple[Any, ...]) -> AuditRecord:
    entry = AuditEntry(actor=row[2], role=row[3], scope=row[4], action=row[5], outcome=row[6],
                       purpose=row[7], persons=tuple(row[8].split()) if row[8] else (),
                       detail=row[9], client=row[10])
    return AuditRecord(int(row[0]), row[1], entry, row[11], row[12])


class SqlStateStore(StateStore):
    """Every StateStore method, in SQL; subclasses provide connections (:meth:`_tx`)."""

    dialect: Dialect

    @abc.abstractmethod
    def _tx(self) -> AbstractContextManager[Cursor]:
        """A transaction: committed when the block ends, rolled back if it raises."""

    def _sql(self, sql: str) -> str:
        mark = self.dialect.placeholder
        return sql if mark == "?" else sql.replace("?", mark)

    def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._tx() as cur:
            return cur.execute(self._sql(sql), params)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._tx() as cur:
            return cur.query(self._sql(sql), params)

    def _lock_table(self, cur: Cursor, table: str) -> None:
        """Serialise writers that number rows max(seq)+1 (other processes, on a server)."""
        if self.dialect.lock_table:
            cur.execute(self.dialect.lock_table.format(table=table))

    def create_schema(self) -> None:
        with self._tx() as cur:
            for ddl in (*TABLES, *self.dialect.extra_ddl):
                cur.execute(ddl)
            cur.execute(self._sql("INSERT INTO meta VALUES (?, ?) ON CONFLICT DO NOTHING"),
                        ("schema_version", SCHEMA_VERSION))

    # -- meta ----------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta_once(self, key: str, value: str) -> str:
        with self._tx() as cur:
            cur.execute(self._sql("INSERT INTO meta VALUES (?, ?) ON CONFLICT DO NOTHING"),
                        (key, value))
            return str(cur.query(self._sql("SELECT value FROM meta WHERE key = ?"), (key,))[0][0])

    # -- users ---------------------------------------------------------------------------------
    def add_user(self, user: User) -> None:
        with self._tx() as cur:
            n = cur.execute(self._sql(
                f"INSERT INTO users ({_USER_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING"),
                (user.username, user.role, user.scope, user.password_hash,
                 _ts(user.created_at), user.disabled, user.failed_logins,
                 _ts(user.locked_until), user.display_name))
            if n == 0:
                raise ValueError(f"user {user.username!r} exists already")

    def get_user(self, username: str) -> User | None:
        rows = self._rows(f"SELECT {_USER_COLS} FROM users WHERE username = ?", (username,))
        return _user(rows[0]) if rows else None

    def list_users(self) -> list[User]:
        return [_user(r) for r in self._rows(f"SELECT {_USER_COLS} FROM users ORDER BY username")]

    def count_users(self, role: str | None = None) -> int:
        if role is None:
            return int(self._rows("SELECT count(*) FROM users")[0][0])
        return int(self._rows("SELECT count(*) FROM users WHERE role = ?", (role,))[0][0])

    def set_disabled(self, username: str, disabled: bool) -> bool:
        return self._run("UPDATE users SET disabled = ? WHERE username = ?",
                         (disabled, username)) > 0

    def set_password(self, username: str, password_hash: str) -> bool:
        return self._run("UPDATE users SET password_hash = ?, failed_logins = 0, "
                         "locked_until = NULL WHERE username = ?",
                         (password_hash, username)) > 0

    def login_failed(self, username: str, failures: int, locked_until: dt.datetime | None) -> None:
        self._run("UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
                  (failures, _ts(locked_until), username))

    def login_succeeded(self, username: str) -> None:
        self._run("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?",
                  (username,))

    # -- sessions ------------------------------------------------------------------------------
    def add_session(self, session: Session) -> None:
        self._run("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                  (session.id_hash, session.username, session.csrf, _ts(session.created_at),
                   _ts(session.last_seen)))

    def get_session(self, id_hash: str) -> Session | None:
        rows = self._rows("SELECT id_hash, username, csrf, created_at, last_seen FROM sessions "
                          "WHERE id_hash = ?", (id_hash,))
        if not rows:
            return None
        r = rows[0]
        return Session(r[0], r[1], r[2], _dt(r[3]) or utcnow(), _dt(r[4]) or utcnow())

    def touch_session(self, id_hash: str, when: dt.datetime) -> None:
        self._run("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", (_ts(when), id_hash))

    def delete_session(self, id_hash: str) -> None:
        self._run("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))

    def delete_sessions_of(self, username: str) -> int:
        return self._run("DELETE FROM sessions WHERE username = ?", (username,))

    # -- tokens --------------------------------------------------------------------------------
    def add_token(self, token: ApiToken) -> None:
        with self._tx() as cur:
            taken = cur.query(self._sql("SELECT 1 FROM tokens WHERE name = ? AND NOT revoked"),
                              (token.name,))
            if taken:
                raise ValueError(f"a token named {token.name!r} exists already; revoke it first")
            cur.execute(self._sql("INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        (token.token_hash, token.name, " ".join(token.scopes), token.region,
                         token.created_by, _ts(token.created_at), token.revoked))

    @staticmethod
    def _token(r: tuple[Any, ...]) -> ApiToken:
        return ApiToken(r[0], r[1], tuple(r[2].split()), r[3], r[4], _dt(r[5]) or utcnow(),
                        bool(r[6]))

    def get_token(self, token_hash: str) -> ApiToken | None:
        rows = self._rows("SELECT * FROM tokens WHERE token_hash = ?", (token_hash,))
        return self._token(rows[0]) if rows else None

    def list_tokens(self) -> list[ApiToken]:
        rows = self._rows("SELECT * FROM tokens ORDER BY name, created_at")
        return [self._token(r) for r in rows]

    def revoke_token(self, name: str) -> int:
        return self._run("UPDATE tokens SET revoked = TRUE WHERE name = ? AND NOT revoked",
                         (name,))

    # -- audit ---------------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry, when: dt.datetime | None = None) -> AuditRecord:
        return self.append_audit_many([entry], when)[0]

    def append_audit_many(self, entries: list[AuditEntry],
                          when: dt.datetime | None = None) -> list[AuditRecord]:
        """Chain ``entries`` after the last row, in order, in one transaction."""
        out: list[AuditRecord] = []
        with self._tx() as cur:
            self._lock_table(cur, "audit")
            head = cur.query("SELECT seq, row_hash FROM audit ORDER BY seq DESC LIMIT 1")
            seq, prev = (int(head[0][0]) + 1, head[0][1]) if head else (1, GENESIS)
            at = timestamp(when or utcnow())
            rows = []
            for entry in entries:
                rec = chain(seq, at, entry, prev)
                e = rec.entry
                rows.append((rec.seq, rec.at, e.actor, e.role, e.scope, e.action, e.outcome,
                             e.purpose, " ".join(e.persons), e.detail, e.client, rec.prev_hash,
                             rec.row_hash))
                out.append(rec)
                seq, prev = seq + 1, rec.row_hash
            cur.executemany(self._sql(f"INSERT INTO audit ({_AUDIT_COLS}) VALUES "
                                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), rows)
        return out

    def list_audit(self, flt: AuditFilter, limit: int = 100,
                   offset: int = 0) -> list[AuditRecord]:
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        if flt.actor:
            where.append("actor = ?")
            params.append(flt.actor)
        if flt.action:
            where.append("action = ?")
            params.append(flt.action)
        if flt.person:
            where.append("(' ' || persons || ' ') LIKE ?")
            params.append(f"% {flt.person} %")
        if flt.scope_prefix:
            where.append("substr(scope, 1, ?) = ?")
            params += [len(flt.scope_prefix), flt.scope_prefix]
        if flt.since:
            where.append("at_utc >= ?")
            params.append(flt.since)
        if flt.until:
            where.append("at_utc < ?")
            params.append(flt.until)
        sql = (f"SELECT {_AUDIT_COLS} FROM audit WHERE {' AND '.join(where)} "
               f"ORDER BY seq DESC LIMIT {int(limit)} OFFSET {int(offset)}")
        return [_audit(r) for r in self._rows(sql, params)]

    def iter_audit(self, batch: int = 10_000) -> Iterator[AuditRecord]:
        last = 0
        while True:
            rows = self._rows(f"SELECT {_AUDIT_COLS} FROM audit WHERE seq > ? ORDER BY seq "
                              f"LIMIT {int(batch)}", (last,))
            if not rows:
                return
            for r in rows:
                yield _audit(r)
            last = int(rows[-1][0])

    def count_audit(self) -> int:
        return int(self._rows("SELECT count(*) FROM audit")[0][0])

    # -- surveys -------------------------------------------------------------------------------
    def add_survey(self, ret: SurveyReturn) -> bool:
        values = [getattr(ret, f) for f in _SURVEY_FIELDS]
        values[_SURVEY_FIELDS.index("entered_at")] = _ts(ret.entered_at or utcnow())
        marks = ", ".join("?" * len(values))
        return self._run(f"INSERT INTO surveys ({', '.join(_SURVEY_FIELDS)}) VALUES ({marks}) "
                         "ON CONFLICT DO NOTHING", values) > 0

    def list_surveys(self, scope_prefix: str = "", entered_by: str = "",
                     exported: bool | None = None, limit: int = 100_000) -> list[SurveyReturn]:
        where = ["substr(residence_region, 1, ?) = ?"]
        params: list[Any] = [len(scope_prefix), scope_prefix]
        if entered_by:
            where.append("entered_by = ?")
            params.append(entered_by)
        if exported is not None:
            where.append("export_batch <> ''" if exported else "export_batch = ''")
        rows = self._rows(f"SELECT {', '.join(_SURVEY_FIELDS)} FROM surveys "
                          f"WHERE {' AND '.join(where)} ORDER BY entered_at, survey_id "
                          f"LIMIT {int(limit)}", params)
        out = []
        for r in rows:
            d = dict(zip(_SURVEY_FIELDS, r, strict=True))
            d["entered_at"] = _dt(d["entered_at"])
            out.append(SurveyReturn(**d))
        return out

    def mark_surveys_exported(self, survey_ids: list[str], batch: str) -> None:
        with self._tx() as cur:
            for sid in survey_ids:
                cur.execute(self._sql("UPDATE surveys SET export_batch = ? WHERE survey_id = ?"),
                            (batch, sid))

    # -- events --------------------------------------------------------------------------------
    def add_event(self, ev: EventRecord) -> bool:
        values = [getattr(ev, f) for f in _EVENT_FIELDS]
        values[_EVENT_FIELDS.index("received_at")] = _ts(ev.received_at or utcnow())
        marks = ", ".join("?" * len(values))
        return self._run(f"INSERT INTO events ({', '.join(_EVENT_FIELDS)}) VALUES ({marks}) "
                         "ON CONFLICT DO NOTHING", values) > 0

    def list_events(self, exported: bool | None = None,
                    limit: int = 100_000) -> list[EventRecord]:
        where = "TRUE" if exported is None else (
            "export_batch <> ''" if exported else "export_batch = ''")
        rows = self._rows(f"SELECT {', '.join(_EVENT_FIELDS)} FROM events WHERE {where} "
                          f"ORDER BY received_at, sender, event_id LIMIT {int(limit)}")
        out = []
        for r in rows:
            d = dict(zip(_EVENT_FIELDS, r, strict=True))
            d["received_at"] = _dt(d["received_at"])
            out.append(EventRecord(**d))
        return out

    def mark_events_exported(self, keys: list[tuple[str, str]], batch: str) -> None:
        with self._tx() as cur:
            for sender, event_id in keys:
                cur.execute(self._sql("UPDATE events SET export_batch = ? "
                                      "WHERE sender = ? AND event_id = ?"),
                            (batch, sender, event_id))

    # -- decisions -----------------------------------------------------------------------------
    def add_decision(self, d: Decision) -> Decision:
        with self._tx() as cur:
            self._lock_table(cur, "decisions")
            seq = int(cur.query("SELECT coalesce(max(seq), 0) + 1 FROM decisions")[0][0])
            cur.execute(self._sql("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        (seq, d.queue, d.case_ref, d.action, d.reason, d.decided_by,
                         _ts(d.decided_at), json.dumps(d.payload, ensure_ascii=False,
                                                       sort_keys=True)))
        return Decision(d.queue, d.case_ref, d.action, d.reason, d.decided_by, d.decided_at,
                        d.payload, seq)

    def decisions(self, queue: str, case_ref: str | None = None) -> list[Decision]:
        sql = ("SELECT seq, queue, case_ref, action, reason, decided_by, decided_at, payload "
               "FROM decisions WHERE queue = ?")
        params: list[Any] = [queue]
        if case_ref is not None:
            sql += " AND case_ref = ?"
            params.append(case_ref)
        rows = self._rows(sql + " ORDER BY seq", params)
        return [Decision(r[1], r[2], r[3], r[4], r[5], _dt(r[6]) or utcnow(), json.loads(r[7]),
                         int(r[0])) for r in rows]
