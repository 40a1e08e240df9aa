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
