"""Linkage decisions: recorded, applied on every build, reversible.

``link_decisions`` holds one row per decision:

- **automatic** (``method = 'probabilistic'``): the outcome the model reached for
  a record in this build (``link``, ``review``, ``new_person``) with its score.
  Recomputed by every build (the same inputs give the same rows);
- **clerical** (``method = 'clerical'``): a clerk's ``link`` (this record is that
  person) or ``distinct`` (it is not), with who, when and why;
- **unmerge** (``method = 'unmerge'``): a ``distinct`` that undoes an automatic
  link, with who, when and why. Undoing a clerical link revokes it instead
  (``revoked_by``, ``revoked_at``, ``revoke_reason``): the record returns to
  exactly the state it had before the clerk linked it.

The build carries the table over from the previous registry of the workspace
(``pipeline.build.STAGE_TABLES``), so clerical decisions and unmerges apply to
every later build; the hook keeps them and replaces the automatic rows.

A decision takes effect by rebuilding the workspace from its staged
deliveries (:func:`rebuild`): the registry, coverage and every export are
recomputed, as a build with that decision from the start would have made them.

>>> decisions_step().output
'link_decisions'
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from unireg.config import Settings
from unireg.engine import Step
from unireg.errors import UniregError

SCHEMA = pa.schema([
    ("decision_id", pa.string()), ("source", pa.string()), ("row_ref", pa.string()),
    ("kind", pa.string()), ("person_key", pa.string()), ("decision", pa.string()),
    ("method", pa.string()), ("score", pa.float64()), ("decided_by", pa.string()),
    ("decided_at", pa.timestamp("us")), ("reason", pa.string()), ("revoked_by", pa.string()),
    ("revoked_at", pa.timestamp("us")), ("revoke_reason", pa.string()),
])
CLERICAL = ("clerical", "unmerge")
DECISIONS = ("link", "distinct")


class DecisionError(UniregError):
    """A clerical decision or unmerge that cannot be taken (unknown case, person...)."""


def empty_table() -> pa.Table:
    return SCHEMA.empty_table()


def decisions_step() -> Step:
    """``link_decisions``: the standing clerical rows, then this build's automatic ones."""
    cols = ", ".join(SCHEMA.names)
    sql = f"""
SELECT {cols} FROM link_decisions WHERE method <> 'probabilistic'
UNION ALL
SELECT 'A:' || o._source || ':' || o._row_ref AS decision_id, o._source AS source,
       o._row_ref AS row_ref, o.kind,
       coalesce(o.person_key, o.best_key) AS person_key,
       CASE o.method WHEN 'probabilistic' THEN 'link' WHEN 'review' THEN 'review'
                     ELSE 'new_person' END AS decision,
       'probabilistic' AS method,
       CAST(round(o.score, 6) AS DOUBLE) AS score, 'unireg' AS decided_by,
       CAST(NULL AS TIMESTAMP) AS decided_at, CAST(NULL AS VARCHAR) AS reason,
       CAST(NULL AS VARCHAR) AS revoked_by, CAST(NULL AS TIMESTAMP) AS revoked_at,
       CAST(NULL AS VARCHAR) AS revoke_reason
FROM link_outcomes o WHERE o.method <> 'clerical'"""
    return Step("link.decisions", sql.strip(), "link_decisions", "link")


# ---------------------------------------------------------------------------------------
# Clerical work on a workspace (the CLI and, later, the service call these).

@dataclass(frozen=True)
class Recorded:
    """What a decision or unmerge wrote: its id, and the records it concerns."""

    decision_ids: tuple[str, ...]
    records: tuple[str, ...]    # source:row_ref


def _connect(workspace: Path, read_only: bool) -> Any:
    from unireg.pipeline.workspace import connect

    path = Path(workspace) / "registry.duckdb"
    if not path.exists():
        raise DecisionError(f"{workspace}: no registry here; run `unireg build` first")
    return connect(path, read_only=read_only)


def _ensure_table(con: Any) -> None:
    have = con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'link_decisions'").fetchone()[0]
    if not have:
        con.register("__empty_decisions", empty_table())
        con.execute("CREATE TABLE link_decisions AS SELECT * FROM __empty_decisions")
        con.unregister("__empty_decisions")


def _split_case(case_id: str) -> tuple[str, str]:
    source, sep, row_ref = case_id.rpartition(":")
    if not sep or not source or not row_ref:
        raise DecisionError(f"case {case_id!r}: expected SOURCE:ROW_REF, e.g. enrolment-oai:E000123 "
                            "(see `unireg link review`)")
    return source, row_ref


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _new_id() -> str:
    return "C" + uuid.uuid4().hex[:15]


def decide(workspace: Path, case_id: str, decision: str, *, by: str, reason: str,
           person_key: str | None = None) -> Recorded:
    """Record a clerk's decision on an open review case (no rebuild: see :func:`rebuild`).

    ``decision`` is ``link`` (the record is ``person_key``, default: the case's best
    candidate) or ``distinct`` (it is not that person). The person must be one of
    the case's candidates.

    >>> # decide(W, "enrolment-oai:E000123", "link", by="li.na", reason="same address")
    """
    if decision not in DECISIONS:
        raise DecisionError(f"decision {decision!r}: expected link or distinct")
    if not by.strip() or not reason.strip():
        raise DecisionError("a clerical decision needs who decided (--by) and why (--reason)")
    source, row_ref = _split_case(case_id)
    con = _connect(workspace, read_only=False)
    try:
        _ensure_table(con)
        case = con.execute("SELECT kind FROM review_queue WHERE source = ? AND row_ref = ?",
                           [source, row_ref]).fetchone()
        if case is None:
            raise DecisionError(f"case {case_id}: not an open review case; "
                                "`unireg link review` lists them")
        cands = con.execute(
            "SELECT candidate_key, score FROM review_candidates WHERE case_id = ? "
            "AND candidate_key IS NOT NULL ORDER BY candidate_rank", [case_id]).fetchall()
        if not cands:
            raise DecisionError(f"case {case_id}: no candidate person to decide on")
        scores = {k: s for k, s in cands}
        key = person_key or cands[0][0]
        if key not in scores:
            raise DecisionError(f"case {case_id}: person {key!r} is not one of its candidates "
                                f"({len(cands)} listed by `unireg link review`)")
        did = _new_id()
        con.execute("INSERT INTO link_decisions (decision_id, source, row_ref, kind, person_key, "
                    "decision, method, score, decided_by, decided_at, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'clerical', ?, ?, ?, ?)",
                    [did, source, row_ref, case[0], key, decision, scores[key], by.strip(),
                     _now(), reason.strip()])
    finally:
        con.close()
    return Recorded((did,), (case_id,))


def unmerge(workspace: Path, *, by: str, reason: str, record: str | None = None,
            person_key: str | None = None) -> Recorded:
    """Undo links: of one record (``source:row_ref``) or of every record linked into a person.

    Only links made by linkage (``probabilistic`` or ``clerical``) can be undone;
    a link by a valid ID number is a fact of the data (correct it with an event).
    A clerical link is revoked; an automatic one gets a standing ``distinct``.
    Takes effect at the next build (:func:`rebuild`).
    """
    if (record is None) == (person_key is None):
        raise DecisionError("unmerge: give one record (SOURCE:ROW_REF) or one person key")
    if not by.strip() or not reason.strip():
        raise DecisionError("an unmerge needs who decided (--by) and why (--reason)")
    con = _connect(workspace, read_only=False)
    try:
        _ensure_table(con)
        if record is not None:
            source, row_ref = _split_case(record)
            rows = con.execute(
                "SELECT _source, _row_ref, kind, person_key, method, score FROM link_records "
                "WHERE _source = ? AND _row_ref = ?", [source, row_ref]).fetchall()
            if not rows:
                raise DecisionError(f"record {record}: not in the registry")
        else:
            rows = con.execute(
                "SELECT _source, _row_ref, kind, person_key, method, score FROM link_records "
                "WHERE person_key = ? AND method IN ('probabilistic', 'clerical') "
                "ORDER BY kind_order, _file, _row", [person_key]).fetchall()
            if not rows:
                raise DecisionError(f"person {person_key}: no records linked to it by linkage "
                                    "(links by ID number cannot be unmerged)")
        ids: list[str] = []
        refs: list[str] = []
        now = _now()
        for source, row_ref, kind, key, method, score in rows:
            ref = f"{source}:{row_ref}"
            if method == "clerical":
                n = con.execute(
                    "UPDATE link_decisions SET revoked_by = ?, revoked_at = ?, revoke_reason = ? "
                    "WHERE source = ? AND row_ref = ? AND person_key = ? AND method = 'clerical' "
                    "AND decision = 'link' AND revoked_at IS NULL RETURNING decision_id",
                    [by.strip(), now, reason.strip(), source, row_ref, key]).fetchall()
                ids.extend(r[0] for r in n)
            elif method == "probabilistic":
                did = _new_id()
                con.execute(
                    "INSERT INTO link_decisions (decision_id, source, row_ref, kind, person_key, "
                    "decision, method, score, decided_by, decided_at, reason) "
                    "VALUES (?, ?, ?, ?, ?, 'distinct', 'unmerge', ?, ?, ?, ?)",
                    [did, source, row_ref, kind, key, score, by.strip(), now, reason.strip()])
                ids.append(did)
            else:
                raise DecisionError(f"record {ref}: linked by {method!r}, not by linkage; "
                                    "only probabilistic and clerical links can be unmerged")
            refs.append(ref)
    finally:
        con.close()
    return Recorded(tuple(ids), tuple(refs))


@dataclass(frozen=True)
class Imported:
    """What :func:`import_decisions` did: decisions recorded, rows already on record."""

    decision_ids: tuple[str, ...]
    records: tuple[str, ...]    # source:row_ref of the recorded ones
    already: int                # rows identical to a decision already on record


IMPORT_FIELDS = ("source", "row_ref", "person_key", "decision", "decided_by", "decided_at",
                 "reason")


def _read_decision_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    import csv

    from unireg.errors import IngestError

    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [f for f in IMPORT_FIELDS if f not in (reader.fieldnames or [])]
            if missing:
                raise DecisionError(f"{path}: row 1 (header): missing column(s) "
                                    f"{', '.join(missing)}; expected {', '.join(IMPORT_FIELDS)}")
            return [(i, {k: (v or "").strip() for k, v in row.items() if k})
                    for i, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise IngestError(f"{path}: cannot read the decisions file "
                          f"({type(exc).__name__})") from None


def import_decisions(workspace: Path, files: list[Path]) -> Imported:
    """Record the clerical decisions the service exported (``linkage-decisions-*.csv``).

    Each row is a decision on an open review case: ``link`` (the record is
    ``person_key``, one of the case's candidates) or ``distinct``, with who
    decided, when and why, as the officer took it in the console. A row
    identical to a decision already on record is counted, not recorded again
    (the service exports every latest decision each time). Every row is
    checked before any is recorded: one bad row (named by file, row and
    field; ID numbers masked) records nothing. Takes effect at the next build
    (:func:`rebuild`).
    """
    from unireg.rules.idnumber import mask

    rows = [(Path(f), i, r) for f in files for i, r in _read_decision_rows(Path(f))]
    con = _connect(workspace, read_only=False)
    try:
        _ensure_table(con)
        have = {tuple(r) for r in con.execute(
            "SELECT source, row_ref, person_key, decision, decided_by, "
            "strftime(decided_at, '%Y-%m-%dT%H:%M:%SZ') FROM link_decisions "
            "WHERE method = 'clerical' AND revoked_at IS NULL").fetchall()}
        todo: list[list[Any]] = []
        already = 0
        seen: set[tuple[str, str]] = set()
        for path, i, r in rows:
            def bad(field: str, why: str, _p: Path = path, _i: int = i) -> DecisionError:
                return DecisionError(f"{_p}: row {_i}: {field}: {why}")

            for f in IMPORT_FIELDS:
                if not r.get(f) and not (f == "person_key" and r.get("decision") == "distinct"):
                    raise bad(f, "empty")
            if r["decision"] not in DECISIONS:
                raise bad("decision", f"{r['decision']!r}: expected link or distinct")
            try:
                at = dt.datetime.strptime(r["decided_at"], "%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                raise bad("decided_at", f"{r['decided_at']!r}: expected "
                                        "YYYY-MM-DDTHH:MM:SSZ") from None
            key = r["person_key"]
            ident = (r["source"], r["row_ref"], key, r["decision"], r["decided_by"],
                     r["decided_at"])
            if ident in have:
                already += 1
                continue
            case_id = f"{r['source']}:{r['row_ref']}"
            if (r["source"], r["row_ref"]) in seen:
                raise bad("row_ref", f"case {case_id} is decided twice in these files")
            seen.add((r["source"], r["row_ref"]))
            case = con.execute("SELECT kind FROM review_queue WHERE source = ? AND row_ref = ?",
                               [r["source"], r["row_ref"]]).fetchone()
            if case is None:
                raise bad("row_ref", f"case {case_id} is not an open review case "
                                     "(`unireg link review` lists them)")
            ranked = con.execute(
                "SELECT candidate_key, score FROM review_candidates WHERE case_id = ? "
                "AND candidate_key IS NOT NULL ORDER BY candidate_rank", [case_id]).fetchall()
            cands = dict(ranked)
            if not key and ranked:  # "distinct" without a person: not the best candidate
                key = ranked[0][0]
            if key not in cands:
                shown = mask(key) if len(key) == 18 else key
                raise bad("person_key", f"{shown} is not a candidate of case {case_id}")
            todo.append([_new_id(), r["source"], r["row_ref"], case[0], key, r["decision"],
                         cands[key], r["decided_by"], at, r["reason"]])
        con.begin()
        try:
            for values in todo:
                con.execute(
                    "INSERT INTO link_decisions (decision_id, source, row_ref, kind, "
                    "person_key, decision, method, score, decided_by, decided_at, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'clerical', ?, ?, ?, ?)", values)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    finally:
        con.close()
    return Imported(tuple(v[0] for v in todo), tuple(f"{v[1]}:{v[2]}" for v in todo), already)


def rebuild(workspace: Path, settings: Settings) -> Any:
    """Rebuild the workspace from its staged deliveries, as of its last build's date and profile.

    Every decision on record applies; nothing new is staged. Returns the BuildSummary.
    """
    from unireg.pipeline.build import build

    con = _connect(workspace, read_only=True)
    try:
        row = con.execute("SELECT reference_date, profile FROM build_info").fetchone()
    finally:
        con.close()
    if row is None:
        raise DecisionError(f"{workspace}: the registry has no build_info; run `unireg build`")
    ref, profile = row
    with tempfile.TemporaryDirectory(prefix="unireg-rebuild-") as empty:
        return build(Path(empty), Path(workspace),
                     settings.with_(reference_date=ref, profile=profile))
