"""A Parquet file's footer, read and written back, to copy row groups without re-encoding them.

An update merges the touched persons' rows into the previous exports
(:mod:`unireg.export.merge`). The row groups of ``links`` before the events'
(the delivered enrolment and employment records) and after them (population
and survey records) do not change: re-encoding them was most of that merge.
This module lets the merge copy their bytes instead, around the row groups it
did encode (written to a file of their own by the same writer), under one
footer that lists them all, each group's offsets moved to where it now
starts. The result is the file a full write gives, byte for byte:
the merge first checks that the previous file was written with the writer's
present settings (:func:`same_writer`).

The footer is Thrift's compact protocol (parquet-format's ``FileMetaData``). It
is decoded generically, as fields numbered and typed, and encoded back the way
Thrift's C++ library writes it, so a footer read and written unchanged gives
the same bytes (``tests/update/test_merge.py`` checks it).
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MAGIC = b"PAR1"

# Compact protocol types
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(1, 13)

# parquet-format field ids
FILE_NUM_ROWS, FILE_ROW_GROUPS = 3, 4
RG_COLUMNS, RG_NUM_ROWS, RG_FILE_OFFSET, RG_ORDINAL = 1, 3, 5, 7
CC_FILE_OFFSET, CC_META, CC_OFFSET_INDEX, CC_COLUMN_INDEX = 2, 3, 4, 6
CMD_COMPRESSED, CMD_DATA_PAGE, CMD_INDEX_PAGE, CMD_DICT_PAGE, CMD_BLOOM = 7, 9, 10, 11, 14


class FooterError(ValueError):
    """Not a footer this module can rewrite."""


@dataclass
class Field:
    id: int
    type: int
    value: Any  # int, bool, bytes, Struct, or (element type, [values]) for lists and sets


Struct = list[Field]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def byte(self) -> int:
        b = self.data[self.at]
        self.at += 1
        return b

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind: int) -> Any:
        if kind in (_TRUE, _FALSE, _BYTE):  # (a bool inside a list is one byte)
            return self.byte()
        if kind in (_I16, _I32, _I64):
            return self.zigzag()
        if kind == _DOUBLE:
            raw = self.data[self.at:self.at + 8]
            self.at += 8
            return raw
        if kind == _BINARY:
            n = self.varint()
            raw = self.data[self.at:self.at + n]
            self.at += n
            return raw
        if kind in (_LIST, _SET):
            head = self.byte()
            size, element = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return (element, [self.value(element) for _ in range(size)])
        if kind == _STRUCT:
            return self.struct()
        raise FooterError(f"Thrift type {kind} not expected in a Parquet footer")

    def struct(self) -> Struct:
        fields: Struct = []
        last = 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            kind, delta = head & 0x0F, head >> 4
            fid = last + delta if delta else self.zigzag()
            if kind in (_TRUE, _FALSE):
                fields.append(Field(fid, kind, kind == _TRUE))
            else:
                fields.append(Field(fid, kind, self.value(kind)))
            last = fid


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        if n < 0x80:
            out.append(n)
            return bytes(out)
        out.append((n & 0x7F) | 0x80)
        n >>= 7


def _zigzag(n: int) -> bytes:
    return _varint((n << 1) ^ (n >> 63))


def _value(kind: int, value: Any) -> bytes:
    if kind in (_TRUE, _FALSE, _BYTE):
        return bytes([value])
    if kind in (_I16, _I32, _I64):
        return _zigzag(value)
    if kind == _DOUBLE:
        return bytes(value)
    if kind == _BINARY:
        return _varint(len(value)) + bytes(value)
    if kind in (_LIST, _SET):
        element, items = value
        head = bytes([len(items) << 4 | element]) if len(items) < 15 else (
            bytes([0xF0 | element]) + _varint(len(items)))
        return head + b"".join(_value(element, v) for v in items)
    if kind == _STRUCT:
        return encode(value)
    raise FooterError(f"Thrift type {kind} not expected in a Parquet footer")


def encode(fields: Struct) -> bytes:
    """A struct in the compact protocol, as Thrift's C++ library writes it."""
    out = bytearray()
    last = 0
    for f in fields:
        kind = (_TRUE if f.value else _FALSE) if f.type in (_TRUE, _FALSE) else f.type
        delta = f.id - last
        if 0 < delta <= 15:
            out.append(delta << 4 | kind)
        else:
            out.append(kind)
            out += _zigzag(f.id)
        if kind not in (_TRUE, _FALSE):
            out += _value(kind, f.value)
        last = f.id
    out.append(0)
    return bytes(out)


def decode(data: bytes) -> Struct:
    reader = _Reader(data)
    fields = reader.struct()
    if reader.at != len(data):
        raise FooterError("bytes after the footer's end")
    return fields


def get(fields: Struct, fid: int) -> Field | None:
    return next((f for f in fields if f.id == fid), None)


def need(fields: Struct, fid: int) -> Any:
    """The value of field ``fid``, which the format requires."""
    f = get(fields, fid)
    if f is None:
        raise FooterError(f"a required footer field ({fid}) is missing")
    return f.value


@dataclass
class Footer:
    """A Parquet file's ``FileMetaData`` and where it starts."""
    meta: Struct
    start: int  # offset of the footer (= the end of the row groups' bytes)

    @property
    def row_groups(self) -> list[Struct]:
        f = get(self.meta, FILE_ROW_GROUPS)
        return [] if f is None else f.value[1]

    def without_row_groups(self) -> Struct:
        return [f for f in self.meta if f.id not in (FILE_NUM_ROWS, FILE_ROW_GROUPS)]


def read_footer(path: Path) -> Footer:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        if size < 12:
            raise FooterError(f"{path.name}: too short for Parquet")
        fh.seek(size - 8)
        tail = fh.read(8)
        if tail[4:] != MAGIC:
            raise FooterError(f"{path.name}: not Parquet (no PAR1 at the end)")
        length = struct.unpack("<i", tail[:4])[0]
        start = size - 8 - length
        fh.seek(start)
        return Footer(decode(fh.read(length)), start)


def group_span(group: Struct) -> tuple[int, int]:
    """(start, end) of a row group's column chunks in the file; refused when it has page
    indexes or bloom filters (written elsewhere in the file, not copied with it)."""
    start, end = None, 0
    for chunk in need(group, RG_COLUMNS)[1]:
        if get(chunk, CC_OFFSET_INDEX) or get(chunk, CC_COLUMN_INDEX):
            raise FooterError("a row group with a page index")
        meta = need(chunk, CC_META)
        if get(meta, CMD_BLOOM):
            raise FooterError("a row group with a bloom filter")
        dictionary = get(meta, CMD_DICT_PAGE)
        first = dictionary.value if dictionary else need(meta, CMD_DATA_PAGE)
        size = need(meta, CMD_COMPRESSED)
        start = first if start is None else min(start, first)
        end = max(end, first + size)
    if start is None:
        raise FooterError("a row group without columns")
    return int(start), end


def _shifted(group: Struct, by: int, ordinal: int) -> Struct:
    """A row group's metadata with every file offset moved by ``by`` and its ordinal set."""
    def moved(fields: Struct, ids: tuple[int, ...]) -> Struct:
        # (an offset of 0 is "not given": Arrow writes the deprecated ColumnChunk.file_offset so)
        return [Field(f.id, f.type, f.value + by) if f.id in ids and f.value else f
                for f in fields]

    out: Struct = []
    for f in group:
        if f.id == RG_COLUMNS:
            element, chunks = f.value
            new_chunks = []
            for chunk in chunks:
                chunk = moved(chunk, (CC_FILE_OFFSET,))
                chunk = [Field(c.id, c.type, moved(c.value, (CMD_DATA_PAGE, CMD_INDEX_PAGE,
                                                             CMD_DICT_PAGE)))
                         if c.id == CC_META else c for c in chunk]
                new_chunks.append(chunk)
            out.append(Field(f.id, f.type, (element, new_chunks)))
        elif f.id == RG_FILE_OFFSET:
            out.append(Field(f.id, f.type, f.value + by))
        elif f.id == RG_ORDINAL:
            out.append(Field(f.id, f.type, ordinal))
        else:
            out.append(f)
    return out


def splice(head: Path, groups: int, tail: Path, out: Path, suffix: int | None = None) -> None:
    """Write ``out``: the first ``groups`` row groups of ``head`` as bytes, then every row
    group of ``tail``, then (``suffix``) the row groups of ``head`` from that one on, under
    ``tail``'s footer listing them all (the file one writer gives for the rows of all, when
    all were written by it)."""
    head_footer, tail_footer = read_footer(head), read_footer(tail)
    copied = head_footer.row_groups[:groups]
    after = head_footer.row_groups[suffix:] if suffix is not None else []
    spans, after_spans = _run(head, copied), _run(head, after)
    if spans and spans[0][0] != len(MAGIC):
        raise FooterError(f"{head.name}: the row groups to copy do not start the file")
    end = spans[-1][1] if spans else len(MAGIC)
    appended = tail_footer.row_groups
    for g in appended:
        group_span(g)  # refuses page indexes and bloom filters
    by = end - len(MAGIC)
    tail_bytes = tail_footer.start - len(MAGIC)
    rows = sum(need(g, RG_NUM_ROWS) for g in copied + appended + after)
    listed = copied + [_shifted(g, by, groups + i) for i, g in enumerate(appended)]
    if after:
        moved = end + tail_bytes - after_spans[0][0]
        listed += [_shifted(g, moved, len(listed) + i) for i, g in enumerate(after)]
    groups_field = Field(FILE_ROW_GROUPS, _LIST, (_STRUCT, listed))
    meta: Struct = []
    for f in tail_footer.meta:
        if f.id == FILE_NUM_ROWS:
            meta.append(Field(f.id, f.type, rows))
        elif f.id == FILE_ROW_GROUPS:
            meta.append(groups_field)
        else:
            meta.append(f)
    footer = encode(meta)
    with out.open("wb") as fh, head.open("rb") as h, tail.open("rb") as t:
        fh.write(MAGIC)
        h.seek(len(MAGIC))
        _copy(h, fh, end - len(MAGIC))
        t.seek(len(MAGIC))
        _copy(t, fh, tail_bytes)
        if after:
            h.seek(after_spans[0][0])
            _copy(h, fh, after_spans[-1][1] - after_spans[0][0])
        fh.write(footer)
        fh.write(struct.pack("<i", len(footer)))
        fh.write(MAGIC)


def _run(path: Path, groups: list[Struct]) -> list[tuple[int, int]]:
    """The byte spans of ``groups``, refused unless they follow each other."""
    spans = [group_span(g) for g in groups]
    if any(a[1] != b[0] for a, b in itertools.pairwise(spans)):
        raise FooterError(f"{path.name}: the row groups to copy are not one run of bytes")
    return spans


def _copy(src: BinaryIO, dst: BinaryIO, n: int) -> None:
    while n > 0:
        chunk = src.read(min(n, 1 << 24))
        if not chunk:
            raise FooterError("file shorter than its footer says")
        dst.write(chunk)
        n -= len(chunk)


def same_writer(previous: Path, probe: Path) -> bool:
    """Whether ``probe`` — the first row group of ``previous`` written again by the writer
    now — has the same bytes and the same metadata as in ``previous``: then its row groups
    can be copied into a file that writer writes."""
    old, new = read_footer(previous), read_footer(probe)
    if not old.row_groups or len(new.row_groups) != 1:
        return False
    if encode(old.without_row_groups()) != encode(new.without_row_groups()):
        return False
    if encode(old.row_groups[0]) != encode(new.row_groups[0]):
        return False
    start, end = group_span(old.row_groups[0])
    with previous.open("rb") as a, probe.open("rb") as b:
        a.seek(start)
        b.seek(start)
        return a.read(end - start) == b.read(end - start)
