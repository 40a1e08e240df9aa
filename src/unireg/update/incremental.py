"""``unireg update``: apply new event files to a registry, recomputing only the persons they touch.

>>> # update(Path("W"), [Path("events-2018-03.csv")], load_settings())

The update works on a copy of the registry in ``W/.next`` and swaps it in at
the end, as a build does: it commits whole or not at all, and the previous
registry and exports stay in place until it has finished.

1. **Stage** the event files not staged before (by name and content; a file
   staged before is skipped, so replaying a file changes nothing).
2. **Validate** the affected event rows — the new rows and every earlier row
   sharing an ``event_id`` with one (re-delivery and ``event_id`` conflicts are
   decided among rows of one ``event_id``) — with the build's own steps, in a
   scratch schema, and put them in place of their earlier versions.
3. **Touched persons**: the persons the affected rows name.
4. **Apply**: for the touched persons only, every one of their events (old and
   new) is applied again to the state the deliveries describe, with the
   build's own steps (``update.steps.application_steps``), and their coverage on
   the reference date is recomputed (``pipeline.steps.coverage_steps``). Their
   rows replace their earlier rows in every per-person table.
5. **Refresh** what spans persons: multiple-affiliation case numbers, the
   summaries (old contributions of the touched persons subtracted, new ones
   added), quarantine, reconciliation, links; then the exports — those keyed by
   person (and links) by merging the touched persons' new rows into the
   previous files (:mod:`unireg.export.merge`, started on background threads as
   soon as the new rows exist, while the registry is written: :class:`_Merges`),
   the others sorted anew.
6. **Checkpoint** once, at the end; deleted rows are reclaimed only once they
   pass ``VACUUM_SHARE`` of the tables an update deletes from.

Scratch schemas (``upd_rows``, ``upd_persons``, ``upd_before``) live in an
in-memory database attached as ``upd``.

Because every per-person result depends only on that person's deliveries and
events, this gives the registry a full build of the same deliveries and
events gives (tests/update/test_consistency.py proves it export by export).
A different ``--reference-date`` recomputes coverage for everyone (the event
application stays incremental).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from unireg import __version__
from unireg.config import Settings
from unireg.coverage.summary import cuts_step, rate_columns, summary_step
from unireg.engine import Step
from unireg.engine.duckdb_engine import DuckDBEngine
from unireg.engine.sql import quote_ident
from unireg.errors import BuildError
from unireg.export.merge import MergeRefused, event_rows, merge_export, person_rows
from unireg.export.tables import EXPORTS, Export
from unireg.export.writer import Job, largest_first, write_exports
from unireg.ingest import (
    DeliveryFile,
    append_scratch,
    create_stage_tables,
    discover,
    stage_to_scratch,
)
from unireg.pipeline import build as build_mod
from unireg.pipeline.reference import reference_tables
from unireg.pipeline.steps import RENAMED, coverage_steps
from unireg.pipeline.workspace import (
    DELIVERED_FILE,
    Workspace,
    attach_delivered,
    catalog_of,
    connect,
    copy_file,
    set_search_path,
)
from unireg.rules import idnumber as idn
from unireg.rules.profile import load_profile
from unireg.update import outcomes, records
from unireg.update.steps import EVENT_INTERMEDIATES, application_steps
from unireg.validate.fields import CHECKS, PERSON_KINDS
from unireg.validate.steps import quarantine_step, reconciliation_step, validation_steps

log = logging.getLogger("unireg.update")

ProgressFn = Callable[[str, int, int, str], None]

# Tables with rows per person (replaced for the touched persons).
# (The events stage's intermediates, update.steps.EVENT_INTERMEDIATES, are not in the registry:
# computed in the scratch schema, read there, dropped with it.)
PER_PERSON = ("event_rejects", "event_applied", "person_history", "persons",
              "enrolment_history", "enrolments", "employment")
# Coverage tables with rows per person. valid_enrolments is a view in a DuckDB build (it follows
# enrolments) and skipped; a registry that stores it as a table has its rows replaced too.
COVERAGE = ("person_scope", "valid_enrolments", "coverage", "multiple_affiliation",
            "deceased_active", "uninsured")
# What the deliveries say about a person: the input of the per-person recomputation.
INPUTS = ("persons_base", "enrolments_base", "employment_base", "surveys")
# Exports keyed by person_key whose rows change only for the touched persons: refreshed by
# merging (unireg.export.merge). The coverage ones only when coverage is incremental.
PERSON_EXPORTS = ("persons", "person_history", "links")  # links: the touched persons' events
COVERAGE_EXPORTS = ("coverage", "deceased_active", "uninsured")
SUMMARIES = {"coverage_summary": ("level", "region", "scheme_group"),
             "coverage_cuts": ("cut", "value", "scheme_group")}
# The update's scratch tables live in an in-memory database attached as ``upd``: writing them
# into the registry file would compress and store tables that are dropped minutes later (a
# table written into the file takes about four times as long as one kept in memory).
SCRATCH_DB = "upd"
# An update deletes the touched persons' old rows. At a checkpoint DuckDB reclaims deleted
# rows by rewriting ("vacuuming") row groups that have lost enough of theirs (about a third)
# into fewer: not the large per-person tables, where an update's deletes are spread thin, but
# the tables whose touched rows sit together (the events' own rows, histories, event links).
# That cost 5 s of 1M events on 10M persons, for a few hundred MB; so an update lets DuckDB
# vacuum only once the deleted rows pass this share of the tables it deletes from. Until
# then they stay in the file, skipped by every read.
VACUUM_SHARE = 0.2


class UpdateError(BuildError):
    """An update could not be applied; the registry and its exports are left as they were."""


@dataclass
class UpdateSummary:
    """What one update did (``W/update.json``); ``registry`` is the refreshed build summary."""

    update_id: str
    reference_date: str
    files: list[str]
    skipped: list[str]
    rows_read: int = 0
    applied: int = 0
    quarantined: int = 0
    redelivered: int = 0
    touched: int = 0
    coverage: str = "incremental"      # incremental | full (the reference date changed)
    merged_exports: list[str] = field(default_factory=list)  # refreshed by merging, not sorting
    vacuumed: bool = False             # deleted rows reclaimed (see VACUUM_SHARE)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    registry: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- inputs ----------------------------------------------------------------------------------

def event_files(paths: list[Path]) -> list[DeliveryFile]:
    """The event files named (a folder: every file in it), in name order.

    A file of another kind is refused: deliveries are built, events are applied.
    """
    files: list[DeliveryFile] = []
    for p in paths:
        if p.is_dir():
            found = discover(p)
        elif p.is_file():
            found = [f for f in discover(p.parent) if f.path.name == p.name]
        else:
            raise UpdateError(f"{p}: no such file or folder")
        for f in found:
            if f.kind != "events":
                raise UpdateError(f"{f.path}: a {f.kind} file; unireg update applies events "
                                  "files only (events*.csv/.parquet/.xlsx); deliver other kinds "
                                  "with unireg build")
        files.extend(found)
    names = [f.name for f in files]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise UpdateError(f"{', '.join(dupes)}: given twice")
    return sorted(files, key=lambda f: f.name)


def registry_info(path: Path) -> tuple[dt.date, str]:
    """The reference date and profile of the registry at ``path``."""
    if not path.exists():
        raise UpdateError(f"{path}: no registry; build one first with unireg build")
    con = connect(path)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if "persons_base" not in tables or "build_info" not in tables:
            raise UpdateError(f"{path}: built by a version of unireg without events; rebuild it "
                              "with unireg build")
        rows = con.execute("SELECT reference_date, profile FROM build_info").fetchall()
        row = rows[0] if rows else None
    finally:
        con.close()
    if row is None:
        raise UpdateError(f"{path}: build_info is empty; rebuild with unireg build")
    return row[0], str(row[1])


# --- scratch schemas and merges -----------------------------------------------------------

def _use(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """Make ``schema`` (``main``, or a scratch schema ``upd.NAME``) where steps write and read
    first; the registry's own tables are found after it."""
    catalog = catalog_of(con)
    if schema == "main":
        con.execute(f"USE {quote_ident(catalog)}.main")
        set_search_path(con, catalog)
        return
    con.execute(f"USE {schema}")
    set_search_path(con, schema, catalog)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    """The single number a query returns (0 for NULL)."""
    rows = con.execute(sql, params or []).fetchall()
    return int(rows[0][0] or 0) if rows else 0


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE "
                       "table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                       [schema, table]).fetchall()
    return ", ".join(quote_ident(r[0]) for r in rows)


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The registry's views (they follow their tables: an update does not replace their rows)."""
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = 'main' AND table_type = 'VIEW'"
                                      ).fetchall()}


def _replace(con: duckdb.DuckDBPyConnection, table: str, scratch: str, keys: str,
             on: str) -> None:
    """Put ``scratch.table`` in place of the rows of ``main.table`` matching ``keys``."""
    started, cpu = time.perf_counter(), time.process_time()
    t = quote_ident(table)
    match = " AND ".join(f"main.{t}.{c} = k.{c}" for c in on.split(","))
    con.execute(f"DELETE FROM main.{t} USING {scratch}.{keys} k WHERE {match}")
    deleted = time.perf_counter()
    cols = _columns(con, "main", table)
    con.execute(f"INSERT INTO main.{t} ({cols}) SELECT {cols} FROM {scratch}.{t}")
    log.debug("replaced the rows of %s: delete %.2fs, insert %.2fs (cpu %.2fs)", table,
              deleted - started, time.perf_counter() - deleted, time.process_time() - cpu)


@contextlib.contextmanager
def _timed(what: str) -> Iterator[None]:
    """Log (at debug level) how long the block took."""
    started, cpu = time.perf_counter(), time.process_time()
    yield
    log.debug("%s in %.2fs (cpu %.2fs)", what, time.perf_counter() - started,
              time.process_time() - cpu)


def _copy(con: duckdb.DuckDBPyConnection, scratch: str, table: str, keys: str, on: str) -> None:
    """``scratch.table``: the rows of ``main.table`` matching ``keys`` (a qualified table)."""
    cond = " AND ".join(f"x.{c} = k.{c}" for c in on.split(","))
    # A semi join: the keys are distinct, and it skips building the joined rows (30% quicker).
    con.execute(f"CREATE OR REPLACE TABLE {scratch}.{quote_ident(table)} AS SELECT x.* FROM "
                f"main.{quote_ident(table)} x SEMI JOIN {keys} k ON {cond}")


# --- the update ---------------------------------------------------------------------------

class _Timer:
    def __init__(self, emit: ProgressFn) -> None:
        self.seconds: dict[str, float] = {}
        self.emit = emit
        self._stage = ""
        self._t, self._cpu = time.perf_counter(), time.process_time()

    def stage(self, name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if self._stage:
            self.seconds[self._stage] = round(self.seconds.get(self._stage, 0.0)
                                              + now - self._t, 3)
            log.debug("stage %s in %.2fs (cpu %.2fs)", self._stage, now - self._t,
                      cpu - self._cpu)
        self._stage, self._t, self._cpu = name, now, cpu
        if name:
            self.emit(name, 0, 0, "")


def _check_reference_date(con: duckdb.DuckDBPyConnection, old: dt.date, new: dt.date) -> None:
    """Refuse a new reference date that would change which delivered ID numbers are valid.

    Validation bounds an ID number's birth date by the reference date; records
    whose number states a birth date between the two would be validated (and so
    linked) differently by a full build.
    """
    lo, hi = min(old, new), max(old, new)
    n = 0
    for kind in PERSON_KINDS:
        n += _one(con, f"SELECT count(*) FROM main.rec_{kind} WHERE _id18 IS NOT NULL AND "
                       f"{idn.sql_birth_date('_id18')} > ? AND "
                       f"{idn.sql_birth_date('_id18')} <= ?", [lo, hi])
    if n:
        raise UpdateError(f"reference date {new.isoformat()}: {n} delivered records carry ID "
                          f"numbers born between {lo.isoformat()} and {hi.isoformat()}, whose "
                          "validity depends on the reference date; rebuild with unireg build "
                          "--reference-date")


def _staged_before(path: Path) -> tuple[dict[str, str], str]:
    """The files the registry at ``path`` has staged (name -> sha256), and its build id."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        seen = dict(con.execute("SELECT _file, sha256 FROM stage_files").fetchall())
        return seen, str(con.execute("SELECT build_id FROM build_info").fetchall()[0][0])
    finally:
        con.close()


def _new_files(files: list[DeliveryFile], seen: dict[str, str]
               ) -> tuple[list[DeliveryFile], list[str]]:
    """The files to stage, and the names of those staged before with the same content."""
    new, skipped = [], []
    for f in files:
        if f.name in seen:
            if build_mod._sha256(f.path) == seen[f.name]:
                skipped.append(f.name)
                continue
            raise UpdateError(
                f"{f.name}: a file of this name with other contents was staged before; "
                "send the changes under a new name (e.g. with a date suffix)")
        new.append(f)
    return new, skipped


def _copy_and_stage(ws: Workspace, nxt: Path, files: list[DeliveryFile], threads: int,
                    emit: ProgressFn) -> list[Path]:
    """Copy the registry to ``nxt`` and, meanwhile, stage ``files`` into scratch databases
    (one per file, in ``nxt/tmp``; :func:`unireg.ingest.append_scratch` adds them to the
    copy). The copy is the kernel's work, reading a file is one thread's: side by side,
    the staging of 1M events (3.4 s) no longer waits for the copy of a 10M registry."""
    tmp = nxt / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    if ws.delivered.exists():  # never written by an update: the same file, not a copy
        _link_or_copy(ws.delivered, nxt / DELIVERED_FILE)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="unireg-copy") as pool:
        copying = pool.submit(_timed_copy, ws.registry, nxt / "registry.duckdb")
        try:
            scratch = []
            for i, f in enumerate(files):
                db = tmp / f"stage-{i}.duckdb"
                stage_to_scratch(f, db, tmp_dir=tmp, threads=threads,
                                 progress=lambda what, rows: emit("ingest", rows, 0, what))
                scratch.append(db)
        finally:
            copying.result()  # a failed staging still waits for the copy it runs beside
    return scratch


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to ``source`` (the update attaches it read only), or a copy where the file
    system has none."""
    try:
        os.link(source, target)
    except OSError:
        with _timed(f"copied {source.name} (no hard link here)"):
            copy_file(source, target)


def _timed_copy(source: Path, target: Path) -> None:
    with _timed("copied the registry"):
        copy_file(source, target)


def event_validation(profile: Any, ref: dt.date) -> list[Step]:
    """The build's own validation steps for events, without those that span every kind."""
    return [s for s in validation_steps(profile, ref, ("events",))
            if s.name not in ("validate.quarantine", "validate.reconciliation")]


def _scratch(step: Step) -> Step:
    """A step as run in a scratch schema: a table there (not a view, which would be dropped;
    not a temporary table, which would be made outside the schema)."""
    return dataclasses.replace(step, view=False, temp=False)


def _validate_rows(store: DuckDBEngine, profile: Any, ref: dt.date,
                   new_files: list[str], every_row: bool) -> None:
    """Re-validate the affected event rows in schema ``upd_rows`` and put them in place.

    Affected: the new rows, every row sharing an ``event_id`` with one (re-delivery
    and conflicts are decided among them), rows without an ``event_id``; or, when the
    reference date changed (ID checks depend on it), every event row.
    """
    con = store.con
    con.execute("CREATE SCHEMA upd.upd_rows")
    con.register("_new_files", _names(new_files))
    where = "TRUE" if every_row else """
   s.event_id IN (SELECT event_id FROM main.stage_events
                  WHERE _file IN (SELECT name FROM _new_files) AND event_id IS NOT NULL)
   OR s.event_id IS NULL OR s._file IN (SELECT name FROM _new_files)"""
    con.execute(f"CREATE TABLE upd.upd_rows.stage_events AS SELECT s.* FROM main.stage_events s "
                f"WHERE {where}")
    con.execute("CREATE TABLE upd.upd_rows.affected AS SELECT DISTINCT _file, _row "
                "FROM upd.upd_rows.stage_events")
    con.unregister("_new_files")
    steps = [*event_validation(profile, ref), records.records_step(), records.problems_step()]
    _use(con, "upd.upd_rows")
    try:
        for step in steps:
            store.run(_scratch(step))
    finally:
        _use(con, "main")
    views = _views(con)
    for step in steps:
        t = step.output
        if t in views or not _columns(con, "main", t):
            continue  # a view follows its tables; or an intermediate another engine left out
        if t == "id_checks":  # one row per distinct ID number: add the new ones
            cols = _columns(con, "main", t)
            con.execute(f"INSERT INTO main.id_checks ({cols}) SELECT {cols} "
                        "FROM upd.upd_rows.id_checks "
                        "WHERE raw NOT IN (SELECT raw FROM main.id_checks)")
            continue
        names = _columns(con, "upd_rows", t)
        if '"_file"' not in names or '"_row"' not in names:
            raise UpdateError(f"table {t} (step {step.name}) has no _file, _row: the update "
                              "cannot replace its rows")
        _replace(con, t, "upd.upd_rows", "affected", "_file,_row")
    # The validation quarantine and the events' reconciliation, from the merged tables.
    store.run(Step("update.quarantine_records", quarantine_step(tuple(CHECKS)).sql,
                   RENAMED["validate.quarantine"]))
    rec = reconciliation_step(("events",))
    store.run(Step("update.reconciliation_events", rec.sql, "upd_reconciliation_events"))
    cols = _columns(con, "main", "reconciliation_records")
    con.execute("DELETE FROM main.reconciliation_records WHERE kind = 'events'")
    con.execute(f"INSERT INTO main.reconciliation_records ({cols}) SELECT {cols} "
                "FROM main.upd_reconciliation_events")
    con.execute("DROP TABLE main.upd_reconciliation_events")


def _names(names: list[str]) -> pa.Table:
    return pa.table({"name": pa.array(names, pa.string())})


def _recompute(store: DuckDBEngine, profile: Any, ref: dt.date,
               full_coverage: bool) -> int:
    """The touched persons' rows, recomputed in scratch schema ``upd_persons`` (the registry
    is not changed yet); returns how many persons there are."""
    con = store.con
    con.execute("CREATE SCHEMA upd.upd_persons")
    con.execute("""
CREATE TABLE upd.upd_persons.touched AS
SELECT DISTINCT _id18 AS person_key FROM upd.upd_rows.rec_events
WHERE _id_issue IS NULL AND _id18 IS NOT NULL""")
    touched = _one(con, "SELECT count(*) FROM upd.upd_persons.touched")
    for t in INPUTS:
        _copy(con, "upd.upd_persons", t, "upd.upd_persons.touched", "person_key")
    _copy(con, "upd.upd_persons", "event_records", "upd.upd_persons.touched", "person_key")
    con.execute("""
CREATE TABLE upd.upd_persons.event_problems AS
SELECT p.* FROM main.event_problems p
SEMI JOIN upd.upd_persons.event_records r ON r._file = p._file AND r._row = p._row""")
    _use(con, "upd.upd_persons")
    try:
        for step in (records.valid_step(), *application_steps(profile)):
            store.run(_scratch(step))
        if not full_coverage:
            for step in coverage_steps(profile, ref):
                store.run(_scratch(step))
            summary = (summary_step(), cuts_step())
            for step in summary:
                store.run(_scratch(step))
            # The same figures for the touched persons as they were before.
            con.execute("CREATE SCHEMA upd.upd_before")
            for t in ("coverage", "person_scope"):
                _copy(con, "upd.upd_before", t, "upd.upd_persons.touched", "person_key")
            _use(con, "upd.upd_before")
            for step in summary:
                store.run(_scratch(step))
    finally:
        _use(con, "main")
    # The touched persons' event links (their other links come from the deliveries).
    con.execute(f"CREATE TABLE upd.upd_persons.links AS SELECT {_columns(con, 'main', 'links')} "
                f"FROM ({outcomes.event_links('upd.upd_persons.event_applied')})")
    return touched


def _replace_touched(con: duckdb.DuckDBPyConnection, tables: Iterable[str],
                     views: set[str]) -> None:
    """Put the touched persons' recomputed rows in place of theirs in each of ``tables``;
    a view among them (as DuckDB builds persons, enrolments, valid_enrolments) follows its
    tables and is left alone."""
    for t in tables:
        if t not in views:
            _replace(con, t, "upd.upd_persons", "touched", "person_key")


def _write_back(con: duckdb.DuckDBPyConnection, full_coverage: bool) -> None:
    """Put the touched persons' recomputed rows in place of theirs in the registry."""
    views = _views(con)
    _replace_touched(con, PER_PERSON, views)
    for t in EVENT_INTERMEDIATES:  # left in the file by builds before they were temporary
        con.execute(f"DROP TABLE IF EXISTS main.{quote_ident(t)}")
    if "links" not in views:  # a view (as DuckDB builds it) follows event_applied
        with _timed("replaced the touched persons' event links"):
            links = _columns(con, "main", "links")
            con.execute("DELETE FROM main.links USING upd.upd_persons.touched k WHERE "
                        "main.links.kind = 'events' AND main.links.person_key = k.person_key")
            con.execute(f"INSERT INTO main.links ({links}) SELECT {links} "
                        "FROM upd.upd_persons.links")
    if not full_coverage:
        _replace_touched(con, COVERAGE, views)
        with _timed("renumbered the multiple-affiliation cases"):
            _renumber_cases(con)
        with _timed("combined the summaries"):
            for t, keys in SUMMARIES.items():
                _combine(con, t, keys)


def _deleted_share(con: duckdb.DuckDBPyConnection) -> float:
    """The share of deleted rows (not yet reclaimed) in the tables an update deletes from."""
    catalog = catalog_of(con)
    stored = live = 0
    for t in (*PER_PERSON, *COVERAGE, "links"):
        rows = con.execute("SELECT estimated_size FROM duckdb_tables() WHERE database_name = ? "
                           "AND schema_name = 'main' AND table_name = ?", [catalog, t]).fetchall()
        stored += int(rows[0][0] or 0) if rows else 0
        live += _one(con, f"SELECT count(*) FROM main.{quote_ident(t)}") if rows else 0
    return (stored - live) / stored if stored else 0.0


def _renumber_cases(con: duckdb.DuckDBPyConnection) -> None:
    """Case ids are numbered over every case, as the build numbers them."""
    cols = [c for c in _columns(con, "main", "multiple_affiliation").split(", ")
            if c != '"case_id"']
    all_cols = _columns(con, "main", "multiple_affiliation")
    con.execute(f"""
CREATE OR REPLACE TEMP TABLE upd_cases AS
SELECT 'MA' || lpad(CAST(ROW_NUMBER() OVER (ORDER BY person_key, scheme_group, rule)
                         AS VARCHAR), 8, '0') AS case_id, {', '.join(cols)}
FROM main.multiple_affiliation""")
    # Written anew (not emptied and refilled: that would leave every old row deleted in the
    # file, see VACUUM_SHARE).
    con.execute(f"CREATE OR REPLACE TABLE main.multiple_affiliation AS SELECT {all_cols} "
                "FROM upd_cases")
    con.execute("DROP TABLE upd_cases")


def _combine(con: duckdb.DuckDBPyConnection, table: str,
             keys: tuple[str, ...]) -> None:
    """``table`` := table - the touched persons' old figures + their new figures."""
    k = ", ".join(keys)
    counts = ("in_scope", "insured", "target", "target_insured")
    parts = [f"SELECT {k}, {', '.join(counts)} FROM main.{table}",
             f"SELECT {k}, {', '.join('-' + c for c in counts)} FROM upd.upd_before.{table}",
             f"SELECT {k}, {', '.join(counts)} FROM upd.upd_persons.{table}"]
    sums = ", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}" for c in counts)
    g = f"WITH g AS (SELECT {k}, {sums} FROM ({' UNION ALL '.join(parts)}) x GROUP BY {k})"
    if table == "coverage_summary":
        select = (f"{g}\nSELECT g.level, g.region, coalesce(r.name, CASE WHEN g.level = 'nation' "
                  f"THEN 'nation' END) AS region_name, g.scheme_group, {rate_columns()}\n"
                  "FROM g LEFT JOIN main.ref_regions r ON r.code = g.region WHERE in_scope > 0")
    else:
        select = f"{g}\nSELECT {k}, {rate_columns()} FROM g WHERE in_scope > 0"
    con.execute(f"CREATE OR REPLACE TEMP TABLE upd_summary AS {select}")
    cols = _columns(con, "main", table)
    con.execute(f"CREATE OR REPLACE TABLE main.{table} AS SELECT {cols} FROM upd_summary")
    con.execute("DROP TABLE upd_summary")


class _Merges:
    """The per-person exports, refreshed by merging the touched persons' new rows into the
    previous files (:mod:`unireg.export.merge`) rather than by sorting the registry again.

    The merges start as soon as the new rows exist (read here from the update's
    scratch schema) and run on a thread each while the registry is being
    written: Parquet work beside DuckDB's, which leaves cores idle between and
    inside its steps. :meth:`jobs` hands them to
    :func:`unireg.export.writer.write_exports`, which waits for each; a merge whose
    row count is not the registry's, or that was refused, is written whole.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, previous: Path, out: Path,
                 touched: pa.ChunkedArray, full_coverage: bool, workers: int) -> None:
        names = PERSON_EXPORTS if full_coverage else PERSON_EXPORTS + COVERAGE_EXPORTS
        self.exports = largest_first(e for e in EXPORTS if e.name in names)
        self.merged: set[str] = set()
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        persons = person_rows(touched.combine_chunks())
        event_links = event_rows(persons)

        # One thread per merge, not one per core: with a thread per core the largest merges
        # took both while DuckDB worked, and the persons merge then ran alone for ~10 s
        # after everything else had finished (1M events on 10M persons). Started together,
        # they share the cores with DuckDB and end together.
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers, len(self.exports)),
                                        thread_name_prefix="unireg-merge")
        self._futures: dict[str, Future[int]] = {}
        try:
            for export in self.exports:
                self._start(con, export, previous, out, persons, event_links)
        except BaseException:
            self.close()
            raise

    def _start(self, con: duckdb.DuckDBPyConnection, export: Export, previous: Path,
               out: Path, persons: Callable[[pa.Table], Any],
               event_links: Callable[[pa.Table], Any]) -> None:
        """Read ``export``'s new rows from the scratch schema and start merging them."""
        _use(con, f"{SCRATCH_DB}.upd_persons")
        try:
            with _timed(f"read the new rows of export {export.name}"):
                rows = con.sql(f"{export.sql} ORDER BY {export.order_by}").to_arrow_table()
        finally:
            _use(con, "main")
        name = f"{export.name}.parquet"
        order: tuple[str, ...]
        replaced: Callable[[pa.Table], Any]
        if export.name == "links":
            order, replaced = ("kind", "file", "row"), event_links
        else:
            order, replaced = ("person_key",), persons
        self._futures[export.name] = self._pool.submit(
            self._merge, export.name, previous / name, out / name, order, replaced, rows,
            export.sorted_by, export.breaks)

    @staticmethod
    def _merge(name: str, previous: Path, path: Path, order: tuple[str, ...],
               replaced: Callable[[pa.Table], Any], rows: pa.Table,
               statistics: tuple[str, ...], breaks: str | None) -> int:
        started = time.perf_counter()
        n = merge_export(previous, path, order, replaced, rows, statistics, breaks)
        log.debug("merged export %s: %d rows in %.2fs", name, n, time.perf_counter() - started)
        return n

    def jobs(self, con: duckdb.DuckDBPyConnection) -> dict[str, Job]:
        """The merges as :func:`write_exports` jobs, each checked against the registry's
        row count (read now, from the registry as written)."""
        jobs: dict[str, Job] = {}
        for export in self.exports:
            with _timed(f"counted the rows of export {export.name}"):
                expected = _one(con, f"SELECT count(*) FROM ({export.sql})")

            def job(path: Path, name: str = export.name, expected: int = expected) -> int:
                if path != self.out / f"{name}.parquet":
                    raise MergeRefused(f"{path}: merged into {self.out}")
                n = self._futures[name].result()
                if n != expected:
                    path.unlink()
                    raise MergeRefused(f"the merge gave {n} rows, the registry holds {expected}")
                self.merged.add(name)
                return n

            jobs[export.name] = job
        return jobs

    def close(self) -> None:
        """Stop: wait for the merges running, drop those not started."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _update_id(files: list[str], before: str, ref: dt.date) -> str:
    text = json.dumps([before, files, ref.isoformat(), __version__])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def update(workspace: Path, events: list[Path], settings: Settings, *, csv: bool = False,
           on_event: ProgressFn | None = None) -> UpdateSummary:
    """Apply the event files ``events`` to the registry in ``workspace``.

    ``settings.reference_date`` (None: the registry's) is the date coverage is
    measured on. Raises :class:`UpdateError` (the registry and exports stay as
    they were) when the update cannot be applied.
    """
    started = time.perf_counter()
    emit = on_event or (lambda *a: None)
    timer = _Timer(emit)
    ws = Workspace(workspace)
    old_ref, profile_name = registry_info(ws.registry)
    ref = settings.reference_date or old_ref
    settings = settings.with_(reference_date=ref, profile=profile_name)
    files = event_files(list(events))
    profile = load_profile(profile_name)
    seen, live_id = _staged_before(ws.registry)
    new_files, skipped = _new_files(files, seen)
    if not new_files and ref == old_ref:
        summary = UpdateSummary(update_id=_update_id([], live_id, ref),
                                reference_date=ref.isoformat(), files=[], skipped=skipped,
                                seconds=round(time.perf_counter() - started, 3))
        log.info("update: nothing new (%d files already staged)", len(skipped))
        return summary
    timer.stage("copy")
    nxt = ws.prepare()
    scratch = _copy_and_stage(ws, nxt, new_files, settings.threads or 1, emit)
    store = DuckDBEngine(nxt / "registry.duckdb", threads=settings.threads,
                         memory_limit=settings.memory_limit, temp_directory=nxt / "tmp")
    con = store.con
    attach_delivered(con, store.path)  # read only: an update never changes it
    con.execute(f"ATTACH ':memory:' AS {SCRATCH_DB}")
    # One checkpoint, at the end: by default DuckDB checkpoints whenever its log passes 16 MB,
    # rewriting each time every row group the update's deletes have touched so far.
    con.execute("SET checkpoint_threshold = '1TB'")
    merges: _Merges | None = None
    try:
        timer.stage("ingest")
        create_stage_tables(con)
        for db in scratch:  # in file name order, as staging them one by one would
            append_scratch(con, db)
        new = [f.name for f in new_files]
        full = ref != old_ref
        if full:
            _check_reference_date(con, old_ref, ref)
        for name, table in reference_tables(profile).items():
            store.register_arrow(name, table)
        timer.stage("validate")
        _validate_rows(store, profile, ref, new, full)
        timer.stage("apply")
        touched = _recompute(store, profile, ref, full)
        touched_keys = con.sql(f"SELECT person_key FROM {SCRATCH_DB}.upd_persons.touched "
                               "ORDER BY person_key").to_arrow_table().column(0)
        workers = settings.threads or os.cpu_count() or 1
        merges = _Merges(con, ws.exports, nxt / "exports", touched_keys, full, workers)
        _write_back(con, full)
        timer.stage("coverage")
        if full:
            for step in (*coverage_steps(profile, ref), summary_step(), cuts_step()):
                store.run(step)
        for step in (outcomes.quarantine_step(), outcomes.reconciliation_step()):
            store.run(step)
        unbalanced = build_mod._reconcile(con)
        if unbalanced:
            raise UpdateError("counts do not reconcile: " + "; ".join(
                f"{f}: read {r} != accepted {a} + quarantined {q} + re-delivered {d}"
                for f, r, a, q, d in unbalanced))
        counts = con.execute("""
SELECT count(*), count(*) FILTER (WHERE r._dup_rank > 1),
       count(*) FILTER (WHERE r._dup_rank = 1 AND q._row IS NOT NULL)
FROM rec_events r
LEFT JOIN (SELECT DISTINCT _file, _row FROM quarantine WHERE kind = 'events') q
  ON q._file = r._file AND q._row = r._row
WHERE r._file IN (SELECT unnest(?))""", [new]).fetchall()[0]
        rejected = (_one(con, "SELECT count(*) FROM stage_rejects WHERE _file IN "
                          "(SELECT unnest(?))", [new]),)
        build_id = build_mod._build_id(con, settings, ref)
        con.execute("CREATE OR REPLACE TABLE build_info AS SELECT ? AS build_id, "
                    "CAST(? AS DATE) AS reference_date, ? AS engine, ? AS version, "
                    "? AS profile", [build_id, ref, "duckdb", __version__, profile_name])
        deleted = _deleted_share(con)
        vacuum = deleted > VACUUM_SHARE
        if not vacuum:
            con.execute("SET max_vacuum_tasks = 0")
        with _timed(f"checkpoint ({deleted:.1%} of a table's rows deleted: "
                    f"{'vacuumed' if vacuum else 'not vacuumed'})"):
            con.execute("CHECKPOINT")
        timer.stage("export")
        jobs = merges.jobs(con)
        con.execute(f"DETACH {SCRATCH_DB}")
        exports = write_exports(con, nxt / "exports", csv=csv, jobs=jobs, workers=workers)
        registry = build_mod._summarise(con, build_id, settings, ref)
        registry.exports = exports
    except BaseException:
        if merges is not None:
            merges.close()
        store.close()
        raise
    merges.close()
    store.close()
    timer.stage("")
    summary = UpdateSummary(
        update_id=_update_id(new, live_id, ref), reference_date=ref.isoformat(), files=new,
        skipped=skipped, rows_read=int(counts[0]) + int(rejected[0]),
        redelivered=int(counts[1]), quarantined=int(counts[2]) + int(rejected[0]),
        applied=int(counts[0]) - int(counts[1]) - int(counts[2]), touched=touched,
        coverage="full" if full else "incremental", merged_exports=sorted(merges.merged),
        vacuumed=vacuum,
        stage_seconds=timer.seconds)
    summary.seconds = round(time.perf_counter() - started, 3)
    registry.seconds = summary.seconds
    registry.stage_seconds = dict(timer.seconds)
    summary.registry = registry.to_dict()
    (nxt / "build.json").write_text(json.dumps(registry.to_dict(), indent=2,
                                               ensure_ascii=False), encoding="utf-8")
    ws.swap()
    (ws.root / "update.json").write_text(json.dumps(summary.to_dict(), indent=2,
                                                    ensure_ascii=False), encoding="utf-8")
    log.info("update %s: %d files, %d events applied, %d persons recomputed in %.1fs",
             summary.update_id, len(new), summary.applied, touched, summary.seconds)
    return summary
