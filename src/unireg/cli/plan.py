"""`unireg plan`: next year's extension targets and outreach lists."""

from __future__ import annotations

import json
from pathlib import Path

import click

from unireg.cli.common import json_option, quiet_option


def _weights(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
             ) -> dict[str, float]:
    out = {}
    for v in values:
        reason, sep, w = v.partition("=")
        try:
            if not sep:
                raise ValueError
            out[reason.strip()] = float(w)
        except ValueError:
            raise click.BadParameter(f"{v!r}: use REASON=SHARE, e.g. unwilling=0.2") from None
    return out


@click.command("plan")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Workspace folder with a finished build.")
@click.option("--target", type=float, default=0.95, show_default=True,
              help="Coverage of the target population to reach (a share, e.g. 0.95).")
@click.option("--year", type=int, required=True, help="The plan year (normally the next one).")
@click.option("--unmasked", is_flag=True,
              help="Write full ID numbers and names (needs --purpose; logged).")
@click.option("--purpose", default=None, help="Why unmasked lists are needed (logged).")
@click.option("--weight", "weights", multiple=True, callback=_weights, metavar="REASON=SHARE",
              help="Override the expected enrolment share for a reason (repeatable).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the workbook's headers.")
@json_option
@quiet_option
def plan_command(workspace: Path, target: float, year: int, unmasked: bool,
                 purpose: str | None, weights: dict[str, float], lang: str, as_json: bool,
                 quiet: bool) -> None:
    """Make next year's extension plan from WORKSPACE's registry.

    Writes WORKSPACE/plans/YEAR/: targets.csv (the gap to the target per region
    and scheme group, and the part outreach is expected to close, split by the
    uninsured's reasons), one CSV per outreach list (employers with unenrolled
    staff and their staff, migrant clusters and migrants, flexible and
    platform workers, elderly people without a pension, rural residents not
    enrolled), plan-YEAR.xlsx with one sheet per list, and manifest.json.
    IDs and names are masked unless --unmasked --purpose "..." (logged with
    the counts, never the IDs, in the manifest and plans/plan_log.jsonl).

    \b
    Example:
      unireg plan --workspace W --target 0.95 --year 2018
    """
    from unireg.plan import make_plan

    result = make_plan(workspace, target=target, year=year, unmasked=unmasked, purpose=purpose,
                       lang=lang, weights=weights)
    if as_json:
        click.echo(json.dumps({"folder": str(result.folder), "rows": result.rows,
                               "nation": result.totals, "masked": not unmasked,
                               "seconds": result.seconds}, ensure_ascii=False, indent=2))
        return
    if quiet:
        return
    click.echo(f"plan {year} (target {target:.0%}) in {result.folder}"
               f"{'' if not unmasked else ' — UNMASKED, purpose logged'}")
    for g, v in result.totals.items():
        click.echo(f"  {g:<13} target population {v['target_pop']:>10,}  insured "
                   f"{v['insured']:>10,}  gap {v['gap']:>8,}  extension target {v['target']:>8,}")
    click.echo("  lists: " + ", ".join(f"{k} {n:,}" for k, n in result.rows.items()))
