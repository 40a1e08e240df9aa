"""Options and helpers shared by every command (style.md #14: shared options are decorators)."""

from __future__ import annotations

import datetime as dt

import click


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: a YYYY-MM-DD option value as a date, with a clear error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
reference_date_option = click.option(
    "--reference-date", callback=parse_date, metavar="YYYY-MM-DD",
    help="The date coverage is measured on (default: today).")
