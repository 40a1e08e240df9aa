"""`unireg build` and `unireg demo`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from unireg.cli.common import json_option, quiet_option, reference_date_option

STAGES = ("ingest", "validate", "link", "registry", "coverage", "export")


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A rich progress display with one bar per build stage (or nothing)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


    columns = (TextColumn("{task.description:<10}"), BarColumn(),
               TextColumn("{task.fields[detail]}"), TimeElapsedColumn())
    with Progress(*columns, transient=False) as progress:
        yield progress


def _reporter(progress: Any, steps_per_stage: dict[str, int]) -> Any:
    if progress is None:
        return None
    tasks: dict[str, Any] = {}

    def task(stage: str) -> Any:
        if stage not in tasks:
            total = steps_per_stage.get(stage, 1)
            tasks[stage] = progress.add_task(stage, total=total, detail="")
        return tasks[stage]

    current: list[str] = []

    def on_event(stage: str, done: int, total: int, detail: str) -> None:
        if stage == "ingest":
            progress.update(task("ingest"), detail=f"{detail}: {done:,} rows", total=None)
            return
        if current and current[-1] != stage:
            prev = current[-1]
            progress.update(task(prev), completed=steps_per_stage.get(prev, 1), detail="done")
        if stage == "done":
            return
        if not current or current[-1] != stage:
            current.append(stage)
            if "ingest" in tasks:
                progress.update(tasks["ingest"], total=1, completed=1)
        progress.update(task(stage), advance=0 if stage == "export" else 1,
                        detail=detail.rsplit(".", 1)[-1])

    return on_event


def print_summary(summary: Any, workspace: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = summary
    console.print(f"[bold]unireg build {s.build_id}[/] — reference date {s.reference_date}, "
                  f"engine {s.engine}, {s.seconds:.1f} s")
    console.print(f"files {s.files}: {s.rows_read:,} rows read = {s.accepted:,} accepted + "
                  f"{s.quarantined:,} quarantined + {s.redelivered:,} re-delivered")
    console.print(f"persons {s.persons:,} ({s.in_frame:,} in the frame, {s.in_scope:,} in scope); "
                  f"records linked provisionally {s.provisional:,}, for review {s.review:,}")
    table = Table(title="Coverage on the reference date")
    for col in ("group", "in scope", "insured", "rate", "target", "target rate"):
        table.add_column(col, justify="left" if col == "group" else "right")
    for g, c in s.coverage.items():
        table.add_row(g, f"{c['in_scope']:,}", f"{c['insured']:,}", f"{c['rate']:.1%}",
                      f"{c['target']:,}", f"{c['target_rate']:.1%}")
    console.print(table)
    console.print(f"multiple affiliation cases {s.multiple_affiliation:,}; deceased still active "
                  f"{s.deceased_active:,}; uninsured (person × group) {s.uninsured:,}")
    console.print(f"exports: {workspace / 'exports'}", soft_wrap=True)  # a path stays whole


def steps_per_stage(settings: Any) -> dict[str, int]:
    """How many steps each stage of the build ``settings`` describe runs (its bar's length)."""
    from unireg.pipeline.steps import build_steps
    from unireg.rules.profile import load_profile

    steps = build_steps(load_profile(settings.profile), settings.reference_date or dt.date.today())
    return dict(Counter(st.stage for st in steps))


def _run_build(delivery: Path, workspace: Path, reference_date: dt.date | None,
               engine: str | None, csv: bool, as_json: bool, quiet: bool) -> Any:
    from unireg.config import load_settings
    from unireg.pipeline.build import build

    settings = load_settings(reference_date=reference_date, engine=engine)
    show = not (quiet or as_json) and sys.stderr.isatty()
    with _progress(show) as progress:
        summary = build(delivery, workspace, settings, csv=csv,
                        on_event=_reporter(progress, steps_per_stage(settings)))
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        print_summary(summary, workspace)
    return summary


engine_option = click.option("--engine", type=click.Choice(["duckdb", "spark"]), default=None,
                             help="Where the pipeline runs (default: duckdb, or UNIREG_ENGINE).")


@click.command("build")
@click.argument("delivery", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Workspace folder (created if missing).")
@reference_date_option
@engine_option
@click.option("--csv", is_flag=True, help="Also write the exports as CSV.")
@json_option
@quiet_option
def build_command(delivery: Path, workspace: Path, reference_date: dt.date | None,
                  engine: str | None, csv: bool, as_json: bool, quiet: bool) -> None:
    """Build the registry in WORKSPACE from the delivery folder DELIVERY.

    Ingests every file (data-standard format, or through a mapping profile in
    sources.yaml), validates it, links records to persons, computes coverage,
    multiple affiliation, deceased-active cases and the uninsured, and writes
    the exports to WORKSPACE/exports. The previous registry stays in place
    until the new one is complete.

    \b
    Example:
      unireg build deliveries/gd-2017q4 --workspace W --reference-date 2017-12-31
    """
    _run_build(delivery, workspace, reference_date, engine, csv, as_json, quiet)


@click.command("demo")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default="demo")
@click.option("--persons", type=int, default=20_000, show_default=True,
              help="Size of the synthetic province.")
@click.option("--seed", type=int, default=2017, show_default=True)
@engine_option
@json_option
@quiet_option
def demo_command(workspace: Path, persons: int, seed: int, engine: str | None, as_json: bool,
                 quiet: bool) -> None:
    """Generate a synthetic province, build its registry, report it, print the summary.

    The delivery goes to WORKSPACE/delivery (with its ground truth in
    WORKSPACE/delivery/truth); the registry and exports to WORKSPACE; the
    report to WORKSPACE/reports (the PDF too when Debian's chromium is there).
    """
    from unireg.generate import generate

    delivery = workspace / "delivery"
    ref = dt.date(2017, 12, 31)
    if not quiet and not as_json:
        click.echo(f"Generating a synthetic province of {persons:,} persons (seed {seed}) "
                   f"in {delivery} ...")
    generate(delivery, persons=persons, seed=seed, reference_date=ref)
    _run_build(delivery, workspace, ref, engine, False, as_json, quiet)
    _demo_report(workspace, quiet or as_json)


def _demo_report(workspace: Path, quiet: bool) -> None:
    """The demo's report: HTML always; the PDF only where chromium can print it."""
    from unireg.errors import UniregError
    from unireg.report import render_report
    from unireg.report.pdf import find_chromium

    try:
        find_chromium()
        pdf = True
    except UniregError:
        pdf = False
    result = render_report(workspace, pdf=pdf)
    if not quiet:
        click.echo(f"report: {result.html}" + (f" and {result.pdf}" if result.pdf else
                   " (no PDF: install Debian's chromium and fonts-wqy-microhei for one)"))
