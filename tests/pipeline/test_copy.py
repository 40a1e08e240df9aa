"""The registry copy an update starts with: byte for byte, whichever way it is made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unireg.pipeline import workspace
from unireg.pipeline.workspace import copy_file


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_copy_in_ranges_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             parts: int) -> None:
    monkeypatch.setattr(workspace, "_CHUNK", 4096)  # many chunks per range, on a small file
    source = tmp_path / "registry.duckdb"
    data = os.urandom(3 * 4096 * 7 + 123)  # ranges that do not end on a chunk boundary
    source.write_bytes(data)
    target = tmp_path / "copy.duckdb"
    target.write_bytes(b"an older, longer file" * 10_000)  # replaced, not overwritten in part
    copy_file(source, target, parts=parts)
    assert target.read_bytes() == data


def test_a_refused_range_copy_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "_CHUNK", 4096)

    def refuse(*args: object) -> int:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    source = tmp_path / "registry.duckdb"
    data = os.urandom(10 * 4096)
    source.write_bytes(data)
    copy_file(source, tmp_path / "copy.duckdb", parts=2)
    assert (tmp_path / "copy.duckdb").read_bytes() == data
