"""Which files a delivery folder holds, and what each one is.

A delivery is a folder of files, one kind of record per file
(data-standard.md §1). A file's kind is its name's first word
(``enrolment-gd-2017q4.csv`` → ``enrolment``) unless `sources.yaml` names it;
its format is its extension (``.csv``, ``.parquet``, ``.xlsx``); its source
name is `source` from `sources.yaml`, else the file name without extension.

Not part of the delivery: `sources.yaml` itself, hidden files (``.name``),
office lock files (``~$name``), README files and sub-folders (such as the
generator's ``truth/``). Every other file must be understood: one whose kind
or format cannot be told is an error, never silently skipped.

>>> kind_from_name("enrolment-gd-2017q4.csv"), kind_from_name("survey_2024.xlsx")
('enrolment', 'survey')
>>> kind_from_name("notes.csv") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unireg.errors import IngestError
from unireg.ingest.kinds import FORMATS, KINDS
from unireg.ingest.profiles import SOURCES_FILE, Profile, Sources, load_sources


@dataclass(frozen=True)
class DeliveryFile:
    """One data file of a delivery, with everything needed to stage it."""

    path: Path
    kind: str
    source: str
    format: str             # csv | parquet | xlsx
    profile: Profile | None
    sheet: str | None = None  # XLSX only: the sheet to read (None: the first)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def encoding(self) -> str:
        return self.profile.encoding if self.profile else "utf-8"


def kind_from_name(name: str) -> str | None:
    """The kind named by a file name's first word (split on ``-``, ``_``, ``.``), or None."""
    first = re.split(r"[-_.]", name, maxsplit=1)[0].lower()
    return first if first in KINDS else None


def is_ignored(path: Path) -> bool:
    """True for entries of a delivery folder that are not data files."""
    name = path.name
    return (path.is_dir() or name == SOURCES_FILE or name.startswith((".", "~$"))
            or name.upper().split(".")[0] == "README")


def discover(delivery: Path) -> list[DeliveryFile]:
    """The data files of a delivery folder, sorted by name.

    Raises IngestError when the folder does not exist, when a file's kind or
    format cannot be told, when `sources.yaml` is wrong or names a file that is
    not there, or when two files would share a source name (their record
    references ``source:row`` would collide).
    """
    if not delivery.is_dir():
        raise IngestError(f"{delivery}: not a folder; a delivery is a folder of files")
    sources = load_sources(delivery)
    names = sorted(p.name for p in delivery.iterdir() if not is_ignored(p))
    for declared in sources.files:
        if declared not in names:
            raise IngestError(f"{delivery / SOURCES_FILE}: files.{declared}: no such file "
                              f"in {delivery}")
    files = [_describe(delivery / name, sources) for name in names]
    seen: dict[str, str] = {}
    for f in files:
        if f.source in seen:
            raise IngestError(
                f"{f.path}: source name {f.source!r} is also the source of {seen[f.source]}; "
                f"give one of them its own `source:` in {SOURCES_FILE}")
        seen[f.source] = f.name
    return files


def _describe(path: Path, sources: Sources) -> DeliveryFile:
    entry = sources.files.get(path.name)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(
            f"{path}: cannot tell the format of this file from its extension "
            f"{path.suffix or '(none)'!r}; a delivery holds {', '.join(FORMATS)} files: "
            "convert it, or move it out of the delivery folder")
    kind = (entry.kind if entry else None) or kind_from_name(path.name)
    if kind is None:
        raise IngestError(
            f"{path}: cannot tell the kind of record this file holds: its name must start "
            f"with one of {', '.join(KINDS)} (e.g. enrolment-gd-2017q4.csv), or declare it in "
            f"{SOURCES_FILE} (files: {{{path.name}: {{kind: enrolment}}}})")
    profile = sources.profiles[entry.profile] if entry and entry.profile else None
    source = (entry.source.strip() if entry and entry.source else None) or path.stem
    sheet = entry.sheet if entry else None
    if sheet is not None and fmt != "xlsx":
        raise IngestError(f"{path}: `sheet:` is given in {SOURCES_FILE} but this is not an "
                          "XLSX file")
    return DeliveryFile(path=path, kind=kind, source=source, format=fmt, profile=profile,
                        sheet=sheet)
