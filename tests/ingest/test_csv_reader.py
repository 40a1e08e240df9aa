"""The DuckDB fast path: exact row numbers, strictness, and the unclosed-quote guard."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unireg.ingest.csv_reader import duckdb_csv_relation, ends_inside_quotes, unclosed_quote
from unireg.ingest.csv_records import read_header, read_records


def _fast(path: Path, n: int) -> list[tuple[int, list[str]]]:
    rel, params = duckdb_csv_relation(path, n)
    con = duckdb.connect()
    cols = ", ".join(f"coalesce(c{i}, '')" for i in range(n))
    return [(r[0], list(r[1:])) for r in
            con.execute(f"SELECT _row, {cols} FROM {rel} ORDER BY _row", params).fetchall()]


def _write(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "x.csv"
    p.write_bytes(data)
    return p


def test_bom_crlf_quotes_newlines_and_blank_lines(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbf"id",b\r\n1,"a, ""q""\r\nline 2"\r\n\r\n2,\r\n3,x'
    p = _write(tmp_path, data)
    assert read_header(p, "utf-8").cells == ["id", "b"]
    assert _fast(p, 2) == [(1, ["1", 'a, "q"\r\nline 2']), (2, ["2", ""]), (3, ["3", "x"])]


def test_cr_only_files(tmp_path: Path) -> None:
    assert _fast(_write(tmp_path, b"a,b\r1,x\r2,y\r"), 2) == [(1, ["1", "x"]), (2, ["2", "y"])]


@pytest.mark.parametrize("data", [b"a,b\n1,2,3\n", b"a,b\n1\n", b'a,b\n1,"x"y\n',
                                  b"a,b\n1,\xff\n"])
def test_any_problem_fails_the_whole_read(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(duckdb.InvalidInputException):
        _fast(_write(tmp_path, data), 2)


@pytest.mark.parametrize(("data", "inside"), [
    (b"a,b\n1,2\n", False),
    (b'a,b\n1,"x, ""y""\nz"\n2,""\n', False),
    (b'\xef\xbb\xbf"a,",b\n1,2\n', False),
    (b'a,b\n1,"cut', True),
    (b'a,b\n1,"cut\n2,x\n', True),
    # DuckDB takes a quote inside an unquoted field as a plain character; the even number
    # of quotes here must not hide the unclosed one.
    (b'a,b\n1,ca"rl\n2,"cut\n', True),
    (b"", False),
])
def test_ends_inside_quotes(tmp_path: Path, data: bytes, inside: bool) -> None:
    assert ends_inside_quotes(_write(tmp_path, data)) is inside


def _read_count(path: Path, n: int) -> int | None:
    """How many records DuckDB's fast read gives, or None when it refuses the file."""
    try:
        return len(_fast(path, n))
    except duckdb.InvalidInputException:
        return None


_messy = st.text(alphabet=st.sampled_from(list('ab张,"\n\r ')), max_size=30)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_messy, bom=st.booleans())
def test_unclosed_quote_gives_the_whole_scans_answer(tmp_path: Path, body: str,
                                                     bom: bool) -> None:
    """Given the number of records DuckDB read, the line-count shortcut answers exactly as
    the scan of the whole file (on files DuckDB reads without an error)."""
    p = _write(tmp_path, (b"\xef\xbb\xbf" if bom else b"") + b"a,b\n" + body.encode())
    n = _read_count(p, 2)
    if n is not None:
        assert unclosed_quote(p, n) is ends_inside_quotes(p)


@pytest.mark.parametrize(("data", "inside"), [
    (b'a,b\n1,x\n2,"cut', True),  # on the last line: the only line scanned
    (b'a,b\n1,"cut\n2,x\n', True),  # one record fewer than lines: the whole file scanned
    (b'a,b\n1,x\n2,"y"\n', False),
    (b'\xef\xbb\xbf"a",b\n', False),
    (b"", False),
])
def test_unclosed_quote_with_duckdbs_count(tmp_path: Path, data: bytes, inside: bool) -> None:
    p = _write(tmp_path, data)
    n = _read_count(p, 2)
    assert n is not None
    assert unclosed_quote(p, n) is inside


def test_duckdb_silently_drops_an_unclosed_last_record(tmp_path: Path) -> None:
    """The DuckDB gap the guard exists for: if this starts failing, DuckDB fixed it."""
    p = _write(tmp_path, b'a,b\n1,ok\n2,"cut\n3,x\n')
    assert _fast(p, 2) == [(1, ["1", "ok"])]
    assert ends_inside_quotes(p)


_cell = st.text(alphabet=st.sampled_from(list('ab张 ,"\n\r\t\u3000x1')), max_size=6)


def _rfc4180(rows: list[list[str]], quote_all: bool, newline: str) -> str:
    """CSV as RFC 4180 writes it (Python's csv.writer leaves a lone CR unquoted with LF ends)."""
    def field(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if quote_all or any(c in v for c in ',"\r\n') else v
    return "".join(",".join(field(v) for v in r) + newline for r in rows)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cell, min_size=3, max_size=3), max_size=6),
       quote_all=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_fast_and_careful_paths_agree(tmp_path: Path, rows: list[list[str]], quote_all: bool,
                                      newline: str, bom: bool) -> None:
    if not quote_all:  # a row of empty cells is then a blank line, which is not a record
        rows = [r for r in rows if any(r)]
    text = _rfc4180([["a", "b", "c"], *rows], quote_all, newline)
    p = _write(tmp_path, (b"\xef\xbb\xbf" if bom else b"") + text.encode())
    expected = [(i, r) for i, r in enumerate(rows, start=1)]
    assert not ends_inside_quotes(p)
    assert list(read_records(p, "utf-8", 3)) == expected
    assert _fast(p, 3) == expected
