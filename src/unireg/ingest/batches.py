"""Staging rows read in Python (XLSX, and CSV files with unreadable rows), in batches.

Rows come from a reader as ``(row, cells)`` or as a
:class:`~unireg.ingest.csv_records.Reject`. Every BATCH_ROWS of them, the good
rows go to DuckDB as an Arrow table and through the same mapping SQL as the
fast path (:func:`unireg.ingest.sql.stage_insert`), and the rejects to
``stage_rejects``. Memory holds one batch at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from unireg.engine.sql import quote_ident
from unireg.errors import IngestError
from unireg.ingest.columns import ColumnPlan
from unireg.ingest.csv_records import Reject
from unireg.ingest.execute import run
from unireg.ingest.profiles import Profile
from unireg.ingest.sql import rejects_insert, stage_insert

BATCH_ROWS = 50_000
Item = tuple[int, list[str]] | Reject


@dataclass(frozen=True)
class Target:
    """Where a file's rows go, and how they are mapped."""

    kind: str
    source: str
    file_name: str
    plan: ColumnPlan
    profile: Profile | None
    n_fields: int  # cells per row (the header's length)


def stage_rows(con: duckdb.DuckDBPyConnection, target: Target, items: Iterable[Item],
               report: Callable[[str, int], None]) -> tuple[int, int, int]:
    """Stage every item; ``(rows_read, rows_staged, rows_rejected)``."""
    read = staged = rejected = 0
    it = iter(items)
    while batch := list(itertools.islice(it, BATCH_ROWS)):
        good = [item for item in batch if not isinstance(item, Reject)]
        bad = [item for item in batch if isinstance(item, Reject)]
        if good:
            staged += _insert_good(con, target, good)
        if bad:
            rejected += _insert_rejects(con, target, bad)
        read += len(batch)
        report(target.file_name, read)
    if read != staged + rejected:
        raise IngestError(f"{target.file_name}: {read} rows read but {staged} staged and "
                          f"{rejected} rejected; this is a bug in unireg, please report it")
    return read, staged, rejected


def _insert_good(con: duckdb.DuckDBPyConnection, t: Target,
                 good: list[tuple[int, list[str]]]) -> int:
    columns: dict[str, pa.Array] = {"_row": pa.array([r for r, _ in good], pa.int64())}
    for i in range(t.n_fields):
        columns[f"c{i}"] = pa.array([cells[i] if i < len(cells) else "" for _, cells in good],
                                    pa.string())
    name = "_unireg_stage_batch"
    con.register(name, pa.table(columns))
    try:
        n = run(con, stage_insert(t.kind, t.source, t.file_name, quote_ident(name), t.plan,
                                  t.profile))
    finally:
        con.unregister(name)
    if n != len(good):
        raise IngestError(f"{t.file_name}: {len(good)} rows given to DuckDB but {n} staged; "
                          "this is a bug in unireg, please report it")
    return n


def _insert_rejects(con: duckdb.DuckDBPyConnection, t: Target, bad: list[Reject]) -> int:
    name = "_unireg_stage_rejects"
    con.register(name, pa.table({
        "_row": pa.array([r.row for r in bad], pa.int64()),
        "rule": pa.array([r.rule for r in bad], pa.string()),
        "message": pa.array([r.message for r in bad], pa.string())}))
    try:
        return run(con, rejects_insert(quote_ident(name), t.source, t.file_name))
    finally:
        con.unregister(name)
