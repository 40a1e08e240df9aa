"""Staging a delivery: every file of the folder into DuckDB tables, nothing dropped.

``stage_delivery`` reads each data file of a delivery folder (see
:mod:`unireg.ingest.discover`) into ``stage_<kind>``: one row per record, with
its origin (``_source``, ``_file``, ``_row``, ``_row_ref``) and every standard
field of the kind as text. A row that cannot be read as a record goes to
``stage_rejects`` with its row number and the rule it broke (``csv.structure``
or ``encoding``); it is quarantined, not lost. ``stage_files`` records, per
file, what was read, so that later stages can reconcile: for every file,
``rows_read == rows_staged + rows_rejected``.

Each file is staged in its own transaction (all of it or none of it), so the
function must be called outside an open transaction.

>>> import duckdb, tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "employer.csv").write_text("employer_id,name\\n91440300MA5FXXXX0X,ACME\\n")
>>> con = duckdb.connect()
>>> [(f.kind, f.source, f.rows_read, f.rows_staged) for f in stage_delivery(d, con, tmp_dir=d)]
[('employer', 'employer', 1, 1)]
>>> con.sql("SELECT _source, _row, _row_ref, name, region FROM stage_employer").fetchall()
[('employer', 1, '1', 'ACME', None)]
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from unireg.engine.sql import quote_ident
from unireg.ingest.batches import Item, Target, stage_rows
from unireg.ingest.columns import ColumnPlan, plan_columns
from unireg.ingest.csv_reader import duckdb_csv_relation, unclosed_quote
from unireg.ingest.csv_records import read_header, read_records
from unireg.ingest.discover import DeliveryFile, discover
from unireg.ingest.execute import run, transaction, with_params
from unireg.ingest.parquet_reader import parquet_relation
from unireg.ingest.profiles import Profile, SourcesError
from unireg.ingest.sql import create_steps, files_insert, stage_insert, stage_table
from unireg.ingest.transcode import transcode_to_utf8
from unireg.ingest.xlsx_reader import read_sheet

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class StagedFile:
    """What staging made of one file of a delivery.

    ``rows_read`` counts data rows seen (header excluded, blank lines are not
    rows); each was staged or rejected: ``rows_read == rows_staged +
    rows_rejected``. ``missing_columns`` are standard fields the file lacks
    (staged as NULL); ``extra_columns`` are its columns that are not standard
    fields (ignored). ``reader`` tells how the rows were read: ``duckdb`` (the
    fast path) or ``python`` (row by row, for files with unreadable rows, and
    for XLSX).
    """

    path: Path
    kind: str
    source: str
    format: str
    profile: str | None
    rows_read: int
    rows_staged: int
    rows_rejected: int
    sha256: str
    missing_columns: tuple[str, ...]
    extra_columns: tuple[str, ...]
    reader: str = "duckdb"


@dataclass(frozen=True)
class _Counts:
    read: int
    staged: int
    rejected: int
    plan: ColumnPlan
    reader: str


def create_stage_tables(con: duckdb.DuckDBPyConnection,
                        placement: Mapping[str, str] | None = None) -> None:
    """Create ``stage_<kind>`` for every kind, ``stage_rejects`` and ``stage_files`` if missing
    — from everywhere on the search path: a registry's delivered records are attached from
    a file of their own (pipeline.workspace), and a table of the same name in the registry
    would hide them. A table named in ``placement`` is created in that catalog."""
    for step in create_steps():
        table = step.name.removeprefix("create ")
        if _visible(con, table):
            continue
        where = (placement or {}).get(table)
        if where:
            name = quote_ident(table)
            step = dataclasses.replace(step, sql=step.sql.replace(
                f"IF NOT EXISTS {name}", f"IF NOT EXISTS {quote_ident(where)}.main.{name}", 1))
        run(con, step)


def _visible(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether ``table`` exists where it would be created or elsewhere on the search path
    (a registry's delivered records are attached from a file of their own)."""
    return _catalog(con, table) is not None


def _catalog(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The catalog an unqualified ``table`` resolves to (None: nowhere)."""
    here, path = con.execute("SELECT current_database() || '.' || current_schema(), "
                             "current_setting('search_path')").fetchall()[0]
    db = here.split(".")[0]
    places = [p if "." in p else f"{db}.{p}" for p in str(path).split(",") if p] or [here]
    found = {r[0] for r in con.execute(
        "SELECT database_name || '.' || schema_name FROM duckdb_tables() "
        "WHERE table_name = ?", [table]).fetchall()}
    return next((p.split(".")[0] for p in places if p in found), None)


def stage_delivery(delivery: Path, con: duckdb.DuckDBPyConnection, *, tmp_dir: Path,
                   progress: Progress | None = None) -> list[StagedFile]:
    """Append every record of the delivery folder to the staging tables of ``con``.

    Files are staged in name order. ``tmp_dir`` holds UTF-8 copies of files in
    other encodings while they are read. ``progress(file_name, rows_read)``
    is called when a file starts (0), as it goes, and when it is done.
    Raises IngestError (naming the file and how to fix it) when a file cannot
    be staged at all: unknown kind or format, no standard column, a wrong
    `sources.yaml`; files staged before such an error stay staged (each file
    is all or nothing), so a failed ingest must fail the build. Rows that
    cannot be read are rejected, not raised.
    """
    files = discover(delivery)
    create_stage_tables(con)
    return [stage_file(con, f, tmp_dir=tmp_dir, progress=progress) for f in files]


def stage_file(con: duckdb.DuckDBPyConnection, f: DeliveryFile, *, tmp_dir: Path,
               progress: Progress | None = None, rows_into: str | None = None) -> StagedFile:
    """Stage one file of a delivery (the staging tables must exist).

    ``rows_into``: where the rows DuckDB reads (the fast path) go, a quoted, qualified
    ``stage_<kind>`` of another database than ``con``'s own, written in a transaction of
    their own; the file's ``stage_files`` row is then written in ``con``'s database in a
    second one (DuckDB writes one database per transaction). Rows read in Python, with
    their rejects, stay in ``con``'s database (see :func:`stage_files`).
    """
    report = progress or (lambda _name, _rows: None)
    report(f.name, 0)
    if f.profile:
        _check_formats(con, f.profile)
    digest = _sha256(f.path)
    if f.format == "csv":
        counts = _stage_csv(con, f, digest, tmp_dir, report, rows_into)
    elif f.format == "parquet":
        counts = _stage_parquet(con, f, digest, rows_into)
    else:
        counts = _stage_xlsx(con, f, digest, report)
    report(f.name, counts.read)
    return StagedFile(
        path=f.path, kind=f.kind, source=f.source, format=f.format,
        profile=f.profile.name if f.profile else None, rows_read=counts.read,
        rows_staged=counts.staged, rows_rejected=counts.rejected, sha256=digest,
        missing_columns=counts.plan.missing, extra_columns=counts.plan.extra,
        reader=counts.reader)


def stage_files(con: duckdb.DuckDBPyConnection, files: list[DeliveryFile], *, tmp_dir: Path,
                workers: int = 1, progress: Progress | None = None) -> list[StagedFile]:
    """Stage ``files`` into the staging tables of ``con``, up to ``workers`` files at a time.

    Reading a file is one thread's work (a CSV is read in order, to number its
    rows), so several files are read at once, each by a cursor of ``con``. The
    rows DuckDB reads go straight into ``con``'s staging table of their kind;
    the rest of what a file leaves (rows read in Python, rejects, its
    ``stage_files`` row) goes to an in-memory scratch database of its own
    (attached to ``con``'s instance), appended to ``con``'s tables in the order
    of ``files``. The tables hold the rows of staging the files one by one;
    their physical order may differ (no step reads a table in insertion order).
    When a file fails, the files before it stay staged, nothing of it or of the
    files after it, and its error is raised, as :func:`stage_file` would.
    """
    from unireg.ingest.sql import staging_tables

    # A file is staged in one transaction, which DuckDB lets write one attached database:
    # when the staging tables are in two (a registry's delivered records are in a file of
    # their own), each file goes through a scratch database, as in parallel.
    one_file = len({_catalog(con, t) for t in staging_tables()}) == 1
    if one_file and (workers <= 1 or len(files) <= 1):
        return [stage_file(con, f, tmp_dir=tmp_dir, progress=progress) for f in files]
    workers = max(1, workers)
    import os
    from concurrent.futures import ThreadPoolExecutor

    tmp_dir.mkdir(parents=True, exist_ok=True)
    prefix = f"unireg_stage_{os.getpid()}_{id(files)}"

    # The cursors are made here: a connection is not for two threads at once.
    cursors = [con.cursor() for _ in files]
    # Where each kind's rows go: the rows DuckDB reads are written there directly, by the
    # file's cursor (concurrent appends to a table do not conflict); only the rows read in
    # Python and the file's bookkeeping go through its scratch database. Staging
    # population.csv into the scratch and appending it took 11.6 + 12.7 s at 10M on one
    # thread, straight into the file 19.5 s. The order of a staged table's rows then
    # depends on which file finished first: no step reads a table in its insertion order.
    into = {k: f"{quote_ident(c)}.main.{quote_ident(stage_table(k))}"
            for k in {f.kind for f in files} if (c := _catalog(con, stage_table(k)))}

    def one(i: int, f: DeliveryFile) -> tuple[str, StagedFile]:
        db, cur = f"{prefix}_{i}", cursors[i]
        try:
            cur.execute(f"ATTACH ':memory:' AS {db}")  # the instance's: ``con`` sees it too
            cur.execute(f"USE {db}")
            create_stage_tables(cur)
            return db, stage_file(cur, f, tmp_dir=tmp_dir, progress=progress,
                                  rows_into=into.get(f.kind))
        finally:
            cur.close()

    staged: list[StagedFile] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(one, i, f) for i, f in enumerate(files)]
        try:
            for fut in futures:
                db, result = fut.result()
                _append_attached(con, db)
                con.execute(f"DETACH {db}")  # frees its memory
                staged.append(result)
        finally:
            for fut in futures:
                fut.cancel()
            for fut in futures:
                if not fut.cancelled():
                    fut.exception()  # waits for it: its scratch is detached next
            for i in range(len(files)):  # what a failure left attached
                con.execute(f"DETACH DATABASE IF EXISTS {prefix}_{i}")
            # After a failure, the rows that files after the failed one wrote directly
            # (their stage_files rows were never appended): as if they were never staged.
            for f in files[len(staged):]:
                if f.kind in into:
                    con.execute(f"DELETE FROM {into[f.kind]} WHERE _file = ?", [f.name])
    return staged


def _append_attached(con: duckdb.DuckDBPyConnection, db: str) -> None:
    """Append every staging table of the attached database ``db`` to ``con``'s own."""
    from unireg.ingest.sql import staging_tables

    # Only what holds rows: an update's event files leave the delivered kinds' tables empty,
    # and those are attached read only (pipeline.workspace).
    full = [t for t in staging_tables()
            if con.execute(f'SELECT count(*) FROM {db}."{t}"').fetchall()[0][0]]
    # One transaction per file the rows go to (DuckDB writes one attached database per
    # transaction): the delivered records first, then the registry's, stage_files last. A
    # failure between the two fails the build or update, whose files are then thrown away.
    by_catalog: dict[str | None, list[str]] = {}
    for t in full:
        by_catalog.setdefault(_catalog(con, t), []).append(t)
    for group in sorted(by_catalog.values(), key=lambda g: "stage_files" in g):
        with transaction(con):
            for t in group:
                con.execute(f'INSERT INTO "{t}" SELECT * FROM {db}."{t}"')


def stage_to_scratch(f: DeliveryFile, db: Path, *, tmp_dir: Path, threads: int = 1,
                     progress: Progress | None = None) -> StagedFile:
    """Stage one file into the staging tables of a new scratch database ``db`` (for
    :func:`append_scratch` to add to a registry's in order, once it is open)."""
    db.unlink(missing_ok=True)
    c = duckdb.connect(str(db))
    try:
        c.execute(f"SET threads = {threads}")
        c.execute("SET preserve_insertion_order = true")
        c.execute("SET temp_directory = ?", [str(tmp_dir)])
        create_stage_tables(c)
        return stage_file(c, f, tmp_dir=tmp_dir, progress=progress)
    finally:
        c.close()


def append_scratch(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Append every staging table of the scratch database ``db`` to ``con``'s, then drop it."""
    con.execute("ATTACH ? AS scratch (READ_ONLY)", [str(db)])
    try:
        _append_attached(con, "scratch")
    finally:
        con.execute("DETACH scratch")
    db.unlink(missing_ok=True)
    Path(f"{db}.wal").unlink(missing_ok=True)


# --- CSV ------------------------------------------------------------------------------------

class _Unclosed(Exception):
    """The fast read ended inside a quoted field (DuckDB drops that record silently)."""


def _commit_rows(con: duckdb.DuckDBPyConnection, rows_into: str | None,
                 insert: Callable[[], int], record: Callable[[int], None]) -> int:
    """Stage a file's rows read by DuckDB (``insert``, returning their number) and its
    ``stage_files`` row (``record``): in one transaction, or, with the rows going to another
    database (``rows_into``), in one each, the rows first."""
    if rows_into is None:
        with transaction(con):
            n = insert()
            record(n)
        return n
    with transaction(con):
        n = insert()
    with transaction(con):
        record(n)
    return n


def _stage_csv(con: duckdb.DuckDBPyConnection, f: DeliveryFile, digest: str, tmp_dir: Path,
               report: Progress, rows_into: str | None = None) -> _Counts:
    utf8: Path | None = f.path
    if f.encoding != "utf-8":
        utf8 = transcode_to_utf8(f.path, f.encoding, tmp_dir)  # None: bytes that do not decode
    try:
        if utf8 is not None:
            header = read_header(utf8, "utf-8")
            plan = plan_columns(f.name, f.kind, header.cells, f.profile)
            relation, params = duckdb_csv_relation(utf8, len(header.cells))
            step = stage_insert(f.kind, f.source, f.name, relation, plan, f.profile,
                                rows_into)
            path = utf8

            def insert() -> int:
                n = run(con, with_params(step, params), passthrough=True)
                if unclosed_quote(path, n):  # DuckDB dropped the last record: undo
                    raise _Unclosed
                return n

            try:
                n = _commit_rows(con, rows_into, insert,
                                 lambda n: _record(con, f, digest, n, n, 0, plan))
                return _Counts(n, n, 0, plan, "duckdb")
            except (duckdb.InvalidInputException, _Unclosed):
                pass  # a row DuckDB cannot read: nothing was staged; read row by row
        header = read_header(f.path, f.encoding)
        plan = plan_columns(f.name, f.kind, header.cells, f.profile)
        with transaction(con):
            counts = _stage_rows(con, f, plan, len(header.cells),
                                 read_records(f.path, f.encoding, len(header.cells)), report)
            _record(con, f, digest, counts.read, counts.staged, counts.rejected, plan)
        return counts
    finally:
        if utf8 is not None and utf8 != f.path:
            utf8.unlink(missing_ok=True)


# --- Parquet and XLSX -----------------------------------------------------------------------

def _stage_parquet(con: duckdb.DuckDBPyConnection, f: DeliveryFile, digest: str,
                   rows_into: str | None = None) -> _Counts:
    header, relation, params = parquet_relation(con, f.path)
    plan = plan_columns(f.name, f.kind, header, f.profile)
    step = stage_insert(f.kind, f.source, f.name, relation, plan, f.profile, rows_into)
    n = _commit_rows(con, rows_into, lambda: run(con, with_params(step, params)),
                     lambda n: _record(con, f, digest, n, n, 0, plan))
    return _Counts(n, n, 0, plan, "duckdb")


def _stage_xlsx(con: duckdb.DuckDBPyConnection, f: DeliveryFile, digest: str,
                report: Progress) -> _Counts:
    header, rows = read_sheet(f.path, f.sheet)
    plan = plan_columns(f.name, f.kind, header, f.profile)
    with transaction(con):
        counts = _stage_rows(con, f, plan, len(header), rows, report)
        _record(con, f, digest, counts.read, counts.staged, counts.rejected, plan)
    return counts


# --- Plumbing -------------------------------------------------------------------------------

def _stage_rows(con: duckdb.DuckDBPyConnection, f: DeliveryFile, plan: ColumnPlan,
                n_fields: int, items: Iterable[Item], report: Progress) -> _Counts:
    target = Target(f.kind, f.source, f.name, plan, f.profile, n_fields)
    read, staged, rejected = stage_rows(con, target, items, report)
    return _Counts(read, staged, rejected, plan, "python")


def _record(con: duckdb.DuckDBPyConnection, f: DeliveryFile, digest: str, read: int,
            staged: int, rejected: int, plan: ColumnPlan) -> None:
    run(con, files_insert({
        "_source": f.source, "_file": f.name, "kind": f.kind, "format": f.format,
        "profile": f.profile.name if f.profile else None, "rows_read": read,
        "rows_staged": staged, "rows_rejected": rejected, "sha256": digest,
        "missing_columns": list(plan.missing), "extra_columns": list(plan.extra)}))


def _check_formats(con: duckdb.DuckDBPyConnection, profile: Profile) -> None:
    """Every date/month format of a profile must be one DuckDB's strptime understands."""
    for key, formats in (("dates", profile.dates), ("months", profile.months)):
        for fmt in formats:
            try:
                con.execute("SELECT try_strptime('2000-01-01', $fmt)", {"fmt": fmt})
            except duckdb.Error as e:
                raise SourcesError(
                    f"sources.yaml: profiles.{profile.name}.{key}: {fmt!r} is not a strptime "
                    f"format DuckDB can read ({str(e).splitlines()[0]})") from None


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
