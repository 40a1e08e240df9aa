"""`unireg id`: check citizen ID numbers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

import click

from unireg.cli.common import json_option


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
              help="Language of sex labels.")
@json_option
def id_command(numbers: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Check citizen ID numbers (GB 11643): normalise, validate, describe.

    NUMBERS are ID numbers; `-` reads one per line from standard input.
    Prints one line per number: the normalised number, VALID or INVALID with
    the failure codes, birth date, sex and region. Exits 1 if any is invalid.

    \b
    Example:
      unireg id 11010419900307803X 110104900307803
    """
    from unireg.rules import idnumber
    from unireg.rules.regions import region_table

    regions = region_table()
    sex_label = {"en": {"1": "male", "2": "female"}, "zh": {"1": "男", "2": "女"}}[lang]
    any_invalid = False
    for raw in _read_numbers(numbers):
        r = idnumber.check(raw)
        any_invalid |= not r.valid
        region = regions.describe(r.region) if r.region else ""
        if as_json:
            click.echo(json.dumps({
                "input": raw, "number": r.number, "valid": r.valid, "errors": list(r.errors),
                "messages": [idnumber.message(e) for e in r.errors],
                "upgraded": r.upgraded,
                "birth_date": r.birth_date.isoformat() if r.birth_date else None,
                "sex": r.sex, "region": r.region, "region_name": region or None,
            }, ensure_ascii=False))
            continue
        verdict = "VALID" if r.valid else "INVALID " + ",".join(r.errors)
        if r.upgraded:
            verdict += " (upgraded from 15 digits)"
        parts = [r.number or "(empty)", verdict]
        if r.birth_date:
            parts.append(r.birth_date.isoformat())
        if r.sex:
            parts.append(sex_label[r.sex])
        if region:
            parts.append(region)
        click.echo("  ".join(parts))
    if any_invalid:
        sys.exit(1)

