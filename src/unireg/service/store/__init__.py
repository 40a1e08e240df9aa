"""Where service state lives: :func:`open_store` picks the implementation from the settings."""

from __future__ import annotations

from pathlib import Path

from unireg.service.settings import ServiceSettings
from unireg.service.store.base import AuditFilter, StateStore

__all__ = ["AuditFilter", "StateStore", "open_store"]


def open_store(settings: ServiceSettings, workspace: Path) -> StateStore:
    """``W/service.duckdb`` by default; PostgreSQL when ``settings.store == "postgres"``."""
    if settings.store == "postgres":
        from unireg.service.store.postgres_store import PostgresStateStore

        return PostgresStateStore(settings.dsn)
    from unireg.service.store.duckdb_store import DuckDBStateStore

    workspace.mkdir(parents=True, exist_ok=True)
    return DuckDBStateStore(workspace / "service.duckdb")
