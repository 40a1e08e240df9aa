"""Checking typed or submitted records with the country rules."""

from __future__ import annotations

import datetime as dt

import pytest

from unireg.rules.profile import load_profile
from unireg.service.validation import check_event, check_record

from .fixture_registry import PEOPLE

PROFILE = load_profile("cn")
TODAY = dt.date(2018, 1, 5)
ID = PEOPLE["gd_citizen"].id_number


def codes(probs: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(p.field, p.code) for p in probs}


@pytest.mark.parametrize(("event", "expected"), [
    ({"event_type": "death", "id_number": ID}, set()),
    ({"event_type": "death"}, {("id_number", "id.missing")}),
    ({"event_type": "transfer", "id_number": ID}, {("scheme", "required"),
                                                   ("region", "required")}),
    ({"event_type": "transfer", "id_number": ID, "scheme": "MI_RES", "region": "440306"},
     set()),
    ({"event_type": "correction", "id_number": ID}, {("name", "required")}),
    ({"event_type": "correction", "id_number": ID, "name": "陈晓明"}, set()),
    ({"event_type": "wedding", "id_number": ID}, {("event_type", "code")}),
    ({"event_type": "death", "id_number": ID[:-1] + "X"}, {("id_number", "id.checksum")}),
    ({"event_type": "enrolment_end", "id_number": ID, "scheme": "OAI_EMP",
      "employer_id": "91440300MA5D12345X"}, {("employer_id", "employer.checksum")}),
])
def test_events(event: dict[str, str], expected: set[tuple[str, str]]) -> None:
    record = {"event_id": "E1", "event_date": "2018-01-02", **event}
    assert codes(check_event(record, PROFILE, TODAY)) == expected


def test_record_checks_collect_every_problem() -> None:
    probs = check_record("enrolment", {"scheme": "X", "agency_region": "999999",
                                       "start_date": "2018-01-02", "end_date": "2017-01-01",
                                       "status": "contributing", "contribution_base": "-3",
                                       "last_paid": "2017-13", "id_number": ID, "sex": "2"},
                         PROFILE, TODAY)
    assert codes(probs) == {("scheme", "code"), ("agency_region", "region"),
                            ("end_date", "date.order"), ("contribution_base", "number"),
                            ("last_paid", "month"), ("sex", "id.sex_mismatch")}
    assert all(ID not in p.message for p in probs)
