"""Engine fixtures: one Spark session for the whole test run (it takes 10-20 s to start).

Tests that use ``spark_engine`` are marked ``spark`` and run in their own CI step
(``pytest -m spark``). Without PySpark or Java the fixture raises, so those tests
fail instead of being skipped: a missing Spark is a broken CI step, not a pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from unireg.engine.base import Engine


@pytest.fixture(scope="session")
def spark_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from unireg.engine.spark_engine import SparkEngine  # no importorskip: fail, never skip

    engine = SparkEngine(master="local[2]", work_dir=tmp_path_factory.mktemp("spark"),
                         app_name="unireg-tests")
    yield engine
    engine.close()


@pytest.fixture
def duck() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    yield con
    con.close()


@pytest.fixture(scope="session")
def spark_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark-work")
