"""Field registration: household survey returns typed by enumerators, and their export.

A return is checked with the country rules (:mod:`unireg.service.validation`)
plus what a form in the field needs: a visit date not in the future and not
before the birth, a residence county in force inside the enumerator's scope.
Accepted returns are kept in the state store and exported as a data-standard
``survey`` file (``survey-field-YYYYMMDD-HHMMSS.csv``): drop it into the delivery
folder and the next ``unireg build DELIVERY -w W`` stages it as a new file.

>>> survey_id("li.ming", dt.datetime(2018, 1, 5, 9, 30, tzinfo=dt.UTC), "a1b2")
'F-li.ming-20180105-a1b2'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from collections.abc import Mapping
from functools import cache

from unireg.rules import idnumber
from unireg.rules.profile import CountryProfile
from unireg.rules.regions import region_table
from unireg.service.models import SurveyReturn, utcnow
from unireg.service.roles import in_scope
from unireg.service.validation import Problem, check_record, parse_date
from unireg.validate.fields import KINDS

FIELDS = KINDS["survey"]
# What an enumerator types (the rest is filled in: survey_id, enumerator).
FORM_FIELDS = ("visit_date", "id_number", "name", "sex", "birth_date", "residence_region",
               "employment_type", "reason_uninsured")


@cache
def _prefectures_with_counties() -> frozenset[str]:
    return frozenset(r.code[:4] for r in region_table().current("county"))


def is_leaf_in_force(code: str) -> bool:
    """A region in force with no level below it: a county, or a city without counties.

    >>> is_leaf_in_force("440305"), is_leaf_in_force("441900"), is_leaf_in_force("440300")
    (True, True, False)
    """
    r = region_table().get(code)
    if r is None or r.abolished is not None:
        return False
    return r.level == "county" or (r.level == "prefecture"
                                   and code[:4] not in _prefectures_with_counties())


def survey_id(username: str, now: dt.datetime, rand: str | None = None) -> str:
    """A survey_id unique to the enumerator: F-<user>-<date>-<random>."""
    return f"F-{username}-{now:%Y%m%d}-{rand or secrets.token_hex(4)}"


def check_return(form: Mapping[str, str], profile: CountryProfile, scope: str,
                 today: dt.date) -> list[Problem]:
    """Every problem of a return typed by an enumerator of ``scope`` (empty: accepted)."""
    record = {f: (form.get(f) or "").strip() for f in FORM_FIELDS}
    probs = check_record("survey", {**record, "survey_id": "x", "enumerator": "x"}, profile,
                         today)
    for f in ("name", "residence_region"):
        if not record[f] and not any(p.field == f for p in probs):
            probs.append(Problem(f, "required"))
    visit = parse_date(record["visit_date"])
    birth = parse_date(record["birth_date"])
    if birth is None and record["id_number"]:
        chk = idnumber.check(record["id_number"], today)
        birth = chk.birth_date if chk.valid else None
    if visit and visit > today:
        probs.append(Problem("visit_date", "date.future"))
    if birth and birth > today:
        probs.append(Problem("birth_date", "date.future"))
    if visit and birth and visit < birth:
        probs.append(Problem("visit_date", "date.before_birth"))
    region = record["residence_region"]
    if region and region in region_table():
        if not is_leaf_in_force(region):
            probs.append(Problem("residence_region", "region.current"))
        elif not in_scope(scope, region):
            probs.append(Problem("residence_region", "region.scope"))
    return list(dict.fromkeys(probs))  # each (field, code) once, in the order found


def make_return(form: Mapping[str, str], username: str, now: dt.datetime | None = None,
                sid: str | None = None) -> SurveyReturn:
    """A return from a checked form: the ID normalised (15 upgraded), the enumerator filled in."""
    now = now or utcnow()
    v = {f: (form.get(f) or "").strip() for f in FORM_FIELDS}
    if v["id_number"]:
        chk = idnumber.check(v["id_number"])
        v["id_number"] = chk.number
        if not v["birth_date"] and chk.birth_date:
            v["birth_date"] = chk.birth_date.isoformat()
        if not v["sex"] and chk.sex:
            v["sex"] = chk.sex
    return SurveyReturn(survey_id=sid or survey_id(username, now), enumerator=username,
                        entered_by=username, entered_at=now, **v)


def to_csv(returns: list[SurveyReturn]) -> str:
    """The returns as a data-standard ``survey`` CSV (UTF-8, header row, RFC 4180 quoting)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(FIELDS)
    for r in returns:
        w.writerow([getattr(r, f) for f in FIELDS])
    return out.getvalue()


def export_name(now: dt.datetime, kind: str = "survey") -> str:
    """``survey-field-20180105-093000.csv``: the kind first, so discovery reads it as ``kind``."""
    return f"{kind}-field-{now:%Y%m%d-%H%M%S}.csv"
