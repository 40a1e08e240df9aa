"""Work queues: scoping, decisions, and the events a decision stands for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unireg.rules.profile import load_profile
from unireg.service.queues import Queues, decide
from unireg.service.registry import Registry
from unireg.service.store.base import StateStore

from .fixture_registry import PEOPLE

PROFILE = load_profile("cn")
TODAY = dt.date(2018, 1, 5)


@pytest.fixture
def queues(fixture_ws: Path, store: StateStore) -> Queues:
    return Queues(Registry(fixture_ws / "registry.duckdb", "s", PROFILE), store)


@pytest.mark.parametrize(("scope", "expected"), [
    ("100000", {"multiple": 3, "review": 2, "quarantine": 2, "deceased": 3}),
    ("440000", {"multiple": 2, "review": 1, "quarantine": 1, "deceased": 2}),
    ("440305", {"multiple": 1, "review": 1, "quarantine": 1, "deceased": 1}),
    ("110000", {"multiple": 1, "review": 1, "quarantine": 1, "deceased": 1}),
    ("440106", {"multiple": 0, "review": 0, "quarantine": 0, "deceased": 0}),
])
def test_counts_by_scope(queues: Queues, scope: str, expected: dict[str, int]) -> None:
    assert {q: c["total"] for q, c in queues.counts(scope).items()} == expected


def test_out_of_scope_case_is_missing(queues: Queues) -> None:
    _, bj = queues.page("multiple", "110000")
    ref = bj[0].ref
    assert queues.get("multiple", ref, "110000") is not None
    assert queues.get("multiple", ref, "440000") is None
    assert queues.get("multiple", "MA99999999", "100000") is None
    assert queues.get("nonsense", ref, "100000") is None


def test_multiple_affiliation_decision_ends_the_chosen_enrolment(queues: Queues) -> None:
    _, cases = queues.page("multiple", "440306")
    case = queues.get("multiple", cases[0].ref, "440306")
    assert case is not None and case.person is not None and case.person.name == "林芳"
    assert {r["ref"] for r in case.records} == {"enrolment:m1", "enrolment:m2"}
    d, probs = decide(queues, case, "end_enrolment", "", "li", {"end_ref": "enrolment:zz"},
                      PROFILE, TODAY)
    assert d is None and {p.field for p in probs} == {"reason", "end_ref"}
    d, probs = decide(queues, case, "end_enrolment", "employee scheme kept", "li",
                      {"end_ref": "enrolment:m2"}, PROFILE, TODAY)
    assert d is not None and not probs
    ev = queues.store.list_events()
    assert [(e.event_type, e.scheme, e.id_number, e.status) for e in ev] == [
        ("enrolment_end", "OAI_RES", PEOPLE["gd_multi"].id_number, "terminated")]
    assert queues.counts("440306")["multiple"] == {"total": 1, "open": 0, "decided": 1}
    total, open_ = queues.page("multiple", "440306", state="open")
    assert total == 0 and open_ == []


def test_quarantine_correction_is_checked(queues: Queues) -> None:
    _, items = queues.page("quarantine", "440000")
    case = queues.get("quarantine", items[0].ref, "440000")
    assert case is not None and case.detail["kind"] == "enrolment"
    assert PEOPLE["gd_uninsured"].id_number not in str(case.records)
    d, probs = decide(queues, case, "resubmit", "typo", "li", {"scheme": "OAI_YYY"}, PROFILE,
                      TODAY)
    assert d is None and [(p.field, p.code) for p in probs] == [("scheme", "code")]
    d, probs = decide(queues, case, "resubmit", "typo", "li", {"scheme": "OAI_RES"}, PROFILE,
                      TODAY)
    assert d is not None
    assert d.payload["scheme"] == "OAI_RES"
    assert d.payload["id_number"] == PEOPLE["gd_uninsured"].id_number  # kept from the record


def test_review_and_deceased_decisions(queues: Queues) -> None:
    _, items = queues.page("review", "440000")
    case = queues.get("review", items[0].ref, "440000")
    assert case is not None and case.candidate is not None and case.candidate.name == "陈小明"
    d, _ = decide(queues, case, "not_same", "different person", "li", {}, PROFILE, TODAY)
    assert d is not None and d.payload["decision"] == "distinct"
    assert d.payload["person_key"] == PEOPLE["gd_citizen"].id_number
    _, items = queues.page("deceased", "440306")
    case = queues.get("deceased", items[0].ref, "440306")
    assert case is not None
    d, _ = decide(queues, case, "end_enrolments", "death confirmed", "li", {}, PROFILE, TODAY)
    assert d is not None
    assert [e.scheme for e in queues.store.list_events()] == ["OAI_EMP"]
