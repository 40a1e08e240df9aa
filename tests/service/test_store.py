"""One suite for every state store backend (style.md #17): DuckDB file and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from unireg.service.audit import verify
from unireg.service.models import (
    ApiToken,
    AuditEntry,
    Decision,
    EventRecord,
    Session,
    SurveyReturn,
    User,
    utcnow,
)
from unireg.service.store.base import AuditFilter, StateStore

NOW = dt.datetime(2018, 1, 5, 9, 30, tzinfo=dt.UTC)


def _user(name: str = "li", role: str = "county_officer", scope: str = "440305") -> User:
    return User(name, role, scope, "$argon2id$fake", NOW)


def test_meta_is_set_once(store: StateStore) -> None:
    assert store.get_meta("secret") is None
    assert store.set_meta_once("secret", "a") == "a"
    assert store.set_meta_once("secret", "b") == "a"
    assert store.get_meta("secret") == "a"


def test_users_round_trip(store: StateStore) -> None:
    store.add_user(_user())
    with pytest.raises(ValueError, match="exists"):
        store.add_user(_user())
    u = store.get_user("li")
    assert u is not None and (u.role, u.scope, u.disabled, u.created_at) == (
        "county_officer", "440305", False, NOW)
    assert store.get_user("nobody") is None
    assert store.count_users() == 1 and store.count_users("administrator") == 0
    assert store.set_disabled("li", True) and not store.set_disabled("nobody", True)
    assert store.get_user("li").disabled  # type: ignore[union-attr]
    lock = NOW + dt.timedelta(minutes=15)
    store.login_failed("li", 5, lock)
    u = store.get_user("li")
    assert u is not None and u.failed_logins == 5 and u.locked_until == lock
    store.login_succeeded("li")
    u = store.get_user("li")
    assert u is not None and u.failed_logins == 0 and u.locked_until is None
    assert store.set_password("li", "$argon2id$other")
    assert [x.username for x in store.list_users()] == ["li"]


def test_sessions(store: StateStore) -> None:
    store.add_user(_user())
    store.add_session(Session("h1", "li", "csrf", NOW, NOW))
    store.add_session(Session("h2", "li", "csrf2", NOW, NOW))
    s = store.get_session("h1")
    assert s is not None and s.csrf == "csrf" and s.last_seen == NOW
    later = NOW + dt.timedelta(minutes=3)
    store.touch_session("h1", later)
    assert store.get_session("h1").last_seen == later  # type: ignore[union-attr]
    store.delete_session("h1")
    assert store.get_session("h1") is None
    assert store.delete_sessions_of("li") == 1
    assert store.get_session("h2") is None


def test_tokens(store: StateStore) -> None:
    t = ApiToken("th", "civil-affairs", ("coverage:read", "summary:read"), "440000", "admin", NOW)
    store.add_token(t)
    with pytest.raises(ValueError):
        store.add_token(ApiToken("th2", "civil-affairs", ("summary:read",), "440000", "a", NOW))
    assert store.get_token("th") == t
    assert store.revoke_token("civil-affairs") == 1
    assert store.get_token("th").revoked  # type: ignore[union-attr]
    store.add_token(ApiToken("th2", "civil-affairs", ("summary:read",), "440000", "a", NOW))
    assert len(store.list_tokens()) == 2


def test_audit_chain_appends_and_verifies(store: StateStore) -> None:
    for i in range(5):
        store.append_audit(AuditEntry(f"u{i % 2}", "county_officer", "440305", "person.view",
                                      "ok", persons=(f"p{i}",), detail="d", client="127.0.0.1"),
                           NOW + dt.timedelta(seconds=i))
    assert store.count_audit() == 5
    rows = list(store.iter_audit(batch=2))
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert verify(rows).ok and verify(rows).rows == 5
    newest = store.list_audit(AuditFilter(), limit=2)
    assert [r.seq for r in newest] == [5, 4]
    assert [r.seq for r in store.list_audit(AuditFilter(actor="u1"))] == [4, 2]
    assert [r.seq for r in store.list_audit(AuditFilter(person="p3"))] == [4]
    assert store.list_audit(AuditFilter(scope_prefix="11")) == []
    assert len(store.list_audit(AuditFilter(scope_prefix="44"))) == 5
    since = store.list_audit(AuditFilter(since="2018-01-05T09:30:02"))
    assert [r.seq for r in since] == [5, 4, 3]


def test_concurrent_audit_appends_keep_one_chain(store: StateStore) -> None:
    def work(n: int) -> None:
        for i in range(10):
            store.append_audit(AuditEntry(f"t{n}", "auditor", "100000", "x", "ok", detail=str(i)))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    v = verify(store.iter_audit())
    assert v.ok and v.rows == 40


def test_surveys(store: StateStore) -> None:
    r = SurveyReturn("F-1", "2018-01-05", "440305198503120239", "陈小明", "1", "1985-03-12",
                     "440305", "employee", "", "enum1", "enum1", NOW)
    assert store.add_survey(r)
    assert not store.add_survey(r)
    assert store.list_surveys("4403")[0] == r
    assert store.list_surveys("11") == []
    assert store.list_surveys(entered_by="other") == []
    assert len(store.list_surveys(exported=False)) == 1
    store.mark_surveys_exported(["F-1"], "B1")
    assert store.list_surveys(exported=False) == []
    assert store.list_surveys(exported=True)[0].export_batch == "B1"


def test_events_are_kept_once_per_sender(store: StateStore) -> None:
    ev = EventRecord("E1", "death", "2018-01-02", id_number="440305198503120239",
                     sender="civil", received_at=NOW)
    assert store.add_event(ev)
    assert not store.add_event(ev)
    assert store.add_event(EventRecord("E1", "death", "2018-01-02", sender="other",
                                       received_at=NOW))
    assert len(store.list_events(exported=False)) == 2
    store.mark_events_exported([("civil", "E1")], "B")
    assert [e.sender for e in store.list_events(exported=False)] == ["other"]


def test_decisions(store: StateStore) -> None:
    d1 = store.add_decision(Decision("multiple", "MA1", "end_enrolment", "double", "li", NOW,
                                     {"end_ref": "enrolment:m2"}))
    d2 = store.add_decision(Decision("multiple", "MA1", "end_enrolment", "fix", "li", utcnow(),
                                     {"end_ref": "enrolment:m1"}))
    assert (d1.seq, d2.seq) == (1, 2)
    got = store.decisions("multiple", "MA1")
    assert [d.payload["end_ref"] for d in got] == ["enrolment:m2", "enrolment:m1"]
    assert store.decisions("review") == []


@pytest.mark.postgres
def test_postgres_audit_is_append_only_in_the_database(pg_dsn: str) -> None:
    import psycopg

    from unireg.service.store.postgres_store import PostgresStateStore

    s = PostgresStateStore(pg_dsn)
    s.append_audit(AuditEntry("li", "auditor", "100000", "x", "ok"))
    with psycopg.connect(pg_dsn, autocommit=True) as con:
        for sql in ("UPDATE audit SET actor = 'wang'", "DELETE FROM audit", "TRUNCATE audit"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                con.execute(sql)
    assert verify(s.iter_audit()).ok
    s.close()


@pytest.mark.postgres
def test_postgres_unreachable_is_a_clear_error() -> None:
    from unireg.errors import ConfigError
    from unireg.service.store.postgres_store import PostgresStateStore

    with pytest.raises(ConfigError, match="cannot connect"):
        PostgresStateStore("host=127.0.0.1 port=1 user=postgres dbname=x", connect_timeout=1)
