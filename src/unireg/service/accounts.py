"""Accounts: argon2 passwords, lock-out, sessions with idle and absolute timeouts, API tokens.

Nothing here knows about HTTP: the web layer turns a cookie value into a
session with :meth:`Accounts.resume` and a bearer token into an
:class:`~unireg.service.models.ApiToken` with :meth:`Accounts.check_token`.
Cookie values and tokens are random 256-bit strings; the store keeps only
their SHA-256, so a copy of the store opens no session.

There is no default account and no default password: the first administrator
is created with ``unireg users add``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from unireg.errors import ConfigError
from unireg.service.models import ApiToken, Session, User, utcnow
from unireg.service.roles import API_SCOPES, check_scope
from unireg.service.settings import ServiceSettings
from unireg.service.store.base import StateStore

log = logging.getLogger("unireg.service.accounts")

MIN_PASSWORD = 12
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


def digest(secret_value: str) -> str:
    """SHA-256 of a cookie value or token: what the store keeps instead of the value."""
    return hashlib.sha256(secret_value.encode("utf-8")).hexdigest()


def check_username(username: str) -> None:
    if not (2 <= len(username) <= 64) or not set(username) <= USERNAME_CHARS:
        raise ConfigError(f"name {username!r}: 2-64 characters from a-z, 0-9, '.', '_', '-'")


def check_password(password: str, username: str) -> None:
    """A password policy that needs no list: long enough, not the user name, not one character."""
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password needs at least {MIN_PASSWORD} characters")
    if username.lower() in password.lower() or len(set(password)) < 4:
        raise ConfigError("the password must not contain the user name or repeat a few characters")


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    outcome: str  # ok | bad_credentials | locked | disabled

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


class Accounts:
    def __init__(self, store: StateStore, settings: ServiceSettings,
                 hasher: PasswordHasher | None = None,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.store, self.settings = store, settings
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        # Verified against when the user does not exist, so both paths cost one argon2 check.
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))

    # -- users ---------------------------------------------------------------------------------
    def add_user(self, username: str, role: str, scope: str, password: str,
                 display_name: str = "") -> User:
        check_username(username)
        check_scope(role, scope)
        check_password(password, username)
        user = User(username=username, role=role, scope=scope,
                    password_hash=self.hasher.hash(password), created_at=self.clock(),
                    display_name=display_name)
        try:
            self.store.add_user(user)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        log.info("user added: %s (%s, scope %s)", username, role, scope)
        return user

    def disable(self, username: str) -> bool:
        ok = self.store.set_disabled(username, True)
        if ok:
            self.store.delete_sessions_of(username)
        return ok

    def enable(self, username: str) -> bool:
        return self.store.set_disabled(username, False)

    def set_password(self, username: str, password: str) -> bool:
        check_password(password, username)
        ok = self.store.set_password(username, self.hasher.hash(password))
        if ok:
            self.store.delete_sessions_of(username)
        return ok

    # -- log-in --------------------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> LoginResult:
        """Check a password, counting failures; a locked or disabled account never logs in.

        The caller shows one message for every failure, so that nobody learns
        whether a user name exists or is locked.
        """
        now = self.clock()
        user = self.store.get_user(username) if len(username) <= 64 else None
        if user is None:
            self._verify(self._dummy, password)
            return LoginResult(None, "bad_credentials")
        if user.locked_until is not None and user.locked_until > now:
            self._verify(self._dummy, password)
            return LoginResult(user, "locked")
        if not self._verify(user.password_hash, password):
            # A lock that has run out starts the count afresh.
            failures = 1 if user.locked_until is not None else user.failed_logins + 1
            lock = (now + dt.timedelta(minutes=self.settings.lockout_minutes)
                    if failures >= self.settings.lockout_failures else None)
            self.store.login_failed(username, failures, lock)
            if lock is not None:
                log.warning("user %s locked after %d failed log-ins", username, failures)
            return LoginResult(user, "locked" if lock else "bad_credentials")
        if user.disabled:
            return LoginResult(user, "disabled")
        self.store.login_succeeded(username)
        if self.hasher.check_needs_rehash(user.password_hash):
            self.store.set_password(username, self.hasher.hash(password))
        return LoginResult(user, "ok")

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    # -- sessions ------------------------------------------------------------------------------
    def start_session(self, user: User) -> tuple[str, Session]:
        """A new session; returns the cookie value (shown to the browser only) and the session."""
        value = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(digest(value), user.username, secrets.token_urlsafe(32), now, now)
        self.store.add_session(session)
        return value, session

    def resume(self, cookie_value: str) -> tuple[Session, User] | None:
        """The live session and its user for a cookie value, or None (expired sessions end)."""
        if not cookie_value or len(cookie_value) > 128:
            return None
        session = self.store.get_session(digest(cookie_value))
        if session is None:
            return None
        now = self.clock()
        idle = dt.timedelta(minutes=self.settings.idle_minutes)
        absolute = dt.timedelta(hours=self.settings.absolute_hours)
        user = self.store.get_user(session.username)
        if (now - session.last_seen > idle or now - session.created_at > absolute
                or user is None or user.disabled):
            self.store.delete_session(session.id_hash)
            return None
        if now - session.last_seen > dt.timedelta(seconds=30):  # spare the store a write per click
            self.store.touch_session(session.id_hash, now)
        return session, user

    def end_session(self, cookie_value: str) -> None:
        if cookie_value:
            self.store.delete_session(digest(cookie_value))

    @staticmethod
    def csrf_ok(session: Session, token: str) -> bool:
        return bool(token) and hmac.compare_digest(session.csrf.encode(), token.encode())

    # -- API tokens ----------------------------------------------------------------------------
    def issue_token(self, name: str, scopes: tuple[str, ...], region: str,
                    created_by: str) -> tuple[str, ApiToken]:
        """A new token for a system; the plain token is returned once and never stored."""
        check_username(name)
        unknown = [s for s in scopes if s not in API_SCOPES]
        if unknown or not scopes:
            raise ConfigError(f"scopes {', '.join(unknown) or '(none)'}: expected some of "
                              f"{', '.join(API_SCOPES)}")
        check_scope("auditor", region)  # any level is fine for a system
        plain = "urt_" + secrets.token_urlsafe(32)
        token = ApiToken(digest(plain), name, tuple(sorted(set(scopes))), region, created_by,
                         self.clock())
        try:
            self.store.add_token(token)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        return plain, token

    def check_token(self, plain: str) -> ApiToken | None:
        if not plain.startswith("urt_") or len(plain) > 128:
            return None
        token = self.store.get_token(digest(plain))
        return None if token is None or token.revoked else token
