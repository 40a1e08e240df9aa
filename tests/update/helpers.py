"""Helpers shared by the update tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

REF = dt.date(2017, 12, 31)
YEAR_END = dt.date(2018, 12, 31)


def settings_on(ref: dt.date):  # type: ignore[no-untyped-def]
    from unireg.config import load_settings

    return load_settings(env={}, file=None, reference_date=ref)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.parquet"))}


def delivery_with(province: Path, target: Path, *events: Path) -> Path:
    """A delivery folder: the province's files plus the given event files."""
    target.mkdir(parents=True)
    for p in province.iterdir():
        if p.is_file():
            shutil.copy(p, target / p.name)
    for e in events:
        shutil.copy(e, target / e.name)
    return target
