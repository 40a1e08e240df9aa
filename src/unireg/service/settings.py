"""The service's own settings: timeouts, lock-out, rate limits, the state store.

Built by ``unireg serve`` from its options (and by tests directly).

>>> ServiceSettings().idle_minutes
15
>>> ServiceSettings(store="postgres")
Traceback (most recent call last):
...
unireg.errors.ConfigError: store = 'postgres' needs dsn (a libpq connection string)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from unireg.errors import ConfigError

STORES = ("duckdb", "postgres")


@dataclass(frozen=True)
class ServiceSettings:
    store: str = "duckdb"             # duckdb: W/service.duckdb | postgres: dsn below
    dsn: str = ""                     # libpq string; the password comes from PGPASSWORD/.pgpass
    idle_minutes: int = 15            # a session unused this long ends
    absolute_hours: int = 8           # a session ends this long after log-in, used or not
    lockout_failures: int = 5         # failed log-ins in a row that lock an account ...
    lockout_minutes: int = 15         # ... for this long
    citizen_per_client: int = 20      # self-service lookups per client address ...
    citizen_per_number: int = 5       # ... and per ID number ...
    citizen_window_seconds: int = 600  # ... in this window
    api_per_token: int = 600          # API requests per token per minute
    batch_max: int = 1000             # ID numbers in one batch coverage request
    cookie_secure: bool = True        # Secure cookies (browsers accept them on http://127.0.0.1)
    page_size: int = 50

    def __post_init__(self) -> None:
        if self.store not in STORES:
            raise ConfigError(f"store = {self.store!r}: expected one of {', '.join(STORES)}")
        if self.store == "postgres" and not self.dsn:
            raise ConfigError("store = 'postgres' needs dsn (a libpq connection string)")
        for name in ("idle_minutes", "absolute_hours", "lockout_failures", "lockout_minutes",
                     "citizen_per_client", "citizen_per_number", "citizen_window_seconds",
                     "api_per_token", "batch_max", "page_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} = {value!r}: expected a whole number of 1 or more")

    def with_(self, **changes: Any) -> ServiceSettings:
        """A copy with some settings replaced (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})
