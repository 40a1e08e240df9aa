"""The engine interface and the pipeline's unit of work, a named SQL step."""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyarrow as pa

from unireg.errors import EngineError

log = logging.getLogger("unireg.engine")


@dataclass(frozen=True)
class Step:
    """One named SQL step: ``SELECT`` text whose result becomes table ``output``.

    Steps are produced by pure functions and can be inspected and unit-tested
    without a database (style.md #6).
    """

    name: str
    sql: str
    output: str
    stage: str = ""  # pipeline stage for progress display: validate, link, coverage, ...
    view: bool = False  # a view rather than a table: for results read once or twice
    temp: bool = False  # read by later steps only: kept out of the registry file where it can be
    # An UPDATE (DuckDB's SQL) that turns the existing ``output`` into what ``sql`` gives, for
    # engines that update tables in place: a step changing a few rows of a large table.
    in_place: str = ""


class Engine(ABC):
    """What differs per backend: run a query into a table, register data, fetch results."""

    name: str = "abstract"
    dialect: str = "duckdb"
    updates_in_place: bool = False  # runs a step's ``in_place`` UPDATE instead of its ``sql``

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    # -- what each engine implements ------------------------------------
    @abstractmethod
    def _create_table(self, name: str, sql: str) -> None: ...

    def _create_view(self, name: str, sql: str) -> None:
        """A view where the engine has cheap ones; a table otherwise."""
        self._create_table(name, sql)

    def _create_temp_table(self, name: str, sql: str) -> None:
        """A table for this run only (gone when the engine closes) where the engine keeps
        tables in a file; a table otherwise."""
        self._create_table(name, sql)

    @abstractmethod
    def _execute(self, sql: str) -> None: ...

    @abstractmethod
    def _fetch_arrow(self, sql: str) -> pa.Table: ...

    @abstractmethod
    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name`` (replacing any previous one)."""

    @abstractmethod
    def table_exists(self, name: str) -> bool: ...

    def translate(self, sql: str) -> str:
        """SQL in DuckDB's dialect as this engine's dialect (identity for DuckDB)."""
        return sql

    def drop_temp(self, name: str) -> None:  # noqa: B027 - optional hook
        """Free a step's ``temp`` output that no later step reads (where the engine holds it
        in memory until it closes)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the engine's resources."""

    # -- shared behaviour: logging, timing, error wrapping -----------------
    def run(self, step: Step) -> None:
        """Run a step into its output table; on failure raise EngineError with its SQL."""
        in_place = bool(step.in_place) and self.updates_in_place
        sql = step.in_place if in_place else self.translate(step.sql)
        started, cpu = time.perf_counter(), time.process_time()
        try:
            if in_place:
                self._execute(sql)
            elif step.view:
                self._create_view(step.output, sql)
            elif step.temp:
                self._create_temp_table(step.output, sql)
            else:
                self._create_table(step.output, sql)
        except Exception as exc:
            raise EngineError(step.name, sql, exc) from exc
        elapsed = time.perf_counter() - started
        self.timings[step.name] = elapsed
        log.info("step %s -> %s in %.2fs (cpu %.2fs)", step.name, step.output, elapsed,
                 time.process_time() - cpu)

    def run_all(self, steps: Iterable[Step],
                on_step: Callable[[Step], None] | None = None) -> None:
        for step in steps:
            self.run(step)
            if on_step:
                on_step(step)

    def execute(self, sql: str, name: str = "execute") -> None:
        sql = self.translate(sql)
        try:
            self._execute(sql)
        except Exception as exc:
            raise EngineError(name, sql, exc) from exc

    def fetch_arrow(self, sql: str, name: str = "fetch") -> pa.Table:
        sql = self.translate(sql)
        try:
            return self._fetch_arrow(sql)
        except Exception as exc:
            raise EngineError(name, sql, exc) from exc

    def scalar(self, sql: str) -> object:
        t = self.fetch_arrow(sql)
        return t.column(0)[0].as_py() if t.num_rows else None
