"""The staging SQL, as text: pure functions, checked without a database where possible."""

from __future__ import annotations

import duckdb

from unireg.ingest.columns import plan_columns
from unireg.ingest.kinds import KINDS
from unireg.ingest.profiles import Profile
from unireg.ingest.sql import WHITESPACE, create_steps, quote_ident, stage_insert


def test_quote_ident() -> None:
    assert quote_ident("stage_x") == '"stage_x"'
    assert quote_ident('a"; DROP TABLE t; --') == '"a""; DROP TABLE t; --"'


def test_whitespace_is_what_python_strips() -> None:
    assert all(c.isspace() for c in WHITESPACE if c not in "\u200b\ufeff")
    assert set(WHITESPACE) >= {c for c in map(chr, range(0x3001)) if c.isspace()}


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
