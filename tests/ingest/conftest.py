"""Fixtures for the ingest tests: a fresh DuckDB file and an empty delivery folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(str(tmp_path / "t.duckdb"))
    yield c
    c.close()


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    d = tmp_path / "delivery"
    d.mkdir()
    return d
