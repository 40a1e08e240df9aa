"""Field registration: checks with the country rules, and the data-standard export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from unireg.rules.profile import load_profile
from unireg.service.survey import check_return, make_return, to_csv
from unireg.validate.fields import KINDS

from .fixture_registry import PEOPLE

PROFILE = load_profile("cn")
TODAY = dt.date(2018, 1, 5)
P = PEOPLE["gd_uninsured"]
GOOD = {"visit_date": "2018-01-05", "id_number": P.id_number, "name": P.name, "sex": "1",
        "birth_date": P.birth, "residence_region": "440305", "employment_type": "flexible",
        "reason_uninsured": "unaware"}


def codes(form: dict[str, str], scope: str = "440305") -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in check_return(form, PROFILE, scope, TODAY)}


def test_a_good_return_passes() -> None:
    assert codes(GOOD) == set()
    assert codes({**GOOD, "id_number": "", "reason_uninsured": ""}) == set()


@pytest.mark.parametrize(("change", "expected"), [
    ({"id_number": P.id_number[:-1] + ("0" if P.id_number[-1] != "0" else "1")},
     {("id_number", "id.checksum")}),
    ({"birth_date": "2000-09-10"}, {("birth_date", "id.birth_date_mismatch")}),
    ({"sex": "2"}, {("sex", "id.sex_mismatch")}),
    ({"visit_date": "2018-02-01"}, {("visit_date", "date.future")}),
    ({"visit_date": "2018-02-30"}, {("visit_date", "date")}),
    ({"residence_region": "110105"}, {("residence_region", "region.scope")}),
    ({"residence_region": "440300"}, {("residence_region", "region.current")}),
    ({"residence_region": "123456"}, {("residence_region", "region")}),
    ({"employment_type": "pirate"}, {("employment_type", "code")}),
    ({"name": ""}, {("name", "required")}),
    ({"id_number": "", "sex": ""}, {("id_number", "identity.missing")}),
    ({"visit_date": "1999-01-01"}, {("visit_date", "date.before_birth")}),
])
def test_problems(change: dict[str, str], expected: set[tuple[str, str]]) -> None:
    assert codes({**GOOD, **change}) == expected


def test_export_is_a_data_standard_survey_file() -> None:
    r = make_return({**GOOD, "id_number": P.id_number.lower(), "birth_date": "", "sex": ""},
                    "enum.li", dt.datetime(2018, 1, 5, 10, tzinfo=dt.UTC), sid="F-1")
    assert (r.id_number, r.birth_date, r.sex, r.enumerator) == (P.id_number, P.birth, "1",
                                                                 "enum.li")
    rows = list(csv.reader(io.StringIO(to_csv([r]))))
    assert tuple(rows[0]) == KINDS["survey"]
    assert rows[1][:3] == ["F-1", "2018-01-05", P.id_number]
