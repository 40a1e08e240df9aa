"""The web app on the PostgreSQL store: the same pages and API, state in the database."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from unireg.rules.profile import load_profile
from unireg.service.context import Service
from unireg.service.settings import ServiceSettings
from unireg.service.store.postgres_store import PostgresStateStore
from unireg.web.app import create_app

from .fixture_registry import PEOPLE

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.postgres
PW = "a long test passphrase"


def test_console_citizen_and_api_on_postgres(fixture_ws: Path, pg_dsn: str) -> None:
    import psycopg

    svc = Service(fixture_ws, ServiceSettings(store="postgres", dsn=pg_dsn),
                  PostgresStateStore(pg_dsn), load_profile("cn"),
                  PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        svc.accounts.add_user("gd", "provincial_officer", "440000", PW)
        plain, _ = svc.accounts.issue_token("sys.pg", ("coverage:read", "audit:verify"),
                                            "100000", "admin")
        with TestClient(create_app(svc), base_url="https://testserver") as c:
            token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
            r = c.post("/login", data={"csrf": token, "username": "gd", "password": PW})
            assert r.url.path == "/dashboard"
            p = PEOPLE["gd_multi"]
            page = c.get(f"/persons/{svc.pseudonym(p.id_number)}")
            assert page.status_code == 200 and p.name in page.text
            c.cookies.clear()
            token = re.search(r'name="csrf" value="([^"]+)"', c.get("/check").text).group(1)  # type: ignore[union-attr]
            r = c.post("/check", data={"csrf": token, "id_number": p.id_number, "name": p.name,
                                       "birth_date": p.birth})
            assert 'id="answers"' in r.text
            h = {"Authorization": f"Bearer {plain}"}
            r = c.post("/api/v1/coverage/lookup", json={"id_number": p.id_number}, headers=h)
            assert r.json()["found"]
            v = c.get("/api/v1/audit/verify", headers=h).json()
            assert v["ok"] and v["rows"] >= 4
        with psycopg.connect(pg_dsn, autocommit=True) as con:
            actions = [a for (a,) in con.execute("SELECT action FROM audit ORDER BY seq")]
        assert actions[:4] == ["login", "person.view", "citizen.lookup", "api.coverage"]
    finally:
        svc.close()
