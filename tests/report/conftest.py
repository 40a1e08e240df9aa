"""Report fixtures: the noisy province built on 2017-12-31 (with a plan for 2018), and the
same deliveries built on 2018-12-31 with that plan beside it (progress)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest


def copy_workspace(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("registry.duckdb", "delivered.duckdb", "build.json"):
        if (src / name).exists():
            shutil.copy2(src / name, dst / name)
    shutil.copytree(src / "exports", dst / "exports")
    return dst


def exports(ws: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with one view per export of ``ws`` (what the report must equal)."""
    con = duckdb.connect()
    for p in sorted((ws / "exports").glob("*.parquet")):
        con.execute(f"CREATE VIEW {p.stem} AS SELECT * FROM read_parquet('{p}')")
    return con


@pytest.fixture(scope="session")
def open_exports():  # type: ignore[no-untyped-def]
    return exports


@pytest.fixture(scope="session")
def ws2017(noisy_build, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from unireg.plan import make_plan

    ws = copy_workspace(noisy_build[0], tmp_path_factory.mktemp("report") / "ws2017")
    make_plan(ws, target=0.95, year=2018)
    return ws


@pytest.fixture(scope="session")
def ws2018(noisy_province: Path, ws2017: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from unireg.config import load_settings
    from unireg.pipeline.build import build

    ws = tmp_path_factory.mktemp("report") / "ws2018"
    build(noisy_province, ws,
          load_settings(env={}, file=None, reference_date=dt.date(2018, 12, 31)))
    shutil.copytree(ws2017 / "plans" / "2018", ws / "plans" / "2018")
    return ws
