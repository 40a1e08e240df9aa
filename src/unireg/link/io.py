"""Reading results back from the build's engine, the same way on DuckDB and Spark.

Two workarounds for DuckDB 2 live here, until ``engine/duckdb_engine.py`` has
them: ``DuckDBEngine.fetch_arrow`` goes through the DB-API cursor
(``execute().to_arrow_table()``), which DuckDB 2 answers with a UserWarning
(an extra copy); and ``table_exists`` leaves a ``fetchone()`` result
unfinished, after which DuckDB 2 refuses the connection's next ``register``.
"""

from __future__ import annotations

import pyarrow as pa

from unireg.engine import Engine
from unireg.errors import EngineError


def fetch(engine: Engine, sql: str, name: str = "link.fetch") -> pa.Table:
    """The result of ``sql`` (DuckDB dialect) as an Arrow table."""
    if engine.name == "duckdb":
        try:
            return engine.con.sql(sql).to_arrow_table()  # type: ignore[attr-defined]
        except Exception as exc:
            raise EngineError(name, sql, exc) from exc
    return engine.fetch_arrow(sql, name)


def scalar(engine: Engine, sql: str) -> object:
    t = fetch(engine, sql)
    return t.column(0)[0].as_py() if t.num_rows else None


def count(engine: Engine, table: str) -> int:
    return int(scalar(engine, f"SELECT count(*) FROM {table}") or 0)  # type: ignore[call-overload]


def table_exists(engine: Engine, name: str) -> bool:
    if engine.name == "duckdb":
        return bool(scalar(engine, "SELECT count(*) FROM information_schema.tables "
                                   f"WHERE table_name = '{name}'"))
    return engine.table_exists(name)
