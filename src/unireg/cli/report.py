"""`unireg report`: the HTML report with charts and maps, and its PDF."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from unireg.cli.common import json_option, parse_date, quiet_option


@click.command("report")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Workspace folder with a finished build.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the labels.")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also print the report to PDF (needs Debian chromium and fonts-wqy-microhei).")
@click.option("--plan", "plan_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None,
              help="Last year's plan folder to show progress against (default: "
                   "WORKSPACE/plans/<reference year>, if it was made from an earlier build).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the files (default: WORKSPACE/reports).")
@click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD", default=None,
              help="Report the registry as it was on this date, from its history "
                   "(computed into WORKSPACE/as-of/DATE when not there yet).")
@json_option
@quiet_option
def report_command(workspace: Path, lang: str, pdf: bool, plan_dir: Path | None,
                   out_dir: Path | None, as_of: dt.date | None, as_json: bool,
                   quiet: bool) -> None:
    """Write the registry report of WORKSPACE as self-contained HTML (and PDF).

    The HTML opens offline: charts, maps and their JavaScript are inside the
    file. Sections: cover (reference date, inputs, build), coverage by region
    (maps and ranked bars), progress against last year's plan, registered
    population against the frame, age-sex pyramids, the uninsured by reason
    and target group, multiple affiliation and deceased-active, data quality.
    Written to WORKSPACE/reports/report-<build_id>.html (and .pdf); with
    --lang zh the names end in -zh.

    \b
    Examples:
      unireg report --workspace W --lang zh
      unireg report --workspace W --as-of 2018-06-30   # the state on that date
    """
    from unireg.report import render_report

    result = render_report(workspace, lang=lang, pdf=pdf, plan=plan_dir, out_dir=out_dir,
                           as_of=as_of)
    if as_json:
        click.echo(json.dumps({
            "html": str(result.html), "pdf": str(result.pdf) if result.pdf else None,
            "build_id": result.build_id, "sections": result.sections, "charts": result.charts,
            "html_bytes": result.html_bytes, "seconds": result.seconds,
            "pdf_seconds": result.pdf_seconds,
            "plan": str(result.plan) if result.plan else None}, ensure_ascii=False, indent=2))
    elif not quiet:
        click.echo(f"report {result.html} ({result.html_bytes / 1e6:.1f} MB, "
                   f"{len(result.charts)} charts, {result.seconds:.1f} s)")
        if result.plan:
            click.echo(f"progress against the plan in {result.plan}")
        if result.pdf:
            click.echo(f"pdf    {result.pdf} ({result.pdf_seconds:.1f} s)")
