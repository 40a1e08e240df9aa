"""Country profiles: code lists, the scheme catalogue, scheme groups and target ages as data.

A profile is a TOML file in ``unireg/rules/profiles/``. China (``cn``) is built in;
another country is another file (docs/country-profiles.md), not a fork.

>>> p = load_profile("cn")
>>> p.group_of("MI_RES")
'medical'
>>> p.groups["old_age"].schemes
('OAI_EMP', 'OAI_PUB', 'OAI_RES')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from unireg.errors import ConfigError


@dataclass(frozen=True)
class Scheme:
    code: str
    group: str
    kind: str  # employee | public | resident
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class Group:
    code: str
    label_en: str
    label_zh: str
    schemes: tuple[str, ...]
    min_age: int = 0
    max_age: int | None = None
    exclude_employment_types: tuple[str, ...] = ()
    only_employment_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountryProfile:
    code: str
    name_en: str
    name_zh: str
    id_scheme: str
    region_scheme: str
    employer_scheme: str
    codes: dict[str, tuple[str, ...]]
    sex_labels: dict[str, str]
    schemes: dict[str, Scheme]
    groups: dict[str, Group]
    age_bands: tuple[int, ...]
    source: str = field(default="", compare=False)

    def group_of(self, scheme: str) -> str:
        """The scheme group a scheme code belongs to (KeyError if unknown)."""
        return self.schemes[scheme].group

    def codes_of(self, name: str) -> tuple[str, ...]:
        """The allowed values of a code list, e.g. ``codes_of("sex")``."""
        try:
            return self.codes[name]
        except KeyError:
            raise ConfigError(f"profile {self.code!r} has no code list {name!r}") from None


_KIND_ORDER = {"employee": 0, "public": 0, "resident": 1}


def kind_rank(kind: str) -> int:
    """Preference when recommending which of several enrolments to keep: lower is kept."""
    return _KIND_ORDER.get(kind, 2)


def _require(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise ConfigError(f"country profile {where}: missing key {key!r}")
    return table[key]


def parse_profile(data: dict[str, Any], source: str = "<memory>") -> CountryProfile:
    """Build a profile from parsed TOML, rejecting unknown or missing keys by name."""
    known = {"country", "codes", "schemes", "groups", "cuts"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"country profile {source}: unknown section(s) {sorted(unknown)}")
    country = _require(data, "country", source)
    codes_raw = _require(data, "codes", source)
    sex_labels = {str(k): str(v) for k, v in _require(codes_raw, "sex", source).items()}
    codes: dict[str, tuple[str, ...]] = {"sex": tuple(sex_labels)}
    for name, values in codes_raw.items():
        if name != "sex":
            codes[name] = tuple(str(v) for v in values)
    schemes: dict[str, Scheme] = {}
    for code, s in _require(data, "schemes", source).items():
        schemes[code] = Scheme(code, s["group"], s["kind"], s["name_en"], s["name_zh"])
    groups: dict[str, Group] = {}
    for code, g in _require(data, "groups", source).items():
        allowed = {"label_en", "label_zh", "min_age", "max_age", "exclude_employment_types",
                   "only_employment_types"}
        extra = set(g) - allowed
        if extra:
            raise ConfigError(f"country profile {source}: group {code!r} has unknown key(s) "
                              f"{sorted(extra)}")
        members = tuple(s.code for s in schemes.values() if s.group == code)
        if not members:
            raise ConfigError(f"country profile {source}: group {code!r} has no schemes")
        groups[code] = Group(
            code=code, label_en=g["label_en"], label_zh=g["label_zh"], schemes=members,
            min_age=int(g.get("min_age", 0)), max_age=g.get("max_age"),
            exclude_employment_types=tuple(g.get("exclude_employment_types", ())),
            only_employment_types=tuple(g.get("only_employment_types", ())),
        )
    for s in schemes.values():
        if s.group not in groups:
            raise ConfigError(f"country profile {source}: scheme {s.code!r} names unknown "
                              f"group {s.group!r}")
    return CountryProfile(
        code=country["code"], name_en=country["name_en"], name_zh=country.get("name_zh", ""),
        id_scheme=country["id_scheme"], region_scheme=country["region_scheme"],
        employer_scheme=country["employer_scheme"], codes=codes, sex_labels=sex_labels,
        schemes=schemes, groups=groups,
        age_bands=tuple(data.get("cuts", {}).get("age_bands", (0, 16, 30, 45, 60, 75))),
        source=source,
    )


@cache
def load_profile(name_or_path: str = "cn") -> CountryProfile:
    """Load a built-in profile by name (``cn``) or a profile file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        ref = resources.files("unireg.rules").joinpath("profiles", f"{name_or_path}.toml")
        if not ref.is_file():
            raise ConfigError(f"no country profile named {name_or_path!r}; built in: cn")
        text, source = ref.read_text(encoding="utf-8"), f"builtin:{name_or_path}"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"country profile {source}: {exc}") from None
    return parse_profile(data, source)
