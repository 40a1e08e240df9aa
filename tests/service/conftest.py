"""Fixtures for the service tests: a state store on every backend, the fixture registry.

The PostgreSQL store runs against a throwaway database created for this test
session on 127.0.0.1:5432 (one schema per test). If the server cannot be
reached the postgres tests FAIL: a declared backend is never skipped silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from unireg.service.settings import ServiceSettings
from unireg.service.store.base import StateStore

from .fixture_registry import build_fixture

PG_ADMIN_DSN = os.environ.get("UNIREGTEST_PG", "host=127.0.0.1 port=5432 user=postgres "
                              "dbname=postgres connect_timeout=5")
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A database for this session; dropped at the end. Fails if PostgreSQL is unreachable."""
    import psycopg

    name = f"unireg_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable ({PG_ADMIN_DSN}): {exc}. Start it "
                    "(scripts/test does) or run without -m postgres.")
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.replace("dbname=postgres", f"dbname={name}")
    try:
        yield base
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_dsn(pg_database: str) -> str:
    """A fresh schema in the session database, as a DSN whose search_path points at it."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_database, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    return f"{pg_database} options='-c search_path={schema}'"


BACKENDS = [pytest.param("duckdb", id="duckdb"),
            pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    """A fresh, empty state store on each backend."""
    if request.param == "postgres":
        from unireg.service.store.postgres_store import PostgresStateStore

        s: StateStore = PostgresStateStore(request.getfixturevalue("pg_dsn"))
    else:
        from unireg.service.store.duckdb_store import DuckDBStateStore

        s = DuckDBStateStore(tmp_path / "service.duckdb")
    yield s
    s.close()


@pytest.fixture
def settings() -> ServiceSettings:
    return ServiceSettings()


@pytest.fixture(scope="session")
def fixture_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture registry, built once per worker (read-only: tests copy what they change)."""
    return build_fixture(tmp_path_factory.mktemp("svc") / "ws")
