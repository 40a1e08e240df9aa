"""Running staging steps on DuckDB: errors named by step, one transaction per file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from unireg.errors import EngineError, IngestError
from unireg.ingest.sql import Step


def with_params(step: Step, params: dict[str, Any]) -> Step:
    """The step with more parameters (a reader's, e.g. the file path)."""
    return Step(step.name, step.sql, {**step.params, **params})


def run(con: duckdb.DuckDBPyConnection, step: Step, *, passthrough: bool = False) -> int:
    """Execute a step; the number of rows it changed (0 for DDL).

    DuckDB errors become EngineError naming the step and its SQL (style.md
    #10); with ``passthrough``, DuckDB's InvalidInputException (a CSV it
    cannot read) is raised as is, for the caller to fall back on.
    """
    try:
        row = con.execute(step.sql, step.params or None).fetchone()
    except duckdb.Error as e:
        if passthrough and isinstance(e, duckdb.InvalidInputException):
            raise
        raise EngineError(step.name, step.sql, e) from e
    return int(row[0]) if row and isinstance(row[0], int) else 0


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All or nothing: commit when the block succeeds, roll back when it raises."""
    try:
        con.begin()
    except duckdb.TransactionException:
        raise IngestError("staging runs each file in its own transaction: call it outside "
                          "an open transaction (COMMIT or ROLLBACK first)") from None
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()
