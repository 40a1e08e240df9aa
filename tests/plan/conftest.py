"""Plan fixtures: a private copy of the noisy build's workspace (plans are written into it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def copy_workspace(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("registry.duckdb", "delivered.duckdb", "build.json"):
        if (src / name).exists():
            shutil.copy2(src / name, dst / name)
    shutil.copytree(src / "exports", dst / "exports")
    return dst


@pytest.fixture(scope="module")
def plan_ws(noisy_build, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    ws, _summary = noisy_build
    return copy_workspace(ws, tmp_path_factory.mktemp("plan") / "ws")
