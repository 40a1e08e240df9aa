"""The registry reader: scope decides what exists; pseudonyms stand for persons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unireg.rules.profile import load_profile
from unireg.service.pseudonyms import pseudonym
from unireg.service.registry import Registry

from .fixture_registry import PEOPLE, UNKNOWN_ID

SECRET = "test-secret"  # noqa: S105 - the pseudonym key of a throwaway test registry
NATION, GD, BJ, NANSHAN = "100000", "440000", "110000", "440305"


@pytest.fixture(scope="module")
def reg(fixture_ws: Path) -> Registry:
    return Registry(fixture_ws / "registry.duckdb", SECRET, load_profile("cn"))


def pref(key: str) -> str:
    return pseudonym(SECRET, "p", key)


def test_find_by_id_respects_scope(reg: Registry) -> None:
    gd = PEOPLE["gd_citizen"]
    # The citizen's own person first (a provisional person may share the number).
    found = reg.find(GD, id_number=gd.id_number)
    assert found[0].pref == pref(gd.id_number)
    assert found[0].masked_id == gd.id_number[:6] + "********" + gd.id_number[-4:]
    assert reg.find(BJ, id_number=gd.id_number) == []
    assert reg.find(NATION, id_number=UNKNOWN_ID) == []
    # Full-width digits and a legacy lower-case x are normalised.
    wide = gd.id_number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert reg.find(NATION, id_number=wide)[0].pref == pref(gd.id_number)


def test_find_by_name_and_birth(reg: Registry) -> None:
    birth = dt.date(1988, 8, 8)
    assert len(reg.find(NATION, name="张伟", birth_date=birth)) == 2
    assert [r.pref for r in reg.find(GD, name="张 伟", birth_date=birth)] == [
        pref(PEOPLE["gd_zhangwei"].id_number)]
    assert reg.find(NANSHAN, name="张伟", birth_date=birth) == []


def test_hukou_or_residence_puts_a_person_in_scope(reg: Registry) -> None:
    m = PEOPLE["gd_migrant"]  # hukou Beijing, lives in Nanshan
    assert reg.key_of(pref(m.id_number), BJ) == m.id_number
    assert reg.key_of(pref(m.id_number), NANSHAN) == m.id_number
    assert reg.key_of(pref(m.id_number), "440306") is None


def test_person_page_data(reg: Registry) -> None:
    p = PEOPLE["gd_multi"]
    view = reg.person(pref(p.id_number), "440306")
    assert view is not None and view.name == "林芳" and view.in_frame
    groups = {c.group: c for c in view.coverage}
    assert groups["old_age"].insured and groups["old_age"].schemes == ["OAI_EMP", "OAI_RES"]
    assert [c["rule"] for c in view.cases] == ["multi_scheme"]
    assert {e["scheme"] for e in view.enrolments} == {"OAI_EMP", "OAI_RES", "MI_RES"}
    assert all(e["valid"] for e in view.enrolments)
    kinds = {s["kind"] for s in view.sources}
    assert kinds == {"population", "enrolment"}
    for s in view.sources:  # delivered records are shown with masked numbers
        assert p.id_number not in str(s["record"])
    assert reg.person(pref(p.id_number), BJ) is None
    assert reg.person("0" * 24, NATION) is None
    assert reg.person("not-a-pseudonym", NATION) is None


def test_review_items_show_on_both_persons(reg: Registry) -> None:
    view = reg.person(pref(PEOPLE["gd_citizen"].id_number), GD)
    assert view is not None and [r["row_ref"] for r in view.reviews] == ["r1"]


def test_figures_and_children(reg: Registry) -> None:
    nation = reg.figures(NATION)
    assert nation is not None and nation.level == "nation"
    assert {c.code for c in reg.children(NATION)} == {GD, BJ}
    assert {c.code for c in reg.children(GD)} == {"440300", "440100"}
    assert {c.code for c in reg.children("440300")} == {"440305", "440306"}
    assert reg.children("440305") == []
    assert reg.figures("999999") is None
    med = nation.groups["medical"]
    assert med.in_scope == sum(c.groups["medical"].in_scope for c in reg.children(NATION))


def test_cuts_are_computed_within_the_region(reg: Registry) -> None:
    gd = reg.cuts(GD)
    nation = reg.cuts(NATION)
    n_gd = sum(r["in_scope"] for r in gd["sex"] if r["scheme_group"] == "medical")
    n_all = sum(r["in_scope"] for r in nation["sex"] if r["scheme_group"] == "medical")
    assert 0 < n_gd < n_all


def test_outreach_lists_the_uninsured_where_they_live(reg: Registry) -> None:
    total, rows = reg.outreach(NANSHAN, group="old_age")
    keys = {r["person_key"] for r in rows}
    assert PEOPLE["gd_uninsured"].id_number in keys
    assert all(r["residence_region"] == NANSHAN for r in rows) and total == len(rows)
    assert all("*" in r["masked_id"] for r in rows)
    t2, _ = reg.outreach(NANSHAN, group="old_age", reason="unaware")
    assert 1 <= t2 <= total
