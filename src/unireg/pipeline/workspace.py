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

import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

# A large file is copied in this many ranges at once (the kernel copies the pages; one range
# at a time keeps one core busy — see copy_file).
COPY_PARTS = 2
_CHUNK = 1 << 28


def copy_file(source: Path, target: Path, parts: int = COPY_PARTS) -> None:
    """Copy ``source`` to ``target`` (replaced), ``parts`` ranges at a time.

    An update copies the whole registry before changing it (the live file stays
    untouched until the swap). The copy is the kernel's work (``copy_file_range``:
    no bytes pass through Python) and one range at a time keeps one core busy;
    ranges copied side by side take about half the time. Where the call is
    missing or refused (another OS, another file system), ``shutil.copyfile``.
    """
    size = source.stat().st_size
    if not hasattr(os, "copy_file_range") or parts < 2 or size < parts * _CHUNK:
        shutil.copyfile(source, target)
        return
    src = os.open(source, os.O_RDONLY)
    try:
        dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.ftruncate(dst, size)
            bounds = [size * i // parts for i in range(parts + 1)]
            failed: list[BaseException] = []

            def copy_range(start: int, end: int) -> None:
                try:
                    at = start
                    while at < end:
                        n = os.copy_file_range(src, dst, min(_CHUNK, end - at), at, at)
                        if n <= 0:
                            raise OSError(f"{source}: copy stopped at byte {at} of {size}")
                        at += n
                except BaseException as e:  # re-raised in the calling thread
                    failed.append(e)

            threads = [threading.Thread(target=copy_range, args=(bounds[i], bounds[i + 1]))
                       for i in range(parts)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            os.close(dst)
    finally:
        os.close(src)
    if failed:
        target.unlink(missing_ok=True)
        if isinstance(failed[0], OSError):
            shutil.copyfile(source, target)  # e.g. EXDEV, ENOSYS: the portable way
            return
        raise failed[0]


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
