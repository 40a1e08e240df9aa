"""Name features: the same name gives the same features; typos keep something in common."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unireg.generate.names import CONFUSIONS
from unireg.link.features import ChineseNames, LatinNames, scheme_for_country, soundex

CN = ChineseNames()
LATIN = LatinNames()


def test_chinese_sound_alike_typos_share_the_sound() -> None:
    assert CN.features("张伟")[1] == CN.features("章伟")[1] == "zhangwei"
    assert CN.features("王伟")[1] == CN.features("汪玮")[1]


def test_chinese_fuzzy_sound_merges_what_southern_speakers_merge() -> None:
    assert CN.features("陈伟")[2] == CN.features("程伟")[2]       # -n / -ng
    assert CN.features("周杰")[2] == CN.features("邹杰")[2]       # zh / z
    assert CN.features("刘洋")[2] == CN.features("牛洋")[2]       # l / n
    assert CN.features("陈伟")[1] != CN.features("程伟")[1]


def test_chinese_compound_surname_and_spacing() -> None:
    assert CN.features("欧阳 明华")[3:] == ("欧阳", "明华")
    assert CN.features("欧阳")[3:] == ("欧", "阳")   # two characters: a surname and a name
    assert CN.features("阿依古丽·买买提")[0] == "阿依古丽买买提"
    assert CN.features("张\u3000伟")[0] == "张伟"   # ideographic space


def test_every_generator_confusion_keeps_the_name_close() -> None:
    """The generator's look-alike and sound-alike typos (one character each) are one edit
    apart; most also share the sound or the fuzzy sound."""
    same = 0
    for a, b in CONFUSIONS.items():
        fa, fb = CN.features(a + "明"), CN.features(b + "明")
        same += fa[1] == fb[1] or fa[2] == fb[2]
    assert same / len(CONFUSIONS) > 0.7


def test_latin_accents_case_and_order() -> None:
    a, b = LATIN.features("José María García"), LATIN.features("JOSE MARIA GARCIA")
    assert a == b
    swapped = LATIN.features("García José María")
    assert swapped[2] == a[2] and swapped[1] != a[1]
    assert a[3:] == ("garcia", "jose maria")
    assert LatinNames(family_first=True).features("Kovács Péter")[3:] == ("kovacs", "peter")


def test_soundex() -> None:
    assert soundex("Robert") == soundex("Rupert") == "R163"
    assert soundex("Ashcraft") == "A261"
    assert soundex("123") == ""


def test_scheme_for_country() -> None:
    assert scheme_for_country("cn").code == "cn"
    assert scheme_for_country("FR").code == "latin"


@pytest.mark.parametrize("scheme", [CN, LATIN], ids=["cn", "latin"])
@given(st.text(max_size=12))
def test_features_are_idempotent(scheme, raw: str) -> None:  # type: ignore[no-untyped-def]
    """Features never fail, and a normalised name normalises to itself."""
    f = scheme.features(raw)
    assert len(f) == 5
    if f[0] is not None:
        assert scheme.features(f[0]) == f
        assert f[1] is not None and f[3] is not None
