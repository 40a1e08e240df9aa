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
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from unireg.errors import ConfigError

ENGINES = ("duckdb", "spark")


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

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"engine = {self.engine!r}: expected one of {', '.join(ENGINES)}")
        if not 0 <= self.link_lower <= self.link_upper <= 1:
            raise ConfigError(f"link_lower = {self.link_lower}, link_upper = {self.link_upper}: "
                              "expected 0 <= link_lower <= link_upper <= 1")

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings replaced (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: Any, kind: Any) -> Any:
    kind_s = str(kind)
    try:
        if "date" in kind_s:
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        if kind_s.startswith("int"):
            return int(raw)
        if kind_s.startswith("float"):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name} = {raw!r}: expected {kind_s}") from None


def load_settings(env: Mapping[str, str] | None = None,
                  file: Path | str | None = "unireg.toml",
                  **overrides: Any) -> Settings:
    """Settings from the environment (``UNIREG_<NAME>``), then a TOML file, then defaults.

    Keyword overrides (from command-line options) win over everything.
    """
    env = os.environ if env is None else env
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    if file is not None and Path(file).exists():
        try:
            data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: {exc}") from None
        for key, raw in data.items():
            if key not in types:
                raise ConfigError(f"{file}: unknown setting {key!r}; known: {', '.join(types)}")
            values[key] = _coerce(key, raw, types[key])
    for key, raw in env.items():
        if key.startswith("UNIREG_"):
            name = key[len("UNIREG_"):].lower()
            if name not in types:
                raise ConfigError(f"environment: unknown setting {key}; "
                                  f"known: {', '.join('UNIREG_' + t.upper() for t in types)}")
            values[name] = _coerce(key, raw, types[name])
    for key, raw in overrides.items():
        if raw is not None:
            values[key] = _coerce(key, raw, types[key])
    return Settings(**values)
