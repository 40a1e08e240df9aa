"""Refresh a per-person export after an update by merging instead of sorting.

An update recomputes a few persons (the touched ones); their rows are all
that changes in exports keyed by ``person_key`` (persons, coverage, …). The
previous export is already in key order, so the new file is that file with
the touched persons' rows dropped and their new rows slotted in where their
key falls: one pass over the file, no sort of the whole registry. The result
is the file a full write of the same rows gives, byte for byte, because both
go through :class:`unireg.export.writer.ParquetRows`
(``tests/export/test_merge.py``; ``tests/update/test_consistency.py`` compares
an update with a full build).

Keys are compared as bytes, as DuckDB orders VARCHAR by default.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from unireg.export.writer import ParquetRows, WriteWhole, canonical_schema


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


def merge_export(previous: Path, out: Path, key: str, touched: pa.Array,
                 new_rows: pa.Table) -> int:
    """Write ``out``: ``previous`` without the rows whose ``key`` is in ``touched``, plus
    ``new_rows`` (sorted by the export's order, every key in ``touched``). Returns the
    row count. Raises :class:`MergeRefused` when ``previous`` cannot be used.
    """
    if not previous.is_file():
        raise MergeRefused(f"{previous}: no previous export")
    source = pq.ParquetFile(str(previous))
    schema = canonical_schema(new_rows.schema)
    if canonical_schema(source.schema_arrow) != schema:
        raise MergeRefused(f"{previous}: other columns than the registry's")
    new_rows = new_rows.cast(schema)
    new_keys = _keys(new_rows.column(key)) if new_rows.num_rows else np.array([], np.bytes_)
    if new_rows.num_rows and (np.any(new_keys[1:] < new_keys[:-1])
                              or not pc.all(pc.is_in(new_rows.column(key), touched)).as_py()):
        raise MergeRefused("new rows out of order or of untouched persons")
    writer = ParquetRows(out, schema)
    taken = 0
    try:
        last: bytes | None = None
        for i in range(source.num_row_groups):
            group = source.read_row_group(i).cast(schema)
            if not group.num_rows:
                continue
            keys = _keys(group.column(key))
            if (last is not None and keys[0] < last) or np.any(keys[1:] < keys[:-1]):
                raise MergeRefused(f"{previous}: not in {key} order")
            last = keys[-1]
            keep = ~pc.is_in(group.column(key), touched).to_numpy(zero_copy_only=False)
            kept, kept_keys = group.filter(pa.array(keep)), keys[keep]
            end = int(np.searchsorted(new_keys, last, side="right"))
            writer.write(_interleave(kept, kept_keys, new_rows.slice(taken, end - taken),
                                     new_keys[taken:end]))
            taken = end
        writer.write(new_rows.slice(taken))
    except BaseException:
        writer.close()
        out.unlink(missing_ok=True)
        raise
    return writer.close()


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
