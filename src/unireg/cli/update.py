"""`unireg update` (apply event files to a registry) and `unireg coverage` (as of a date)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from unireg.cli.common import json_option, parse_date, quiet_option, reference_date_option

workspace_option = click.option(
    "--workspace", "-w", type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True, help="Workspace folder holding the registry (built with unireg build).")


def _print_coverage(coverage: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for col in ("group", "in scope", "insured", "rate", "target", "target rate"):
        table.add_column(col, justify="left" if col == "group" else "right")
    for g, c in coverage.items():
        table.add_row(g, f"{c['in_scope']:,}", f"{c['insured']:,}", f"{c['rate']:.1%}",
                      f"{c['target']:,}", f"{c['target_rate']:.1%}")
    Console().print(table)


@click.command("update")
@click.argument("events", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@workspace_option
@reference_date_option
@click.option("--csv", is_flag=True, help="Also write the exports as CSV.")
@json_option
@quiet_option
def update_command(events: tuple[Path, ...], workspace: Path, reference_date: dt.date | None,
                   csv: bool, as_json: bool, quiet: bool) -> None:
    """Apply EVENTS (event files, or folders of them) to the registry in WORKSPACE.

    Events (births, deaths, emigration, migration, enrolment start and end,
    transfers, job start and end, corrections) are validated, tied to their
    person by ID number and applied in the order of their dates, whatever
    order they arrive in; only the persons they touch are recomputed, then
    the summaries and exports are refreshed. A file already applied is
    skipped; an event_id already applied is not applied again. The update
    commits whole or not at all. The reference date stays the registry's
    unless --reference-date is given (then coverage is recomputed for all).

    \b
    Example:
      unireg update -w W deliveries/events-2018-03.csv
      unireg update -w W events/ --reference-date 2018-12-31
    """
    from unireg.config import load_settings
    from unireg.update.incremental import update

    settings = load_settings(reference_date=reference_date)
    show = not (quiet or as_json) and sys.stderr.isatty()

    def on_event(stage: str, done: int, total: int, detail: str) -> None:
        if show and stage != "ingest":
            click.echo(f"  {stage} ...", err=True)

    summary = update(workspace, list(events), settings, csv=csv, on_event=on_event)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    if quiet:
        return
    if not summary.files:
        click.echo(f"Nothing new: {', '.join(summary.skipped) or 'no files'} already applied; "
                   "the registry is unchanged.")
        return
    click.echo(f"unireg update {summary.update_id} — reference date {summary.reference_date}, "
               f"{summary.seconds:.1f} s")
    click.echo(f"files {len(summary.files)} ({', '.join(summary.files)}): {summary.rows_read:,} "
               f"events read = {summary.applied:,} applied + {summary.quarantined:,} quarantined "
               f"+ {summary.redelivered:,} re-delivered")
    if summary.skipped:
        click.echo(f"already applied, skipped: {', '.join(summary.skipped)}")
    click.echo(f"persons recomputed {summary.touched:,}; coverage recomputed: "
               f"{'for them' if summary.coverage == 'incremental' else 'for everyone'}")
    reg = summary.registry
    _print_coverage(reg.get("coverage", {}))
    click.echo(f"multiple affiliation cases {reg['multiple_affiliation']:,}; deceased still "
               f"active {reg['deceased_active']:,}; uninsured (person × group) "
               f"{reg['uninsured']:,}")
    click.echo(f"exports: {workspace / 'exports'}")


@click.command("coverage")
@workspace_option
@click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD", required=True,
              help="The date: persons and enrolments as they were that day.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the exports (default: WORKSPACE/as-of/DATE).")
@click.option("--csv", is_flag=True, help="Also write the exports as CSV.")
@json_option
@quiet_option
def coverage_command(workspace: Path, as_of: dt.date, out: Path | None, csv: bool,
                     as_json: bool, quiet: bool) -> None:
    """Coverage on a date, from the registry's history; the registry is not changed.

    Writes a full export set for the date to --out: persons as they were that
    day, coverage, multiple affiliation, deceased-active, the uninsured and
    the summaries on that day (the other exports as the registry has them).

    \b
    Example:
      unireg coverage -w W --as-of 2018-06-30
    """
    from unireg.config import load_settings
    from unireg.update.asof import coverage_as_of

    summary = coverage_as_of(workspace, as_of, load_settings(), out, csv=csv)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    if quiet:
        return
    click.echo(f"Coverage as of {summary.as_of}: {summary.persons:,} persons known, "
               f"{summary.in_scope:,} in scope ({summary.seconds:.1f} s)")
    _print_coverage(summary.coverage)
    click.echo(f"multiple affiliation cases {summary.multiple_affiliation:,}; deceased still "
               f"active {summary.deceased_active:,}; uninsured (person × group) "
               f"{summary.uninsured:,}")
    click.echo(f"exports: {summary.out}/exports")
