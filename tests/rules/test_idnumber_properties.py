"""Properties of GB 11643 ID numbers (unireg.rules.idnumber), with Hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from unireg.rules.idnumber import CHECK_CHARS, check, check_char, normalise, upgrade15

from .strategies import (
    TODAY,
    disguise,
    junk,
    valid_15,
    valid_numbers,
)

# region_table() is loaded once per process; the first example may pay for it.
SETTINGS = settings(deadline=None)


@SETTINGS
@given(st.one_of(junk, valid_numbers().flatmap(disguise)))
def test_normalisation_is_idempotent(raw: str) -> None:
    once = normalise(raw)
    assert normalise(once) == once


@SETTINGS
@given(valid_numbers())
def test_valid_number_survives_normalisation(n: str) -> None:
    assert normalise(n) == n
    r = check(n, TODAY)
    assert r.valid, r.errors
    assert r.number == n and not r.upgraded


@SETTINGS
@given(valid_numbers().flatmap(lambda n: st.tuples(st.just(n), disguise(n))))
def test_disguised_variants_normalise_to_the_number(pair: tuple[str, str]) -> None:
    n, typed = pair
    assert normalise(typed) == n
    assert check(typed, TODAY).number == n
    assert check(typed, TODAY).valid


@SETTINGS
@given(valid_numbers())
def test_every_single_digit_substitution_is_caught(n: str) -> None:
    for i in range(17):
        for d in "0123456789":
            if d != n[i]:
                bad = n[:i] + d + n[i + 1:]
                assert "id.checksum" in check(bad, TODAY).errors, (n, bad)


@SETTINGS
@given(valid_numbers())
def test_every_adjacent_transposition_is_caught(n: str) -> None:
    for i in range(16):
        if n[i] != n[i + 1]:
            bad = n[:i] + n[i + 1] + n[i] + n[i + 2:]
            assert "id.checksum" in check(bad, TODAY).errors, (n, bad)


@SETTINGS
@given(valid_numbers())
def test_every_other_check_character_is_caught(n: str) -> None:
    for c in CHECK_CHARS:
        if c != n[17]:
            assert check(n[:17] + c, TODAY).errors == ("id.checksum",)


@SETTINGS
@given(valid_15())
def test_upgrade_keeps_birth_date_and_sex(n15: str) -> None:
    r = check(n15, TODAY)
    assert r.valid, r.errors
    assert r.upgraded and r.number == upgrade15(n15)
    assert r.number[:6] == n15[:6] and r.number[8:17] == n15[6:15]
    assert r.birth_date == dt.date(1900 + int(n15[6:8]), int(n15[8:10]), int(n15[10:12]))
    assert r.sex == ("1" if int(n15[14]) % 2 else "2")
    again = check(r.number, TODAY)  # the upgraded form is itself a valid 18-digit number
    assert again.valid and not again.upgraded
    assert (again.birth_date, again.sex, again.region) == (r.birth_date, r.sex, r.region)


@SETTINGS
@given(st.text("0123456789", min_size=17, max_size=17))
def test_check_char_makes_the_weighted_sum_one_mod_11(body: str) -> None:
    # ISO 7064 MOD 11-2: sum(a_i * 2^(18-i)) over all 18 characters = 1 (mod 11), X = 10.
    c = check_char(body)
    value = 10 if c == "X" else int(c)
    total = sum(int(a) * pow(2, 17 - i, 11) for i, a in enumerate(body)) + value
    assert total % 11 == 1
