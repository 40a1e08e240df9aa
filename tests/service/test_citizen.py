"""Self-service: only an exact match answers; every miss looks the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unireg.rules.profile import load_profile
from unireg.service.citizen import lookup
from unireg.service.registry import Registry

from .fixture_registry import PEOPLE, UNKNOWN_ID


@pytest.fixture(scope="module")
def reg(fixture_ws: Path) -> Registry:
    return Registry(fixture_ws / "registry.duckdb", "s", load_profile("cn"))


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def test_exact_match_answers_with_steps(reg: Registry) -> None:
    p = PEOPLE["gd_uninsured"]
    a = lookup(reg, p.id_number, p.name, d(p.birth))
    assert a is not None
    groups = {g.group: g for g in a.groups}
    assert not groups["medical"].insured
    assert [s.code for s in groups["medical"].steps] == ["enrol_resident", "hotline"]
    assert groups["medical"].steps[0].params["scheme"] == "MI_RES"
    assert "南山区" in groups["medical"].steps[0].params["region"]
    c = PEOPLE["gd_citizen"]
    a = lookup(reg, c.id_number.lower(), " 陈小明", d(c.birth))
    assert a is not None
    g = {x.group: x for x in a.groups}
    assert g["old_age"].insured and g["old_age"].schemes[0].scheme == "OAI_EMP"
    m = PEOPLE["gd_multi"]
    a = lookup(reg, m.id_number, m.name, d(m.birth))
    assert a is not None
    assert {x.group: x for x in a.groups}["old_age"].steps[0].code == "double"


@pytest.mark.parametrize("case", ["unknown", "wrong_name", "wrong_birth", "deceased", "invalid"])
def test_every_miss_is_none(reg: Registry, case: str) -> None:
    p = PEOPLE["gd_citizen"]
    args = {"unknown": (UNKNOWN_ID, p.name, d(p.birth)),
            "wrong_name": (p.id_number, "陈大明", d(p.birth)),
            "wrong_birth": (p.id_number, p.name, d("1985-03-13")),
            "deceased": (PEOPLE["gd_deceased"].id_number, "黄伯", d("1940-01-01")),
            "invalid": ("440305", p.name, d(p.birth))}[case]
    assert lookup(reg, *args) is None
