"""The command line runs on jemalloc where the machine has it (unireg.allocator).

Each case starts a fresh Python, as the ``unireg`` command does, and asks it
whether jemalloc is mapped, what environment it has and what its own children
get. ``scripts/test`` installs Debian's libjemalloc2, so its absence fails.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys

import pytest

from unireg.allocator import ENV, find_jemalloc

# What the process reports after use_jemalloc(): jemalloc mapped in it, its LD_PRELOAD and
# MALLOC_CONF, whether a program it starts has jemalloc mapped, and jemalloc's thp option.
PROBE = """
import ctypes, json, os, subprocess
from unireg.allocator import active, use_jemalloc
use_jemalloc()
thp = None
if hasattr(ctypes.CDLL(None), "mallctl"):  # jemalloc's: the option it started with
    value, size = ctypes.c_char_p(), ctypes.c_size_t(ctypes.sizeof(ctypes.c_char_p))
    ctypes.CDLL(None).mallctl(b"opt.thp", ctypes.byref(value), ctypes.byref(size), None, 0)
    thp = value.value.decode()
child = subprocess.run(["grep", "-c", "jemalloc", "/proc/self/maps"], capture_output=True,
                       text=True).stdout.strip()
print(json.dumps({"active": active(), "preload": os.environ.get("LD_PRELOAD"),
                  "conf": os.environ.get("MALLOC_CONF"), "child": int(child or 0), "thp": thp}))
"""

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="LD_PRELOAD is Linux's")


def probe(**env: str) -> dict[str, object]:
    base = {k: v for k, v in os.environ.items()
            if k not in (ENV, "LD_PRELOAD", "MALLOC_CONF")}
    out = subprocess.run([sys.executable, "-c", PROBE], env={**base, **env}, check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    if find_jemalloc() is None:
        pytest.fail("libjemalloc2 is not installed (scripts/test installs it with apt)")


def test_the_command_runs_on_jemalloc_and_its_children_do_not() -> None:
    assert probe() == {"active": True, "preload": None, "conf": None, "child": 0,
                       "thp": "default"}


def test_unireg_malloc_system_keeps_glibc() -> None:
    assert probe(**{ENV: "system"}) == {"active": False, "preload": None, "conf": None,
                                        "child": 0, "thp": None}


def test_the_callers_malloc_conf_reaches_jemalloc() -> None:
    assert probe(MALLOC_CONF="thp:always") == {"active": True, "preload": None,
                                              "conf": "thp:always", "child": 0,
                                              "thp": "always"}


def test_a_callers_preload_is_kept_and_given_back() -> None:
    # a library the caller preloads (here glibc's own libm, harmless) stays preloaded
    libm = "/lib/x86_64-linux-gnu/libm.so.6"
    if not os.path.exists(libm):
        libm = "libm.so.6"
    assert probe(LD_PRELOAD=libm) == {"active": True, "preload": libm, "conf": None,
                                      "child": 0, "thp": "default"}


def test_the_installed_command_starts() -> None:
    # the console script's entry point: re-executes itself, then runs click as before
    (script,) = importlib.metadata.entry_points(group="console_scripts", name="unireg")
    assert script.value == "unireg.cli:entry"
    unireg = os.path.join(os.path.dirname(sys.executable), "unireg")
    out = subprocess.run([unireg, "--version"], check=True, capture_output=True, text=True)
    assert out.stdout.startswith("unireg, version ")
