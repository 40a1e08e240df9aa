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

from unireg.export import footer, writer
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
                 new_rows: pa.Table, statistics: Sequence[str] | None = None,
                 breaks: str | None = None) -> int:
    """Write ``out``: ``previous`` without the rows ``replaced`` marks, plus ``new_rows``.

    ``previous`` and ``new_rows`` are in the export's order, of which ``order``
    is the leading columns and tells replaced units apart (a person key; a
    record's kind, file and row); every new row is one ``replaced`` marks.
    ``statistics`` and ``breaks`` as for :func:`unireg.export.writer.write_rows`
    (the export's own, so that the file is the one a full write gives). Returns
    the row count. Raises :class:`MergeRefused` when ``previous`` cannot be used.

    The leading row groups that lose no row and gain none keep their place in
    the file: their bytes are copied, not decoded and encoded again
    (:mod:`unireg.export.footer`), when the previous file was written with the
    writer's present settings. With ``breaks``, so do the trailing ones from a
    change of that column's value on (a row group starts there whatever comes
    before it).
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
    copied, last = _unchanged(source, order, replaced, new_keys, breaks)
    suffix = _unchanged_suffix(source, order, replaced, new_keys, breaks, copied)
    if (copied or suffix is not None) and not _same_writer(previous, source, schema,
                                                           statistics, breaks, out):
        copied, last, suffix = 0, None, None
    rows = _merged(previous, source, schema, order, replaced, new_rows, new_keys, copied, last,
                   suffix)
    if not copied and suffix is None:
        return write_rows(out, schema, rows, statistics, breaks)
    tail = out.with_name(out.name + ".tail")
    try:
        n = write_rows(tail, schema, rows, statistics, breaks)
        footer.splice(previous, copied, tail, out, suffix)
    except footer.FooterError as e:
        raise MergeRefused(f"{previous}: {e}") from None
    finally:
        tail.unlink(missing_ok=True)
    kept = [*range(copied), *range(source.num_row_groups if suffix is None else suffix,
                                   source.num_row_groups)]
    return n + sum(source.metadata.row_group(i).num_rows for i in kept)


def _marked(source: pq.ParquetFile, i: int, order: Sequence[str],
            replaced: Callable[[pa.Table], pa.Array | pa.ChunkedArray]
            ) -> tuple[pa.Table, np.ndarray]:
    """Row group ``i``'s order columns (or all, when ``replaced`` needs more) and the rows
    ``replaced`` marks in it."""
    # The order columns only (the links' person keys cost more to decode than the rest):
    # enough for ``replaced`` where it marks nothing (links' delivered records); else the
    # whole group
    group = source.read_row_group(i, columns=list(order))
    try:
        return group, _bools(replaced(group))
    except KeyError:
        group = source.read_row_group(i)
        return group, _bools(replaced(group))


def _edges(group: pa.Table, order: Sequence[str]) -> np.ndarray:
    """The order keys of a row group's rows (one text key: cheap, every row; else the first
    and last rows)."""
    return order_keys(group if len(order) == 1 else group.take([0, group.num_rows - 1]), order)


def _first_value(source: pq.ParquetFile, i: int, column: str) -> object:
    return source.read_row_group(i, columns=[column]).column(0)[0].as_py()


def _last_value(source: pq.ParquetFile, i: int, column: str) -> object:
    values = source.read_row_group(i, columns=[column]).column(0)
    return values[len(values) - 1].as_py()


def _unchanged(source: pq.ParquetFile, order: Sequence[str],
               replaced: Callable[[pa.Table], pa.Array | pa.ChunkedArray],
               new_keys: np.ndarray, breaks: str | None) -> tuple[int, bytes | None]:
    """How many leading row groups of ``source`` can be copied as they are, and the last
    key among them: whole groups (``ROW_GROUP_ROWS`` rows, or, with ``breaks``, a group
    that ends where that column's value changes) with no row ``replaced`` marks and no new
    row before their last key."""
    copied, last = 0, None
    n = source.num_row_groups
    for i in range(n):
        group, marked = _marked(source, i, order, replaced)
        if breaks and not _one_value(group, breaks):
            break  # written without the breaks: the writer now would cut it in two
        if source.metadata.row_group(i).num_rows != writer.ROW_GROUP_ROWS and not (
                breaks and (i + 1 == n or _first_value(source, i + 1, breaks)
                            != group.column(breaks)[group.num_rows - 1].as_py())):
            break  # a short group the writer would fill further
        keys = _edges(group, order)
        if (last is not None and keys[0] < last) or np.searchsorted(new_keys, keys[-1], "right") \
                or np.any(keys[1:] < keys[:-1]) or marked.any():
            break  # (out of order: left to the merge, which refuses it)
        copied, last = i + 1, keys[-1]
    return copied, last


def _unchanged_suffix(source: pq.ParquetFile, order: Sequence[str],
                      replaced: Callable[[pa.Table], pa.Array | pa.ChunkedArray],
                      new_keys: np.ndarray, breaks: str | None, copied: int) -> int | None:
    """The first of the trailing row groups of ``source`` that can be copied as they are
    (None: none): with ``breaks``, from a group where that column's value changes on, each
    of one value, with no row ``replaced`` marks and no new row after their first key."""
    if breaks is None:
        return None
    start, after = None, None
    for i in range(source.num_row_groups - 1, copied - 1, -1):
        group, marked = _marked(source, i, order, replaced)
        if marked.any() or not _one_value(group, breaks):
            break
        keys = _edges(group, order)
        if keys[-1] < keys[0] or (after is not None and after <= keys[-1]) \
                or np.searchsorted(new_keys, keys[0], "left") < len(new_keys):
            break
        after = keys[0]
        if i == 0 or _last_value(source, i - 1, breaks) != group.column(breaks)[0].as_py():
            start = i
    return start


def _one_value(group: pa.Table, column: str) -> bool:
    """Whether a row group sorted by ``column`` first holds one value of it."""
    values = group.column(column)
    return bool(values[0].as_py() == values[len(values) - 1].as_py())


def _same_writer(previous: Path, source: pq.ParquetFile, schema: pa.Schema,
                 statistics: Sequence[str] | None, breaks: str | None, out: Path) -> bool:
    """Whether ``previous``'s first row group, written again by the writer now, is the
    same: then its row groups can be copied into a file that writer writes."""
    probe = out.with_name(out.name + ".probe")
    try:
        write_rows(probe, schema, [source.read_row_group(0).cast(schema)], statistics, breaks)
        return footer.same_writer(previous, probe)
    except footer.FooterError:
        return False
    finally:
        probe.unlink(missing_ok=True)


def _merged(previous: Path, source: pq.ParquetFile, schema: pa.Schema, order: Sequence[str],
            replaced: Callable[[pa.Table], pa.Array | pa.ChunkedArray], new_rows: pa.Table,
            new_keys: np.ndarray, start: int = 0, last: bytes | None = None,
            stop: int | None = None) -> Iterator[pa.Table]:
    """The rows of :func:`merge_export`, in order, a row group of ``source`` at a time,
    from group ``start`` (``last``: the last key before it) to before group ``stop``."""
    where = ", ".join(order)
    taken = 0
    for i in range(start, source.num_row_groups if stop is None else stop):
        group = source.read_row_group(i).cast(schema)
        if not group.num_rows:
            continue
        first = order_keys(group.slice(0, 1), order)[0]
        if last is not None and first < last:
            raise MergeRefused(f"{previous}: not in {where} order")
        last = order_keys(group.slice(group.num_rows - 1), order)[0]
        drop = _bools(replaced(group))
        dropped = bool(drop.any())
        end = int(np.searchsorted(new_keys, last, side="right"))
        if end > taken or len(order) == 1:  # one text key: cheap to check every row
            kept_at = np.flatnonzero(~drop) if dropped else None
            keys = order_keys(group, order)
            kept_keys = keys if kept_at is None else keys[kept_at]
            if np.any(kept_keys[1:] < kept_keys[:-1]):
                raise MergeRefused(f"{previous}: not in {where} order")
            yield _interleave(group, kept_at, kept_keys, new_rows.slice(taken, end - taken),
                              new_keys[taken:end])
        else:
            # (A group with nothing to drop, most of the links file, is kept as read.)
            yield group.filter(pa.array(~drop)) if dropped else group
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


def _bools(mask: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean mask (no NULLs: ``is_in`` and ``equal`` of non-NULL keys) as numpy."""
    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks()
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)


def _interleave(group: pa.Table, kept_at: np.ndarray | None, kept_keys: np.ndarray,
                new: pa.Table, new_keys: np.ndarray) -> pa.Table:
    """The rows ``kept_at`` of ``group`` (all of them when None) and ``new`` as one table in
    key order (each in key order, no key in both).

    One ``take`` over both: filtering the group first, then taking, copied every kept row
    twice (the coverage merge of a 10M update: filter and take were a third of its CPU).
    """
    if not new.num_rows:
        return group if kept_at is None else group.take(pa.array(kept_at))
    kept = np.arange(group.num_rows) if kept_at is None else kept_at
    at = np.searchsorted(kept_keys, new_keys, side="left") + np.arange(len(new_keys))
    order = np.empty(len(kept) + new.num_rows, dtype=np.int64)
    is_new = np.zeros(len(order), dtype=bool)
    is_new[at] = True
    order[at] = group.num_rows + np.arange(new.num_rows)
    order[~is_new] = kept
    return pa.concat_tables([group, new]).take(pa.array(order))
