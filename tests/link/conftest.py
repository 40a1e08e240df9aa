"""Generated provinces with injected ID errors, and registries built from them (fixed seeds)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from unireg.pipeline.workspace import connect

REF = dt.date(2017, 12, 31)


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of each Parquet file in ``folder`` by name: equal dicts, byte-identical exports."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.parquet"))}


def query(ws: Path, sql: str, params: list | None = None) -> list[tuple]:  # type: ignore[type-arg]
    """Rows of ``sql`` run read-only on the registry of workspace ``ws``."""

    con = connect(ws / "registry.duckdb")
    try:
        return [tuple(r) for r in con.execute(sql, params or []).fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="session")
def heavy_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6,000 persons with the heavy error profile (IDs missing, mistyped, someone else's)."""
    from unireg.generate import generate

    out = tmp_path_factory.mktemp("link-heavy") / "delivery"
    generate(out, persons=6000, seed=41, reference_date=REF, errors="heavy")
    return out


@pytest.fixture(scope="session")
def heavy_build(heavy_province: Path, tmp_path_factory: pytest.TempPathFactory, settings):  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    ws = tmp_path_factory.mktemp("ws-link-heavy")
    return ws, build(heavy_province, ws, settings)


@pytest.fixture()
def registry(heavy_build):  # type: ignore[no-untyped-def]
    """A read-only connection to the heavy province's registry."""

    ws, _ = heavy_build
    con = connect(ws / "registry.duckdb")
    yield con
    con.close()
