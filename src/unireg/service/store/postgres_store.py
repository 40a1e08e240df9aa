"""The state store on PostgreSQL, for many officers and citizens at once (several processes).

Connect with a libpq string (``host=... dbname=... user=...``); keep the
password out of it and out of the command line (``PGPASSWORD`` or
``~/.pgpass``). The audit table is append-only in the database itself: a
trigger refuses UPDATE, DELETE and TRUNCATE, and writers lock the table while
they chain a row so two processes never fork the chain.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from unireg.errors import ConfigError
from unireg.service.store.sql import Dialect, SqlStateStore

_APPEND_ONLY = (
    """CREATE OR REPLACE FUNCTION unireg_audit_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'the audit table is append-only';
       END $$""",
    """CREATE OR REPLACE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
       FOR EACH ROW EXECUTE FUNCTION unireg_audit_append_only()""",
    """CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
       FOR EACH STATEMENT EXECUTE FUNCTION unireg_audit_append_only()""",
)

POSTGRES = Dialect(name="postgres", placeholder="%s",
                   lock_table="LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE",
                   extra_ddl=_APPEND_ONLY)


class _PgCursor:
    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._cur.execute(sql, tuple(params) or None)
        return max(self._cur.rowcount, 0)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._cur.execute(sql, tuple(params) or None)
        return list(self._cur.fetchall())

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cur.executemany(sql, [tuple(r) for r in rows])


class PostgresStateStore(SqlStateStore):
    backend = "postgres"
    dialect = POSTGRES

    def __init__(self, dsn: str, pool_size: int = 8, connect_timeout: int = 5) -> None:
        self._dsn = dsn
        self._timeout = connect_timeout
        self._pool: queue.LifoQueue[psycopg.Connection[Any]] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._all: list[psycopg.Connection[Any]] = []
        self._local = threading.local()
        self.create_schema()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            con = psycopg.connect(self._dsn, autocommit=True, connect_timeout=self._timeout,
                                  application_name="unireg-serve")
        except psycopg.OperationalError as exc:
            # libpq's message names host and port, never the password.
            raise ConfigError(f"cannot connect to the PostgreSQL state store: "
                              f"{str(exc).strip()}") from None
        self._all.append(con)
        return con

    @contextmanager
    def _tx(self) -> Iterator[_PgCursor]:
        held = getattr(self._local, "con", None)
        if held is not None:  # nested call inside a transaction of this thread
            with held.cursor() as cur:
                yield _PgCursor(cur)
            return
        self._slots.acquire()
        try:
            try:
                con = self._pool.get_nowait()
            except queue.Empty:
                con = self._connect()
            if con.closed or con.broken:
                con = self._connect()
            self._local.con = con
            try:
                with con.transaction(), con.cursor() as cur:
                    yield _PgCursor(cur)
            finally:
                self._local.con = None
                self._pool.put(con)
        finally:
            self._slots.release()

    def close(self) -> None:
        for con in self._all:
            con.close()
        self._all.clear()
