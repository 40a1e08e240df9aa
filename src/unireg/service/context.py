"""One workspace's service: the registry, the state store, accounts, limits, the audit.

>>> # svc = open_service(Path("W"), ServiceSettings()); svc.registry.figures("100000")
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher

from unireg.rules.profile import CountryProfile, load_profile
from unireg.service import audit as audit_chain
from unireg.service.accounts import Accounts
from unireg.service.models import AuditEntry, AuditRecord
from unireg.service.pseudonyms import pseudonym
from unireg.service.queues import Queues
from unireg.service.ratelimit import SlidingWindow
from unireg.service.registry import Registry
from unireg.service.settings import ServiceSettings
from unireg.service.store import StateStore, open_store

log = logging.getLogger("unireg.service")


@dataclass
class Limits:
    citizen_client: SlidingWindow
    citizen_number: SlidingWindow
    api_token: SlidingWindow

    @classmethod
    def from_settings(cls, s: ServiceSettings) -> Limits:
        return cls(SlidingWindow(s.citizen_per_client, s.citizen_window_seconds),
                   SlidingWindow(s.citizen_per_number, s.citizen_window_seconds),
                   SlidingWindow(s.api_per_token, 60))


class Service:
    """Everything a page or an API call needs, for one workspace."""

    RELOAD_CHECK_SECONDS = 30.0

    def __init__(self, workspace: Path, settings: ServiceSettings, store: StateStore,
                 profile: CountryProfile, hasher: PasswordHasher | None = None) -> None:
        self.workspace, self.settings, self.store, self.profile = (workspace, settings, store,
                                                                   profile)
        self.secret = store.set_meta_once("secret", secrets.token_hex(32))
        self.accounts = Accounts(store, settings, hasher)
        self.limits = Limits.from_settings(settings)
        self._lock = threading.Lock()
        self._registry = Registry(workspace / "registry.duckdb", self.secret, profile)
        self._audit = audit_chain.AuditWriter(store)
        self._stamp = self._build_stamp()
        self._checked = time.monotonic()
        self._reloading = False

    # -- the registry, re-opened when a new build has been swapped in --------------------------
    def _build_stamp(self) -> float:
        try:
            return (self.workspace / "registry.duckdb").stat().st_mtime
        except OSError:
            return 0.0

    @property
    def registry(self) -> Registry:
        """The registry; a newer build swapped into the workspace is opened in the background
        (its indexes take a while at scale) and replaces this one when ready."""
        now = time.monotonic()
        if now - self._checked > self.RELOAD_CHECK_SECONDS and not self._reloading:
            with self._lock:
                self._checked = now
                stamp = self._build_stamp()
                if stamp and stamp != self._stamp and not self._reloading:
                    self._reloading = True
                    threading.Thread(target=self._reload, args=(stamp,), daemon=True,
                                     name="registry-reload").start()
        return self._registry

    def _reload(self, stamp: float) -> None:
        try:
            fresh = Registry(self.workspace / "registry.duckdb", self.secret, self.profile)
        except Exception as exc:  # a half-swapped workspace: try again at the next check
            log.warning("new registry not opened yet: %s", type(exc).__name__)
            self._reloading = False
            return
        with self._lock:
            old, self._registry, self._stamp = self._registry, fresh, stamp
            self._reloading = False
        log.info("registry re-opened: build %s", fresh.build_info.get("build_id"))
        # Requests still reading the old registry keep their cursors; let them finish.
        threading.Timer(60.0, old.close).start()

    @property
    def queues(self) -> Queues:
        return Queues(self.registry, self.store)

    # -- privacy -------------------------------------------------------------------------------
    def pseudonym(self, person_key: str) -> str:
        return pseudonym(self.secret, "p", person_key)

    def audit(self, entry: AuditEntry) -> AuditRecord:
        """Store one audit row (returns once it is committed)."""
        return self._audit.write(entry)

    def verify_audit(self) -> audit_chain.Verification:
        return audit_chain.verify(self.store.iter_audit())

    def close(self) -> None:
        self._audit.close()
        self._registry.close()
        self.store.close()


def open_service(workspace: Path, settings: ServiceSettings | None = None,
                 profile: str = "cn", hasher: PasswordHasher | None = None) -> Service:
    settings = settings or ServiceSettings()
    store = open_store(settings, workspace)
    try:
        return Service(workspace, settings, store, load_profile(profile), hasher)
    except BaseException:
        store.close()
        raise
