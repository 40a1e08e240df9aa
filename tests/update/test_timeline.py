"""The person page's timeline: what the year's events changed, from the history tables."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from unireg.pipeline.workspace import connect
from unireg.rules.profile import load_profile
from unireg.service.registry import Registry

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient


def applied(ws: Path, event_type: str, alone: bool = True) -> list[tuple]:  # type: ignore[type-arg]
    """(person, date, record, region) of a few ``event_type`` events (``alone``: of persons
    no other event touched)."""
    only = ("AND person_key IN (SELECT person_key FROM event_applied GROUP BY 1 "
            "HAVING count(*) = 1)") if alone else ""
    con = connect(ws / "registry.duckdb")
    try:
        return con.execute(
            "SELECT person_key, event_date, ref, region FROM event_applied WHERE event_type = ? "
            f"{only} ORDER BY person_key LIMIT 3", [event_type]).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def registry(full_build):  # type: ignore[no-untyped-def]
    ws, _ = full_build
    reg = Registry(ws / "registry.duckdb", "test secret", load_profile("cn"))
    yield ws, reg
    reg.close()


def test_a_migration_shows_the_old_and_new_residence(registry) -> None:  # type: ignore[no-untyped-def]
    ws, reg = registry
    movers = applied(ws, "migration")
    assert movers
    for key, day, ref, region in movers:
        before = reg.query("SELECT residence_region FROM persons_base WHERE person_key = $k",
                           {"k": key})
        entries = [e for e in reg.timeline(key) if e["what"] == "person"]
        assert [(e["date"], e["change"], e["ref"]) for e in entries] == [(day, "migration", ref)]
        changes = {f: (old, new) for f, old, new in entries[0]["changes"]}
        assert changes["residence_region"] == (before[0]["residence_region"], region)


def test_a_transfer_closes_one_enrolment_and_opens_another(registry) -> None:  # type: ignore[no-untyped-def]
    ws, reg = registry
    transfers = applied(ws, "transfer", alone=False)
    assert transfers
    for key, day, ref, _ in transfers:
        entries = [e for e in reg.timeline(key) if e["what"] == "enrolment" and e["ref"] == ref]
        assert all(e["date"] == day for e in entries)
        statuses = sorted(e["status"] for e in entries)
        assert statuses[-1] == "terminated" and len(entries) == 2
        opened = next(e for e in entries if e["status"] != "terminated")
        closed = next(e for e in entries if e["status"] == "terminated")
        assert opened["agency_region"] != closed["agency_region"] or \
            opened["scheme"] != closed["scheme"]


def test_untouched_person_has_no_timeline(registry) -> None:  # type: ignore[no-untyped-def]
    ws, reg = registry
    con = connect(ws / "registry.duckdb")
    key = con.execute("SELECT person_key FROM persons WHERE person_key NOT IN "
                      "(SELECT person_key FROM event_applied WHERE person_key IS NOT NULL) "
                      "ORDER BY person_key LIMIT 1").fetchone()[0]
    con.close()
    assert reg.timeline(key) == []


def test_person_page_shows_the_timeline(full_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from unireg.service.context import Service
    from unireg.service.settings import ServiceSettings
    from unireg.service.store.duckdb_store import DuckDBStateStore
    from unireg.web.app import create_app

    ws, _ = full_build
    key, day, ref, _ = applied(ws, "migration")[0]
    svc = Service(ws, ServiceSettings(), DuckDBStateStore(tmp_path / "s.duckdb"),
                  load_profile("cn"), PasswordHasher(time_cost=1, memory_cost=1024,
                                                     parallelism=1))
    try:
        svc.accounts.add_user("nat", "national_officer", "100000", "a long test passphrase")
        user = svc.store.get_user("nat")
        assert user is not None
        cookie, _ = svc.accounts.start_session(user)
        with TestClient(create_app(svc), base_url="https://testserver") as c:
            c.cookies.set("__Host-unireg-session", cookie, domain="testserver.local", path="/")
            pref = svc.registry.pref_of(key)
            page = c.get(f"/persons/{pref}")
            assert page.status_code == 200
            html = page.text
            assert 'id="timeline"' in html and 'data-change="migration"' in html
            assert str(day) in html and ref in html
            assert key not in html                      # the ID stays masked
    finally:
        svc.close()
