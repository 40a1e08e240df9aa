"""`unireg generate`: write a synthetic province (a delivery and its ground truth)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from unireg.cli.common import json_option, parse_date, quiet_option


def _parse_rates(ctx: click.Context, param: click.Parameter,
                 values: tuple[str, ...]) -> dict[str, float]:
    """``NAME=VALUE`` pairs as a dict, with a clear error for each malformed one."""
    out: dict[str, float] = {}
    for item in values:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise click.BadParameter(
                f"{item!r}: expected NAME=VALUE, e.g. --error-rate id_checksum=0.01") from None
    return out


@click.command("generate")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--persons", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="How many people the province has.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Random seed: the same seed gives byte-identical files.")
@click.option("--reference-date", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date the province is described on (default: 2017-12-31).")
@click.option("--province", default="44", show_default=True, metavar="CODE",
              help="GB/T 2260 province code, two digits (44 is Guangdong).")
@click.option("--errors", default="default", show_default=True,
              metavar="none|default|heavy|FILE.yaml",
              help="Error rates: a profile, or a YAML file of rates (see docs/generator.md).")
@click.option("--error-rate", "error_rates", multiple=True, metavar="NAME=VALUE",
              callback=_parse_rates, help="Set one error rate (repeatable), e.g. id_typo=0.01.")
@click.option("--events-year", type=click.IntRange(min=2000, max=2099), default=None,
              metavar="YEAR", help="Also write a year of events for the province "
              "(OUT/events/events-YEAR.csv, truth in OUT/events/truth; docs/updates.md).")
@click.option("--events-only", is_flag=True,
              help="With --events-year: add the events to the province already in OUT.")
@quiet_option
@json_option
def generate_command(out: Path, persons: int, seed: int, reference_date: Any, province: str,
                     errors: str, error_rates: dict[str, float], events_year: int | None,
                     events_only: bool, quiet: bool, as_json: bool) -> None:
    """Write a synthetic province to OUT: a delivery and its ground truth.

    OUT receives population.csv, employer.csv, employment.csv, survey.xlsx,
    the enrolment files (CSV, Parquet, a GBK legacy feed declared in
    sources.yaml) and OUT/truth/ (what a perfect registry must conclude).
    OUT must be new, empty, or an earlier generation (which is replaced).

    \b
    Example:
      unireg generate gd --persons 100000 --seed 7 --errors heavy
      unireg generate gd --errors none --error-rate id_typo=0.02
      unireg generate gd --events-year 2018 --events-only
    """
    if events_only:
        if events_year is None:
            raise click.BadParameter("--events-only needs --events-year",
                                     param_hint="--events-only")
        _events(out, events_year, errors != "none", quiet, as_json)
        return
    from unireg.errors import ConfigError
    from unireg.generate import REFERENCE_DATE, ErrorRates, generate

    try:
        rates = ErrorRates.load(errors).with_rates(**error_rates)
    except ConfigError as e:
        raise click.BadParameter(str(e), param_hint="--errors/--error-rate") from None
    spec: ErrorRates | str = errors if not error_rates else rates
    ref = reference_date or REFERENCE_DATE

    if quiet or as_json:
        result = generate(out, persons, seed, reference_date=ref, errors=spec, province=province)
    else:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (TextColumn("persons"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task("generate", total=persons)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = generate(out, persons, seed, reference_date=ref, errors=spec,
                              province=province, progress=progress)
    if events_year is not None:
        if as_json:
            events = _events(out, events_year, errors != "none", True, False)
            click.echo(json.dumps({**result.as_dict(), "events": events.as_dict()},
                                  ensure_ascii=False, default=str))
            return
        _report(result, persons, seed, ref, errors, error_rates, out, quiet)
        _events(out, events_year, errors != "none", quiet, False)
        return
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        return
    _report(result, persons, seed, ref, errors, error_rates, out, quiet)


def _events(out: Path, year: int, errors: bool, quiet: bool, as_json: bool) -> Any:
    """The events mode: a year of events for the province in OUT (generate.events)."""
    from unireg.generate.events import generate_events

    result = generate_events(out, year, errors=errors)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
    elif not quiet:
        click.echo(f"Wrote {result.rows:,} events of {year} to {result.path} in "
                   f"{result.elapsed:.1f} s (truth in {result.path.parent / 'truth'})")
        for name, n in result.by_type.items():
            click.echo(f"  {name:<18} {n:>10,}")
    return result


def _report(result: Any, persons: int, seed: int, ref: Any, errors: str,
            error_rates: dict[str, float], out: Path, quiet: bool) -> None:
    if quiet:
        return
    click.echo(f"Wrote a province of {persons:,} persons (seed {seed}, reference date "
               f"{ref.isoformat()}, errors {errors if not error_rates else 'custom'}) to {out} "
               f"in {result.elapsed:.1f} s")
    width = max(len(n) for n in [*result.files, *(f"truth/{t}" for t in result.truth)])
    for name, n in result.files.items():
        click.echo(f"  {name:<{width}}  {n:>12,} rows")
    for name, n in result.truth.items():
        click.echo(f"  {'truth/' + name:<{width}}  {n:>12,} rows")
