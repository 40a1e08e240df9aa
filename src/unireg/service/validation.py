"""Checking a record typed into a form or sent to the API, with the country rules.

The same checks the build runs on deliveries (``unireg.validate.fields``:
required fields, code lists, dates, regions, employer codes, numbers, date
order) and the same ID-number rules (``unireg.rules.idnumber``), in Python, so
that a return accepted here is accepted by the next build. Every problem
carries the catalogue's stable code (``unireg.validate.catalogue``) and the
field; messages never echo personal data.

>>> from unireg.rules.profile import load_profile
>>> probs = check_record("survey", {"visit_date": "2017-02-30", "sex": "3"}, load_profile("cn"))
>>> sorted((p.field, p.code) for p in probs)
[('id_number', 'identity.missing'), ('sex', 'code'), ('visit_date', 'date')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from unireg.rules import employer, idnumber
from unireg.rules.profile import CountryProfile
from unireg.rules.regions import region_table
from unireg.validate.fields import CHECKS, KINDS, KindChecks

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")

MESSAGES = {
    "required": "this field is needed",
    "code": "not one of the allowed values",
    "date": "not a real date (YYYY-MM-DD)",
    "month": "not a real month (YYYY-MM)",
    "date.future": "a date after today",
    "date.order": "the end is before the start",
    "date.before_birth": "a date before the person was born",
    "region": "not a GB/T 2260 region code",
    "region.current": "not a county in force",
    "region.scope": "outside your region",
    "number": "not a number of 0 or more",
    "identity.missing": "give a valid ID number, or name, birth date and sex",
    "id.birth_date_mismatch": "the birth date differs from the one in the ID number",
    "id.sex_mismatch": "the sex differs from the one in the ID number",
    "too_long": "too long",
    **idnumber.MESSAGES,
    **employer.MESSAGES,
}


@dataclass(frozen=True)
class Problem:
    field: str
    code: str

    @property
    def message(self) -> str:
        return MESSAGES.get(self.code, self.code)

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


def parse_date(value: str) -> dt.date | None:
    if not _DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _month_ok(value: str) -> bool:
    return bool(_MONTH.fullmatch(value)) and 1 <= int(value[5:7]) <= 12


def checks_for(kind: str) -> KindChecks:
    return CHECKS[kind]


def check_record(kind: str, record: Mapping[str, str], profile: CountryProfile,
                 today: dt.date | None = None, max_length: int = 200) -> list[Problem]:
    """Every problem of one record of ``kind`` (empty: the build will accept it)."""
    today = today or dt.date.today()
    rules = checks_for(kind)
    v = {f: (record.get(f) or "").strip() for f in KINDS[kind]}
    probs: list[Problem] = []
    for f, value in v.items():
        if len(value) > max_length:
            probs.append(Problem(f, "too_long"))
    for f in rules.required:
        if not v.get(f):
            probs.append(Problem(f, "required"))
    for f, code_list in rules.codes.items():
        allowed = profile.schemes if code_list == "scheme" else profile.codes_of(code_list)
        if v.get(f) and v[f] not in allowed:
            probs.append(Problem(f, "code"))
    dates: dict[str, dt.date] = {}
    for f in rules.dates:
        if v.get(f):
            d = parse_date(v[f])
            if d is None:
                probs.append(Problem(f, "date"))
            else:
                dates[f] = d
    for f in rules.months:
        if v.get(f) and not _month_ok(v[f]):
            probs.append(Problem(f, "month"))
    for f in rules.regions:
        if v.get(f) and v[f] not in region_table():
            probs.append(Problem(f, "region"))
    for f in rules.employers:
        if v.get(f):
            probs += [Problem(f, c) for c in employer.check(v[f])]
    for f in rules.numbers:
        if v.get(f):
            try:
                ok = float(v[f]) >= 0
            except ValueError:
                ok = False
            if not ok:
                probs.append(Problem(f, "number"))
    for start, end in rules.order:
        if start in dates and end in dates and dates[end] < dates[start]:
            probs.append(Problem(end, "date.order"))
    probs += _identity(v, rules, dates, today)
    return probs


def _identity(v: dict[str, str], rules: KindChecks, dates: dict[str, dt.date],
              today: dt.date) -> list[Problem]:
    if "id_number" not in v:
        return []
    probs: list[Problem] = []
    usable = False
    if v["id_number"]:
        chk = idnumber.check(v["id_number"], today)
        if chk.valid:
            usable = True
            if "birth_date" in dates and chk.birth_date != dates["birth_date"]:
                probs.append(Problem("birth_date", "id.birth_date_mismatch"))
            if v.get("sex") in ("1", "2") and chk.sex != v["sex"]:
                probs.append(Problem("sex", "id.sex_mismatch"))
        else:
            probs += [Problem("id_number", c) for c in chk.errors]
    if (not usable and not v["id_number"] and rules.identity
            and not all(v.get(f) for f in rules.identity)):
        probs.append(Problem("id_number", "identity.missing"))
    return probs


def check_event(record: Mapping[str, str], profile: CountryProfile,
                today: dt.date | None = None) -> list[Problem]:
    """An event: the common checks plus what its type needs (``unireg.update.event_types``):
    a usable ID number always, the type's required fields, and for a correction at least
    one field to correct."""
    from unireg.update.event_types import CORRECTABLE, REQUIRED

    probs = check_record("events", record, profile, today)
    given = {f: (record.get(f) or "").strip() for f in KINDS["events"]}
    if not given["id_number"]:
        probs.append(Problem("id_number", "id.missing"))
    for f in REQUIRED.get(given["event_type"], ()):
        if not given[f]:
            probs.append(Problem(f, "required"))
    if given["event_type"] == "correction" and not any(given[f] for f in CORRECTABLE):
        probs.append(Problem(CORRECTABLE[0], "required"))
    return list(dict.fromkeys(probs))
