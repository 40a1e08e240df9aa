"""The embedded default: one DuckDB file owned by one writer (style.md #8)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from unireg.engine.base import Engine
from unireg.engine.sql import quote_ident


class DuckDBEngine(Engine):
    name = "duckdb"
    dialect = "duckdb"
    updates_in_place = True

    def __init__(self, path: Path | str = ":memory:", threads: int = 0,
                 memory_limit: str = "", temp_directory: Path | str | None = None) -> None:
        super().__init__()
        # Tables created in another attached catalog than the file's (name -> catalog): the
        # build writes the delivered records into delivered.duckdb (pipeline.workspace).
        self.placement: dict[str, str] = {}
        self.path = str(path)
        self.con = duckdb.connect(self.path)
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute("SET memory_limit = ?", [memory_limit])
        if temp_directory:
            self.con.execute("SET temp_directory = ?", [str(temp_directory)])
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute("SET enable_progress_bar = false")  # the build shows its own

    def _drop_other(self, name: str, kind: str) -> None:
        """Drop ``name`` when it is an object of the other ``kind`` (TABLE or VIEW): a step's
        output can change from one to the other between versions."""
        rows = self.con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = ? "
            "AND table_schema = current_schema() AND table_catalog = current_database()",
            [name]).fetchall()
        if rows and ("VIEW" if rows[0][0] == "VIEW" else "TABLE") != kind:
            self.con.execute(f"DROP {'VIEW' if kind == 'TABLE' else 'TABLE'} {quote_ident(name)}")

    def target(self, name: str) -> str:
        """Where a table ``name`` is created: quoted, qualified when placed elsewhere."""
        where = self.placement.get(name)
        return f"{quote_ident(where)}.main.{quote_ident(name)}" if where else quote_ident(name)

    def _create_table(self, name: str, sql: str) -> None:
        self._drop_other(name, "TABLE")
        self.con.execute(f"CREATE OR REPLACE TABLE {self.target(name)} AS {sql}")

    def _create_temp_table(self, name: str, sql: str) -> None:
        # In memory (spilled to the temp directory when large): a table written into the file
        # is compressed and stored, about four times the work, to be thrown away.
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS {sql}")

    def drop_temp(self, name: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS temp.main.{quote_ident(name)}")

    def _create_view(self, name: str, sql: str) -> None:
        self._drop_other(name, "VIEW")
        self.con.execute(f"CREATE OR REPLACE VIEW {quote_ident(name)} AS {sql}")

    def _execute(self, sql: str) -> None:
        self.con.execute(sql)

    def _fetch_arrow(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self.con.register("__unireg_tmp", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS "
                             "SELECT * FROM __unireg_tmp")
        finally:
            self.con.unregister("__unireg_tmp")

    def table_exists(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        self.con.close()
