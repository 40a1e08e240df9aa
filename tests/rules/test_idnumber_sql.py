"""The SQL twin of the ID rules (``idnumber.sql_*``) agrees with the Python rules.

Each Hypothesis example is a batch of 200 inputs (valid numbers, 15-digit numbers,
disguised and mutated numbers, wrong dates, junk, NULL) evaluated in one DuckDB
query, so that many examples stay fast. The region rule is a join, as in the
pipeline (``validate/steps.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from unireg.rules import idnumber as idn
from unireg.rules.regions import region_table

from .strategies import REGIONS, TODAY, any_input

SQL_TODAY = f"'{TODAY:%Y%m%d}'"


def _query() -> str:
    n, n18 = "n", "n18"
    return f"""
WITH a AS (SELECT i, raw, {idn.sql_normalise('raw')} AS n FROM inputs),
b AS (SELECT a.*, {idn.sql_upgrade(n)} AS n18 FROM a),
c AS (SELECT b.*, {idn.sql_body_number(n18)} AS body FROM b)
SELECT i, n, n18,
       {idn.sql_shape_ok(n18)} AS shape_ok,
       {idn.sql_birth_ok(n18, SQL_TODAY)} AS birth_ok,
       {idn.sql_checksum_ok(n18)} AS checksum_ok,
       {idn.sql_birth_ok(n18, SQL_TODAY, 'body')} AS birth_ok_by_number,
       {idn.sql_checksum_ok(n18, 'body')} AS checksum_ok_by_number,
       {idn.sql_sex(n18)} AS sex,
       CAST({idn.sql_birth_date(n18)} AS VARCHAR) AS birth_date,
       {idn.sql_mask(n)} AS masked,
       r.code IS NOT NULL AS region_known
FROM c LEFT JOIN regions r ON r.code = substr(c.n18, 1, 6)
ORDER BY i"""


QUERY = _query()


def evaluate(values: list[str | None]) -> list[dict[str, Any]]:
    con = duckdb.connect()
    try:
        con.register("inputs", pa.table({"i": list(range(len(values))),
                                          "raw": pa.array(values, pa.string())}))
        con.register("regions", pa.table({"code": REGIONS}))
        cur = con.execute(QUERY)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def sql_errors(row: dict[str, Any]) -> tuple[str, ...]:
    """The failure codes the SQL columns imply, in the Python order."""
    n = row["n"]
    if n is None or n == "":
        return ("id.missing",)
    if len(n) not in (15, 18):
        return ("id.length",)
    if not row["shape_ok"]:
        return ("id.chars",)
    out = []
    if not row["birth_ok"]:
        out.append("id.birth_date")
    if not row["region_known"]:
        out.append("id.region")
    if not row["checksum_ok"]:
        out.append("id.checksum")
    return tuple(out)


def assert_agree(raw: str | None, row: dict[str, Any]) -> None:
    r = idn.check(raw, TODAY)
    where = f"input {raw!r}: python {r}, sql {row}"
    # normalise: NULL stays NULL in SQL, Python gives ""
    assert (row["n"] is None) == (raw is None), where
    assert (row["n"] or "") == idn.normalise(raw), where
    # upgrade: the number Python reports is the SQL n18 (upgraded only when a good 15)
    assert (row["n18"] or "") == r.number, where
    assert r.upgraded == (len(row["n"] or "") == 15 and row["n18"] != row["n"]), where
    assert sql_errors(row) == r.errors, where
    if row["shape_ok"]:
        assert row["sex"] == r.sex, where
        assert row["n18"][:6] == r.region, where
        if row["birth_ok"]:
            assert row["birth_date"] == r.birth_date.isoformat(), where  # type: ignore[union-attr]
        # sql_birth_date is NULL exactly when the date digits are no calendar date
        ymd = row["n18"][6:14]
        try:
            real: dt.date | None = dt.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
        except ValueError:
            real = None
        if ymd[:4] != "0000":  # year 0: DuckDB has 1 BC, Python has no such date
            assert row["birth_date"] == (real.isoformat() if real else None), where
    assert row["masked"] == idn.mask(raw), where
    # the digits read from the number's first 17 as one BIGINT (validate.id_checks) say
    # what the digits read one by one say: everywhere for the checksum (NULL unless 17
    # digits), where the shape is right for the birth date (the only place it is asked)
    assert row["checksum_ok_by_number"] == row["checksum_ok"], where
    if row["shape_ok"]:
        assert row["birth_ok_by_number"] == row["birth_ok"], where


@settings(max_examples=25, deadline=None)
@given(st.lists(any_input, min_size=200, max_size=200))
def test_sql_twin_agrees_with_python(values: list[str | None]) -> None:
    rows = evaluate(values)
    assert len(rows) == len(values)
    for raw, row in zip(values, rows, strict=True):
        assert_agree(raw, row)


# Cases found while writing the twin, kept as plain examples.
REGRESSIONS = [
    None, "", " \u3000\t", "11010519491231002x", "１１０１０５４９１２３１００２",
    "11010519491231002\u0663",   # a non-ASCII digit as check character: id.chars in both
    "abcdefghijklmnopqr",        # SQL upper() once made this 'ABC...' (Python keeps it)
    "ß" * 18,                    # Spark's upper() would even make it 36 characters long
    "110105490230002",           # 15 digits, 30 February: upgraded, then id.birth_date
    "11010519490230002" + idn.check_char("11010519490230002"),  # same, as 18 digits
    "11010519491231002X\n",
    "1101051949123100\n2",
]


def test_sql_twin_regressions() -> None:
    rows = evaluate(REGRESSIONS)
    for raw, row in zip(REGRESSIONS, rows, strict=True):
        assert_agree(raw, row)
    assert [r["birth_ok"] for r in rows[8:10]] == [False, False]


def test_sql_never_fails_on_junk() -> None:
    # CAST('a' AS INTEGER) and make_date(2023, 2, 29) raise in DuckDB; the twin must not.
    rows = evaluate(["11010519491231002Y", "1101051949123A002X", "2023022911111111111",
                     "110105202302290021", "ａｂｃ", "1" * 15 + "\u0663"])
    assert all(r["n18"] is not None for r in rows)


# --- Spark ------------------------------------------------------------------------------

SQL_FUNCTIONS = {
    "normalise": idn.sql_normalise("raw"),
    "upgrade": idn.sql_upgrade("n"),
    "shape_ok": idn.sql_shape_ok("n18"),
    "birth_ok": idn.sql_birth_ok("n18", SQL_TODAY),
    "birth_date": idn.sql_birth_date("n18"),
    "sex": idn.sql_sex("n18"),
    "checksum_ok": idn.sql_checksum_ok("n18"),
    "body_number": idn.sql_body_number("n18"),
    "checksum_ok_by_number": idn.sql_checksum_ok("n18", "body"),
    "birth_ok_by_number": idn.sql_birth_ok("n18", SQL_TODAY, "body"),
    "mask": idn.sql_mask("n"),
}


@pytest.mark.parametrize("name", sorted(SQL_FUNCTIONS))
def test_transpiles_to_spark(name: str) -> None:
    (spark,) = sqlglot.transpile(f"SELECT {SQL_FUNCTIONS[name]}", read="duckdb", write="spark",
                                 unsupported_level=sqlglot.ErrorLevel.RAISE)
    upper = spark.upper()
    # DuckDB-only spellings that Spark does not know (or reads differently):
    assert "REGEXP_FULL_MATCH" not in upper  # no such Spark function
    assert "MAKE_DATE" not in upper          # raises on 2023-02-29 in DuckDB and ANSI Spark
    assert "UPPER(" not in upper             # Spark's upper('ß') = 'SS'
    assert "'G')" not in upper               # DuckDB's regexp flag is Spark's position argument
    assert " CAST(" not in f" {upper}".replace("TRY_CAST(", "")  # ANSI Spark raises on bad digits


def test_spark_regexes_are_anchored() -> None:
    for name in ("upgrade", "shape_ok"):
        (spark,) = sqlglot.transpile(f"SELECT {SQL_FUNCTIONS[name]}", read="duckdb",
                                     write="spark")
        assert " RLIKE '^[0-9]{" in spark, spark
        assert "]$'" in spark or "}$'" in spark, spark
        assert "LENGTH(" in spark  # Java's $ also matches before a final line break


def test_spark_sql_means_the_same_when_read_back() -> None:
    # sqlglot's reading of its Spark output, run on DuckDB, gives the same answers:
    # a check that escapes (tab, CR, LF in the translate list) and anchors survive.
    values = [*REGRESSIONS, "\t11010519491231002X\r\n", "1101054912310021", "990000491231002"]
    spark = sqlglot.transpile(QUERY, read="duckdb", write="spark")[0]
    back = sqlglot.transpile(spark, read="spark", write="duckdb")[0]
    con = duckdb.connect()
    try:
        con.register("inputs", pa.table({"i": list(range(len(values))),
                                          "raw": pa.array(values, pa.string())}))
        con.register("regions", pa.table({"code": sorted(r.code for r in region_table())}))
        assert con.execute(back).fetchall() == con.execute(QUERY).fetchall()
    finally:
        con.close()
