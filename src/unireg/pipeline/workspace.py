"""A workspace folder: the registry file, its exports, and the build in progress.

Layout::

    W/registry.duckdb   the registry (and the staged deliveries it was built from)
    W/exports/          data-standard §5 exports of the last good build
    W/build.json        the last build's summary
    W/.next/            a build in progress (swapped in only when it succeeds)

A build never writes into the live registry: it builds in ``.next`` and swaps
at the end, so a crash leaves the previous good registry in place.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def registry(self) -> Path:
        return self.root / "registry.duckdb"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def summary(self) -> Path:
        return self.root / "build.json"

    @property
    def next(self) -> Path:
        return self.root / ".next"

    @property
    def old(self) -> Path:
        return self.root / ".old"

    def prepare(self) -> Path:
        """Recover from an interrupted swap, clear any stale build, return the build folder."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.old.exists():
            for name in ("registry.duckdb", "exports"):
                if not (self.root / name).exists() and (self.old / name).exists():
                    (self.old / name).rename(self.root / name)
            shutil.rmtree(self.old)
        shutil.rmtree(self.next, ignore_errors=True)
        (self.next / "tmp").mkdir(parents=True)
        return self.next

    def swap(self) -> None:
        """Put the finished build in place of the live one."""
        self.old.mkdir()
        for name in ("registry.duckdb", "exports", "build.json"):
            if (self.root / name).exists():
                (self.root / name).rename(self.old / name)
        for name in ("registry.duckdb", "exports", "build.json"):
            if (self.next / name).exists():
                (self.next / name).rename(self.root / name)
        shutil.rmtree(self.old)
        shutil.rmtree(self.next)
