"""The registry build: stage deliveries, run the pipeline, reconcile, export, swap.

>>> # unireg.pipeline.build.build(Path("delivery"), Path("W"), load_settings())

Re-running with the same inputs gives byte-identical exports. Files staged by
an earlier build of the same workspace are kept (by name and content hash), so
a second build with one more file adds only that file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from unireg import __version__
from unireg.config import Settings
from unireg.engine.duckdb_engine import DuckDBEngine
from unireg.engine.sql import literal, quote_ident
from unireg.errors import BuildError, ReconciliationError
from unireg.export.writer import write_exports
from unireg.ingest import create_stage_tables, discover, stage_files
from unireg.ingest.kinds import FORMATS
from unireg.ingest.sql import staging_tables
from unireg.pipeline.reference import reference_tables
from unireg.pipeline.steps import OUTPUT_TABLES, build_steps
from unireg.pipeline.workspace import (
    DELIVERED,
    DELIVERED_TABLES,
    Workspace,
    attach_delivered,
    delivered_path,
)
from unireg.rules.profile import load_profile

log = logging.getLogger("unireg.build")

# on_event(stage, done, total, detail): progress for the CLI (or None)
ProgressFn = Callable[[str, int, int, str], None]

# Called after the step named here, with (engine, settings, profile, reference date); it may
# rewrite link_records for the records the ID number could not link (unireg.link.probabilistic).
LINK_HOOK = ("link.review_queue", "unireg.link.probabilistic", "link_unresolved")

# Tables a build carries over from the previous registry of the workspace: what was
# delivered, and the clerical linkage decisions taken on it.
STAGE_TABLES = (*staging_tables(), "link_decisions")


@dataclass
class BuildSummary:
    build_id: str
    reference_date: str
    engine: str
    version: str
    files: int
    rows_read: int
    accepted: int
    quarantined: int
    redelivered: int
    persons: int
    in_frame: int
    in_scope: int
    provisional: int
    review: int
    multiple_affiliation: int
    deceased_active: int
    uninsured: int
    coverage: dict[str, dict[str, float | int]] = field(default_factory=dict)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    exports: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _carry_over(store: Any, previous: Path) -> set[tuple[str, str]]:
    """Copy the staged deliveries of the previous registry; return their (file, sha256)."""
    if not previous.exists():
        return set()
    con = store.con
    catalogs = ["prev"]
    con.execute(f"ATTACH {literal(str(previous))} AS prev (READ_ONLY)")
    if delivered_path(previous).exists():
        con.execute(f"ATTACH {literal(str(delivered_path(previous)))} AS prev_delivered "
                    "(READ_ONLY)")
        catalogs.append("prev_delivered")
    try:
        have = dict(con.execute(
            "SELECT table_name, table_catalog FROM information_schema.tables "
            "WHERE table_catalog IN (SELECT unnest(?))", [catalogs]).fetchall())
        for t in STAGE_TABLES:
            if t in have:
                con.execute(f"CREATE TABLE {store.target(t)} AS "
                            f"SELECT * FROM {have[t]}.{quote_ident(t)}")
        seen = set()
        if "stage_files" in have:
            rows = con.execute("SELECT _file, sha256 FROM stage_files").fetchall()
            seen = {(f, s) for f, s in rows}
    finally:
        for c in catalogs:
            con.execute(f"DETACH {c}")
    return seen


def _link_hook() -> Any:
    """The probabilistic linkage module (``LINK_HOOK``), or None when it is not installed."""
    import importlib
    import importlib.util

    module = LINK_HOOK[1]
    return importlib.import_module(module) if importlib.util.find_spec(module) else None


def _run_link_hook(engine: Any, settings: Settings, profile: Any, ref: dt.date) -> None:
    """Probabilistic linkage of the records the ID number could not link, when installed."""
    hook = _link_hook()
    if hook is not None:
        getattr(hook, LINK_HOOK[2])(engine, settings, profile, ref)


def _hook_tables() -> tuple[str, ...]:
    """The tables the probabilistic linkage hook keeps in the registry (its ``TABLES``), when
    it is installed: a Spark build exports them with its outputs."""
    hook = _link_hook()
    return tuple(getattr(hook, "TABLES", ())) if hook is not None else ()


def _no_vacuum(con: Any) -> None:
    """No vacuuming at the build's checkpoints: they leave row groups as the steps wrote them.

    Staging a Parquet file appends each of its row groups as whole row groups of DuckDB's
    and a remainder (at 10M, 40 remainders of ~27k rows in ``stage_enrolment``). The first
    checkpoint of ``delivered.duckdb`` (at ``link.records``' commit) merged them, rewriting
    231 of the table's 254 row groups: 272 MB, 8-9 s. Without it the checkpoint takes
    0.0 s; the rows are the same, and scans read a few more, smaller row groups. The
    deleted rows of ``link.records`` stay marked, as they did (0.24% of the table).
    """
    try:
        con.execute("SET max_vacuum_tasks = 0")
    except duckdb.Error:  # a DuckDB without the setting: vacuum as it does
        log.debug("max_vacuum_tasks not available: checkpoints vacuum")


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _stage_new_files(store: Any, delivery: Path, tmp: Path, seen: dict[str, str],
                     emit: ProgressFn, workers: int = 1) -> list[Any]:
    """Stage the files of ``delivery`` not staged before (same name and content).

    A file whose name was staged before with other contents is refused: its
    record references would collide with the earlier delivery's.
    """
    files = discover(delivery)
    if not files and not seen:
        # An empty folder and a new workspace: most likely the wrong folder. (With earlier
        # deliveries staged, it rebuilds from them, e.g. on another reference date.)
        raise BuildError(f"{delivery}: no data files, and no earlier delivery in this "
                         "workspace: nothing to build (a delivery holds "
                         f"{', '.join(FORMATS)} files, named by kind: data-standard §1)")
    con = store.con
    create_stage_tables(con, store.placement)
    new = []
    for f in files:
        if f.name in seen:
            if _sha256(f.path) == seen[f.name]:
                continue
            raise BuildError(
                f"{f.name}: a file of this name with other contents was staged by an earlier "
                "build of this workspace; deliver it under a new name (e.g. with a date "
                "suffix) or send the changes as events")
        new.append(f)
    return stage_files(con, new, tmp_dir=tmp, workers=workers,
                       progress=lambda what, rows: emit("ingest", rows, 0, what))


def _reconcile(con: Any) -> list[tuple[Any, ...]]:
    con.execute("""
CREATE OR REPLACE TABLE reconciliation AS
WITH s AS (SELECT file, sum(accepted) AS accepted, sum(quarantined) AS quarantined,
                  sum(redelivered) AS redelivered
           FROM reconciliation_staged GROUP BY file),
     rj AS (SELECT _file AS file, count(DISTINCT _row) AS rejected
            FROM stage_rejects GROUP BY _file)
SELECT d._file AS file, d.kind, d._source AS source, d.rows_read,
       coalesce(s.accepted, 0) AS accepted,
       coalesce(s.quarantined, 0) + coalesce(rj.rejected, 0) AS quarantined,
       coalesce(s.redelivered, 0) AS redelivered,
       d.rows_read = coalesce(s.accepted, 0) + coalesce(s.quarantined, 0)
                     + coalesce(rj.rejected, 0) + coalesce(s.redelivered, 0) AS balanced
FROM stage_files d LEFT JOIN s ON s.file = d._file LEFT JOIN rj ON rj.file = d._file
ORDER BY d._file""")
    rows: list[tuple[Any, ...]] = con.execute(
        "SELECT file, rows_read, accepted, quarantined, redelivered FROM reconciliation "
        "WHERE NOT balanced").fetchall()
    return rows


def _build_id(con: Any, settings: Settings, ref: dt.date) -> str:
    files = con.execute("SELECT _file, sha256 FROM stage_files ORDER BY _file, sha256").fetchall()
    text = json.dumps([files, settings.profile, ref.isoformat(), __version__])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _summarise(con: Any, build_id: str, settings: Settings, ref: dt.date) -> BuildSummary:
    def one(sql: str) -> int:
        row = con.execute(sql).fetchone()
        return int(row[0] or 0) if row else 0

    rec = con.execute("SELECT count(*), sum(rows_read), sum(accepted), sum(quarantined), "
                      "sum(redelivered) FROM reconciliation").fetchone()
    cov = {}
    for g, in_scope, insured, rate, target, t_ins, t_rate in con.execute(
            "SELECT scheme_group, in_scope, insured, rate, target, target_insured, target_rate "
            "FROM coverage_summary WHERE level = 'nation' ORDER BY scheme_group").fetchall():
        cov[g] = {"in_scope": in_scope, "insured": insured, "rate": round(rate or 0, 6),
                  "target": target, "target_insured": t_ins,
                  "target_rate": round(t_rate or 0, 6)}
    return BuildSummary(
        build_id=build_id, reference_date=ref.isoformat(), engine=settings.engine,
        version=__version__, files=int(rec[0] or 0), rows_read=int(rec[1] or 0),
        accepted=int(rec[2] or 0), quarantined=int(rec[3] or 0), redelivered=int(rec[4] or 0),
        persons=one("SELECT count(*) FROM persons"),
        in_frame=one("SELECT count(*) FROM persons WHERE in_frame"),
        in_scope=one("SELECT count(*) FROM person_scope"),
        provisional=one("SELECT count(*) FROM links WHERE method = 'provisional'"),
        review=one("SELECT count(*) FROM links WHERE method = 'review'"),
        multiple_affiliation=one("SELECT count(*) FROM multiple_affiliation"),
        deceased_active=one("SELECT count(*) FROM deceased_active"),
        uninsured=one("SELECT count(*) FROM uninsured"),
        coverage=cov,
    )


def build(delivery: Path, workspace: Path, settings: Settings, *, csv: bool = False,
          on_event: ProgressFn | None = None) -> BuildSummary:
    """Build the registry in ``workspace`` from the files in ``delivery``.

    Raises :class:`BuildError` (the previous registry stays in place) when the
    build cannot finish, :class:`ReconciliationError` when a file's counts do
    not balance.
    """
    started = time.perf_counter()
    emit = on_event or (lambda *a: None)
    if not delivery.is_dir():
        raise BuildError(f"{delivery}: no such delivery folder")
    ref = settings.reference_date or dt.date.today()
    profile = load_profile(settings.profile)
    ws = Workspace(workspace)
    nxt = ws.prepare()
    store = DuckDBEngine(nxt / "registry.duckdb", threads=settings.threads,
                         memory_limit=settings.memory_limit, temp_directory=nxt / "tmp")
    con = store.con
    _no_vacuum(con)
    stage_seconds: dict[str, float] = {}
    try:
        # The delivered records go to a file of their own, which updates hard-link instead
        # of copying (pipeline.workspace).
        attach_delivered(con, store.path, read_only=False)
        store.placement = dict.fromkeys(DELIVERED_TABLES, DELIVERED)
        t = time.perf_counter()
        seen = _carry_over(store, ws.registry)
        _stage_new_files(store, delivery, nxt / "tmp", dict(seen), emit,
                         workers=settings.threads or os.cpu_count() or 1)
        stage_seconds["ingest"] = time.perf_counter() - t

        for name, table in reference_tables(profile).items():
            store.register_arrow(name, table)
        steps = build_steps(profile, ref)
        compute: Any = store
        if settings.engine == "spark":
            from unireg.engine.spark_engine import SparkEngine

            compute = SparkEngine(master=settings.spark_master, work_dir=nxt / "spark")
            compute.import_tables(con, [*(t for t in STAGE_TABLES if store.table_exists(t)),
                                        *reference_tables(profile)])
        try:
            for i, step in enumerate(steps):
                t = time.perf_counter()
                emit(step.stage, i, len(steps), step.name)
                compute.run(step)
                if step.name == LINK_HOOK[0]:
                    _run_link_hook(compute, settings, profile, ref)
                stage_seconds[step.stage] = (stage_seconds.get(step.stage, 0.0)
                                             + time.perf_counter() - t)
            emit("done", len(steps), len(steps), "")
            if compute is not store:
                t = time.perf_counter()
                # The hook's tables too (clerical review and the linkage report read them),
                # where it made them: a build with nothing set aside may not run it.
                hooked = [n for n in _hook_tables() if compute.table_exists(n)]
                compute.export_tables(con, [*OUTPUT_TABLES, *hooked], target=store.target)
                stage_seconds["spark transfer"] = time.perf_counter() - t
        finally:
            if compute is not store:
                compute.close()

        unbalanced = _reconcile(con)
        if unbalanced:
            lines = "; ".join(f"{f}: read {r} != accepted {a} + quarantined {q} + "
                              f"re-delivered {d}" for f, r, a, q, d in unbalanced)
            raise ReconciliationError(f"counts do not reconcile: {lines}")
        build_id = _build_id(con, settings, ref)
        con.execute("CREATE OR REPLACE TABLE build_info AS SELECT ? AS build_id, "
                    "CAST(? AS DATE) AS reference_date, ? AS engine, ? AS version, "
                    "? AS profile", [build_id, ref, settings.engine, __version__,
                                     settings.profile])
        t = time.perf_counter()
        emit("export", 0, 1, "")
        exports = write_exports(con, nxt / "exports", csv=csv)
        stage_seconds["export"] = time.perf_counter() - t
        emit("done", 1, 1, "")  # the export's bar is finished too
        summary = _summarise(con, build_id, settings, ref)
        summary.exports = exports
    except BaseException:
        store.close()
        raise
    store.close()
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.stage_seconds = {k: round(v, 3) for k, v in stage_seconds.items()}
    (nxt / "build.json").write_text(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    ws.swap()
    log.info("build %s: %d persons, %d files in %.1fs", summary.build_id, summary.persons,
             summary.files, summary.seconds)
    return summary
