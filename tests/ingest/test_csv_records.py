"""The careful CSV path: every row numbered, every unreadable row rejected, none lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.errors import IngestError
from unireg.ingest.csv_records import Reject, read_header, read_records


def _write(tmp_path: Path, data: bytes, name: str = "x.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _read(p: Path, n: int, encoding: str = "utf-8") -> list[tuple[int, list[str]] | Reject]:
    return list(read_records(p, encoding, n))


def test_header_strips_bom_and_counts_lines(tmp_path: Path) -> None:
    p = _write(tmp_path, '\ufeff"id","na\nme"\n1,2\n'.encode())
    h = read_header(p, "utf-8")
    assert h.cells == ["id", "na\nme"] and h.lines == 2


def test_empty_file_and_bad_header_are_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="empty"):
        read_header(_write(tmp_path, b""), "utf-8")
    with pytest.raises(IngestError, match="header row is not valid gbk"):
        read_header(_write(tmp_path, b"\x81,b\n1,2\n"), "gbk")
    with pytest.raises(IngestError, match="header row cannot be read"):
        read_header(_write(tmp_path, b'a,"b\n1,2\n'), "utf-8")


def test_rows_count_records_not_lines_and_skip_blank_lines(tmp_path: Path) -> None:
    p = _write(tmp_path, b'a,b\n1,"x\ny, ""z"""\n\n2,\r\n3,w')
    assert _read(p, 2) == [(1, ["1", 'x\ny, "z"']), (2, ["2", ""]), (3, ["3", "w"])]


def test_wrong_field_counts_are_rejected_with_row_and_line(tmp_path: Path) -> None:
    p = _write(tmp_path, "a,b,c\n1,2,3\n张伟,440305198503123018\n4,5,6,7\n8,9,10\n".encode())
    out = _read(p, 3)
    assert out[0] == (1, ["1", "2", "3"]) and out[3] == (4, ["8", "9", "10"])
    assert out[1] == Reject(2, "csv.structure", "x.csv row 2 (line 3): 2 fields, expected 3")
    assert out[2] == Reject(3, "csv.structure", "x.csv row 3 (line 4): 4 fields, expected 3")


def test_text_after_a_closing_quote(tmp_path: Path) -> None:
    p = _write(tmp_path, b'a,b\n1,"x"y\n2,z\n')
    out = _read(p, 2)
    assert isinstance(out[0], Reject) and out[0].row == 1 and "closing quote" in out[0].message
    assert out[1] == (2, ["2", "z"])


def test_an_unclosed_quote_costs_one_row_and_reading_resumes(tmp_path: Path) -> None:
    p = _write(tmp_path, b'a,b\n1,ok\n2,"never closed\n3,x\n4,y\n')
    out = _read(p, 2)
    assert out[0] == (1, ["1", "ok"])
    assert out[1] == Reject(2, "csv.structure", "x.csv row 2 (lines 3-5): a quoted field is not "
                            "closed before the end of the file; reading resumes on line 4")
    assert out[2:] == [(3, ["3", "x"]), (4, ["4", "y"])]


def test_a_stray_quote_that_closes_later_costs_one_row(tmp_path: Path) -> None:
    p = _write(tmp_path, b'a,b\n1,ok\n2,"stray\n3,x\n4,"y"\n5,z\n')
    out = _read(p, 2)
    assert isinstance(out[1], Reject) and out[1].row == 2 and "(lines 3-5)" in out[1].message
    assert out[2:] == [(3, ["3", "x"]), (4, ["4", "y"]), (5, ["5", "z"])]


def test_an_unclosed_quote_on_the_last_row(tmp_path: Path) -> None:
    out = _read(_write(tmp_path, b'a,b\n1,ok\n2,"cut off'), 2)
    assert out[0] == (1, ["1", "ok"]) and isinstance(out[1], Reject) and out[1].row == 2
    assert len(out) == 2


def test_bytes_that_do_not_decode_reject_the_row(tmp_path: Path) -> None:
    data = "a,b\n1,张伟\n2,".encode("gbk") + b"\xff\xfe" + "\n3,李娜\n".encode("gbk")
    out = _read(_write(tmp_path, data), 2, "gbk")
    assert out[0] == (1, ["1", "张伟"]) and out[2] == (3, ["3", "李娜"])
    assert out[1] == Reject(2, "encoding", "x.csv row 2 (line 3): bytes that are not valid gbk "
                                           "text")


def test_an_invalid_lead_byte_before_a_newline_spoils_only_its_row(tmp_path: Path) -> None:
    data = "a,b\n1,x".encode("gbk") + b"\x81" + "\n2,李娜\n".encode("gbk")
    out = _read(_write(tmp_path, data), 2, "gbk")
    assert isinstance(out[0], Reject) and out[0].rule == "encoding"
    assert out[1] == (2, ["2", "李娜"])


def test_cr_only_line_ends(tmp_path: Path) -> None:
    out = _read(_write(tmp_path, b'a,b\r1,"x\ry"\r2,z\r'), 2)
    assert out == [(1, ["1", "x\ry"]), (2, ["2", "z"])]


def test_messages_never_contain_the_row(tmp_path: Path) -> None:
    secret = "440305198503123018"  # noqa: S105 - an ID number, not a password
    data = (f"a,b,c\n{secret},张伟\n{secret},\"x\"y,z\n{secret},\"open\n").encode()
    for item in _read(_write(tmp_path, data), 3):
        assert isinstance(item, Reject)
        assert secret not in item.message and "张伟" not in item.message
