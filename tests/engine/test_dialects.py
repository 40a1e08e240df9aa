"""The DuckDB → Spark translation as text (no Spark needed).

What the translated SQL *does* on Spark is tested in ``test_spark_constructs.py``;
here: the rewrites are applied where they should be and nowhere else, and
constructs without an exact translation are refused, loudly.
"""

from __future__ import annotations

import re

import pytest

from unireg.engine.dialects import (
    DUCKDB_LOWER,
    DUCKDB_UPPER,
    SPARK_GAPS,
    SPARK_REWRITES,
    TranslationError,
    glob_regex,
    java_regex,
    java_replacement,
    spark_session_functions,
    transpile,
)


def spark(sql: str) -> str:
    return transpile(sql, "spark", pretty=False)


def test_duckdb_is_identity() -> None:
    sql = "SELECT regexp_full_match(x, 'a') FROM t"
    assert transpile(sql, "duckdb") is sql


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(TranslationError, match="postgres"):
        transpile("SELECT 1", "postgres")


@pytest.mark.parametrize(("re2", "java"), [
    ("^[0-9]{15}$", r"(?d)^[0-9]{15}\z"),
    ("a$|b$", r"(?d)a\z|b\z"),
    (r"\$[0-9]", r"(?d)\$[0-9]"),             # an escaped $ stays a literal
    ("[$]", "(?d)[$]"),                       # so does $ in a class
    ("(?m)^a$", "(?d)(?m)^a$"),               # multi-line: $ is end of line in both
    ("[[:digit:]]", r"(?d)[\p{Digit}]"),
    ("[^[:space:]]", r"(?d)[^\p{Space}]"),
    ("[]a]", r"(?d)[\]a]"),                   # a leading ] is literal in RE2
    ("[a[]", r"(?d)[a\[]"),                   # [ in a class is literal in RE2, nesting in Java
    ("[a&&b]", r"(?d)[a\&\&b]"),              # && is intersection in Java only
    ("(?P<y>[0-9]{4})", "(?d)(?<y>[0-9]{4})"),
])
def test_java_regex(re2: str, java: str) -> None:
    assert java_regex(re2) == java


@pytest.mark.parametrize("pattern", [r"\bword\b", r"a\B", r"\C", "(?U)a+", r"a\Z", "[[:nope:]]"])
def test_regex_without_exact_translation_is_refused(pattern: str) -> None:
    with pytest.raises(TranslationError):
        java_regex(pattern)


@pytest.mark.parametrize(("re2", "shift", "java"), [
    (r"\1-\2", 0, "$1-$2"),
    (r"\1-\2", 1, "$2-$3"),
    (r"\0", 1, "$0"),
    ("$5", 0, r"\$5"),
    ("a\\\\b", 0, "a\\\\b"),
])
def test_java_replacement(re2: str, shift: int, java: str) -> None:
    assert java_replacement(re2, shift) == java


def test_regexp_full_match_becomes_anchored_rlike() -> None:
    assert spark("SELECT regexp_full_match(x, 'a|b') FROM t") == \
        r"SELECT x RLIKE '(?d)^(?:a|b)\\z' FROM t"


def test_glob_becomes_anchored_rlike() -> None:
    assert spark("SELECT x GLOB '[0-9][0-9]-x' FROM t") == \
        r"SELECT x RLIKE '(?d)^(?:[0-9][0-9]\\-x)\\z' FROM t"


@pytest.mark.parametrize("pattern", ["a*", "a?", "[!0-9]", "[^0-9]", "[0-9", "a]", "张",
                                     "[a.]", "a\\*", "[]"])
def test_glob_beyond_literals_and_plain_classes_is_refused(pattern: str) -> None:
    with pytest.raises(TranslationError):
        glob_regex(pattern)
    with pytest.raises(TranslationError):
        spark(f"SELECT x GLOB '{pattern}' FROM t")


def test_date_shapes_glob_as_the_regexps_did() -> None:
    import duckdb

    from unireg.engine.sql import ym_ok, ymd_ok

    words = ["2017-01-05", "2017-1-05", "2017-01-5", "20170105", " 2017-01-05", "2017-01-05 ",
             "2017-01-05\n", "２０１７-01-05", "2017-01-0x", "2017/01/05", "2017-13-01",
             "2017-02-29", "2016-02-29", "1799-12-31", "1800-01-01", "2017-01", "2017-1",
             "2017-00", "2017-12", "2017-12-", "", "-2017-01-05", "2017-01-05-01", None]
    con = duckdb.connect()
    con.execute("CREATE TABLE w AS SELECT unnest(?::VARCHAR[]) AS s", [words])
    old_ymd = ("(regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND s >= '1800' "
               "AND TRY_CAST(s AS DATE) IS NOT NULL)")
    old_ym = ("(regexp_full_match(s, '[0-9]{4}-[0-9]{2}') AND "
              "TRY_CAST(substr(s, 6, 2) AS INTEGER) BETWEEN 1 AND 12)")
    rows = con.execute(f"SELECT s, {ymd_ok('s')}, {old_ymd}, {ym_ok('s')}, {old_ym} FROM w"
                       ).fetchall()
    assert [r[1] for r in rows] == [r[2] for r in rows]
    assert [r[3] for r in rows] == [r[4] for r in rows]
    assert sum(bool(r[1]) for r in rows) == 3 and sum(bool(r[3]) for r in rows) == 2


def test_regexp_replace_first_match_unless_g() -> None:
    first = spark(r"SELECT regexp_replace(x, '(a)', '<\1>') FROM t")
    assert first == r"SELECT REGEXP_REPLACE(x, '(?d)\\A((?s:.*?))(?:(a))', '$1<$2>') FROM t"
    every = spark(r"SELECT regexp_replace(x, '(a)', '<\1>', 'g') FROM t")
    assert every == (r"SELECT REGEXP_REPLACE(x, '(?d)(?![\\uDC00-\\uDFFF])(?:(a))"
                     r"(?<!(?<!\\A)\\G)', '<$1>') FROM t")


def test_regexp_case_insensitive_option() -> None:
    assert spark("SELECT regexp_matches(x, 'a', 'i') FROM t") == \
        "SELECT x RLIKE '(?iu)(?d)a' FROM t"


@pytest.mark.parametrize("sql", [
    "SELECT regexp_matches(x, p) FROM t",              # pattern not a literal
    "SELECT regexp_matches(x, 'a', 'm') FROM t",       # option without translation
    "SELECT regexp_replace(x, 'a', r, 'g') FROM t",    # replacement not a literal
])
def test_untranslatable_regexp_calls_are_refused(sql: str) -> None:
    with pytest.raises(TranslationError):
        spark(sql)


def test_text_to_integer_rounds_like_duckdb() -> None:
    """Decimal text in ASCII digits goes through DECIMAL(38, 0): HALF_UP, like DuckDB."""
    assert spark("SELECT TRY_CAST(substr(x, 1, 2) AS INTEGER) FROM t") == (  # 2 characters
        "SELECT CASE WHEN SUBSTRING(x, 1, 2) RLIKE "
        r"'^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z' "
        "THEN TRY_CAST(TRY_CAST(SUBSTRING(x, 1, 2) AS DECIMAL(38, 0)) AS INT) END FROM t")


def test_one_character_to_integer_is_a_digit_test() -> None:
    assert spark("SELECT TRY_CAST(substr(x, 17, 1) AS INTEGER) FROM t") == (
        "SELECT CASE WHEN SUBSTRING(x, 17, 1) BETWEEN '0' AND '9' "
        "THEN CAST(ASCII(SUBSTRING(x, 17, 1)) - 48 AS INT) END FROM t")


def test_column_to_integer_dispatches_on_its_type() -> None:
    out = spark("SELECT TRY_CAST(x AS BIGINT) FROM t")
    assert "TYPEOF(x) IN ('double', 'float')" in out
    assert "BROUND(TRY_CAST(x AS DOUBLE), 0)" in out
    assert "TRY_CAST(TRY_CAST(x AS DECIMAL(38, 0)) AS BIGINT)" in out
    assert "NOT TYPEOF(x) LIKE 'string%' OR CAST(x AS STRING) RLIKE" in out


def test_integer_to_integer_is_left_alone() -> None:
    assert spark("SELECT CAST(length(x) AS INTEGER) FROM t") == \
        "SELECT CAST(LENGTH(x) AS INT) FROM t"


def test_text_to_date_is_guarded() -> None:
    out = spark("SELECT TRY_CAST(x AS DATE) FROM t")
    assert out.startswith("SELECT CASE WHEN NOT TYPEOF(x) LIKE 'string%' OR CAST(x AS STRING) "
                          "RLIKE '^\\\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\\\s*\\\\z' "
                          "THEN TRY_CAST(x AS DATE) END")


def test_literal_casts_are_decided_at_translation() -> None:
    assert spark("SELECT DATE '2017-12-31', TRY_CAST('2017' AS DATE), TRY_CAST('١٢' AS INT)") \
        == "SELECT CAST('2017-12-31' AS DATE), NULL, NULL"
    # DuckDB would read it (or fail) only when the query runs: Spark fails then too
    assert "RAISE_ERROR(" in spark("SELECT CAST('2017/12/31' AS DATE)")


def test_plain_cast_of_unreadable_text_raises_on_spark_too() -> None:
    assert "RAISE_ERROR(" in spark("SELECT CAST(x AS DATE) FROM t")


@pytest.mark.parametrize(("duck", "out"), [
    ("substr(x, 1, 2)", "SUBSTRING(x, 1, 2)"),
    ("substr(x, -2, 1)", "SUBSTRING(x, -2, 1)"),
    ("substr(x, 2)", "SUBSTRING(x, 2)"),
    ("substr(x, 0, 2)", "SUBSTRING(x, 1, 1)"),           # start 0: one character fewer
    ("substr(x, 3, -1)", "SUBSTRING(x, 2, 1)"),          # negative length counts back
    ("substr(x, s, 2)", "SUBSTRING(x, s, 2 - CASE WHEN s = 0 THEN 1 ELSE 0 END)"),
])
def test_substring(duck: str, out: str) -> None:
    assert spark(f"SELECT {duck} FROM t") == f"SELECT {out} FROM t"


def test_sorted_set_keeps_duckdb_semantics() -> None:
    grouped = spark("SELECT list_sort(list_distinct(list(x))) FROM t GROUP BY k")
    assert grouped == "SELECT ARRAY_SORT(ARRAY_DISTINCT(COLLECT_LIST(x))) FROM t GROUP BY k"
    # a global aggregate over no rows is NULL in DuckDB, [] from collect_list
    overall = spark("SELECT list_sort(list_distinct(list(x))) FROM t")
    assert "CASE WHEN COUNT(*) = 0 THEN NULL ELSE COLLECT_LIST(x) END" in overall


def test_bare_list_keeps_nulls() -> None:
    out = spark("SELECT list(x) FROM t GROUP BY k")
    assert out == ("SELECT TRANSFORM(COLLECT_LIST(NAMED_STRUCT('v', x)), s -> s.v) "
                   "FROM t GROUP BY k")


def test_list_distinct_drops_nulls() -> None:
    assert spark("SELECT list_distinct(l) FROM t") == \
        "SELECT ARRAY_COMPACT(ARRAY_DISTINCT(l)) FROM t"


def test_null_ordering_is_explicit() -> None:
    """DuckDB sorts NULLs last in both directions; Spark first when ascending."""
    out = spark("SELECT ROW_NUMBER() OVER (ORDER BY a, b DESC, c ASC NULLS FIRST) FROM t")
    assert out == "SELECT ROW_NUMBER() OVER (ORDER BY a NULLS LAST, b DESC, c ASC) FROM t"


def test_case_mapping_uses_session_functions() -> None:
    assert spark("SELECT upper(x), lower(x) FROM t") == \
        "SELECT UNIREG_UPPER(x), UNIREG_LOWER(x) FROM t"
    functions = spark_session_functions()
    assert set(functions) == {"unireg_upper", "unireg_lower"}
    assert all(len(v) == 1 for v in {**DUCKDB_UPPER, **DUCKDB_LOWER}.values())
    assert DUCKDB_UPPER["ß"] == "ẞ" and DUCKDB_LOWER["Σ"] == "σ"


def test_hash_is_64_bit_and_sees_null_positions() -> None:
    assert spark("SELECT hash(a, b) FROM t") == \
        "SELECT XXHASH64(a, a IS NULL, b, b IS NULL) FROM t"


def test_rewrites_nest() -> None:
    """A rewritten node's arguments are rewritten too (bottom-up)."""
    out = spark("SELECT regexp_matches(upper(substr(x, 0, 3)), '^A$') FROM t")
    assert out == r"SELECT UNIREG_UPPER(SUBSTRING(x, 1, 2)) RLIKE '(?d)^A\\z' FROM t"


def test_every_rewrite_and_gap_is_documented() -> None:
    doc = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "engines.md")
    text = doc.read_text(encoding="utf-8")
    for cls in SPARK_REWRITES:
        assert re.search(rf"\b{cls.__name__}\b", text), f"docs/engines.md: {cls.__name__}"
    for construct in SPARK_GAPS:
        assert construct in text, f"docs/engines.md does not declare the gap {construct!r}"
