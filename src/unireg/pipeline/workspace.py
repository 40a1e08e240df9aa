"""A workspace folder: the registry file, its exports, and the build in progress.

Layout::

    W/registry.duckdb   the registry: what an update changes (persons, enrolments, events,
                        coverage, cases, summaries, quarantine, ...)
    W/delivered.duckdb  what the deliveries say, which no update changes: the staged
                        delivery files, their linkage, the delivered state of persons,
                        enrolments and jobs (DELIVERED_TABLES; see connect)
    W/exports/          data-standard §5 exports of the last good build
    W/build.json        the last build's summary
    W/.next/            a build in progress (swapped in only when it succeeds)

A build never writes into the live registry: it builds in ``.next`` and swaps
at the end, so a crash leaves the previous good registry in place.

The registry is two DuckDB files read as one: ``registry.duckdb`` is opened and
``delivered.duckdb`` beside it attached as catalog ``delivered``, with the
search path set so that SQL names tables unqualified (:func:`connect`,
:func:`attach_delivered`). An update copies ``registry.duckdb`` (~0.7 GB at 10M
persons) and hard-links ``delivered.duckdb`` (~4.3 GB), which it attaches read
only: copying it took 3-14 s of a 10M update, bounded by the disk's write-back.
A registry written before the split (one file) is read as it is.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unireg.engine.sql import literal, quote_ident

DELIVERED_FILE = "delivered.duckdb"
DELIVERED = "delivered"  # its catalog name wherever it is attached
# The tables a build writes into delivered.duckdb: the large ones no update changes (an update
# adds events only: their staging, validation and outcomes, and everything per person, stay in
# registry.duckdb). 4.3 of the 5.2 GB of a 10M registry. An update attaches the file read
# only, so a write to one of them fails loudly instead of changing the live file.
DELIVERED_TABLES = (
    "stage_population", "stage_enrolment", "stage_employment", "stage_employer",
    "stage_survey", "link_records", "link_known", "persons_base", "enrolments_base",
    "employment_base", "employers", "surveys",
)


def delivered_path(registry: Path) -> Path:
    """The delivered-records file beside the registry file ``registry``."""
    return registry.with_name(DELIVERED_FILE)


def catalog_of(con: Any) -> str:
    """The catalog of the file ``con`` was opened on (the registry's; its file name's stem)."""
    rows = con.execute("SELECT database_name FROM duckdb_databases() WHERE NOT internal "
                       "AND path IS NOT NULL ORDER BY database_oid LIMIT 1").fetchall()
    return str(rows[0][0])


def attach_delivered(con: Any, registry: Path | str, *, read_only: bool = True,
                     first: tuple[str, ...] = ()) -> bool:
    """Attach ``delivered.duckdb`` beside ``registry`` as catalog ``delivered`` (created when
    not ``read_only``) and set the search path: ``first`` (default: the catalog ``con`` was
    opened on), then ``delivered``. False when there is no such file (a registry written
    before the split) and nothing was attached."""
    path = delivered_path(Path(registry))
    found = not read_only or path.exists()
    if found:
        attached = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = ?",
                               [DELIVERED]).fetchall()
        if not attached:
            mode = " (READ_ONLY)" if read_only else ""
            con.execute(f"ATTACH {literal(str(path))} AS {DELIVERED}{mode}")
        elif Path(attached[0][0]).resolve() != path.resolve():
            # Connections to one file in one process share its attachments (DuckDB's
            # instance cache): another connection attached it already, fine for that file.
            raise ValueError(f"{registry}: {DELIVERED} is attached from {attached[0][0]}")
    set_search_path(con, *(first or (catalog_of(con),)))
    return found


def attach_registry(con: Any, registry: Path, alias: str = "reg") -> None:
    """Attach the registry file ``registry`` read only as ``alias``, with its delivered
    records, to a connection of another database (in memory, as-of): names resolve in
    that database's ``main``, then the registry's, then the delivered records'."""
    con.execute(f"ATTACH {literal(str(registry))} AS {quote_ident(alias)} (READ_ONLY)")
    attach_delivered(con, registry, first=("main", alias))


def set_search_path(con: Any, *first: str) -> None:
    """Names resolve in ``first`` (catalogs, ``catalog.schema``, or ``main``: the default
    catalog's), then in ``delivered`` when attached. (``USE`` resets the search path: call
    this after it.)"""
    names = [f if "." in f or f == "main" else f"{quote_ident(f)}.main" for f in first]
    attached = con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?",
                           [DELIVERED]).fetchall()[0][0]
    if attached:
        names.append(f"{DELIVERED}.main")
    con.execute(f"SET search_path = {literal(','.join(names))}")


def connect(registry: Path, *, read_only: bool = True) -> Any:
    """Open the registry file ``registry`` with its delivered records attached (read only)."""
    import duckdb

    con = duckdb.connect(str(registry), read_only=read_only)
    try:
        attach_delivered(con, registry)
    except BaseException:
        con.close()
        raise
    return con


# What a build or an update swaps in, together; the delivered records before the registry,
# whose change a running service watches for before it opens both again.
LIVE_NAMES = (DELIVERED_FILE, "registry.duckdb", "exports", "build.json")
ABSENT = ".absent"  # in .old: the live names that did not exist before the swap


# A large file is copied in this many ranges at once (the kernel copies the pages; one range
# at a time keeps one core busy — see copy_file).
COPY_PARTS = 2
_CHUNK = 1 << 28


def copy_file(source: Path, target: Path, parts: int = COPY_PARTS) -> None:
    """Copy ``source`` to ``target`` (replaced), ``parts`` ranges at a time.

    An update copies the whole registry before changing it (the live file stays
    untouched until the swap). The copy is the kernel's work (``copy_file_range``:
    no bytes pass through Python) and one range at a time keeps one core busy;
    ranges copied side by side take about half the time. Where the call is
    missing or refused (another OS, another file system), ``shutil.copyfile``.
    """
    size = source.stat().st_size
    if not hasattr(os, "copy_file_range") or parts < 2 or size < parts * _CHUNK:
        shutil.copyfile(source, target)
        return
    src = os.open(source, os.O_RDONLY)
    try:
        dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.ftruncate(dst, size)
            bounds = [size * i // parts for i in range(parts + 1)]
            failed: list[BaseException] = []

            def copy_range(start: int, end: int) -> None:
                try:
                    at = start
                    while at < end:
                        n = os.copy_file_range(src, dst, min(_CHUNK, end - at), at, at)
                        if n <= 0:
                            raise OSError(f"{source}: copy stopped at byte {at} of {size}")
                        at += n
                except BaseException as e:  # re-raised in the calling thread
                    failed.append(e)

            threads = [threading.Thread(target=copy_range, args=(bounds[i], bounds[i + 1]))
                       for i in range(parts)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            os.close(dst)
    finally:
        os.close(src)
    if failed:
        target.unlink(missing_ok=True)
        if isinstance(failed[0], OSError):
            shutil.copyfile(source, target)  # e.g. EXDEV, ENOSYS: the portable way
            return
        raise failed[0]


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def registry(self) -> Path:
        return self.root / "registry.duckdb"

    @property
    def delivered(self) -> Path:
        return self.root / DELIVERED_FILE

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def summary(self) -> Path:
        return self.root / "build.json"

    @property
    def next(self) -> Path:
        return self.root / ".next"

    @property
    def old(self) -> Path:
        return self.root / ".old"

    def prepare(self) -> Path:
        """Recover from an interrupted swap, clear any stale build, return the build folder.

        An interrupted swap is rolled back whole: the previous registry, its delivered
        records and its exports come back together (never a new registry beside the
        previous delivered records)."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.old.exists():
            marker = self.old / ABSENT
            absent = set(marker.read_text().split()) if marker.exists() else set()
            for name in LIVE_NAMES:
                live, kept = self.root / name, self.old / name
                if kept.exists() or name in absent:
                    _remove(live)  # the unfinished swap's, if it got that far
                if kept.exists():
                    kept.rename(live)
            shutil.rmtree(self.old)
        shutil.rmtree(self.next, ignore_errors=True)
        (self.next / "tmp").mkdir(parents=True)
        return self.next

    def swap(self) -> None:
        """Put the finished build in place of the live one."""
        self.old.mkdir()
        (self.old / ABSENT).write_text(
            "\n".join(n for n in LIVE_NAMES if not (self.root / n).exists()))
        for name in LIVE_NAMES:
            if (self.root / name).exists():
                (self.root / name).rename(self.old / name)
        for name in LIVE_NAMES:
            if (self.next / name).exists():
                (self.next / name).rename(self.root / name)
        shutil.rmtree(self.old)
        shutil.rmtree(self.next)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
