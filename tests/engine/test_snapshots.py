"""The SQL each engine runs, per step, kept as snapshot files (style.md #6).

``tests/snapshots/<dialect>/<step>.sql`` holds the SQL of every step of the
``cn`` build for the reference date 2017-12-31: DuckDB's as the steps write it,
Spark's as :mod:`unireg.engine.dialects` translates it. A change to a step or to
the translation shows up as a diff in review. After an intended change::

    UNIREG_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/engine/test_snapshots.py

No database and no Spark are needed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from unireg.engine.dialects import transpile
from unireg.pipeline.steps import build_steps
from unireg.rules.profile import load_profile

SNAPSHOTS = Path(__file__).parent.parent / "snapshots"
DIALECTS = ("duckdb", "spark")
REF = dt.date(2017, 12, 31)
UPDATE = os.environ.get("UNIREG_UPDATE_SNAPSHOTS") == "1"

STEPS = build_steps(load_profile("cn"), REF)


def _read(path: Path) -> str:
    """The file exactly (the SQL holds a carriage return that text mode would turn into \\n)."""
    return path.read_bytes().decode("utf-8")


def _render(sql: str, dialect: str) -> str:
    return transpile(sql, dialect).strip() + "\n"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])
def test_step_sql_matches_snapshot(step, dialect: str) -> None:  # type: ignore[no-untyped-def]
    path = SNAPSHOTS / dialect / f"{step.name}.sql"
    text = _render(step.sql, dialect)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or _read(path) != text:
            path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), (f"{path} is missing: run UNIREG_UPDATE_SNAPSHOTS=1 pytest "
                           f"{Path(__file__).name} and review the new file")
    assert _read(path) == text, (
        f"{step.name} ({dialect}) differs from {path}; if the change is intended, run "
        f"UNIREG_UPDATE_SNAPSHOTS=1 pytest {Path(__file__).name} and review the diff")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_no_stale_snapshots(dialect: str) -> None:
    """Every snapshot file belongs to a step that still exists."""
    names = {s.name for s in STEPS}
    folder = SNAPSHOTS / dialect
    stale = sorted(p.name for p in folder.glob("*.sql") if p.stem not in names)
    if UPDATE:
        for name in stale:
            (folder / name).unlink()
        return
    assert not stale, f"snapshots of steps that no longer exist: {stale}"
