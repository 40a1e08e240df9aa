"""GB 32100 employer codes (unireg.rules.employer) and their SQL twin (employer_sql)."""

from __future__ import annotations

import doctest

import duckdb
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from unireg.rules import employer
from unireg.rules.employer import check, make, normalise
from unireg.rules.employer_sql import ALPHABET, sql_issue, sql_normalise

DIGITS = "0123456789"


def mod31(body17: str) -> str:
    """Independent GB 32100 check character: 31 - (sum C_i * 3^(i-1) mod 31), 31 -> 0."""
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return ALPHABET[(31 - total % 31) % 31]


# 91110000600037341L: python-stdnum's documented example; 914403001922038216: the
# published code of Huawei Technologies Co., Ltd. (Shenzhen). Both checked with mod31.
KNOWN_GOOD = ["91110000600037341L", "914403001922038216"]


@pytest.mark.parametrize("code", KNOWN_GOOD)
def test_known_good_codes(code: str) -> None:
    assert mod31(code[:17]) == code[17]
    assert check(code) == ()
    assert make(code[:17]) == code


def test_alphabet_has_no_i_o_s_v_z() -> None:
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_missing(raw: str | None) -> None:
    assert check(raw) == ("employer.missing",)


@pytest.mark.parametrize("raw", ["9111000060003734", "91110000600037341",      # 16, 17
                                 "91110000600037341L0", "9"])                    # 19, 1
def test_length(raw: str) -> None:
    assert check(raw) == ("employer.length",)


@pytest.mark.parametrize("raw", [
    "A1110000600037341L",  # the first 8 (department, type, region) are digits
    "9111000A600037341L",
    "91110000I00037341L",  # I, O, S, V, Z are not in the alphabet
    "91110000600037341O",
    "91110000600037341S",
    "91110000600037341V",
    "91110000600037341Z",
    "91110000600037341*",
])
def test_format(raw: str) -> None:
    assert check(raw) == ("employer.format",)


def test_checksum() -> None:
    good = KNOWN_GOOD[0]
    for c in ALPHABET:
        if c != good[-1]:
            assert check(good[:17] + c) == ("employer.checksum",)


def test_tolerated_spelling() -> None:
    assert normalise(" 9111-0000-6000 37341l ") == "91110000600037341L"
    assert check("91110000600037341l") == ()
    assert check("9 1 110000 600037341L") == ()
    assert normalise(None) == ""


def test_region_is_not_checked() -> None:
    # The 6 region digits are not looked up (like ID numbers, a code may be abolished).
    assert check(make("91990000600037341")) == ()


def test_every_failure_code_has_a_message() -> None:
    assert set(employer.MESSAGES) == {"employer.missing", "employer.length", "employer.format",
                                      "employer.checksum"}


bodies = st.builds(lambda a, b: a + b, st.text(DIGITS, min_size=8, max_size=8),
                   st.text(ALPHABET, min_size=9, max_size=9))


@given(bodies)
def test_make_gives_valid_codes(body: str) -> None:
    code = make(body)
    assert code[:17] == body and code[17] == mod31(body)
    assert check(code) == ()


@given(bodies, st.integers(0, 16), st.sampled_from(ALPHABET))
def test_single_substitution_is_caught(body: str, i: int, c: str) -> None:
    code = make(body)
    bad = code[:i] + c + code[i + 1:]
    if bad != code:
        assert check(bad) != ()


# --- SQL twin ---------------------------------------------------------------------------

# The twin reads codes that are already compact (upper case, no separators): compare
# on such strings. python-stdnum's own clean-up (full-width digits, Unicode dashes and
# spaces) has no SQL twin; see docs/id-numbers.md.
compact_codes = st.one_of(
    bodies.map(make),
    bodies.map(make).flatmap(lambda c: st.tuples(st.integers(0, 17), st.sampled_from(
        ALPHABET + "IOSVZ*")).map(lambda t: c[:t[0]] + t[1] + c[t[0] + 1:])),
    st.text(ALPHABET + "IOSVZ", min_size=0, max_size=20),
    st.text(DIGITS, min_size=16, max_size=19),
)


def sql_issues(values: list[str]) -> list[str | None]:
    con = duckdb.connect()
    try:
        con.register("t", pa.table({"i": list(range(len(values))),
                                     "c": pa.array(values, pa.string())}))
        return [r[0] for r in con.execute(f"SELECT {sql_issue('c')} FROM t ORDER BY i").fetchall()]
    finally:
        con.close()


@settings(max_examples=20, deadline=None)
@given(st.lists(compact_codes, min_size=100, max_size=100))
def test_sql_twin_agrees(values: list[str]) -> None:
    for code, issue in zip(values, sql_issues(values), strict=True):
        py = check(code)
        if py == ("employer.missing",):
            assert issue in (None, "employer.length"), code  # '' is the caller's to handle
        else:
            assert issue == (py[0] if py else None), (code, py, issue)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text("0123456789０１２３４５６７８９ABCLXYabclxy -单位",
                                               max_size=20),
                          st.text(ALPHABET, min_size=18, max_size=18)), min_size=50, max_size=50))
def test_sql_normalise_agrees(values: list[str | None]) -> None:
    # codes already in normal form skip the translate: the result is the same either way
    con = duckdb.connect()
    con.register("t", pa.table({"i": list(range(len(values))), "c": pa.array(values, pa.string())}))
    got = [r[0] for r in con.execute(f"SELECT {sql_normalise('c')} FROM t ORDER BY i").fetchall()]
    con.close()
    assert got == [None if v is None else normalise(v) for v in values]


def test_sql_twin_null() -> None:
    con = duckdb.connect()
    assert con.execute(f"SELECT {sql_issue('CAST(NULL AS VARCHAR)')}").fetchone() == (None,)


def test_sql_twin_transpiles_to_spark() -> None:
    (spark,) = sqlglot.transpile(f"SELECT {sql_issue('c')}", read="duckdb", write="spark",
                                 unsupported_level=sqlglot.ErrorLevel.RAISE)
    assert "REGEXP_FULL_MATCH" not in spark.upper()  # not a Spark function
    assert "RLIKE '^[0-9]{8}[" in spark and "]{10}$'" in spark


def test_doctests() -> None:
    result = doctest.testmod(employer)
    assert result.attempted >= 3 and result.failed == 0
