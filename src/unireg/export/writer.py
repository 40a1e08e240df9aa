"""Write exports deterministically: the same registry gives byte-identical files.

Every Parquet export is written by one writer, :class:`ParquetRows`: rows
arrive sorted by the export's key and leave in row groups of exactly
``ROW_GROUP_ROWS`` rows (the last of a file, and, for an export with
:attr:`Export.breaks`, the last before each change of that column's value, hold
fewer), each column one contiguous array, every column
nullable, zstd, min/max statistics on the columns the export is sorted by.
Because the bytes depend only on the rows, two ways of producing the same
rows give the same file:

- a build (and an update, for most exports) streams the sorted rows out of
  DuckDB (``ORDER BY`` the export's key; memory stays bounded at national
  sizes, DuckDB spills the sort);
- an update rewrites the large per-person exports by merging: the previous
  file, already in key order, is read row group by row group, the touched
  persons' rows are dropped and their new rows (few, sorted) are slotted in
  where their key falls (:mod:`unireg.export.merge`). That reads and writes the
  file once instead of sorting the whole registry again.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from unireg.engine.sql import literal, quote_ident
from unireg.export.tables import EXPORTS, PERSON_KEY_SHAPE, Export

log = logging.getLogger("unireg.export")

ROW_GROUP_ROWS = 1_000_000
BATCH_ROWS = 250_000
# The exports with a row (or several) per person or record, largest first: they start first,
# so the two writers finish together (the longest job first, the small ones fill in).
LARGE = ("links", "coverage", "persons", "uninsured", "enrolment_history", "events",
         "person_history")
# Columns with about one value per row: no dictionary (building one only to drop it when it
# grows too large costs a third of the encoding time of links); every other column has one.
IDENTIFIERS = frozenset({"person_key", "id_number", "name", "row_ref", "event_id", "ref",
                         "case_id", "keep_ref", "provisional_key", "candidate_key",
                         "record_refs", "row"})


def largest_first(exports: Iterable[Export]) -> list[Export]:
    """``exports`` in the order they are started: the ``LARGE`` ones first, largest first."""
    return sorted(exports, key=lambda e: LARGE.index(e.name) if e.name in LARGE else len(LARGE))


def ordered_sql(export: Export, fast: bool = False) -> str:
    """The export's rows in its order; sorted by its ``fast_order`` when ``fast`` (the
    registry has what it needs: :func:`fast_orders`)."""
    order = export.fast_order if fast and export.fast_order else export.order_by
    return f"SELECT * FROM ({export.sql}) ORDER BY {order}"


def fast_orders(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the exports of the registry in ``con`` may be sorted by their ``fast_order``:
    every person key has PERSON_KEY_SHAPE, and every scheme group of ``coverage`` and
    ``uninsured`` is in ``ref_groups`` (1 s at 10M)."""
    keys = con.execute("SELECT count(*) FROM persons WHERE NOT regexp_full_match(person_key, "
                       f"{literal(PERSON_KEY_SHAPE)})").fetchall()[0][0]
    groups = con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT scheme_group FROM coverage UNION "
        "SELECT DISTINCT scheme_group FROM uninsured) "
        "WHERE scheme_group NOT IN (SELECT scheme_group FROM ref_groups)").fetchall()[0][0]
    return keys == 0 and groups == 0


def canonical_schema(schema: pa.Schema) -> pa.Schema:
    """Every field nullable, no metadata: what the file declares depends on the columns only.

    (DuckDB's own writer declared a column required when its statistics said it
    held no NULL — statistics an update's deletes leave stale.)
    """
    def field(f: pa.Field) -> pa.Field:
        kind = f.type
        if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
            kind = pa.string()
        elif pa.types.is_list(kind) or pa.types.is_large_list(kind):
            item = kind.value_type
            if pa.types.is_large_string(item) or pa.types.is_string_view(item):
                item = pa.string()
            kind = pa.list_(item)
        return pa.field(f.name, kind, nullable=True)

    return pa.schema([field(f) for f in schema])


class ParquetRows:
    """Rows in, row groups of exactly ``ROW_GROUP_ROWS`` out (see the module docstring)."""

    def __init__(self, path: Path, schema: pa.Schema,
                 statistics: Sequence[str] | None = None, breaks: str | None = None) -> None:
        self.schema = canonical_schema(schema)
        self.path = path
        self.rows = 0
        # A new row group wherever this column's value changes (Export.breaks).
        self.breaks = breaks
        self._value: object = None
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer = pq.ParquetWriter(
            str(path), self.schema, compression="zstd", compression_level=1,
            use_dictionary=[n for n in self.schema.names if n not in IDENTIFIERS],
            write_statistics=True if statistics is None else list(statistics))

    def write(self, table: pa.Table | pa.RecordBatch) -> None:
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        if table.num_rows == 0:
            return
        table = table.cast(self.schema) if table.schema != self.schema else table
        if self.breaks is None:
            self._add(table)
            return
        column = table.column(self.breaks).combine_chunks()
        # Where the value changes from the row before (a NULL beside a value counts as one).
        changed = pc.fill_null(pc.not_equal(column.slice(1), column.slice(0, len(column) - 1)),
                               True)
        starts = [0, *(np.flatnonzero(changed.to_numpy(zero_copy_only=False)) + 1).tolist()]
        for start, end in itertools.pairwise([*starts, table.num_rows]):
            value = column[start].as_py()
            if self._pending_rows and value != self._value:
                self._flush(self._pending_rows)
            self._value = value
            self._add(table.slice(start, end - start))

    def _add(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._pending_rows += table.num_rows
        while self._pending_rows >= ROW_GROUP_ROWS:
            self._flush(ROW_GROUP_ROWS)

    def _flush(self, n: int) -> None:
        whole = pa.concat_tables(self._pending)
        group, rest = whole.slice(0, n), whole.slice(n)
        self._writer.write_table(group.combine_chunks(), row_group_size=n)
        self.rows += group.num_rows
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows

    def close(self) -> int:
        if self._pending_rows:
            self._flush(self._pending_rows)
        self._writer.close()
        return self.rows


def write_rows(path: Path, schema: pa.Schema, batches: Iterable[pa.RecordBatch | pa.Table],
               statistics: Sequence[str] | None = None, breaks: str | None = None) -> int:
    """Write ``batches`` (already in the export's order) to ``path``; returns the row count.

    ``statistics``: the columns given min/max statistics (default: all). An export gives
    them to the columns it is sorted by (:attr:`Export.sorted_by`): those tell its row
    groups apart; every row group of a file sorted by person holds nearly every value of
    the others, and computing their statistics was 13-20% of the encoding time.
    ``breaks``: a column whose every change of value starts a row group (:attr:`Export.breaks`).
    """
    out = ParquetRows(path, schema, statistics, breaks)
    try:
        for batch in batches:
            out.write(batch)
    except BaseException:
        out.close()
        path.unlink(missing_ok=True)
        raise
    return out.close()


def write_export(con: duckdb.DuckDBPyConnection, export: Export, path: Path,
                 fast: bool = False) -> int:
    """Write one export from the registry in ``con`` by sorting it; returns its row count.
    ``fast``: see :func:`ordered_sql`."""
    reader = con.sql(ordered_sql(export, fast)).to_arrow_reader(BATCH_ROWS)
    return write_rows(path, reader.schema, reader, export.sorted_by, export.breaks)


def _csv_select(con: duckdb.DuckDBPyConnection, export: Export) -> str:
    """Lists become `;`-joined text so a CSV cell holds one value."""
    cols = con.execute(f"DESCRIBE {ordered_sql(export)}").fetchall()
    exprs = [f"array_to_string({name}, ';') AS {name}" if str(kind).endswith("[]") else name
             for name, kind, *_ in cols]
    return f"SELECT {', '.join(exprs)} FROM ({ordered_sql(export)})"


class WriteWhole(Exception):
    """A quicker way of writing an export does not apply: sort and write it whole."""


Job = Callable[[Path], int]


def write_exports(con: duckdb.DuckDBPyConnection, out: Path, csv: bool = False,
                  jobs: dict[str, Job] | None = None, workers: int = 2) -> dict[str, int]:
    """Write every export of the registry in ``con`` to ``out``; returns row counts.

    ``jobs`` maps an export to another way of writing it (an update's merge): a
    function of the target path returning the row count, or raising
    :class:`WriteWhole` when it cannot. Exports are written ``workers`` at a time
    (DuckDB sorts on its threads, the Parquet encoder on the caller's: two
    exports at once keep both cores busy); each file is the same whatever the
    order they are written in.
    """
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or {}
    # Each thread reads through its own connection, set as ``con`` is (where names resolve).
    where = con.execute("SELECT current_database(), current_schema(), "
                        "current_setting('search_path')").fetchall()[0]

    def connect() -> duckdb.DuckDBPyConnection:
        cursor = con.cursor()
        cursor.execute(f"USE {quote_ident(where[0])}.{quote_ident(where[1])}")
        cursor.execute(f"SET search_path = {literal(where[2])}")
        cursor.execute("SET enable_progress_bar = false")
        return cursor

    def one(export: Export) -> int:
        path = out / f"{export.name}.parquet"
        started = time.perf_counter()
        if export.name in jobs:
            try:
                n = jobs[export.name](path)
            except WriteWhole as e:
                log.warning("export %s written whole: %s", export.name, e)
            else:
                log.info("export %s: %d rows merged in %.2fs", export.name, n,
                         time.perf_counter() - started)
                return n
        cursor = connect()
        try:
            n = write_export(cursor, export, path, fast)
        finally:
            cursor.close()
        log.info("export %s: %d rows sorted and written in %.2fs", export.name, n,
                 time.perf_counter() - started)
        return n

    fast = fast_orders(con)
    order = largest_first(EXPORTS)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {e.name: pool.submit(one, e) for e in order}
        counts = {name: f.result() for name, f in futures.items()}
    if csv:
        for export in EXPORTS:
            con.execute(f"COPY ({_csv_select(con, export)}) TO "
                        f"{literal(str(out / (export.name + '.csv')))} (FORMAT csv, HEADER)")
    return {e.name: counts[e.name] for e in EXPORTS}
