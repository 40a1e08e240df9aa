"""The same linkage for another country: a person file, a person register, a profile.

The Chinese build is one use of the machinery in ``probabilistic.py``; this
module is another, with no Chinese assumption: a :class:`LinkProfile` says how
the country writes names (a :class:`~unireg.link.features.NameScheme`, e.g.
:class:`~unireg.link.features.LatinNames`) and how its ID numbers are
normalised and checked (an :class:`IdScheme`). :func:`link_person_file` then
links an incoming person file to a register of persons with valid numbers:

1. a record whose number is valid and names a registered person whose birth
   date and sex agree is linked by the number (``id``); a valid number of
   another person whose birth date or sex disagree is only a claim (``review``
   unless the model finds the claimed person); a valid number nobody is
   registered under starts a person of its own (``id``);
2. every other record (number missing or damaged) is matched on name, sex,
   birth date, region and the surviving digits: the same Splink comparisons,
   blocking, training, scores, thresholds and safety rules as the Chinese build.

A worked example, run by the test suite, is in docs/linkage.md.

>>> luhn_scheme().is_valid("1234567897"), luhn_scheme().normalise(" 123-456 789 7 ")
(True, '1234567897')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from unireg.engine import Engine
from unireg.link import decisions
from unireg.link.features import LatinNames, NameScheme
from unireg.link.io import fetch
from unireg.link.probabilistic import LinkRun, score_and_decide


@dataclass(frozen=True)
class IdScheme:
    """A country's personal numbers: how to normalise one and whether it is valid."""

    code: str
    normalise: Callable[[str | None], str | None]
    is_valid: Callable[[str], bool]


@dataclass(frozen=True)
class LinkProfile:
    """What linkage needs to know about a country."""

    names: NameScheme = field(default_factory=LatinNames)
    ids: IdScheme | None = None
    link_upper: float = 0.995
    link_lower: float = 0.80


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check many national numbers use (Sweden, Canada, Israel...)."""
    if not digits.isdigit() or not digits.isascii():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _digits_only(raw: str | None) -> str | None:
    if raw is None:
        return None
    out = re.sub(r"[\s\-./]", "", raw)
    return out or None


def luhn_scheme(length: int = 10) -> IdScheme:
    """A ``length``-digit number whose last digit is a Luhn check digit."""
    return IdScheme("luhn", _digits_only, lambda s: len(s) == length and luhn_ok(s))


def _regions(region: str | None) -> tuple[list[str] | None, list[str] | None,
                                          list[str] | None]:
    if not region:
        return None, None, None
    return [region], [region[:4]], [region[:2]]


def _as_text(v: Any) -> str | None:
    return None if v is None else str(v)


def link_person_file(engine: Engine, persons: pa.Table, records: pa.Table,
                     profile: LinkProfile) -> pa.Table:
    """Link ``records`` to the register ``persons``; one result row per record.

    ``persons``: ``person_id`` (a valid number), ``name``, ``sex``, ``birth_date``
    (YYYY-MM-DD), ``region``. ``records``: ``record_id``, ``id_number`` (as written,
    may be missing or damaged), ``name``, ``sex``, ``birth_date``, ``region``.
    Region codes are compared at full length, first four and first two characters.

    Returns ``record_id, method, person_id, score``: method ``id``, ``probabilistic``,
    ``review`` (person_id = best candidate) or ``provisional`` (person_id = ``N``
    + the number of a new person; records of one new person share it).
    """
    ids = profile.ids
    reg = {str(p["person_id"]): p for p in persons.to_pylist()}
    known_rows: dict[str, dict[str, Any]] = {}
    known_regions: list[dict[str, Any]] = []
    for key, p in reg.items():
        r, r4, r2 = _regions(_as_text(p.get("region")))
        known_rows[key] = {"uid": key, "person_key": key, "name": _as_text(p.get("name")),
                           "sex": _as_text(p.get("sex")),
                           "birth_date": _as_text(p.get("birth_date"))}
        known_regions.append({"person_key": key, "regions": r, "regions4": r4, "regions2": r2})
    exact: dict[str, tuple[str, str]] = {}  # record_id -> (method, person_id)
    unresolved = []
    for i, rec in enumerate(records.to_pylist()):
        rid = str(rec["record_id"])
        number = ids.normalise(_as_text(rec.get("id_number"))) if ids else None
        valid = bool(number) and ids is not None and ids.is_valid(number)  # type: ignore[arg-type]
        claimed = None
        if valid:
            p = reg.get(number)  # type: ignore[arg-type]
            agrees = p is None or all(
                rec.get(f) is None or p.get(f) is None or str(rec[f]) == str(p[f])
                for f in ("birth_date", "sex"))
            if agrees:
                exact[rid] = ("id", number)  # type: ignore[assignment]
                continue
            claimed = number
        r, r4, r2 = _regions(_as_text(rec.get("region")))
        unresolved.append({
            "uid": f"0:records:{i}", "kind": "record", "kind_order": 0, "_source": "records",
            "_file": "records", "_row": i, "_row_ref": rid, "name": _as_text(rec.get("name")),
            "sex": _as_text(rec.get("sex")), "birth_date": _as_text(rec.get("birth_date")),
            "regions": r, "regions4": r4, "regions2": r2,
            "id_digits": None if valid else number, "claimed_id": claimed,
            "exact_method": "review" if claimed else "provisional"})
    list_t = pa.list_(pa.string())
    u_schema = pa.schema([("uid", pa.string()), ("kind", pa.string()),
                          ("kind_order", pa.int32()), ("_source", pa.string()),
                          ("_file", pa.string()), ("_row", pa.int64()),
                          ("_row_ref", pa.string()), ("name", pa.string()),
                          ("sex", pa.string()), ("birth_date", pa.string()),
                          ("regions", list_t), ("regions4", list_t), ("regions2", list_t),
                          ("id_digits", pa.string()), ("claimed_id", pa.string()),
                          ("exact_method", pa.string())])
    k_schema = pa.schema([("uid", pa.string()), ("person_key", pa.string()),
                          ("name", pa.string()), ("sex", pa.string()),
                          ("birth_date", pa.string())])
    r_schema = pa.schema([("person_key", pa.string()), ("regions", list_t),
                          ("regions4", list_t), ("regions2", list_t)])
    engine.register_arrow("link_unresolved", pa.Table.from_pylist(unresolved, u_schema))
    engine.register_arrow("link_known", pa.Table.from_pylist(list(known_rows.values()),
                                                             k_schema))
    engine.register_arrow("link_known_regions", pa.Table.from_pylist(known_regions, r_schema))
    engine.register_arrow("link_decisions", decisions.empty_table())
    run = LinkRun()
    score_and_decide(engine, profile.names, profile.link_upper, profile.link_lower, run)
    res = fetch(engine, """
SELECT u._row_ref AS record_id, o.method, coalesce(o.person_key, o.best_key) AS person_id,
       o.score, n.head
FROM link_outcomes o JOIN link_unresolved u ON u.uid = o.uid
LEFT JOIN link_new_persons n ON n.uid = o.uid
ORDER BY u._row""").to_pylist()
    heads = sorted({r["head"] for r in res if r["method"] == "provisional"},
                   key=lambda h: int(h.rsplit(":", 1)[1]))
    new_key = {h: f"N{i + 1:06d}" for i, h in enumerate(heads)}
    by_id = {r["record_id"]: r for r in res}
    out = []
    for rec in records.to_pylist():
        rid = str(rec["record_id"])
        if rid in exact:
            out.append({"record_id": rid, "method": "id", "person_id": exact[rid][1],
                        "score": 1.0})
            continue
        r = by_id[rid]
        pid = new_key[r["head"]] if r["method"] == "provisional" else r["person_id"]
        out.append({"record_id": rid, "method": r["method"], "person_id": pid,
                    "score": None if r["score"] is None else round(r["score"], 6)})
    return pa.Table.from_pylist(out, pa.schema([
        ("record_id", pa.string()), ("method", pa.string()), ("person_id", pa.string()),
        ("score", pa.float64())]))


__all__ = ["IdScheme", "LinkProfile", "link_person_file", "luhn_ok", "luhn_scheme"]
