"""The merge that refreshes per-person exports (unireg.export.merge) against a full write.

Keys are the ID numbers of a generated province; row groups of 10 rows so every
boundary case of the merge happens in a few hundred rows.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

import unireg.export.writer as writer
from unireg.export.merge import MergeRefused, merge_export, person_rows

from .helpers import REF


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Sorted, distinct person keys of a generated province (ID numbers)."""
    from unireg.generate import generate

    out = tmp_path_factory.mktemp("merge") / "delivery"
    generate(out, persons=200, seed=8, reference_date=REF, errors="none")
    ids = pacsv.read_csv(out / "population.csv",
                         convert_options=pacsv.ConvertOptions(column_types={
                             "id_number": pa.string()})).column("id_number")
    return sorted(set(ids.to_pylist()))


def _rows(keys: list[str], tag: str) -> pa.Table:
    """Two rows per person (like coverage's scheme groups), sorted by key then group."""
    return pa.table({
        "person_key": [k for k in keys for _ in (0, 1)],
        "scheme_group": [g for _ in keys for g in ("employee", "resident")],
        "insured": [(ord(k[-2]) + j + len(tag)) % 3 == 0 for k in keys for j in (0, 1)],
        "schemes": [[tag, g] for _ in keys for g in ("a", "b")],
    })


def _written(path: Path, table: pa.Table) -> bytes:
    writer.write_rows(path, table.schema, table.to_batches(max_chunksize=7))
    return path.read_bytes()


@pytest.fixture(autouse=True)
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 10)


def _merge(old: Path, out: Path, touched: list[str], rows: pa.Table) -> int:
    return merge_export(old, out, ("person_key",), person_rows(pa.array(touched, pa.string())),
                        rows)


def test_merge_equals_a_full_write(keys: list[str], tmp_path: Path) -> None:
    old_keys = keys[5:-5]  # some persons only appear after the update, before and after all
    touched = sorted({*keys[:3], *keys[-2:],  # new persons before the first and after the last
                      *old_keys[10:20],         # every row of whole row groups dropped
                      *old_keys[30::7]})        # scattered
    survivors = [k for k in old_keys if k not in set(touched)]
    renewed = [k for k in touched if k in set(old_keys)][::2] + keys[:3] + keys[-2:]
    old = tmp_path / "old.parquet"
    _written(old, _rows(old_keys, "old"))
    new_rows = _rows(sorted(renewed), "new")  # half the touched persons leave, others arrive
    n = _merge(old, tmp_path / "merged.parquet", touched, new_rows)
    expected = pa.concat_tables([_rows(survivors, "old"), new_rows])
    expected = expected.take(pc.sort_indices(expected, [("person_key", "ascending"),
                                                        ("scheme_group", "ascending")]))
    assert n == expected.num_rows
    assert (tmp_path / "merged.parquet").read_bytes() == _written(tmp_path / "full.parquet",
                                                                  expected)


def test_merge_by_kind_file_and_row(keys: list[str], tmp_path: Path) -> None:
    """Links: ordered by kind, file and row (a shorter file name first, rows as numbers)."""
    def links(rows: list[tuple[str, str, int, str]]) -> pa.Table:
        rows = sorted(rows, key=lambda r: (r[0].encode(), r[1].encode(), r[2]))
        return pa.table({"kind": [r[0] for r in rows], "file": [r[1] for r in rows],
                         "row": pa.array([r[2] for r in rows], pa.int64()),
                         "person_key": [r[3] for r in rows]})

    old = [(kind, file, row, keys[(row * 7 + len(file)) % len(keys)])
           for kind, file in (("enrolments", "e.csv"), ("events", "ev.csv"),
                              ("events", "ev2.csv"), ("events", "ev.csv.x"),
                              ("household", "pop.csv"))
           for row in range(1, 40, 3)]
    touched = keys[::5]

    def replaced(t: pa.Table) -> pa.ChunkedArray:
        return pc.and_(pc.equal(t.column("kind"), "events"),
                       pc.is_in(t.column("person_key"), pa.array(touched)))

    new = [("events", file, row, touched[row % len(touched)])
           for file in ("ev.csv", "ev2.csv", "ev3.csv") for row in (2, 9, 11, 100)]
    kept = [r for r in old if not (r[0] == "events" and r[3] in set(touched))]
    path = tmp_path / "old.parquet"
    _written(path, links(old))
    n = merge_export(path, tmp_path / "merged.parquet", ("kind", "file", "row"), replaced,
                     links(new))
    assert n == len(kept) + len(new) and len(kept) < len(old)
    assert (tmp_path / "merged.parquet").read_bytes() == _written(tmp_path / "full.parquet",
                                                                  links(kept + new))


def test_nothing_touched_gives_the_same_file(keys: list[str], tmp_path: Path) -> None:
    old = tmp_path / "old.parquet"
    before = _written(old, _rows(keys, "x"))
    _merge(old, tmp_path / "out.parquet", [], _rows(keys, "x").slice(0, 0))
    assert (tmp_path / "out.parquet").read_bytes() == before


def test_refusals(keys: list[str], tmp_path: Path) -> None:
    old, out = tmp_path / "old.parquet", tmp_path / "out.parquet"
    with pytest.raises(MergeRefused, match="no previous export"):
        _merge(old, out, keys[:1], _rows(keys[:1], "x"))
    _written(old, _rows(keys, "x"))
    other = _rows(keys[:1], "x").append_column("extra", pa.array([1, 2]))
    with pytest.raises(MergeRefused, match="other columns"):
        _merge(old, out, keys[:1], other)
    with pytest.raises(MergeRefused, match="not of the replaced"):
        _merge(old, out, keys[:1], _rows(keys[1:2], "x"))
    _written(old, _rows(list(reversed(keys)), "x"))
    with pytest.raises(MergeRefused, match="not in person_key order"):
        _merge(old, out, keys[:1], _rows(keys[:1], "x"))
    assert not out.exists()


def _spy_splice(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int | None]]:
    import unireg.export.footer as footer

    calls: list[tuple[int, int | None]] = []
    splice = footer.splice

    def spy(head: Path, groups: int, tail: Path, out: Path, suffix: int | None = None) -> None:
        calls.append((groups, suffix))
        splice(head, groups, tail, out, suffix)

    monkeypatch.setattr(footer, "splice", spy)
    return calls


def test_unchanged_leading_row_groups_are_copied(keys: list[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Touched persons only past the first groups: those are copied as bytes, and the file
    is still the full write's, footer and all."""
    calls = _spy_splice(monkeypatch)
    old = tmp_path / "old.parquet"
    _written(old, _rows(keys, "old"))
    touched = keys[40::9]  # keys 0-39: rows 0-79, eight whole groups of 10 untouched
    survivors = [k for k in keys if k not in set(touched)]
    new_rows = _rows(touched[::2], "new")
    n = _merge(old, tmp_path / "merged.parquet", touched, new_rows)
    expected = pa.concat_tables([_rows(survivors, "old"), new_rows])
    expected = expected.take(pc.sort_indices(expected, [("person_key", "ascending"),
                                                        ("scheme_group", "ascending")]))
    assert calls == [(8, None)]
    assert n == expected.num_rows
    assert (tmp_path / "merged.parquet").read_bytes() == _written(tmp_path / "full.parquet",
                                                                  expected)
    assert not list(tmp_path.glob("*.tail")) and not list(tmp_path.glob("*.probe"))


def test_a_file_of_other_writer_settings_is_encoded_again(keys: list[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """The previous file has statistics on every column (as before they were kept to the
    sorted ones): its groups are not copied, so the merged file is the present writer's."""
    calls = _spy_splice(monkeypatch)
    old = tmp_path / "old.parquet"
    _written(old, _rows(keys, "old"))  # statistics on every column
    touched = keys[-3:]
    n = merge_export(old, tmp_path / "merged.parquet", ("person_key",),
                     person_rows(pa.array(touched, pa.string())), _rows(touched, "new"),
                     statistics=("person_key", "scheme_group"))
    expected = pa.concat_tables([_rows(keys[:-3], "old"), _rows(touched, "new")])
    full = tmp_path / "full.parquet"
    writer.write_rows(full, expected.schema, [expected], ("person_key", "scheme_group"))
    assert calls == [] and n == expected.num_rows
    assert (tmp_path / "merged.parquet").read_bytes() == full.read_bytes()
    assert (tmp_path / "merged.parquet").read_bytes() != _written(tmp_path / "x.parquet",
                                                                  expected)


def test_a_footer_read_and_written_back_is_the_same_bytes(keys: list[str],
                                                          tmp_path: Path) -> None:
    from unireg.export.footer import encode, read_footer

    path = tmp_path / "f.parquet"
    table = _rows(keys, "x").append_column("born", pa.array(
        [None if i % 5 == 0 else i * 1000 for i in range(2 * len(keys))], pa.int64()))
    data = _written(path, table)
    footer = read_footer(path)
    assert len(footer.row_groups) == -(-table.num_rows // 10)
    assert encode(footer.meta) == data[footer.start:-8]


# --- links: a row group starts at every change of kind ---------------------------------

LINK_ORDER = ("kind", "file", "row")
KIND_ROWS = (("employment", "job.csv", 25), ("enrolment", "e.csv", 33), ("events", "ev.csv", 14),
             ("population", "pop.csv", 37), ("survey", "s.xlsx", 5))


def _links(rows: list[tuple[str, str, int, str]]) -> pa.Table:
    rows = sorted(rows, key=lambda r: (r[0].encode(), r[1].encode(), r[2]))
    return pa.table({"kind": [r[0] for r in rows], "file": [r[1] for r in rows],
                     "row": pa.array([r[2] for r in rows], pa.int64()),
                     "person_key": [r[3] for r in rows]})


def _links_written(path: Path, table: pa.Table, breaks: str | None = "kind") -> bytes:
    writer.write_rows(path, table.schema, table.to_batches(max_chunksize=7), LINK_ORDER, breaks)
    return path.read_bytes()


def test_the_writer_starts_a_row_group_at_each_change_of_kind(keys: list[str],
                                                             tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    old = [(kind, file, row, keys[row]) for kind, file, n in KIND_ROWS for row in range(n)]
    _links_written(tmp_path / "l.parquet", _links(old))
    meta = pq.ParquetFile(str(tmp_path / "l.parquet")).metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert sizes == [10, 10, 5, 10, 10, 10, 3, 10, 4, 10, 10, 10, 7, 5]


def test_links_copy_the_delivered_records_on_both_sides_of_the_events(
        keys: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the events' row groups are encoded again: the delivered records before them
    and after them (whose place in the file moves with the events' count) are copied as
    bytes, and the file is the full write's."""
    calls = _spy_splice(monkeypatch)
    old = [(kind, file, row, keys[(row * 7 + len(file)) % len(keys)])
           for kind, file, n in KIND_ROWS for row in range(n)]
    touched = set(keys[::3])

    def replaced(t: pa.Table) -> pa.ChunkedArray:
        return pc.and_(pc.equal(t.column("kind"), "events"),
                       pc.is_in(t.column("person_key"), pa.array(sorted(touched))))

    new = [("events", file, row, sorted(touched)[row]) for file in ("ev.csv", "ev2.csv")
           for row in (3, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50)]
    kept = [r for r in old if not (r[0] == "events" and r[3] in touched)]
    path = tmp_path / "old.parquet"
    _links_written(path, _links(old))
    n = merge_export(path, tmp_path / "merged.parquet", LINK_ORDER, replaced, _links(new),
                     LINK_ORDER, "kind")
    assert len(kept) < len(old) and n == len(kept) + len(new)
    assert calls == [(7, 9)]  # employment 3 + enrolment 4 groups; population from group 9
    assert (tmp_path / "merged.parquet").read_bytes() == _links_written(
        tmp_path / "full.parquet", _links(kept + new))
    # Nothing changed: every group copied, the same file.
    calls.clear()
    n = merge_export(path, tmp_path / "same.parquet", LINK_ORDER,
                     lambda t: pc.equal(t.column("kind"), "nothing"), _links(old).slice(0, 0),
                     LINK_ORDER, "kind")
    assert n == len(old) and calls == [(14, None)]
    assert (tmp_path / "same.parquet").read_bytes() == path.read_bytes()


def test_links_written_without_the_breaks_are_encoded_into_the_new_layout(
        keys: list[str], tmp_path: Path) -> None:
    """A links file of a build before the breaks: the merged file is the one the writer
    now gives (its groups across a change of kind are not copied)."""
    old = [(kind, file, row, keys[row]) for kind, file, n in KIND_ROWS for row in range(n)]
    path = tmp_path / "old.parquet"
    _links_written(path, _links(old), breaks=None)
    touched = {old[60][3]}

    def replaced(t: pa.Table) -> pa.ChunkedArray:
        return pc.and_(pc.equal(t.column("kind"), "events"),
                       pc.is_in(t.column("person_key"), pa.array(sorted(touched))))

    kept = [r for r in old if not (r[0] == "events" and r[3] in touched)]
    merge_export(path, tmp_path / "merged.parquet", LINK_ORDER, replaced, _links(old).slice(0, 0),
                 LINK_ORDER, "kind")
    assert (tmp_path / "merged.parquet").read_bytes() == _links_written(
        tmp_path / "full.parquet", _links(kept))
