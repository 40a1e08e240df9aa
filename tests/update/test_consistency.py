"""Proof of consistency (issue 7): the incremental path gives the registry a full build gives.

build(deliveries) then update(events) must write the same exports, byte for
byte, as build(deliveries + events) from scratch — whatever order the events
arrive in, in however many files, with replays.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from unireg.pipeline.build import build
from unireg.update.incremental import update

from .helpers import REF, YEAR_END, delivery_with, digests, settings_on


def _split(events: Path, folder: Path) -> list[Path]:
    """The events in three files, the latest-dated first (they arrive out of order)."""
    with events.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    when = head.index("event_date")
    parts = {"events-2018-a.csv": [r for r in body if r[when] >= "2018-09"],
             "events-2018-b.csv": [r for r in body if "2018-04" <= r[when] < "2018-09"],
             "events-2018-c.csv": [r for r in body if r[when] < "2018-04"]}
    folder.mkdir()
    out = []
    for name, part in parts.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(head)
            w.writerows(part)
        out.append(folder / name)
    return out


def _same(a: Path, b: Path) -> None:
    da, db = digests(a), digests(b)
    assert set(da) == set(db)
    differ = sorted(n for n in da if da[n] != db[n])
    detail = {}
    for name in differ:
        ta, tb = pq.read_table(a / name).to_pylist(), pq.read_table(b / name).to_pylist()
        ra = {tuple(map(str, r.values())) for r in ta}
        rb = {tuple(map(str, r.values())) for r in tb}
        detail[name] = (sorted(ra - rb)[:3], sorted(rb - ra)[:3])
    assert not differ, detail


def test_update_equals_full_build(province: Path, events_file: Path, full_build,
                                  tmp_path: Path) -> None:
    ws_full, summary = full_build
    assert summary.exports["events"] > 300
    assert summary.exports["person_history"] > 0 and summary.exports["enrolment_history"] > 0
    ws = tmp_path / "ws"
    build(province, ws, settings_on(YEAR_END))
    result = update(ws, [events_file], settings_on(YEAR_END))
    assert result.coverage == "incremental"
    assert 0 < result.touched < summary.persons / 5
    assert result.applied > 300 and result.quarantined > 0 and result.redelivered > 0
    # The per-person exports were refreshed by merging into the previous files, not sorted anew.
    assert result.merged_exports == ["coverage", "deceased_active", "links", "person_history",
                                     "persons", "uninsured"]
    _same(ws_full / "exports", ws / "exports")


def test_an_export_that_cannot_be_merged_is_written_whole(province: Path, events_file: Path,
                                                         full_build, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    ws_full, _ = full_build
    ws = tmp_path / "ws"
    build(province, ws, settings_on(YEAR_END))
    (ws / "exports" / "coverage.parquet").unlink()  # lost, or never written
    with caplog.at_level("WARNING", logger="unireg.export"):
        result = update(ws, [events_file], settings_on(YEAR_END))
    assert "coverage" not in result.merged_exports and "persons" in result.merged_exports
    assert any("export coverage written whole" in r.getMessage() for r in caplog.records)
    _same(ws_full / "exports", ws / "exports")


def test_merged_exports_over_many_row_groups(province: Path, events_file: Path,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """Row groups of 97 rows: the merge crosses group boundaries, inserts into groups whose
    every old row is dropped and appends after the last; the files still equal a full build's."""
    import unireg.export.footer as footer
    import unireg.export.writer as writer

    monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 97)
    copied: dict[str, tuple[int, int]] = {}  # leading and trailing row groups copied
    splice = footer.splice

    def spy(head: Path, groups: int, tail: Path, out: Path, suffix: int | None = None) -> None:
        total = pq.ParquetFile(head).num_row_groups
        copied[out.name] = (groups, 0 if suffix is None else total - suffix)
        splice(head, groups, tail, out, suffix)

    monkeypatch.setattr(footer, "splice", spy)
    build(province, tmp_path / "ws", settings_on(YEAR_END))
    result = update(tmp_path / "ws", [events_file], settings_on(YEAR_END))
    assert {"coverage", "links"} <= set(result.merged_exports)
    # The links of the delivered employment and enrolment records come before the events',
    # those of the population and survey records after them, and none changes: their row
    # groups were copied as bytes, not encoded again; only the events' were.
    before, after = copied["links.parquet"]
    links = pq.ParquetFile(tmp_path / "ws" / "exports" / "links.parquet")
    encoded = range(before, links.num_row_groups - after)
    assert before > 10 and after > 10 and len(encoded) > 0
    assert all(set(links.read_row_group(i, columns=["kind"]).column(0).to_pylist())
               == {"events"} for i in encoded)
    assert pq.ParquetFile(tmp_path / "ws" / "exports" / "coverage.parquet").num_row_groups > 50
    build(delivery_with(province, tmp_path / "full", events_file), tmp_path / "ws_full",
          settings_on(YEAR_END))
    _same(tmp_path / "ws_full" / "exports", tmp_path / "ws" / "exports")


def test_out_of_order_files_and_a_new_reference_date(province: Path, events_file: Path,
                                                     tmp_path: Path) -> None:
    parts = _split(events_file, tmp_path / "events")
    ws = tmp_path / "ws"
    build(province, ws, settings_on(REF))  # the registry of end 2017 ...
    first = update(ws, [parts[0]], settings_on(YEAR_END))  # ... moved to end 2018 on update
    assert first.coverage == "full"
    assert first.merged_exports == ["links", "person_history", "persons"]  # coverage: anew
    for p in parts[1:]:
        assert update(ws, [p], settings_on(YEAR_END)).coverage == "incremental"
    full = delivery_with(province, tmp_path / "full", *parts)
    build(full, tmp_path / "ws_full", settings_on(YEAR_END))
    _same(tmp_path / "ws_full" / "exports", ws / "exports")


def test_replays_change_nothing(province: Path, events_file: Path, full_build,
                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import unireg.update.incremental as incremental

    ws_full, _ = full_build
    ws = tmp_path / "ws"
    shutil.copytree(ws_full, ws)
    before = digests(ws / "exports")
    registry = (ws / "registry.duckdb").read_bytes()
    # The same file again: skipped, nothing rewritten, not even a copy of the registry made.
    with monkeypatch.context() as m:
        m.setattr(incremental, "copy_file", lambda *a: pytest.fail("copied the registry"))
        again = update(ws, [events_file], settings_on(YEAR_END))
    assert again.files == [] and again.skipped == [events_file.name]
    assert not (ws / ".next").exists()
    assert (ws / "registry.duckdb").read_bytes() == registry
    assert digests(ws / "exports") == before
    # The same events under another name: every row a re-delivery; the registry's state is
    # unchanged (only the events log and the reconciliation list the new file).
    copy = tmp_path / "events-2018_resent.csv"  # sorts after the original
    shutil.copy(events_file, copy)
    resent = update(ws, [copy], settings_on(YEAR_END))
    assert resent.applied == 0 and resent.quarantined == 0
    assert resent.redelivered == resent.rows_read > 0
    after = digests(ws / "exports")
    assert {n for n in before if before[n] != after[n]} == {"events.parquet",
                                                            "reconciliation.parquet"}


@pytest.mark.slow
def test_noisy_province_with_linkage(tmp_path: Path) -> None:
    """Record errors and probabilistic linkage in the base: still the same registry."""
    from unireg.generate import generate, generate_events

    prov = tmp_path / "noisy"
    generate(prov, persons=1500, seed=5, reference_date=REF, errors="default")
    generate_events(prov, 2018)
    events = prov / "events" / "events-2018.csv"
    build(delivery_with(prov, tmp_path / "full", events), tmp_path / "ws_full",
          settings_on(YEAR_END))
    build(prov, tmp_path / "ws", settings_on(YEAR_END))
    update(tmp_path / "ws", [events], settings_on(YEAR_END))
    _same(tmp_path / "ws_full" / "exports", tmp_path / "ws" / "exports")


def _deleted_rows(registry: Path, table: str) -> int:
    import duckdb

    con = duckdb.connect(str(registry), read_only=True)
    try:
        stored = con.execute("SELECT estimated_size FROM duckdb_tables() WHERE table_name = ?",
                             [table]).fetchall()[0][0]
        live = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        con.close()
    return int(stored) - int(live)


def test_deleted_rows_are_reclaimed_once_their_share_passes_the_limit(
        province: Path, events_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An update leaves the touched persons' old rows deleted in the file (a vacuum rewrites
    the large tables) until they pass VACUUM_SHARE of the rows; the exports are the same."""
    import unireg.update.incremental as incremental

    parts = _split(events_file, tmp_path / "events")
    ws = tmp_path / "ws"
    build(province, ws, settings_on(YEAR_END))
    first = update(ws, [parts[0]], settings_on(YEAR_END))
    assert not first.vacuumed
    assert _deleted_rows(ws / "registry.duckdb", "coverage") > 0
    monkeypatch.setattr(incremental, "VACUUM_SHARE", 0.0)
    second = update(ws, parts[1:], settings_on(YEAR_END))
    assert second.vacuumed
    build(delivery_with(province, tmp_path / "full", *parts), tmp_path / "ws_full",
          settings_on(YEAR_END))
    _same(tmp_path / "ws_full" / "exports", ws / "exports")


@pytest.mark.parametrize("vacuum", [True, False])
def test_what_the_update_relies_on_in_duckdb_vacuum(tmp_path: Path, vacuum: bool) -> None:
    """At a checkpoint DuckDB compacts row groups that have lost enough rows (half, here),
    unless ``max_vacuum_tasks`` is 0 (what an update below VACUUM_SHARE sets)."""
    import duckdb

    con = duckdb.connect(str(tmp_path / "r.duckdb"))
    con.execute("SET checkpoint_threshold = '1TB'")
    con.execute("CREATE TABLE t AS SELECT range AS k, range % 7 AS v FROM range(1000000)")
    con.execute("CHECKPOINT")
    con.execute("DELETE FROM t WHERE k % 2 = 1")  # half of every row group
    if not vacuum:
        con.execute("SET max_vacuum_tasks = 0")
    con.execute("CHECKPOINT")
    con.close()
    deleted = _deleted_rows(tmp_path / "r.duckdb", "t")
    assert deleted < 50_000 if vacuum else deleted == 500_000
