"""Run unireg's commands on jemalloc, where the machine has it.

DuckDB's Python wheel allocates through glibc's ``malloc`` (its own binaries
on Linux bring jemalloc; the wheel does not). A build allocates and frees
gigabytes in large pieces (hash tables, sort runs, buffer blocks): glibc
hands those back to the kernel when they are freed and asks for new pages
when the next step needs them, and the kernel zeroes every new page. In a
profile of a 10M build that zeroing was 10% of the CPU (docs/engines.md,
session 14). jemalloc keeps freed memory a while and reuses it.

:func:`use_jemalloc` re-executes the command (``unireg``, the benchmarks)
with jemalloc preloaded (``LD_PRELOAD``) when its library is installed
(Debian: ``libjemalloc2``, which ``scripts/setup`` installs where it can).
It does nothing when:

- ``UNIREG_MALLOC=system`` is set (keep glibc's ``malloc``);
- the machine is not Linux, or has no jemalloc;
- this process is already the re-executed one.

jemalloc runs with its defaults (freed memory is kept 10 s, then given back),
or with the caller's ``MALLOC_CONF``. In the re-executed process
``LD_PRELOAD`` is put back as it was, so the programs it starts (Spark's JVM,
a browser) run as they would have. Importing unireg as a library changes
nothing: only the command line's entry point and the benchmark scripts call
this. Measured on a 10M build (session 15): 497-560 s on jemalloc (mean 525 s,
six builds) against 546-567 s on glibc's ``malloc`` (mean 555 s, four), the
same exports byte for byte.

>>> find_jemalloc(dirs=()) is None
True
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

ENV = "UNIREG_MALLOC"  # "system": keep glibc's malloc
LIBRARY = "libjemalloc.so.2"
# Where Debian, Fedora and a source install put it.
DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
        "/usr/local/lib")
# Set in the re-executed process: what LD_PRELOAD was before ("" = unset).
_MARK = "_UNIREG_JEMALLOC_WAS"


def find_jemalloc(dirs: Iterable[str] = DIRS) -> Path | None:
    """The jemalloc library in one of ``dirs``, or None."""
    for d in dirs:
        path = Path(d) / LIBRARY
        if path.is_file():
            return path
    return None


def active() -> bool:
    """Whether jemalloc is loaded in this process (Linux: its library is mapped)."""
    try:
        return LIBRARY.split(".so")[0] in Path("/proc/self/maps").read_text()
    except OSError:
        return False


def _restore() -> None:
    """In the re-executed process: give the programs it starts the environment it had."""
    preload = os.environ.pop(_MARK)
    if preload:
        os.environ["LD_PRELOAD"] = preload
    else:
        os.environ.pop("LD_PRELOAD", None)


def use_jemalloc() -> None:
    """Re-execute this process with jemalloc preloaded, when it applies (module docstring).
    Returns only when it does not apply or the re-execution failed."""
    if _MARK in os.environ:
        _restore()
        return
    if sys.platform != "linux" or os.environ.get(ENV, "").lower() == "system" or active():
        return
    lib = find_jemalloc()
    if lib is None:
        return
    env = dict(os.environ)
    preload = env.get("LD_PRELOAD", "")
    env["LD_PRELOAD"] = f"{lib} {preload}".strip()
    env[_MARK] = preload
    try:
        # the same interpreter and arguments: nothing from outside the process
        os.execve(sys.executable, sys.orig_argv, env)  # noqa: S606
    except OSError:
        return
