"""GB 11643 ID numbers (unireg.rules.idnumber): every rule, with valid and invalid examples.

Valid numbers are built with ``check_char`` (itself checked against an independent
ISO 7064 MOD 11-2 implementation below), plus a few literal numbers verified by hand.
"""

from __future__ import annotations

import datetime as dt
import doctest

import pytest
from stdnum.cn import ric

from unireg.rules import idnumber as idn
from unireg.rules.idnumber import check, check_char, mask, normalise, upgrade15

TODAY = dt.date(2024, 6, 30)


def iso7064_mod11_2(body17: str) -> str:
    """Independent reference: the character C such that the 18 characters are 1 mod 11.

    Horner's rule over the weights 2^(18-i) mod 11, written from ISO 7064, not from
    unireg's weight table.
    """
    p = 0
    for c in body17:
        p = (p + int(c)) * 2 % 11
    return "0123456789X"[(12 - p) % 11]


def make(region: str = "110105", birth: str = "19491231", seq: str = "002") -> str:
    body = region + birth + seq
    return body + check_char(body)


def test_check_char_matches_the_iso_7064_definition() -> None:
    for body in ("11010519491231002", "44052418800101001", "00000000000000000",
                 "99999999999999999", "12345678901234567"):
        assert check_char(body) == iso7064_mod11_2(body)


# --- literal numbers, verified by hand ---------------------------------------
# 11010519491231002X is the worked example of GB 11643-1999 (Beijing Chaoyang,
# born 1949-12-31, sequence 002 so female, check X); 110105491231002 is its
# 15-digit form. 440524188001010014 is the standard's other example: a correct
# check digit, but born 1880, which the registry rejects (births from 1900).


def test_literal_known_good_number() -> None:
    assert iso7064_mod11_2("11010519491231002") == "X"
    assert ric.is_valid("11010519491231002X")  # python-stdnum agrees on this one
    r = check("11010519491231002X", TODAY)
    assert r.valid and r.errors == ()
    assert (r.number, r.birth_date, r.sex, r.region, r.upgraded) == (
        "11010519491231002X", dt.date(1949, 12, 31), "2", "110105", False)


def test_literal_known_good_15_digit_number() -> None:
    r = check("110105491231002", TODAY)
    assert r.valid
    assert (r.number, r.birth_date, r.sex, r.upgraded) == (
        "11010519491231002X", dt.date(1949, 12, 31), "2", True)


def test_literal_number_with_good_check_digit_born_1880() -> None:
    assert iso7064_mod11_2("44052418800101001") == "4"
    assert check("440524188001010014", TODAY).errors == ("id.birth_date",)


def test_literal_male_number_with_abolished_region() -> None:
    assert iso7064_mod11_2("11010419900307803") == "9"
    r = check("110104199003078039", TODAY)
    assert r.valid and r.sex == "1" and r.region == "110104"


# --- missing, length, characters ---------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", " \t\u00a0 "])
def test_missing(raw: str | None) -> None:
    assert check(raw, TODAY).errors == ("id.missing",)
    assert not check(raw, TODAY).valid


@pytest.mark.parametrize("raw", ["1", "1101051949123", "11010519491231002",      # 13, 17
                                 "1101054912310021", "11010519491231002X1",     # 16, 19
                                 "11010519491231002XX"])
def test_length(raw: str) -> None:
    r = check(raw, TODAY)
    assert r.errors == ("id.length",)
    assert r.number == raw and r.birth_date is None and r.sex is None


@pytest.mark.parametrize("raw", [
    "11010519491231A02X",        # a letter among the 17 digits
    "1101051949123100X2",        # X is only allowed last
    "11010519491231002Y",        # check character other than 0-9, X
    "11010519491231002-",
    "11010549123100X",           # 15 digits have no check character at all
    "1101054912310A2",
    "11010519491231002\u0663",   # ARABIC-INDIC DIGIT THREE: isdigit() but not 0-9
    "11010519491231002\u00b2",   # SUPERSCRIPT TWO
    "1101051949\u0663231002X",
    "11010549123100\u0662",
])
def test_chars(raw: str) -> None:
    r = check(raw, TODAY)
    assert r.errors == ("id.chars",)
    assert not r.upgraded


# --- birth date ---------------------------------------------------------------


@pytest.mark.parametrize("birth", [
    "19901301",  # month 13
    "19900001",  # month 0
    "19900100",  # day 0
    "19900132",  # day 32
    "19900431",  # 31 April
    "19900230",  # 30 February
    "20230229",  # 29 February, 2023 not a leap year
    "19000229",  # 1900 is not a leap year (divisible by 100)
    "18991231",  # before 1900
    "00000000",
    "20240701",  # the day after TODAY
    "20991231",  # far future
])
def test_bad_birth_date(birth: str) -> None:
    r = check(make(birth=birth), TODAY)
    assert r.errors == ("id.birth_date",)
    assert r.birth_date is None
    assert r.region == "110105" and r.sex == "2"  # the rest is still read


@pytest.mark.parametrize(("birth", "expected"), [
    ("20240229", dt.date(2024, 2, 29)),  # leap year
    ("20000229", dt.date(2000, 2, 29)),  # divisible by 400
    ("19000101", dt.date(1900, 1, 1)),   # first day allowed
    ("20240630", TODAY),                 # born on the reference date
    ("19901231", dt.date(1990, 12, 31)),
])
def test_good_birth_date(birth: str, expected: dt.date) -> None:
    r = check(make(birth=birth), TODAY)
    assert r.valid, r.errors
    assert r.birth_date == expected


def test_future_is_relative_to_today() -> None:
    n = make(birth="20240701")
    assert check(n, dt.date(2024, 6, 30)).errors == ("id.birth_date",)
    assert check(n, dt.date(2024, 7, 1)).valid


def test_today_defaults_to_the_real_date() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert check(make(birth=tomorrow.strftime("%Y%m%d"))).errors == ("id.birth_date",)
    assert check(make(birth=dt.date.today().strftime("%Y%m%d"))).valid


# --- region -------------------------------------------------------------------


@pytest.mark.parametrize("region", ["990000", "000000", "110199", "449999", "123456"])
def test_region_that_never_existed(region: str) -> None:
    r = check(make(region=region), TODAY)
    assert r.errors == ("id.region",)
    assert r.region == region


def test_abolished_region_is_valid() -> None:
    # Beijing's Xuanwu district, 110104, merged into Xicheng in 2010.
    assert check(make(region="110104", birth="19800101"), TODAY).valid
    assert check(make(region="110104", birth="20150101"), TODAY).valid  # issued from old stock


def test_region_created_after_birth_is_valid() -> None:
    # Miyun became a district (110118) in 2015; a number issued there since keeps the
    # code even for someone born in 1980. python-stdnum rejects it (why we do not use it).
    n = make(region="110118", birth="19800101", seq="001")
    assert check(n, TODAY).valid
    assert not ric.is_valid(n)


def test_stdnum_ric_limitations_documented_in_id_numbers_md() -> None:
    with pytest.raises(KeyError):  # not a ValidationError: is_valid() would crash too
        ric.validate(make(region="110199"))
    assert not ric.is_valid("110105491231002")  # 15-digit numbers are rejected


def test_province_and_prefecture_codes_are_known_codes() -> None:
    assert check(make(region="110000"), TODAY).valid
    assert check(make(region="440300"), TODAY).valid


# --- checksum -------------------------------------------------------------------


def test_bad_check_character() -> None:
    good = make()
    for c in "0123456789X":
        if c != good[-1]:
            assert check(good[:17] + c, TODAY).errors == ("id.checksum",)


def test_mistyped_digit_is_caught() -> None:
    good = make()
    bad = good[:15] + ("1" if good[15] != "1" else "2") + good[16:]
    assert "id.checksum" in check(bad, TODAY).errors


def test_every_problem_is_collected_in_order() -> None:
    body = "990000" + "19901301" + "002"
    wrong = "0" if check_char(body) != "0" else "1"
    assert check(body + wrong, TODAY).errors == ("id.birth_date", "id.region", "id.checksum")


# --- sex ------------------------------------------------------------------------


@pytest.mark.parametrize(("seq", "sex"), [("001", "1"), ("002", "2"), ("999", "1"),
                                          ("990", "2"), ("000", "2")])
def test_sex_from_the_17th_digit(seq: str, sex: str) -> None:
    assert check(make(seq=seq), TODAY).sex == sex


# --- 15-digit numbers -------------------------------------------------------------


def test_upgrade15() -> None:
    assert upgrade15("110105491231002") == "11010519491231002X"
    assert upgrade15("440305900307308") == make("440305", "19900307", "308")


def test_15_digit_number_is_upgraded_with_date_and_sex_unchanged() -> None:
    r = check("440305900307307", TODAY)
    assert r.valid and r.upgraded
    assert r.number == "440305" + "19900307307" + check_char("44030519900307307")
    assert r.birth_date == dt.date(1990, 3, 7) and r.sex == "1"


def test_15_digit_number_with_bad_date_is_invalid() -> None:
    r = check("110105490230002", TODAY)  # 1949-02-30
    assert r.errors == ("id.birth_date",)
    assert r.upgraded and r.number == upgrade15("110105490230002")


def test_15_digit_number_with_unknown_region() -> None:
    assert check("990000491231002", TODAY).errors == ("id.region",)


def test_15_digit_number_in_full_width() -> None:
    r = check("１１０１０５４９１２３１００２", TODAY)
    assert r.valid and r.upgraded and r.number == "11010519491231002X"


# --- normalisation ------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "11010519491231002x",                                  # lower-case x
    "１１０１０５１９４９１２３１００２Ｘ",                # full-width digits and X
    "１１０１０５１９４９１２３１００２ｘ",                # full-width lower x
    "  11010519491231002X  ",                              # surrounding spaces
    "\u300011010519491231002X\u3000",                      # ideographic space
    "110105 19491231 002X",                                # inner spaces
    "110105\t19491231\u00a0002 x",                         # tab, no-break space
    "11010519491231002X\r\n",                              # a line end
    "１１０１０５ 1949１２３１\u3000００２ｘ",             # everything at once
])
def test_normalised_input_is_accepted(raw: str) -> None:
    assert normalise(raw) == "11010519491231002X"
    r = check(raw, TODAY)
    assert r.valid and r.number == "11010519491231002X"


def test_normalise_leaves_other_characters_alone() -> None:
    assert normalise(None) == ""
    assert normalise("abc-1") == "abc-1"          # only x is upper-cased
    assert normalise("\u2003") == "\u2003"        # EM SPACE is not an ID separator
    assert check("11010519491231002X\u2003", TODAY).errors == ("id.length",)


# --- mask ---------------------------------------------------------------------------


def test_mask_18() -> None:
    assert mask("11010519491231002X") == "110105********002X"


def test_mask_15() -> None:
    assert mask("110105491231002") == "110105*****1002"


def test_mask_normalises_first() -> None:
    assert mask(" １１０１０５１９４９１２３１００２ｘ ") == "110105********002X"


@pytest.mark.parametrize(("raw", "masked"), [
    (None, ""), ("", ""), ("   ", ""), ("12345", "*****"), ("1234567890123", "*" * 13),
    ("12345678901234", "123456****1234"),
])
def test_mask_short_and_empty(raw: str | None, masked: str) -> None:
    assert mask(raw) == masked


def test_mask_never_shows_the_birth_date() -> None:
    for n in (make(birth="19491231"), "110105491231002"):
        assert "1949" not in mask(n) and "491231" not in mask(n)
        assert len(mask(n)) == len(n)


# --- messages and doctests --------------------------------------------------------------


def test_every_failure_code_has_a_message() -> None:
    assert set(idn.MESSAGES) == {"id.missing", "id.length", "id.chars", "id.birth_date",
                                 "id.region", "id.checksum"}
    for code in idn.MESSAGES:
        assert idn.message(code)
    with pytest.raises(KeyError):
        idn.message("id.nope")


def test_doctests() -> None:
    result = doctest.testmod(idn)
    assert result.attempted >= 5 and result.failed == 0
