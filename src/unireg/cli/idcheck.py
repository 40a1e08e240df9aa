"""`unireg id`: check citizen ID numbers."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable

import click

from unireg.cli.common import json_option, parse_date

LABELS = {
    "en": {"1": "male", "2": "female", "valid": "VALID", "invalid": "INVALID",
           "upgraded": " (upgraded from 15 digits)", "empty": "(empty)"},
    "zh": {"1": "男", "2": "女", "valid": "有效", "invalid": "无效",
           "upgraded": "（由15位升级为18位）", "empty": "（空）"},
}


def _read_numbers(numbers: Iterable[str]) -> Iterable[str]:
    for n in numbers:
        if n == "-":
            for line in sys.stdin:
                if line.strip():
                    yield line.rstrip("\r\n")
        else:
            yield n


@click.command("id")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the labels (verdict, sex, notes); failure codes stay as they are.")
@click.option("--reference-date", "reference_date", callback=parse_date, metavar="YYYY-MM-DD",
              help="Birth dates after this day are invalid (default: today).")
@json_option
def id_command(numbers: tuple[str, ...], lang: str, reference_date: dt.date | None,
               as_json: bool) -> None:
    """Check citizen ID numbers (GB 11643): normalise, validate, describe.

    NUMBERS are ID numbers; `-` reads one per line from standard input.
    Prints one line per number: the normalised number, VALID or INVALID with
    the failure codes, birth date, sex and region. Legacy 15-digit numbers are
    shown upgraded to 18. Exits 1 if any is invalid, 0 if all are valid.

    \b
    Example:
      unireg id 11010519491231002X 110105491231002
      cat numbers.txt | unireg id --json -
    """
    from unireg.rules import idnumber
    from unireg.rules.regions import region_table

    regions = region_table()
    labels = LABELS[lang]
    any_invalid = False
    for raw in _read_numbers(numbers):
        r = idnumber.check(raw, today=reference_date)
        any_invalid |= not r.valid
        region = regions.describe(r.region, lang) if r.region else ""
        if as_json:
            click.echo(json.dumps({
                "input": raw, "number": r.number, "valid": r.valid, "errors": list(r.errors),
                "messages": [idnumber.message(e) for e in r.errors],
                "upgraded": r.upgraded,
                "birth_date": r.birth_date.isoformat() if r.birth_date else None,
                "sex": r.sex, "region": r.region, "region_name": region or None,
            }, ensure_ascii=False))
            continue
        verdict = labels["valid"] if r.valid else labels["invalid"] + " " + ",".join(r.errors)
        if r.upgraded:
            verdict += labels["upgraded"]
        parts = [r.number or labels["empty"], verdict]
        if r.birth_date:
            parts.append(r.birth_date.isoformat())
        if r.sex:
            parts.append(labels[r.sex])
        if region:
            parts.append(region)
        click.echo("  ".join(parts))
    if any_invalid:
        sys.exit(1)
