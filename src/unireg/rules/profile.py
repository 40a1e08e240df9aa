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
from itertools import pairwise
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
KINDS = tuple(_KIND_ORDER)

# The identifier and code schemes unireg implements: profile name -> module with the rules.
# A country whose numbers follow another scheme adds a module and a line here
# (docs/country-profiles.md, "A new ID scheme").
ID_SCHEMES = {"gb11643": "unireg.rules.idnumber"}
REGION_SCHEMES = {"gb2260": "unireg.rules.regions"}
EMPLOYER_SCHEMES = {"gb32100": "unireg.rules.employer"}

_SECTIONS = ("country", "codes", "schemes", "groups", "cuts")
# Code lists the pipeline asks for (data-standard §2); a profile may add others.
CODE_LISTS = ("sex", "enrolment_status", "hukou_type", "person_status", "industry", "size",
              "employment_type", "reason_uninsured", "event_type", "active_benefit_status")
_COUNTRY_KEYS = ("code", "name_en", "id_scheme", "region_scheme", "employer_scheme")
_COUNTRY_OPTIONAL = ("name_zh",)
_SCHEME_KEYS = ("group", "kind", "name_en", "name_zh")
_GROUP_KEYS = ("label_en", "label_zh")
_GROUP_OPTIONAL = ("min_age", "max_age", "exclude_employment_types", "only_employment_types")
_CUTS_OPTIONAL = ("age_bands",)
_DEFAULT_AGE_BANDS = (0, 16, 30, 45, 60, 75)


def kind_rank(kind: str) -> int:
    """Preference when recommending which of several enrolments to keep: lower is kept."""
    return _KIND_ORDER.get(kind, 2)


def _require(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise ConfigError(f"country profile {where}: missing key {key!r}")
    return table[key]


def _table(value: Any, where: str, required: tuple[str, ...] = (),
           optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """``value`` as a TOML table; with ``required``/``optional``, its keys are checked by name."""
    if not isinstance(value, dict):
        raise ConfigError(f"country profile {where}: expected a table, got {value!r}")
    if required or optional:
        extra = set(value) - set(required) - set(optional)
        if extra:
            raise ConfigError(f"country profile {where}: unknown key(s) {sorted(extra)}; "
                              f"allowed: {', '.join(required + optional)}")
        for key in required:
            _require(value, key, where)
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"country profile {where} = {value!r}: expected non-empty text")
    return value


def _age(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 150:
        raise ConfigError(f"country profile {where} = {value!r}: expected whole years 0-150")
    return value


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"country profile {where} = {value!r}: expected a list of text")
    return tuple(value)


def _scheme_name(value: Any, known: dict[str, str], where: str) -> str:
    name = _text(value, where)
    if name not in known:
        raise ConfigError(f"country profile {where} = {name!r}: unireg implements "
                          f"{', '.join(sorted(known))}")
    return name


def parse_profile(data: dict[str, Any], source: str = "<memory>") -> CountryProfile:
    """Build a profile from parsed TOML, rejecting unknown or missing keys by name.

    Every error is a :class:`ConfigError` that names the file and the key, e.g.
    ``country profile x.toml: scheme 'UI' names unknown group 'jobless'``.
    """
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise ConfigError(f"country profile {source}: unknown section(s) {sorted(unknown)}; "
                          f"allowed: {', '.join(_SECTIONS)}")
    country = _table(_require(data, "country", source), f"{source} [country]",
                     _COUNTRY_KEYS, _COUNTRY_OPTIONAL)
    here = f"{source} [country]"
    for key in ("code", "name_en"):
        _text(country[key], f"{here} {key}")

    codes_raw = _table(_require(data, "codes", source), f"{source} [codes]")
    for name in CODE_LISTS:
        _require(codes_raw, name, f"{source} [codes]")
    sex_raw = _table(_require(codes_raw, "sex", f"{source} [codes]"), f"{source} [codes] sex")
    sex_labels = {str(k): _text(v, f"{source} [codes] sex.{k}") for k, v in sex_raw.items()}
    codes: dict[str, tuple[str, ...]] = {"sex": tuple(sex_labels)}
    for name, values in codes_raw.items():
        if name != "sex":
            codes[name] = _texts(values, f"{source} [codes] {name}")

    schemes: dict[str, Scheme] = {}
    for code, raw in _table(_require(data, "schemes", source), f"{source} [schemes]").items():
        where = f"{source} [schemes.{code}]"
        t = _table(raw, where, _SCHEME_KEYS)
        if t["kind"] not in KINDS:
            raise ConfigError(f"country profile {where} kind = {t['kind']!r}: expected one of "
                              f"{', '.join(KINDS)}")
        schemes[code] = Scheme(code, _text(t["group"], f"{where} group"), t["kind"],
                               _text(t["name_en"], f"{where} name_en"),
                               _text(t["name_zh"], f"{where} name_zh"))

    groups_raw = _table(_require(data, "groups", source), f"{source} [groups]")
    for scheme in schemes.values():
        if scheme.group not in groups_raw:
            raise ConfigError(f"country profile {source}: scheme {scheme.code!r} names unknown "
                              f"group {scheme.group!r}; groups: {', '.join(groups_raw)}")
    employment_types = set(codes.get("employment_type", ()))
    groups: dict[str, Group] = {}
    for code, raw in groups_raw.items():
        where = f"{source} [groups.{code}]"
        g = _table(raw, where, _GROUP_KEYS, _GROUP_OPTIONAL)
        members = tuple(s.code for s in schemes.values() if s.group == code)
        if not members:
            raise ConfigError(f"country profile {source}: group {code!r} has no schemes")
        min_age = _age(g.get("min_age", 0), f"{where} min_age")
        max_age = None if "max_age" not in g else _age(g["max_age"], f"{where} max_age")
        if max_age is not None and max_age < min_age:
            raise ConfigError(f"country profile {where}: max_age = {max_age} is below "
                              f"min_age = {min_age}")
        filters: dict[str, tuple[str, ...]] = {}
        for key in ("exclude_employment_types", "only_employment_types"):
            filters[key] = _texts(g.get(key, []), f"{where} {key}")
            strangers = [t for t in filters[key] if employment_types and t not in employment_types]
            if strangers:
                raise ConfigError(f"country profile {where} {key}: {strangers} not in "
                                  "[codes] employment_type")
        groups[code] = Group(
            code=code, label_en=_text(g["label_en"], f"{where} label_en"),
            label_zh=_text(g["label_zh"], f"{where} label_zh"), schemes=members,
            min_age=min_age, max_age=max_age,
            exclude_employment_types=filters["exclude_employment_types"],
            only_employment_types=filters["only_employment_types"],
        )

    cuts = _table(data.get("cuts", {}), f"{source} [cuts]", (), _CUTS_OPTIONAL)
    bands_raw = cuts.get("age_bands", list(_DEFAULT_AGE_BANDS))
    if (not isinstance(bands_raw, list) or not bands_raw
            or any(isinstance(b, bool) or not isinstance(b, int) for b in bands_raw)
            or bands_raw[0] != 0 or any(a >= b for a, b in pairwise(bands_raw))):
        raise ConfigError(f"country profile {source} [cuts] age_bands = {bands_raw!r}: expected "
                          "increasing whole years starting at 0")
    return CountryProfile(
        code=country["code"], name_en=country["name_en"], name_zh=country.get("name_zh", ""),
        id_scheme=_scheme_name(country["id_scheme"], ID_SCHEMES, f"{here} id_scheme"),
        region_scheme=_scheme_name(country["region_scheme"], REGION_SCHEMES,
                                   f"{here} region_scheme"),
        employer_scheme=_scheme_name(country["employer_scheme"], EMPLOYER_SCHEMES,
                                     f"{here} employer_scheme"),
        codes=codes, sex_labels=sex_labels, schemes=schemes, groups=groups,
        age_bands=tuple(bands_raw), source=source,
    )


@cache
def load_profile(name_or_path: str = "cn") -> CountryProfile:
    """Load a built-in profile by name (``cn``) or a profile file by path (``*.toml``)."""
    path = Path(name_or_path)
    if path.suffix == ".toml":
        if not path.is_file():
            raise ConfigError(f"country profile file {name_or_path!r} not found")
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        ref = resources.files("unireg.rules").joinpath("profiles", f"{name_or_path}.toml")
        if not ref.is_file():
            raise ConfigError(f"no country profile named {name_or_path!r}; built in: cn "
                              "(or give the path of a .toml file)")
        text, source = ref.read_text(encoding="utf-8"), f"builtin:{name_or_path}"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"country profile {source}: {exc}") from None
    return parse_profile(data, source)
