"""One typed settings object: environment, then ``unireg.toml``, then defaults.

Unknown keys are rejected and every error names the key and the value
(style.md #9). Read once per command with :func:`load_settings`.

>>> s = load_settings(env={"UNIREG_ENGINE": "duckdb", "UNIREG_LINK_UPPER": "0.99"}, file=None)
>>> s.engine, s.link_upper
('duckdb', 0.99)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from unireg.errors import ConfigError

ENGINES = ("duckdb", "spark")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    profile: str = "cn"                  # country profile (unireg/rules/profiles/<name>.toml)
    engine: str = "duckdb"               # duckdb | spark
    reference_date: dt.date | None = None  # None: the build date
    threads: int = 0                     # 0: all cores
    memory_limit: str = ""               # DuckDB memory_limit, e.g. "16GB"; "" = DuckDB default
    spark_master: str = "local[2]"
    link_upper: float = 0.995            # match probability above which a pair is linked
    link_lower: float = 0.80             # ... below which the record becomes a provisional person
    log_level: str = "WARNING"
    chromium: str = ""                   # Chromium for PDFs; "" = the usual install paths

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"engine = {self.engine!r}: expected one of {', '.join(ENGINES)}")
        if not 0 <= self.link_lower <= self.link_upper <= 1:
            raise ConfigError(f"link_lower = {self.link_lower}, link_upper = {self.link_upper}: "
                              "expected 0 <= link_lower <= link_upper <= 1")
        if self.threads < 0:
            raise ConfigError(f"threads = {self.threads}: expected 0 (all cores) or more")
        if self.log_level.upper() not in LOG_LEVELS:
            raise ConfigError(f"log_level = {self.log_level!r}: expected one of "
                              f"{', '.join(LOG_LEVELS)}")

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings replaced (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _kind(type_: Any) -> str:
    """The coercion a field needs, from its annotation (a string under PEP 563)."""
    text = str(type_)
    for kind in ("date", "int", "float"):
        if kind in text:
            return kind
    return "str"


_KINDS = {f.name: _kind(f.type) for f in fields(Settings)}
_EXPECTED = {"date": "a date YYYY-MM-DD", "int": "a whole number", "float": "a number",
             "str": "text"}


def _coerce(where: str, name: str, raw: Any, kind: str) -> Any:
    """``raw`` (text from the environment, or a TOML value) as the setting's type.

    ``where`` and ``name`` say where the value came from and how the user wrote the key
    (``threads`` in a file, ``UNIREG_THREADS`` in the environment), so that the error
    points at the line to fix.
    """
    bad = ConfigError(f"{where}: setting {name} = {raw!r}: expected {_EXPECTED[kind]}")
    if isinstance(raw, bool):  # TOML true/false is no number, date or text setting
        raise bad
    if kind == "date":
        if raw == "":
            return None  # UNIREG_REFERENCE_DATE= (empty) means "not set": the build date
        if isinstance(raw, dt.datetime):
            raise bad
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise bad from None
    if kind == "int":
        if isinstance(raw, int):
            return raw
        if isinstance(raw, str) and re.fullmatch(r"[+-]?[0-9]+", raw.strip()):
            return int(raw)
        raise bad  # 1.5 is not silently truncated to 1
    if kind == "float":
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise bad from None
    if not isinstance(raw, str):
        raise bad
    return raw


def load_settings(env: Mapping[str, str] | None = None,
                  file: Path | str | None = "unireg.toml",
                  **overrides: Any) -> Settings:
    """Settings from the environment (``UNIREG_<NAME>``), then a TOML file, then defaults.

    Keyword overrides (from command-line options) win over everything; None means
    "option not given". A missing file is no error (the defaults apply); an unknown
    key anywhere is, and every error names the key, the value and where it came from.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    if file is not None and Path(file).exists():
        try:
            data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: {exc}") from None
        for key, raw in data.items():
            if key not in _KINDS:
                raise ConfigError(f"{file}: unknown setting {key!r}; known: {', '.join(_KINDS)}")
            values[key] = _coerce(str(file), key, raw, _KINDS[key])
    for key, raw in env.items():
        if key.startswith("UNIREG_"):
            name = key[len("UNIREG_"):].lower()
            if name not in _KINDS:
                raise ConfigError(f"environment: unknown setting {key}; "
                                  f"known: {', '.join('UNIREG_' + t.upper() for t in _KINDS)}")
            values[name] = _coerce("environment", key, raw, _KINDS[name])
    for key, raw in overrides.items():
        if key not in _KINDS:
            raise ConfigError(f"option: unknown setting {key!r}; known: {', '.join(_KINDS)}")
        if raw is not None:
            values[key] = _coerce("option", key, raw, _KINDS[key])
    return Settings(**values)

