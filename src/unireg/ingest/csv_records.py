"""Reading a CSV file record by record in Python: the careful path.

Used for a file's header, and for the whole file when DuckDB's fast path
(:mod:`unireg.ingest.csv_reader`) reports a problem: then every record is
read here, streaming, with its exact row number, and each record that cannot
be read becomes a :class:`Reject` instead of stopping the file.

Rules (RFC 4180, as DuckDB reads it): comma separated, ``"`` quotes, ``""``
inside quotes is a quote, a quote inside an unquoted field is a plain
character. A record is one row, whatever number of lines it spans; blank
lines are not records (DuckDB skips them too, so row numbers agree). The
header is row 0, the first record after it row 1.

A record is rejected, with rule ``csv.structure``, when it has the wrong
number of fields, text after a closing quote, or a quoted field that runs to
the end of the file. When the bad record spans several lines (a quote opened
and swallowed the lines after it), reading resumes on the line after the one
where it began, so one stray quote costs one row, not the rest of the file.
It is rejected with rule ``encoding`` when its bytes are not text in the
file's encoding. Messages name the file, row and line, never the contents.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from unireg.errors import IngestError


@dataclass(frozen=True)
class Reject:
    """A data row that could not be read as a record, and why (no contents)."""

    row: int
    rule: str      # csv.structure | encoding (validate/catalogue.py)
    message: str


def detect_newline(path: Path) -> bytes:
    r"""The byte that ends lines: ``\n`` (LF or CRLF files), or ``\r`` for old CR-only files."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    return b"\r" if b"\n" not in head and b"\r" in head else b"\n"


class Lines:
    """The decoded physical lines of a file from a byte offset, for :mod:`csv`.

    Tracks the number of the last line handed out, the byte offset after it,
    the offset after the first line since :meth:`mark`, and whether any line
    since the mark held bytes that do not decode (they are kept as lone
    surrogates so the record can still be delimited, then rejected).
    """

    def __init__(self, fh: BinaryIO, encoding: str, newline: bytes, offset: int = 0,
                 line_no: int = 0) -> None:
        self._fh, self._encoding, self._newline = fh, encoding, newline
        self.offset, self.line_no = offset, line_no
        self.mark()
        fh.seek(offset)

    def mark(self) -> None:
        """Start a record: forget the previous record's first line and decoding errors."""
        self.mark_line = self.line_no
        self.first_line_end = self.offset
        self.undecodable = False

    def __iter__(self) -> Iterator[str]:
        for raw in self._raw_lines():
            self.offset += len(raw)
            self.line_no += 1
            if self.line_no == self.mark_line + 1:
                self.first_line_end = self.offset
            try:
                line = raw.decode(self._encoding)
            except UnicodeDecodeError:
                self.undecodable = True
                line = raw.decode(self._encoding, "surrogateescape")
            if self.line_no == 1 and line.startswith("\ufeff"):
                line = line[1:]  # a BOM: not part of the first header cell, nor a quote-opener
            yield line

    def _raw_lines(self) -> Iterator[bytes]:
        if self._newline == b"\n":
            # Not `yield from self._fh`: closing this generator would close the file.
            while raw := self._fh.readline():
                yield raw
            return
        rest = b""
        while chunk := self._fh.read(1 << 20):
            parts = (rest + chunk).split(self._newline)
            rest = parts.pop()
            for part in parts:
                yield part + self._newline
        if rest:
            yield rest


@dataclass(frozen=True)
class Header:
    """A CSV file's header cells, and how many physical lines the header spans."""

    cells: list[str]
    lines: int


def read_header(path: Path, encoding: str) -> Header:
    """The header record of a CSV file (a BOM removed). IngestError if there is none."""
    with path.open("rb") as fh:
        lines = Lines(fh, encoding, detect_newline(path))
        reader = csv.reader(lines, strict=True)
        try:
            cells = next(reader)
        except StopIteration:
            raise IngestError(f"{path.name}: the file is empty; a CSV file starts with a "
                              "header row naming its columns") from None
        except csv.Error as e:
            raise IngestError(f"{path.name}: the header row cannot be read as CSV "
                              f"({_describe(str(e))})") from None
        if lines.undecodable:
            raise IngestError(f"{path.name}: the header row is not valid {encoding} text; "
                              "declare the file's encoding in a profile in sources.yaml")
        return Header(cells=cells, lines=lines.line_no)


def read_records(path: Path, encoding: str,
                 n_fields: int) -> Iterator[tuple[int, list[str]] | Reject]:
    """Every data row of a CSV file: ``(row, fields)`` when readable, else a :class:`Reject`.

    Streams (one record in memory at a time); the header is read and skipped.
    """
    name, newline = path.name, detect_newline(path)
    offset, line_no, row, header_done = 0, 0, 0, False
    with path.open("rb") as fh:
        while True:  # once per restart after an unclosed quote
            lines = Lines(fh, encoding, newline, offset, line_no)
            reader = csv.reader(lines, strict=True)
            restart: tuple[int, int] | None = None
            while True:
                lines.mark()
                first = lines.line_no + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as e:
                    if not header_done:
                        raise IngestError(f"{name}: the header row cannot be read as CSV "
                                          f"({_describe(str(e))})") from None
                    row += 1
                    if lines.line_no == first:  # the bad line is consumed; go on after it
                        yield Reject(row, "csv.structure",
                                     f"{name} row {row} (line {first}): {_describe(str(e))}")
                        continue
                    # A quote opened on line `first` swallowed the lines after it: most
                    # likely a stray quote, so read again from the next line.
                    yield Reject(row, "csv.structure",
                                 f"{name} row {row} (lines {first}-{lines.line_no}): "
                                 f"{_describe(str(e))}; reading resumes on line {first + 1}")
                    restart = (lines.first_line_end, first)
                    break
                if not header_done:
                    header_done = True
                    continue
                if not fields:  # a blank line is not a record
                    continue
                row += 1
                if lines.undecodable:
                    yield Reject(row, "encoding",
                                 f"{name} row {row} (line {first}): bytes that are not valid "
                                 f"{encoding} text")
                elif len(fields) != n_fields:
                    yield Reject(row, "csv.structure",
                                 f"{name} row {row} (line {first}): {_fields(len(fields))}, "
                                 f"expected {n_fields}")
                else:
                    yield row, fields
            if restart is None:
                return
            offset, line_no = restart


def _fields(n: int) -> str:
    return "1 field" if n == 1 else f"{n} fields"


def _describe(error: str) -> str:
    """A csv module error in the registry's words (csv errors never quote the data)."""
    if "unexpected end of data" in error:
        return "a quoted field is not closed before the end of the file"
    if "expected after" in error:
        return "text after a closing quote; a quote inside a quoted field must be doubled"
    if "new-line character seen in unquoted field" in error:
        return "a carriage return inside an unquoted field"
    if "field larger than field limit" in error:
        return f"a field longer than {csv.field_size_limit()} characters"
    if "NUL" in error:
        return "a NUL byte"
    return "not readable as CSV"
