"""The embedded state store: ``W/service.duckdb``, owned by the one serving process.

DuckDB allows one writing process per file (style.md #8), so one connection
serves every thread, one transaction at a time, behind a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from unireg.service.store.sql import Dialect, SqlStateStore

DUCKDB = Dialect(name="duckdb", placeholder="?", lock_table=None)  # one process, one lock


class _DuckCursor:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        rows = self._con.execute(sql, list(params)).fetchall()
        # DML returns one row with the number of rows affected; DDL returns none.
        return int(rows[0][0]) if rows and isinstance(rows[0][0], int) else 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, list(params)).fetchall()

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._con.executemany(sql, [list(r) for r in rows])


class DuckDBStateStore(SqlStateStore):
    backend = "duckdb"
    dialect = DUCKDB

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._con = duckdb.connect(self.path)
        self._lock = threading.RLock()
        self._depth = 0
        self.create_schema()

    @contextmanager
    def _tx(self) -> Iterator[_DuckCursor]:
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._con.execute("BEGIN TRANSACTION")
            self._depth += 1
            try:
                yield _DuckCursor(self._con)
            except BaseException:
                self._depth -= 1
                if outer:
                    self._con.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._con.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._con.close()
