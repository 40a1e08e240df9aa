"""The Spark engine behind the narrow Engine interface: tables, errors, transfers, types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from unireg.engine.base import Engine, Step
from unireg.errors import EngineError

pytestmark = pytest.mark.spark


def test_register_fetch_and_exists(spark_engine: Engine) -> None:
    spark_engine.register_arrow("t_people", pa.table({"name": ["张三", None], "n": [1, 2]}))
    assert spark_engine.table_exists("t_people")
    assert not spark_engine.table_exists("t_nobody")
    got = spark_engine.fetch_arrow("SELECT name, n FROM t_people ORDER BY n")
    assert got.to_pylist() == [{"name": "张三", "n": 1}, {"name": None, "n": 2}]
    assert spark_engine.scalar("SELECT count(*) FROM t_people") == 2


def test_run_materialises_a_step(spark_engine: Engine) -> None:
    spark_engine.register_arrow("t_in", pa.table({"x": ["a", "b", "b"]}))
    spark_engine.run(Step("test.distinct", "SELECT DISTINCT x FROM t_in", "t_out"))
    assert spark_engine.table_exists("t_out")
    assert sorted(spark_engine.fetch_arrow("SELECT x FROM t_out").column("x").to_pylist()) == \
        ["a", "b"]
    assert "test.distinct" in spark_engine.timings
    # running it again replaces the table (its old files are gone)
    spark_engine.run(Step("test.distinct", "SELECT x FROM t_in WHERE x = 'a'", "t_out"))
    assert spark_engine.scalar("SELECT count(*) FROM t_out") == 1


def test_failing_step_names_itself_and_its_sql(spark_engine: Engine) -> None:
    with pytest.raises(EngineError) as info:
        spark_engine.run(Step("test.broken", "SELECT nope FROM t_in", "t_broken"))
    assert info.value.step == "test.broken"
    assert "nope" in info.value.sql


def test_untranslatable_step_names_itself(spark_engine: Engine) -> None:
    with pytest.raises(EngineError) as info:
        spark_engine.run(Step("test.regex", "SELECT regexp_matches(x, '\\bx') AS m FROM t_in",
                              "t_regex"))
    assert info.value.step == "test.regex"
    assert "word boundary" in str(info.value)


def test_bad_table_name_is_refused(spark_engine: Engine) -> None:
    with pytest.raises(EngineError):
        spark_engine.register_arrow("t; DROP", pa.table({"x": [1]}))


def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE src (k VARCHAR, n BIGINT, d DATE, tags VARCHAR[], f DOUBLE)")
    con.execute("INSERT INTO src VALUES ('a', 1, DATE '2017-12-31', ['x', 'y'], 0.5), "
                "('b', NULL, NULL, [], NULL), ('a', 3, DATE '1900-01-01', NULL, 1e300)")
    con.execute("CREATE TABLE extra (k VARCHAR)")
    con.execute("INSERT INTO extra VALUES ('b')")
    return con


TYPED = {
    "typed_rows": "SELECT k, ROW_NUMBER() OVER (PARTITION BY k ORDER BY n) AS rn, year(d) AS y, "
                  "1.0 AS one, f, tags, d, CAST(n AS VARCHAR) AS t FROM src",
    "typed_groups": "SELECT k, list_sort(list_distinct(list(n))) AS ns, "
                    "count(*) FILTER (WHERE n > 1) AS big, bool_or(n > 1) AS any_big "
                    "FROM src GROUP BY k",
}


@pytest.mark.parametrize("name", TYPED)
def test_import_run_export_keeps_duckdb_types(spark_engine: Engine, name: str) -> None:
    """Spark makes ROW_NUMBER and year() INT where DuckDB makes BIGINT (and so on): the
    export casts every column back to the type the DuckDB engine would have produced."""
    store = _store()
    spark_engine.import_tables(store, ["src"])  # type: ignore[attr-defined]
    spark_engine.run(Step(f"test.{name}", TYPED[name], name))
    spark_engine.export_tables(store, [name])  # type: ignore[attr-defined]
    reference = _store()
    reference.execute(f"CREATE TABLE {name} AS {TYPED[name]}")
    assert store.execute(f"DESCRIBE {name}").fetchall() == \
        reference.execute(f"DESCRIBE {name}").fetchall()
    rows = f"SELECT * FROM {name} ORDER BY ALL"
    assert store.execute(rows).fetchall() == reference.execute(rows).fetchall()


def test_empty_result_exports_with_its_schema(spark_engine: Engine) -> None:
    store = _store()
    spark_engine.import_tables(store, ["src"])  # type: ignore[attr-defined]
    spark_engine.run(Step("test.empty", "SELECT k, n, d, tags FROM src WHERE false", "nothing"))
    spark_engine.export_tables(store, ["nothing"])  # type: ignore[attr-defined]
    assert store.execute("SELECT count(*) FROM nothing").fetchone() == (0,)
    assert [(c, t) for c, t, *_ in store.execute("DESCRIBE nothing").fetchall()] == \
        [("k", "VARCHAR"), ("n", "BIGINT"), ("d", "DATE"), ("tags", "VARCHAR[]")]


def test_a_table_a_step_needs_is_imported_on_first_use(spark_engine: Engine) -> None:
    store = _store()
    spark_engine.import_tables(store, ["src"])  # type: ignore[attr-defined]
    spark_engine.run(Step("test.join", "SELECT s.k FROM src s JOIN extra e ON e.k = s.k",
                          "joined"))
    assert spark_engine.fetch_arrow("SELECT k FROM joined").column("k").to_pylist() == ["b"]


def test_export_of_an_unknown_table_fails(spark_engine: Engine) -> None:
    with pytest.raises(EngineError, match="no such table"):
        spark_engine.export_tables(duckdb.connect(), ["never_made"])  # type: ignore[attr-defined]


def test_a_second_engine_reuses_the_session_and_leaves_it_running(
        spark_engine: Engine, tmp_path: Path) -> None:
    from unireg.engine.spark_engine import SparkEngine

    other = SparkEngine(work_dir=tmp_path / "w")
    assert other.spark is spark_engine.spark  # type: ignore[attr-defined]
    other.register_arrow("t_other", pa.table({"d": [dt.date(2017, 12, 31)]}))
    other.close()
    assert not spark_engine.table_exists("t_other")      # its views are gone …
    assert spark_engine.scalar("SELECT 1") == 1          # … the session is not
    assert not (tmp_path / "w" / "tables").exists()


def test_open_engine_by_name(tmp_path: Path) -> None:
    from unireg.engine import open_engine

    engine = open_engine("spark", work_dir=tmp_path / "w")
    try:
        assert engine.name == "spark"
    finally:
        engine.close()
