"""The embedded engine's own behaviour (the SQL itself is covered by every build test)."""

from __future__ import annotations

from pathlib import Path

from unireg.engine import Step
from unireg.engine.duckdb_engine import DuckDBEngine


def _kind(engine: DuckDBEngine, name: str) -> str:
    return str(engine.con.execute("SELECT table_type FROM information_schema.tables "
                                  "WHERE table_name = ?", [name]).fetchall()[0][0])


def test_a_step_output_can_change_between_table_and_view(tmp_path: Path) -> None:
    """valid_enrolments was a table in registries built before it became a view: an update
    or rebuild over such a registry replaces one kind of object by the other."""
    engine = DuckDBEngine(tmp_path / "r.duckdb")
    try:
        engine.run(Step("t.base", "SELECT range AS k FROM range(10)", "base", "t"))
        engine.run(Step("t.valid", "SELECT k FROM base WHERE k < 5", "valid", "t"))
        assert _kind(engine, "valid") == "BASE TABLE"
        engine.run(Step("t.valid", "SELECT k FROM base WHERE k < 3", "valid", "t", view=True))
        assert _kind(engine, "valid") == "VIEW"
        assert engine.con.execute("SELECT count(*) FROM valid").fetchall() == [(3,)]
        engine.run(Step("t.valid", "SELECT k FROM base WHERE k < 7", "valid", "t"))
        assert _kind(engine, "valid") == "BASE TABLE"
        assert engine.con.execute("SELECT count(*) FROM valid").fetchall() == [(7,)]
    finally:
        engine.close()


def test_a_step_with_an_in_place_update_changes_the_same_rows(tmp_path: Path) -> None:
    """DuckDB runs a step's ``in_place`` UPDATE instead of rewriting the table; an engine that
    cannot update in place runs its ``sql``. Both leave the same rows."""
    rewrite = ("SELECT b.k, coalesce(f.v, b.v) AS v FROM base b "
               "LEFT JOIN fixes f ON f.k = b.k")
    update = "UPDATE base SET v = f.v FROM fixes f WHERE base.k = f.k"
    rows = []
    for in_place in (True, False):
        engine = DuckDBEngine(tmp_path / f"r{in_place}.duckdb")
        engine.updates_in_place = in_place
        try:
            engine.run(Step("t.base", "SELECT range AS k, 'old' AS v FROM range(10)", "base", "t"))
            engine.run(Step("t.fixes", "SELECT range * 3 AS k, 'new' AS v FROM range(2)",
                            "fixes", "t"))
            engine.run(Step("t.fix", rewrite, "base", "t", in_place=update))
            rows.append(engine.con.execute("SELECT k, v FROM base ORDER BY k").fetchall())
        finally:
            engine.close()
    assert rows[0] == rows[1]
    assert [r for r in rows[0] if r[1] == "new"] == [(0, "new"), (3, "new")]


def test_a_temporary_output_stays_out_of_the_file_and_can_be_freed(tmp_path: Path) -> None:
    """A ``temp`` step's table is the run's only (not in the registry file); ``drop_temp``
    frees it, and never touches a registry table of the same name."""
    engine = DuckDBEngine(tmp_path / "r.duckdb")
    try:
        engine.run(Step("t.kept", "SELECT range AS k FROM range(4)", "scratch", "t"))
        engine.run(Step("t.tmp", "SELECT range AS k FROM range(10)", "scratch", "t", temp=True))
        # the temporary table is found first
        assert engine.con.execute("SELECT count(*) FROM scratch").fetchall() == [(10,)]
        catalogs = engine.con.execute("SELECT database_name FROM duckdb_tables() "
                                      "WHERE table_name = 'scratch' ORDER BY 1").fetchall()
        assert catalogs == [("r",), ("temp",)]
        engine.drop_temp("scratch")
        engine.drop_temp("scratch")  # gone already: nothing to do
        assert engine.con.execute("SELECT count(*) FROM scratch").fetchall() == [(4,)]
    finally:
        engine.close()
