"""Refresh a per-person export after an update by merging instead of sorting.

An update recomputes a few persons (the touched ones); their rows are all
that changes in exports keyed by ``person_key`` (persons, coverage, …). The
previous export is already in key order, so the new file is that file with
the touched persons' rows dropped and their new rows slotted in where their
key falls: one pass over the file, no sort of the whole registry. The result
is the file a full write of the same rows gives, byte for byte, because both
go through :class:`unireg.export.writer.ParquetRows`
(``tests/update/test_merge.py``; ``tests/update/test_consistency.py`` compares
an update with a full build).

Keys are compared as bytes, as DuckDB orders VARCHAR by default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from unireg.export.writer import WriteWhole, canonical_schema, write_rows


class MergeRefused(WriteWhole):
    """The previous file cannot be merged (missing, or of another shape): write it whole."""


def _keys(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Byte strings, comparable as DuckDB compares VARCHAR (``S`` arrays pad with NUL).

    Keys of one width (ID numbers: 18 characters) are viewed in place, without a copy.
    """
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if column.null_count:
        raise MergeRefused("a NULL key")
    if pa.types.is_string(column.type) and len(column):
        offsets = np.frombuffer(column.buffers()[1], dtype=np.int32,
                                count=len(column) + 1, offset=4 * column.offset)
        width = int(offsets[1] - offsets[0])
        if width and np.all(np.diff(offsets) == width):
            data = np.frombuffer(column.buffers()[2], dtype=np.uint8)
            return data[offsets[0]:offsets[-1]].view(f"S{width}")
    try:
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.bytes_)
    except UnicodeEncodeError:
        raise MergeRefused("a key that is not ASCII") from None


def order_keys(table: pa.Table, order: Sequence[str]) -> np.ndarray:
    """Byte strings that sort as the rows sort by ``order`` in DuckDB.

    One text column: its bytes. Several: the values joined by NUL (which sorts
    below every character, so a shorter value sorts first, as in DuckDB), whole
    numbers as 20 zero-padded digits.
    """
    if len(order) == 1 and pa.types.is_string(table.schema.field(order[0]).type):
        return _keys(table.column(order[0]))
    parts = []
    for name in order:
        column = table.column(name)
        kind = column.type
        if pa.types.is_integer(kind):
            least = pc.min(column).as_py() if len(column) else None
            if least is not None and least < 0:
                raise MergeRefused(f"a negative {name}")
            column = pc.utf8_lpad(pc.cast(column, pa.string()), 20, "0")
        elif not pa.types.is_string(kind):
            raise MergeRefused(f"{name}: a {kind} column cannot order a merge")
        if column.null_count:
            raise MergeRefused(f"a NULL {name}")
        parts.append(column)
    return _keys(pc.binary_join_element_wise(*parts, "\x00"))


def merge_export(previous: Path, out: Path, order: Sequence[str],
                 replaced: Callable[[pa.Table], pa.Array | pa.ChunkedArray],
                 new_rows: pa.Table) -> int:
    """Write ``out``: ``previous`` without the rows ``replaced`` marks, plus ``new_rows``.

    ``previous`` and ``new_rows`` are in the export's order, of which ``order``
    is the leading columns and tells replaced units apart (a person key; a
    record's kind, file and row); every new row is one ``replaced`` marks.
    Returns the row count. Raises :class:`MergeRefused` when ``previous``
    cannot be used.
    """
    if not previous.is_file():
        raise MergeRefused(f"{previous}: no previous export")
    source = pq.ParquetFile(str(previous))
    schema = canonical_schema(new_rows.schema)
    if canonical_schema(source.schema_arrow) != schema:
        raise MergeRefused(f"{previous}: other columns than the registry's")
    new_rows = new_rows.cast(schema)
    new_keys = order_keys(new_rows, order) if new_rows.num_rows else np.array([], np.bytes_)
    if new_rows.num_rows and (np.any(new_keys[1:] < new_keys[:-1])
                              or not pc.all(replaced(new_rows)).as_py()):
        raise MergeRefused("new rows out of order or not of the replaced ones")
    return write_rows(out, schema, _merged(previous, source, schema, order, replaced, new_rows,
                                           new_keys))


def _merged(previous: Path, source: pq.ParquetFile, schema: pa.Schema, order: Sequence[str],
            replaced: Callable[[pa.Table], pa.Array | pa.ChunkedArray], new_rows: pa.Table,
            new_keys: np.ndarray) -> Iterator[pa.Table]:
    """The rows of :func:`merge_export`, in order, a row group of ``source`` at a time."""
    where = ", ".join(order)
    taken = 0
    last: bytes | None = None
    for i in range(source.num_row_groups):
        group = source.read_row_group(i).cast(schema)
        if not group.num_rows:
            continue
        first = order_keys(group.slice(0, 1), order)[0]
        if last is not None and first < last:
            raise MergeRefused(f"{previous}: not in {where} order")
        last = order_keys(group.slice(group.num_rows - 1), order)[0]
        drop = replaced(group)
        # (A group with nothing to drop, most of the links file, is kept as read, not copied.)
        kept = group.filter(pc.invert(drop)) if pc.any(drop).as_py() else group
        end = int(np.searchsorted(new_keys, last, side="right"))
        if end > taken or len(order) == 1:  # one text key: cheap to check every row
            kept_keys = order_keys(kept, order) if kept.num_rows else new_keys[:0]
            if np.any(kept_keys[1:] < kept_keys[:-1]):
                raise MergeRefused(f"{previous}: not in {where} order")
            kept = _interleave(kept, kept_keys, new_rows.slice(taken, end - taken),
                               new_keys[taken:end])
        yield kept
        taken = end
    yield new_rows.slice(taken)


def person_rows(touched: pa.Array) -> Callable[[pa.Table], pa.Array | pa.ChunkedArray]:
    """The rows of the ``touched`` persons (by ``person_key``).

    Each call looks up only the touched keys between the smallest and largest
    key of the rows given (a row group of a file in person order holds a few
    thousand of them): a lookup builds a hash table of the keys it is given,
    and building one of every touched key for every row group took a quarter
    of a merge's time.
    """
    touched = touched.combine_chunks() if isinstance(touched, pa.ChunkedArray) else touched
    touched = touched.drop_null()
    touched = touched.take(pc.array_sort_indices(touched))  # bytewise, as _keys compares
    keys = _keys(touched) if len(touched) else np.array([], np.bytes_)

    def rows(table: pa.Table) -> pa.Array | pa.ChunkedArray:
        column = table.column("person_key")
        bounds = pc.min_max(column)
        least, most = bounds["min"].as_py(), bounds["max"].as_py()
        if least is None:  # no rows, or no keys
            return pc.is_in(column, value_set=touched[:0])
        start = int(np.searchsorted(keys, least.encode(), side="left"))
        end = int(np.searchsorted(keys, most.encode(), side="right"))
        return pc.is_in(column, value_set=touched.slice(start, end - start))

    return rows


def event_rows(persons: Callable[[pa.Table], pa.Array | pa.ChunkedArray]
               ) -> Callable[[pa.Table], pa.Array]:
    """The ``links`` rows of the touched persons' events: kind ``events`` and a person
    ``persons`` marks, looked up among the events rows only (a row group of delivered
    records has none)."""
    def rows(table: pa.Table) -> pa.Array:
        events = pc.equal(table.column("kind"), "events")
        if isinstance(events, pa.ChunkedArray):
            events = events.combine_chunks()
        at = np.flatnonzero(events.to_numpy(zero_copy_only=False))
        marked = np.zeros(table.num_rows, dtype=bool)
        if len(at):
            hit = persons(table.select(["person_key"]).take(pa.array(at)))
            if isinstance(hit, pa.ChunkedArray):
                hit = hit.combine_chunks()
            marked[at[hit.to_numpy(zero_copy_only=False)]] = True
        return pa.array(marked)

    return rows


def _interleave(kept: pa.Table, kept_keys: np.ndarray, new: pa.Table,
                new_keys: np.ndarray) -> pa.Table:
    """``kept`` and ``new`` (each in key order, no key in both) as one table in key order."""
    if not new.num_rows:
        return kept
    if not kept.num_rows:
        return new
    at = np.searchsorted(kept_keys, new_keys, side="left") + np.arange(len(new_keys))
    order = np.empty(kept.num_rows + new.num_rows, dtype=np.int64)
    is_new = np.zeros(len(order), dtype=bool)
    is_new[at] = True
    order[at] = kept.num_rows + np.arange(new.num_rows)
    order[~is_new] = np.arange(kept.num_rows)
    return pa.concat_tables([kept, new]).take(pa.array(order))
