"""Reading a clean CSV file with DuckDB: the fast path.

DuckDB's ``read_csv`` is run with every setting explicit (no sniffing): comma,
``"`` quote and escape, one header row, every column text, strict RFC 4180
(a row with the wrong number of fields, or text after a closing quote, is an
error), UTF-8. Rows are numbered with ``row_number() OVER ()`` on a
single-threaded scan, which DuckDB runs as a streaming window in file order:
row numbers count records (a quoted field may span lines), the header is row
0, and nothing is held in memory.

When DuckDB reports any problem, the whole statement fails and nothing is
staged; the file is then read by :mod:`unireg.ingest.csv_records`, which
rejects bad rows one by one.

One gap is closed after DuckDB runs: DuckDB 2.0 silently drops a last record
whose quoted field is never closed (it reaches the end of the file without an
error, even with ``store_rejects``). :func:`ends_inside_quotes` finds such
files, and they take the careful path (the fast read is rolled back). Scanning
a whole file for that is slow (~20 MB/s, 10 s for a 185 MB file), so
:func:`unclosed_quote` first counts lines: when DuckDB read one record per line,
only the last line can hold an open quote, and only it is scanned.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path
from typing import Any

# A CSV file as DuckDB tokenises it: runs of non-quote bytes, quoted fields
# (a quote at the start of a field, `""` escapes, a closing quote), and stray
# quotes inside unquoted fields (plain characters). Possessive quantifiers keep
# the scan linear without backtracking. A match that stops before the end of
# the file stopped at a quoted field that is never closed.
_TOKENS = re.compile(rb'(?:[^"]++|(?<![^,\r\n])"(?:[^"]++|"")*+"|(?<=[^,\r\n])")*+')
_BOM = b"\xef\xbb\xbf"

# DuckDB's longest accepted line; a longer one fails the fast path (careful path reads it).
MAX_LINE_SIZE = 1 << 24


def ends_inside_quotes(path: Path) -> bool:
    """True when the file ends inside a quoted field (an unclosed quote).

    Runs at memory speed over a memory map (a few hundred MB/s).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = Path(d, "x.csv"); _ = p.write_bytes(b'a,b\\n1,"x\\n2,y\\n')
    >>> ends_inside_quotes(p)
    True
    >>> _ = p.write_bytes(b'a,b\\n1,"x ""q"", y"\\n2,z"z\\n')
    >>> ends_inside_quotes(p)
    False
    """
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
        start = len(_BOM) if m[:3] == _BOM else 0
        # A slice (not ``match(m, start)``): lookbehinds must see the BOM as the start.
        with memoryview(m) as view, view[start:] as body:
            match = _TOKENS.match(body)
            end = -1 if match is None else match.end()
            del match  # it holds the buffer, which must be released before the map closes
        return end != len(m) - start


def unclosed_quote(path: Path, records: int) -> bool:
    """:func:`ends_inside_quotes` for a file DuckDB read as ``records`` data records.

    When that is one record per line after the header (no record spans lines:
    the common case), a quoted field left open could only be on the last line,
    and only that line is scanned; otherwise the whole file is (the scan runs at
    ~20 MB/s, counting lines at ~300 MB/s).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp(), "x.csv")
    >>> _ = p.write_bytes(b'a,b\\n1,x\\n2,"y')   # DuckDB reads one record, drops one
    >>> unclosed_quote(p, 1), unclosed_quote(p, 2)
    (True, True)
    >>> _ = p.write_bytes(b'a,b\\n1,"x"\\n2,"y"\\r\\n')
    >>> unclosed_quote(p, 2)
    False
    """
    size = path.stat().st_size
    if size == 0:
        return False
    newlines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            newlines += chunk.count(b"\n")
        fh.seek(size - 1)
        ends_with_newline = fh.read(1) == b"\n"
    lines = newlines + (0 if ends_with_newline else 1)
    if records != lines - 1:
        return ends_inside_quotes(path)
    last = _last_line(path, size - (1 if ends_with_newline else 0))
    if last.startswith(_BOM):
        last = last[len(_BOM):]
    match = _TOKENS.match(last)
    return match is None or match.end() != len(last)


def _last_line(path: Path, end: int) -> bytes:
    """The bytes of the line that ends at offset ``end`` (its newline excluded)."""
    block = 1 << 16
    with path.open("rb") as fh:
        tail = b""
        pos = end
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            tail = fh.read(pos - start) + tail
            pos = start
            i = tail.rfind(b"\n")
            if i >= 0:
                return tail[i + 1:]
        return tail


def duckdb_csv_relation(path: Path, n_fields: int) -> tuple[str, dict[str, Any]]:
    """A relation (``_row``, ``c0``…) over a UTF-8 CSV file, and its parameters."""
    columns = {f"c{i}": "VARCHAR" for i in range(n_fields)}
    sql = ("(SELECT row_number() OVER () AS _row, * FROM read_csv($csv_path, "
           "columns = $csv_columns, header = true, all_varchar = true, delim = ',', "
           "quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, "
           "null_padding = false, ignore_errors = false, parallel = false, "
           f"encoding = 'utf-8', max_line_size = {MAX_LINE_SIZE}))")
    return sql, {"csv_path": str(path), "csv_columns": columns}
