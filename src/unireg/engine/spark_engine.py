"""The same build on Apache Spark (``--engine spark``), with DuckDB's results.

Each step's DuckDB SQL is translated (:mod:`unireg.engine.dialects`) and run by
Spark SQL; its result is written as Parquet under ``work_dir/tables`` and read
back as a temporary view of the step's output name. Writing every step out
cuts the query lineage (a view of views would make Spark re-plan and re-run
the whole pipeline for each later step) and works the same on a cluster with
a shared file system; Spark's checkpointing would need the same directory and
keeps the RDD machinery in the way.

Data moves between the build's DuckDB registry and Spark as Parquet files
(:meth:`SparkEngine.import_tables`, :meth:`SparkEngine.export_tables`).
Exported tables get exactly the column names and types the DuckDB engine
would have produced: every step is also run, on empty tables, in an in-memory
DuckDB "shadow" that yields the expected schema.

ANSI mode is on (``spark.sql.ansi.enabled=true``, Spark 4's default, set
explicitly so that a reused session has it too): a failing CAST, an overflow or a division by zero
raises, as DuckDB's does, instead of silently becoming NULL or wrapping
around. The steps use ``TRY_CAST`` where NULL is meant.

>>> # engine = SparkEngine(master="local[2]", work_dir=Path("W/.next/spark"))
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import sqlglot
from sqlglot import exp

from unireg.engine.base import Engine, Step
from unireg.engine.dialects import TranslationError, spark_session_functions, transpile
from unireg.engine.sql import literal, quote_ident
from unireg.errors import EngineError

log = logging.getLogger("unireg.engine.spark")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Session settings; keys the caller passes in ``conf`` win.
DEFAULT_CONF: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
    # Dates before 1582 are written and read in the proleptic Gregorian calendar, as DuckDB does.
    "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED",
    "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED",
    "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED",
    "spark.sql.parquet.int96RebaseModeInRead": "CORRECTED",
}
# Only for local masters: a few shuffle partitions suit one machine's cores.
LOCAL_CONF: dict[str, str] = {"spark.sql.shuffle.partitions": "4"}
# Runtime SQL settings, applied even to a session that already existed.
RUNTIME_KEYS = tuple(k for k in DEFAULT_CONF if k.startswith("spark.sql."))
# Checkpoint folders set by SparkEngines of this process (a later engine may replace them).
_CHECKPOINT_DIRS: set[str] = set()


def translate_to_spark(sql: str) -> str:
    """DuckDB-dialect SQL as Spark SQL with DuckDB's results (no Spark needed)."""
    return transpile(sql, "spark")


class SparkEngine(Engine):
    """Runs steps on a Spark session; tables live as Parquet under ``work_dir``.

    A session that is already running in this process (a test fixture, a
    notebook) is reused and left running by :meth:`close`; a session the engine
    started itself is stopped.
    """

    name = "spark"
    dialect = "spark"

    def __init__(self, master: str = "local[2]", work_dir: Path | str | None = None,
                 app_name: str = "unireg", conf: Mapping[str, str] | None = None,
                 log_level: str = "ERROR", keep_files: bool = False) -> None:
        super().__init__()
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # the optional extra is not installed
            raise EngineError("spark.start", "", RuntimeError(
                "PySpark is not installed: pip install 'unireg[spark]' (needs Java 17)")) from exc
        self._own_dir = work_dir is None
        self.work_dir = Path(work_dir or tempfile.mkdtemp(prefix="unireg-spark-"))
        self.keep_files = keep_files
        self._tables_dir = self.work_dir / "tables"
        self._transfer_dir = self.work_dir / "transfer"
        for d in (self._tables_dir, self._transfer_dir):
            d.mkdir(parents=True, exist_ok=True)
        self._paths: dict[str, Path] = {}   # view name -> its Parquet folder or file
        self._views: list[str] = []
        self._version = 0
        self._store: duckdb.DuckDBPyConnection | None = None  # where inputs come from
        # The shadow: every table as an empty DuckDB table, for the expected schemas.
        self._shadow = duckdb.connect()
        settings = {**DEFAULT_CONF,
                    **(LOCAL_CONF if master.startswith("local") else {}),
                    "spark.sql.warehouse.dir": str(self.work_dir / "warehouse"),
                    **(conf or {})}
        if master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        started = time.perf_counter()
        existing = SparkSession.getActiveSession()
        try:
            builder = SparkSession.builder.master(master).appName(app_name)
            for key, value in settings.items():
                builder = builder.config(key, value)
            self.spark = builder.getOrCreate()
            for key in (*RUNTIME_KEYS, *(k for k in (conf or {}) if k.startswith("spark.sql."))):
                if self.spark.conf.isModifiable(key):  # also for a session that already ran
                    self.spark.conf.set(key, settings[key])
        except Exception as exc:
            raise EngineError("spark.start", "", exc) from exc
        self._owns_session = existing is None
        self.timings["spark.start"] = time.perf_counter() - started
        self.spark.sparkContext.setLogLevel(log_level)
        self._quiet_query_errors()
        if int(self.spark.version.split(".")[0]) < 4:
            self.close()
            raise EngineError("spark.start", "", RuntimeError(
                f"Spark {self.spark.version}: unireg needs Spark >= 4.0 (SQL functions)"))
        self._set_checkpoint_dir()
        for fname, ddl in spark_session_functions().items():
            try:
                self.spark.sql(ddl)
            except Exception as exc:
                raise EngineError(f"define {fname}", ddl, exc) from exc

    # -- the Engine interface ----------------------------------------------
    def translate(self, sql: str) -> str:
        return translate_to_spark(sql)

    def run(self, step: Step) -> None:
        """Run ``step`` on Spark; first on the empty shadow, which fixes its DuckDB schema.

        An input table the step reads that Spark does not have yet, but the DuckDB
        registry given to :meth:`import_tables` does, is imported first.
        """
        self._import_missing(step)
        try:
            self.translate(step.sql)  # a construct without translation fails here, named
        except TranslationError as exc:
            raise EngineError(step.name, step.sql, exc) from exc
        try:
            self._shadow.execute(f"CREATE OR REPLACE TABLE {quote_ident(step.output)} AS "
                                 f"{step.sql}")
        except Exception as exc:
            raise EngineError(step.name, step.sql, exc) from exc
        super().run(step)

    def _create_table(self, name: str, sql: str) -> None:
        self._check_name(name)
        self._version += 1
        path = self._tables_dir / f"{name}.{self._version}"
        df = self.spark.sql(sql)
        names = [c for c, _ in self.expected_schema(name)] if self._in_shadow(name) else []
        if len(names) == len(df.columns):  # DuckDB's names (it renames repeated ones)
            df = df.toDF(*names)
        df.write.mode("errorifexists").parquet(str(path))
        self._view(name, path, df.schema)

    def _execute(self, sql: str) -> None:
        self.spark.sql(sql).collect()

    def _fetch_arrow(self, sql: str) -> pa.Table:
        df = self.spark.sql(sql)
        frame: Any = df
        if hasattr(frame, "toArrow"):  # Spark >= 4.0
            return frame.toArrow()
        batches = frame._collect_as_arrow()  # Spark 3.5
        schema = batches[0].schema if batches else None
        return pa.Table.from_batches(batches, schema=schema) if batches else pa.table({})

    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table a view (through a Parquet file, so a cluster can read it too)."""
        self._check_name(name)
        self._version += 1
        path = self._transfer_dir / f"{name}.{self._version}.parquet"
        pq.write_table(table, path)
        self._view(name, path)
        self._shadow.register("__unireg_tmp", table.schema.empty_table())
        try:
            self._shadow.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS "
                                 "SELECT * FROM __unireg_tmp")
        finally:
            self._shadow.unregister("__unireg_tmp")

    def table_exists(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(name))

    def close(self) -> None:
        """Drop this engine's views and files; stop the session if this engine started it."""
        with contextlib.suppress(Exception):
            for v in self._views:
                self.spark.catalog.dropTempView(v)
            if self._owns_session:
                self.spark.stop()
        self._views.clear()
        self._shadow.close()
        if not self.keep_files:
            for d in (self._tables_dir, self._transfer_dir, self.work_dir / "warehouse",
                      self.work_dir / "checkpoints"):
                shutil.rmtree(d, ignore_errors=True)
            if self._own_dir:
                shutil.rmtree(self.work_dir, ignore_errors=True)

    # -- moving tables between the DuckDB registry and Spark ----------------
    def import_tables(self, con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
        """Copy DuckDB tables to Spark views of the same names (through Parquet)."""
        self._store = con
        for name in names:
            self._check_name(name)
            started = time.perf_counter()
            self._version += 1
            path = self._transfer_dir / f"{name}.{self._version}.parquet"
            try:
                cols = con.execute(f"DESCRIBE {quote_ident(name)}").fetchall()
                con.execute(f"COPY {quote_ident(name)} TO {literal(str(path))} (FORMAT parquet)")
            except duckdb.Error as exc:
                raise EngineError(f"import {name}", "", exc) from exc
            self._shadow.execute(
                f"CREATE OR REPLACE TABLE {quote_ident(name)} ("
                + ", ".join(f"{quote_ident(c)} {t}" for c, t, *_ in cols) + ")")
            self._view(name, path)
            self.timings[f"import {name}"] = time.perf_counter() - started

    def _import_missing(self, step: Step) -> None:
        if self._store is None:
            return
        try:
            tree = sqlglot.parse_one(step.sql, read="duckdb")
        except sqlglot.errors.ParseError:
            return  # the step itself will report it
        ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
        wanted = {t.name for t in tree.find_all(exp.Table)
                  if t.name and t.name.lower() not in ctes and not t.args.get("db")}
        have = {r[0] for r in self._store.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        for name in sorted(wanted - set(self._paths)):
            if name in have:
                log.info("step %s reads %s: importing it from DuckDB", step.name, name)
                self.import_tables(self._store, [name])

    def export_tables(self, con: duckdb.DuckDBPyConnection, names: Iterable[str],
                      target: Callable[[str], str] = quote_ident) -> None:
        """Create each Spark table in ``con`` with the DuckDB engine's exact columns and types
        (as ``target(name)``: the DuckDB engine's placement of the table)."""
        for name in names:
            started = time.perf_counter()
            if name not in self._paths:
                raise EngineError(f"export {name}", "", KeyError(
                    f"{name}: no such table on Spark (was its step run?)"))
            expected = self.expected_schema(name)
            source = self._parquet_source(self._paths[name])
            where = target(name)
            try:
                if source is None:  # Spark wrote no file: an empty table
                    con.execute(f"CREATE OR REPLACE TABLE {where} ("
                                + ", ".join(f"{quote_ident(c)} {t}" for c, t in expected) + ")")
                else:
                    got = [r[0] for r in con.execute(
                        f"DESCRIBE SELECT * FROM read_parquet({literal(source)})").fetchall()]
                    if [g.lower() for g in got] != [c.lower() for c, _ in expected]:
                        raise ValueError(f"Spark wrote columns {got}, DuckDB expects "
                                         f"{[c for c, _ in expected]}")
                    select = ", ".join(f"CAST({quote_ident(g)} AS {t}) AS {quote_ident(c)}"
                                       for g, (c, t) in zip(got, expected, strict=True))
                    con.execute(f"CREATE OR REPLACE TABLE {where} AS SELECT {select} "
                                f"FROM read_parquet({literal(source)})")
            except (duckdb.Error, ValueError) as exc:
                raise EngineError(f"export {name}", "", exc) from exc
            self.timings[f"export {name}"] = time.perf_counter() - started

    def expected_schema(self, name: str) -> list[tuple[str, str]]:
        """(column, DuckDB type) of ``name`` as the DuckDB engine would create it."""
        rows = self._shadow.execute(f"DESCRIBE {quote_ident(name)}").fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    # -- helpers ------------------------------------------------------------
    def _in_shadow(self, name: str) -> bool:
        row = self._shadow.execute("SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_name = ?", [name]).fetchone()
        return bool(row and row[0])

    def _view(self, name: str, path: Path, schema: Any = None) -> None:
        reader = self.spark.read if schema is None else self.spark.read.schema(schema)
        reader.parquet(str(path)).createOrReplaceTempView(name)  # known schema: no footer job
        old = self._paths.get(name)
        self._paths[name] = path
        if name not in self._views:
            self._views.append(name)
        if old is not None and old != path:  # the view no longer reads it
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)

    @staticmethod
    def _parquet_source(path: Path) -> str | None:
        if path.is_file():
            return str(path)
        files = sorted(path.glob("*.parquet"))
        return str(path / "*.parquet") if files else None

    @staticmethod
    def _check_name(name: str) -> None:
        if not _NAME.fullmatch(name):
            raise EngineError(f"table {name!r}", "", ValueError(
                f"{name!r}: table names are letters, digits and _ (for Spark views)"))

    def _set_checkpoint_dir(self) -> None:
        """Give the session a checkpoint folder in ``work_dir`` (Splink's Spark backend
        breaks lineage through it), unless someone else's session already has one."""
        sc = self.spark.sparkContext
        current = sc.getCheckpointDir()
        if current is None or any(str(current).startswith(d) for d in _CHECKPOINT_DIRS):
            folder = self.work_dir / "checkpoints"
            folder.mkdir(parents=True, exist_ok=True)
            sc.setCheckpointDir(str(folder))
            _CHECKPOINT_DIRS.add(str(folder))
            _CHECKPOINT_DIRS.add(folder.resolve().as_uri())

    @staticmethod
    def _quiet_query_errors() -> None:
        """A failed query raises EngineError with the step's name and SQL. PySpark also logs
        each failure with its query context at ERROR (a long JSON line that may quote
        values from the data, style.md #13): those two loggers are silenced."""
        with contextlib.suppress(ImportError):
            from pyspark.logger import PySparkLogger  # Spark >= 4.0

            for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
                PySparkLogger.getLogger(name).setLevel(logging.CRITICAL)
