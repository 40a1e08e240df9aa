"""Streaming re-encoding to UTF-8: exact copies, or nothing when bytes do not decode."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.ingest import transcode
from unireg.ingest.transcode import transcode_to_utf8


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_copies_across_chunk_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        encoding: str) -> None:
    monkeypatch.setattr(transcode, "CHUNK", 7)  # odd chunks split two-byte characters
    text = "姓名,性别\r\n张伟,男\r\n欧阳娜娜,女\r\n" * 5 + "𠀀,x\n"  # 𠀀: four bytes in GB 18030
    if encoding == "gbk":
        text = text.replace("𠀀", "镕")
    src = tmp_path / "in.csv"
    src.write_bytes(text.encode(encoding))
    out = transcode_to_utf8(src, encoding, tmp_path / "tmp")
    assert out is not None and out.parent == tmp_path / "tmp"
    assert out.read_bytes() == text.encode("utf-8")


def test_undecodable_bytes_give_none_and_leave_no_file(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes("a,b\n张伟,".encode("gbk") + b"\xff\n")
    assert transcode_to_utf8(src, "gbk", tmp_path / "tmp") is None
    assert list((tmp_path / "tmp").iterdir()) == []
