"""Accounts: passwords, lock-out, session timeouts, tokens — on every store backend."""

from __future__ import annotations

import datetime as dt

import pytest

from unireg.errors import ConfigError
from unireg.service.accounts import Accounts, digest
from unireg.service.settings import ServiceSettings
from unireg.service.store.base import StateStore

from .conftest import FAST_HASHER

PW = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2018, 1, 5, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store: StateStore, clock: Clock) -> Accounts:
    return Accounts(store, ServiceSettings(), FAST_HASHER, clock)


def test_passwords_are_argon2_and_never_stored(accounts: Accounts, store: StateStore) -> None:
    accounts.add_user("li.ming", "county_officer", "440305", PW)
    stored = store.get_user("li.ming")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert PW not in stored.password_hash
    assert accounts.authenticate("li.ming", PW).ok


@pytest.mark.parametrize(("name", "role", "scope", "pw", "message"), [
    ("Li Ming", "county_officer", "440305", PW, "name"),
    ("li", "sheriff", "440305", PW, "role"),
    ("li", "county_officer", "440000", PW, "province"),
    ("li", "provincial_officer", "440305", PW, "county"),
    ("li", "national_officer", "440000", PW, "province"),
    ("li", "county_officer", "999999", PW, "not a region"),
    ("li", "county_officer", "440305", "short", "12 characters"),
    ("li", "county_officer", "440305", "aaaaaaaaaaaaaaaa", "repeat"),
    ("li", "county_officer", "440305", "li-password-123", "user name"),
])
def test_add_user_rejects(accounts: Accounts, name: str, role: str, scope: str, pw: str,
                          message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        accounts.add_user(name, role, scope, pw)


def test_duplicate_user_is_a_clear_error(accounts: Accounts) -> None:
    accounts.add_user("li", "auditor", "100000", PW)
    with pytest.raises(ConfigError, match="exists"):
        accounts.add_user("li", "auditor", "100000", PW)


def test_failures_lock_the_account_then_the_lock_runs_out(accounts: Accounts,
                                                         clock: Clock) -> None:
    accounts.add_user("li", "county_officer", "440305", PW)
    for _ in range(4):
        assert accounts.authenticate("li", "wrong password!").outcome == "bad_credentials"
    assert accounts.authenticate("li", "wrong password!").outcome == "locked"
    # Locked: even the right password is refused.
    assert accounts.authenticate("li", PW).outcome == "locked"
    clock.advance(minutes=16)
    assert accounts.authenticate("li", PW).ok
    # A fresh count after a success.
    assert accounts.authenticate("li", "wrong password!").outcome == "bad_credentials"


def test_unknown_user_and_disabled_user_fail(accounts: Accounts) -> None:
    assert accounts.authenticate("ghost", PW).outcome == "bad_credentials"
    accounts.add_user("li", "county_officer", "440305", PW)
    accounts.disable("li")
    assert accounts.authenticate("li", PW).outcome == "disabled"
    accounts.enable("li")
    assert accounts.authenticate("li", PW).ok


def test_session_idle_and_absolute_timeouts(accounts: Accounts, store: StateStore,
                                            clock: Clock) -> None:
    user = accounts.add_user("li", "county_officer", "440305", PW)
    cookie, session = accounts.start_session(user)
    assert session.id_hash == digest(cookie) and store.get_session(cookie) is None
    assert accounts.resume(cookie) is not None
    clock.advance(minutes=14)
    assert accounts.resume(cookie) is not None
    clock.advance(minutes=16)  # idle for 16 minutes
    assert accounts.resume(cookie) is None
    assert store.get_session(digest(cookie)) is None  # ended, not just refused
    cookie, session = accounts.start_session(user)
    for _ in range(8 * 6 + 2):  # busy all day, a click every 10 minutes
        clock.advance(minutes=10)
        if accounts.resume(cookie) is None:
            break
    worked = clock.now - session.created_at
    assert dt.timedelta(hours=8) < worked <= dt.timedelta(hours=8, minutes=10)
    assert accounts.resume(cookie) is None


def test_disabling_ends_sessions(accounts: Accounts) -> None:
    user = accounts.add_user("li", "county_officer", "440305", PW)
    cookie, _ = accounts.start_session(user)
    accounts.disable("li")
    assert accounts.resume(cookie) is None


def test_password_change_ends_sessions(accounts: Accounts) -> None:
    user = accounts.add_user("li", "county_officer", "440305", PW)
    cookie, _ = accounts.start_session(user)
    accounts.set_password("li", "another long passphrase")
    assert accounts.resume(cookie) is None
    assert accounts.authenticate("li", "another long passphrase").ok


def test_csrf_token_belongs_to_its_session(accounts: Accounts) -> None:
    user = accounts.add_user("li", "county_officer", "440305", PW)
    _, s1 = accounts.start_session(user)
    _, s2 = accounts.start_session(user)
    assert Accounts.csrf_ok(s1, s1.csrf)
    assert not Accounts.csrf_ok(s1, s2.csrf)
    assert not Accounts.csrf_ok(s1, "")


def test_tokens(accounts: Accounts, store: StateStore) -> None:
    plain, token = accounts.issue_token("civil-affairs", ("coverage:read",), "440000", "admin")
    assert plain.startswith("urt_") and store.get_token(plain) is None
    assert accounts.check_token(plain) == token
    assert accounts.check_token("urt_forged") is None
    assert accounts.check_token("Bearer " + plain) is None
    with pytest.raises(ConfigError, match="scopes"):
        accounts.issue_token("xy", ("everything",), "440000", "admin")
    store.revoke_token("civil-affairs")
    assert accounts.check_token(plain) is None
