"""`sources.yaml`: what a delivery folder says about its files, and mapping profiles.

A delivery may hold a ``sources.yaml`` that names a file's kind and source, and
maps files that do not follow the data standard onto it through a *profile*:
other column names, other codes, other date formats, another encoding. The
format is documented in ``docs/mapping-profiles.md``.

Every scalar is read as text (YAML's implicit typing is off: ``男: 1`` maps to
the string ``"1"``, and ``no`` stays ``"no"``). Any key the format does not
define is an error that names the key and the file, so a typo never silently
switches a mapping off.

>>> text = '''
... files:
...   enrolment-legacy.csv: {kind: enrolment, profile: legacy}
... profiles:
...   legacy: {encoding: gbk, values: {sex: {男: 1, 女: 2}}}
... '''
>>> s = parse_sources(text, "sources.yaml")
>>> s.files["enrolment-legacy.csv"].profile
'legacy'
>>> s.profiles["legacy"].values["sex"]
{'男': '1', '女': '2'}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from unireg.errors import ConfigError, IngestError
from unireg.ingest.kinds import ALL_FIELDS, KINDS

SOURCES_FILE = "sources.yaml"
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "gbk": "gbk", "gb18030": "gb18030"}

_TOP_KEYS = ("files", "profiles")
_FILE_KEYS = ("kind", "source", "profile", "sheet")
_PROFILE_KEYS = ("encoding", "columns", "values", "dates", "months", "constants")


class SourcesError(IngestError, ConfigError):
    """`sources.yaml` is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class Profile:
    """How to read a file that does not follow the standard.

    ``columns`` maps a standard field to the file's header for it; ``values``
    maps, per field, a source value to the standard code; ``dates``/``months``
    are strptime formats tried in order; ``constants`` gives a field one value
    for every row.
    """

    name: str
    encoding: str = "utf-8"
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    constants: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileEntry:
    """What `sources.yaml` says about one file (any of it may be left out)."""

    name: str
    kind: str | None = None
    source: str | None = None
    profile: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Sources:
    """The parsed `sources.yaml` of a delivery (empty when the folder has none)."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)


def load_sources(delivery: Path) -> Sources:
    """Read ``delivery/sources.yaml``; an empty :class:`Sources` when there is none."""
    path = delivery / SOURCES_FILE
    if not path.is_file():
        return Sources()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise SourcesError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    return parse_sources(text, str(path))


def parse_sources(text: str, where: str) -> Sources:
    """Parse the text of a `sources.yaml`; ``where`` names it in error messages."""
    try:
        doc = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str/list/dict
    except yaml.YAMLError as e:
        raise SourcesError(f"{where}: not valid YAML: {e}") from None
    if doc is None or doc == "":
        return Sources()
    top = _mapping(doc, where, "the top level")
    _known_keys(top, _TOP_KEYS, where, "the top level")
    profiles = {
        name: _profile(name, body, where)
        for name, body in _mapping(top.get("profiles", {}), where, "profiles").items()}
    files: dict[str, FileEntry] = {}
    for name, body in _mapping(top.get("files", {}), where, "files").items():
        entry = _file_entry(name, body, where)
        if entry.profile is not None and entry.profile not in profiles:
            raise SourcesError(
                f"{where}: files.{name}.profile = {entry.profile!r} is not defined under "
                f"profiles (defined: {', '.join(sorted(profiles)) or 'none'})")
        files[name] = entry
    return Sources(files=files, profiles=profiles)


def _file_entry(name: str, body: Any, where: str) -> FileEntry:
    at = f"files.{name}"
    m = _mapping(body, where, at)
    _known_keys(m, _FILE_KEYS, where, at)
    kind = _opt_str(m, "kind", where, at)
    if kind is not None and kind not in KINDS:
        raise SourcesError(f"{where}: {at}.kind = {kind!r}: expected one of {', '.join(KINDS)}")
    source = _opt_str(m, "source", where, at)
    if source is not None and not source.strip():
        raise SourcesError(f"{where}: {at}.source is empty; leave it out to use the file name")
    return FileEntry(name=name, kind=kind, source=source,
                     profile=_opt_str(m, "profile", where, at),
                     sheet=_opt_str(m, "sheet", where, at))


def _profile(name: str, body: Any, where: str) -> Profile:
    at = f"profiles.{name}"
    m = _mapping(body, where, at)
    _known_keys(m, _PROFILE_KEYS, where, at)
    encoding = (_opt_str(m, "encoding", where, at) or "utf-8").strip().lower()
    if encoding not in ENCODINGS:
        raise SourcesError(f"{where}: {at}.encoding = {encoding!r}: expected utf-8, gbk or gb18030")
    columns = _field_map(m.get("columns", {}), where, f"{at}.columns")
    constants = _field_map(m.get("constants", {}), where, f"{at}.constants")
    values: dict[str, dict[str, str]] = {}
    for fname, vmap in _mapping(m.get("values", {}), where, f"{at}.values").items():
        _known_field(fname, where, f"{at}.values")
        values[fname] = _value_map(vmap, where, f"{at}.values.{fname}")
    return Profile(name=name, encoding=ENCODINGS[encoding], columns=columns, values=values,
                   dates=_formats(m.get("dates", []), where, f"{at}.dates"),
                   months=_formats(m.get("months", []), where, f"{at}.months"),
                   constants=constants)


def _value_map(body: Any, where: str, at: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for src, dst in _mapping(body, where, at).items():
        key = src.strip()
        if not isinstance(dst, str):
            raise SourcesError(f"{where}: {at}.{src}: expected a text value, got {_kind(dst)}")
        if key in out and out[key] != dst:
            raise SourcesError(f"{where}: {at}: {key!r} is mapped twice")
        out[key] = dst
    return out


def _field_map(body: Any, where: str, at: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for fname, value in _mapping(body, where, at).items():
        _known_field(fname, where, at)
        if not isinstance(value, str):
            raise SourcesError(f"{where}: {at}.{fname}: expected text, got {_kind(value)}")
        out[fname] = value
    return out


def _formats(body: Any, where: str, at: str) -> tuple[str, ...]:
    if body == "":
        return ()
    if not isinstance(body, list) or not all(isinstance(f, str) and "%" in f for f in body):
        raise SourcesError(f"{where}: {at}: expected a list of strptime formats "
                           "such as [\"%Y%m%d\", \"%Y年%m月%d日\"]")
    return tuple(body)


def _known_field(fname: str, where: str, at: str) -> None:
    if fname not in ALL_FIELDS:
        raise SourcesError(f"{where}: {at}: unknown key {fname!r}: not a field of the "
                           "data standard (see docs/mapping-profiles.md for the field list)")


def _known_keys(m: Mapping[str, Any], allowed: tuple[str, ...], where: str, at: str) -> None:
    for key in m:
        if key not in allowed:
            raise SourcesError(f"{where}: {at}: unknown key {key!r} "
                               f"(expected {', '.join(allowed)})")


def _mapping(body: Any, where: str, at: str) -> dict[str, Any]:
    if body == "":  # an empty YAML value, e.g. `constants:` with nothing after it
        return {}
    if not isinstance(body, dict):
        raise SourcesError(f"{where}: {at}: expected a mapping (key: value), got {_kind(body)}")
    return body


def _opt_str(m: Mapping[str, Any], key: str, where: str, at: str) -> str | None:
    value = m.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourcesError(f"{where}: {at}.{key}: expected text, got {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "text"}
    return names.get(type(value), type(value).__name__)
