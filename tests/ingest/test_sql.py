"""The staging SQL, as text: pure functions, checked without a database where possible."""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from unireg.ingest.columns import plan_columns
from unireg.ingest.kinds import KINDS
from unireg.ingest.profiles import Profile
from unireg.ingest.sql import (
    SAFE_EDGES,
    WHITESPACE,
    create_steps,
    quote_ident,
    stage_insert,
)


def test_quote_ident() -> None:
    assert quote_ident("stage_x") == '"stage_x"'
    assert quote_ident('a"; DROP TABLE t; --') == '"a""; DROP TABLE t; --"'


def test_whitespace_is_what_python_strips() -> None:
    assert all(c.isspace() for c in WHITESPACE if c not in "\u200b\ufeff")
    assert set(WHITESPACE) >= {c for c in map(chr, range(0x3001)) if c.isspace()}


def test_no_whitespace_is_a_safe_edge() -> None:
    assert not [c for c in WHITESPACE for lo, hi in SAFE_EDGES if lo <= ord(c) <= hi]


# Whitespace, characters of each side of the safe ranges' bounds, CJK, an accented Latin
# letter, a combining mark, an Arabic "prepend" mark, a character beyond the BMP.
_ALPHABET = [*WHITESPACE, "a", "1", "!", "~", "\x7f", "\x84", "\x86", "é", "\u0301", "\u0600",
             "\u3001", "张", "\ufefe", "\uff10", "\U00020000", ","]


def _staged_names(values: list[str | None]) -> list[str | None]:
    con = duckdb.connect()
    for step in create_steps():
        con.execute(step.sql)
    con.execute("CREATE TABLE rel (_row BIGINT, c0 VARCHAR)")
    con.executemany("INSERT INTO rel VALUES (?, ?)", list(enumerate(values, 1)))
    step = stage_insert("employer", "s", "e.csv", "rel",
                        plan_columns("e.csv", "employer", ["name"], None), None)
    con.execute(step.sql, step.params)
    return [r[0] for r in con.execute("SELECT name FROM stage_employer ORDER BY _row").fetchall()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(_ALPHABET), max_size=5)),
                min_size=1, max_size=20))
def test_values_are_trimmed_of_whitespace_and_empty_is_null(values: list[str | None]) -> None:
    want = [None if v is None else (v.strip(WHITESPACE) or None) for v in values]
    assert _staged_names(values) == want


def test_every_whitespace_character_is_trimmed_at_either_end() -> None:
    values = [v for c in WHITESPACE for v in (f"{c}张伟", f"a{c}", f"{c}é{c}", c * 2, f"x{c}y")]
    want = [v.strip(WHITESPACE) or None for v in values]
    assert _staged_names(values) == want
    assert _staged_names(["x y", "张\u3000伟"]) == ["x y", "张\u3000伟"]  # inside: kept


def test_stage_tables_have_provenance_then_standard_fields() -> None:
    con = duckdb.connect()
    for step in create_steps():
        con.execute(step.sql)
    for kind, fields in KINDS.items():
        cols = [r[0] for r in con.execute(f"DESCRIBE stage_{kind}").fetchall()]
        assert cols == ["_source", "_file", "_row", "_row_ref", *fields]
    cols = [r[0] for r in con.execute("DESCRIBE stage_rejects").fetchall()]
    assert cols == ["_source", "_file", "_row", "_row_ref", "field", "rule", "message"]


def test_values_and_formats_are_parameters_not_sql_text() -> None:
    p = Profile(name="p", values={"sex": {"男'--": "1"}}, dates=("%Y年%m月%d日",),
                constants={"scheme": "OAI'EMP"})
    plan = plan_columns("e.csv", "enrolment", ["sex", "birth_date", "scheme"], p)
    step = stage_insert("enrolment", "src'x", "e.csv", "rel", plan, p)
    assert "男" not in step.sql and "OAI'EMP" not in step.sql and "%Y年" not in step.sql
    assert "src'x" not in step.sql
    assert step.params["map_from_sex"] == ["男'--"] and step.params["const_scheme"] == "OAI'EMP"


def test_value_maps_join_only_when_given() -> None:
    plan = plan_columns("e.csv", "employer", ["employer_id", "size"], None)
    assert "JOIN" not in stage_insert("employer", "s", "e.csv", "rel", plan, None).sql
    p = Profile(name="p", values={"size": {"小型": "small"}})
    assert stage_insert("employer", "s", "e.csv", "rel", plan, p).sql.count("LEFT JOIN") == 1
