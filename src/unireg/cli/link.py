"""`unireg link`: the clerical review queue, decisions, unmerge, the linkage report.

A thin caller of :mod:`unireg.link.decisions` and :mod:`unireg.link.report`.
ID numbers are shown masked; a candidate is chosen by its rank in the list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from unireg.cli.common import json_option, quiet_option

workspace_option = click.option(
    "--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="Workspace folder of a built registry.")
engine_option = click.option("--engine", type=click.Choice(["duckdb", "spark"]), default=None,
                             help="Engine for the rebuild (default: duckdb, or UNIREG_ENGINE).")
rebuild_option = click.option("--no-rebuild", is_flag=True,
                              help="Record only; the decision applies at the next build.")
by_option = click.option("--by", required=True, help="Who decides (user name).")
reason_option = click.option("--reason", required=True, help="Why (kept with the decision).")


def _mask(key: Any) -> str:
    from unireg.rules.idnumber import mask

    if key is None:
        return "-"
    return mask(str(key)) if len(str(key)) == 18 else str(key)


def _connect(workspace: Path) -> Any:
    from unireg.link.decisions import DecisionError
    from unireg.pipeline.workspace import connect

    path = workspace / "registry.duckdb"
    if not path.exists():
        raise DecisionError(f"{workspace}: no registry here; run `unireg build` first")
    return connect(path)


def _rebuild(workspace: Path, engine: str | None, quiet: bool) -> None:
    from unireg.config import load_settings
    from unireg.link.decisions import rebuild

    summary = rebuild(workspace, load_settings(engine=engine))
    if not quiet:
        click.echo(f"rebuilt {workspace}: build {summary.build_id}, {summary.persons:,} persons, "
                   f"{summary.review:,} records in review")


@click.group("link")
def link_group() -> None:
    """Review, decide and undo the links probabilistic linkage made or proposed.

    \b
    Examples:
      unireg link review -w W
      unireg link review -w W --case enrolment-oai:E000123
      unireg link decide -w W enrolment-oai:E000123 link --by li.na --reason "same address"
      unireg link unmerge -w W --record enrolment-oai:E000123 --by li.na --reason "wrong person"
      unireg link report -w W --truth delivery/truth
    """


@link_group.command("review")
@workspace_option
@click.option("--case", "case_id", default=None, metavar="SOURCE:ROW_REF",
              help="Show one case: the record and each candidate side by side.")
@click.option("--frame", is_flag=True, help="List the frame's possible double registrations.")
@click.option("--limit", type=int, default=50, show_default=True, help="Cases to list.")
@json_option
def review_command(workspace: Path, case_id: str | None, frame: bool, limit: int,
                   as_json: bool) -> None:
    """List the open review cases (IDs masked), or show one case's candidates."""
    con = _connect(workspace)
    try:
        if frame:
            rows = con.execute(
                "SELECT case_id, rule, person_key_a, person_key_b, record_refs FROM "
                "frame_duplicates ORDER BY case_id LIMIT ?", [limit]).fetchall()
            out = [{"case": c, "rule": r, "person_a": _mask(a), "person_b": _mask(b),
                    "records": list(refs)} for c, r, a, b, refs in rows]
        elif case_id is None:
            rows = con.execute(
                "SELECT case_id, kind, reason, flags, candidate_key, score, candidates "
                "FROM review_queue ORDER BY source, row_ref LIMIT ?", [limit]).fetchall()
            out = [{"case": c, "kind": k, "reason": r, "flags": f, "best_candidate": _mask(p),
                    "score": s, "candidates": n} for c, k, r, f, p, s, n in rows]
        else:
            out = _case(con, case_id)
    finally:
        con.close()
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    if not out:
        click.echo("no open cases")
    for row in out:
        click.echo("  ".join(f"{k}={v}" for k, v in row.items()))


def _case(con: Any, case_id: str) -> list[dict[str, Any]]:
    from unireg.link.decisions import DecisionError

    rec = con.execute(
        "SELECT u.uid, u.kind, u.name, u.sex, u.birth_date, u.regions, u._id18 "
        "FROM review_queue q JOIN link_unresolved u "
        "ON u._source = q.source AND u._row_ref = q.row_ref WHERE q.case_id = ?",
        [case_id]).fetchone()
    if rec is None:
        raise DecisionError(f"case {case_id}: not an open review case; "
                            "`unireg link review -w W` lists them")
    uid, kind, name, sex, birth, regions, id18 = rec
    out = [{"rank": "record", "kind": kind, "id": _mask(id18), "name": name, "sex": sex,
            "birth_date": birth, "regions": ",".join(regions or [])}]
    for rank, key, score, named, kname, ksex, kbirth, kregions in con.execute(
            "SELECT c.candidate_rank, c.candidate_key, c.score, c.named_by_id, k.name, k.sex, "
            "k.birth_date, g.regions FROM review_candidates c "
            "LEFT JOIN link_known k ON k.person_key = c.candidate_key "
            "LEFT JOIN link_known_regions g ON g.person_key = c.candidate_key "
            "WHERE c.uid = ? ORDER BY c.candidate_rank", [uid]).fetchall():
        out.append({"rank": rank, "id": _mask(key), "name": kname, "sex": ksex,
                    "birth_date": kbirth, "regions": ",".join(kregions or []),
                    "score": score, "named_by_record_id": named})
    return out


@link_group.command("decide")
@workspace_option
@click.argument("case_id", metavar="CASE")
@click.argument("decision", type=click.Choice(["link", "distinct"]))
@click.option("--candidate", type=int, default=1, show_default=True,
              help="Which candidate (its rank in `unireg link review --case`).")
@by_option
@reason_option
@rebuild_option
@engine_option
@quiet_option
def decide_command(workspace: Path, case_id: str, decision: str, candidate: int, by: str,
                   reason: str, no_rebuild: bool, engine: str | None, quiet: bool) -> None:
    """Decide a review CASE: the record is (link) or is not (distinct) a candidate.

    The decision is recorded with who, when and why, and applies to this and
    every later build; the registry is rebuilt unless --no-rebuild.
    """
    from unireg.link.decisions import DecisionError, decide

    con = _connect(workspace)
    try:
        row = con.execute("SELECT candidate_key FROM review_candidates WHERE case_id = ? "
                          "AND candidate_rank = ?", [case_id, candidate]).fetchone()
    finally:
        con.close()
    if row is None or row[0] is None:
        raise DecisionError(f"case {case_id}: no candidate {candidate}; "
                            f"`unireg link review -w {workspace} --case {case_id}` lists them")
    rec = decide(workspace, case_id, decision, by=by, reason=reason, person_key=row[0])
    if not quiet:
        click.echo(f"recorded {decision} for {case_id} (decision {rec.decision_ids[0]})")
    if not no_rebuild:
        _rebuild(workspace, engine, quiet)


@link_group.command("import")
@workspace_option
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@rebuild_option
@engine_option
@json_option
@quiet_option
def import_command(workspace: Path, files: tuple[Path, ...], no_rebuild: bool,
                   engine: str | None, as_json: bool, quiet: bool) -> None:
    """Record the review decisions officers took in the console.

    FILES are the service's ``linkage-decisions-*.csv`` exports. Rows already on
    record are counted, not repeated; one bad row records nothing. The registry
    is rebuilt unless --no-rebuild.
    """
    from unireg.link.decisions import import_decisions

    rec = import_decisions(workspace, list(files))
    if as_json:
        click.echo(json.dumps({"recorded": len(rec.decision_ids), "already": rec.already,
                               "cases": list(rec.records)}))
    elif not quiet:
        click.echo(f"recorded {len(rec.decision_ids):,} decisions "
                   f"({rec.already:,} already on record)")
    if rec.decision_ids and not no_rebuild:
        _rebuild(workspace, engine, quiet or as_json)


@link_group.command("unmerge")
@workspace_option
@click.option("--record", default=None, metavar="SOURCE:ROW_REF",
              help="Undo the link of this record.")
@click.option("--person", "person_key", default=None, metavar="KEY",
              help="Undo every link linkage made into this person.")
@by_option
@reason_option
@rebuild_option
@engine_option
@quiet_option
def unmerge_command(workspace: Path, record: str | None, person_key: str | None, by: str,
                    reason: str, no_rebuild: bool, engine: str | None, quiet: bool) -> None:
    """Undo links made by linkage: the records return to their state before the link.

    A clerical link is revoked; an automatic one is barred from being made
    again. Coverage and every export are recomputed by the rebuild.
    """
    from unireg.link.decisions import unmerge

    rec = unmerge(workspace, by=by, reason=reason, record=record, person_key=person_key)
    if not quiet:
        click.echo(f"unmerged {len(rec.records)} record(s): {', '.join(rec.records)}")
    if not no_rebuild:
        _rebuild(workspace, engine, quiet)


@link_group.command("report")
@workspace_option
@click.option("--truth", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A generator's truth folder: also measure precision and recall.")
@json_option
def report_command(workspace: Path, truth: Path | None, as_json: bool) -> None:
    """Linkage figures: records per outcome, review cases, frame duplicates, accuracy."""
    from unireg.link.report import linkage_report

    con = _connect(workspace)
    try:
        rep = linkage_report(con, truth)
    finally:
        con.close()
    if as_json:
        click.echo(json.dumps(rep, ensure_ascii=False, indent=2))
        return
    _print_report(rep)


def _print_report(rep: dict[str, Any]) -> None:
    click.echo("records by link method: " + ", ".join(f"{k} {v:,}"
                                                     for k, v in rep["records"].items()))
    if "unresolved" in rep:
        click.echo(f"set aside by exact linkage: {rep['unresolved_total']:,} → "
                   + ", ".join(f"{k} {v:,}" for k, v in rep["unresolved"].items()))
        click.echo(f"review cases {rep['review_cases']:,} (joining two valid IDs: "
                   f"{rep['joins_valid_ids']:,}); provisional persons {rep['new_persons']:,}")
        click.echo("frame duplicates: " + (", ".join(
            f"{k} {v:,}" for k, v in rep.get("frame_duplicates", {}).items()) or "none"))
        click.echo("clerical decisions: " + (", ".join(
            f"{k} {v:,}" for k, v in rep["clerical_decisions"].items()) or "none"))
    for group, a in rep.get("accuracy", {}).items():
        if isinstance(a, dict) and "precision" in a:
            def fmt(x: float | None) -> str:
                return "-" if x is None else f"{x:.4f}"
            extra = f" of {a['records']:,} records" if "records" in a else ""
            click.echo(f"accuracy {group}{extra}: precision {fmt(a['precision'])}, recall "
                       f"{fmt(a['recall'])}, F1 {fmt(a['f1'])}")
        elif a is not None:
            click.echo(f"{group}: {a}")
