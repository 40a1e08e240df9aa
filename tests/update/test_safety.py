"""An update commits whole or not at all, and refuses what it cannot apply safely."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from unireg.errors import EngineError
from unireg.pipeline.build import build
from unireg.pipeline.workspace import connect
from unireg.update.incremental import UpdateError, update

from .helpers import REF, YEAR_END, digests, settings_on, sha


def test_crash_leaves_registry_and_exports(built: Path, events_file: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before, registry = digests(built / "exports"), sha(built / "registry.duckdb")
    from unireg.engine.duckdb_engine import DuckDBEngine

    real = DuckDBEngine._create_table

    def failing(self, name, sql):  # type: ignore[no-untyped-def]
        if name == "coverage":
            raise RuntimeError("disk full (simulated)")
        return real(self, name, sql)

    monkeypatch.setattr(DuckDBEngine, "_create_table", failing)
    with pytest.raises(EngineError, match=r"coverage\.coverage"):
        update(built, [events_file], settings_on(YEAR_END))
    assert digests(built / "exports") == before
    assert sha(built / "registry.duckdb") == registry
    monkeypatch.undo()
    result = update(built, [events_file], settings_on(YEAR_END))  # the next one succeeds
    assert result.applied > 0 and not (built / ".next").exists()


def test_crash_while_the_exports_are_merging(built: Path, events_file: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The merges run beside the registry writes: a failure there stops them and leaves the
    registry and the exports as they were."""
    import threading

    import unireg.update.incremental as incremental

    before, registry = digests(built / "exports"), sha(built / "registry.duckdb")
    real = incremental._replace

    def failing(con, table, *args):  # type: ignore[no-untyped-def]
        if table == "coverage":
            raise RuntimeError("disk full (simulated)")
        return real(con, table, *args)

    monkeypatch.setattr(incremental, "_replace", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        update(built, [events_file], settings_on(YEAR_END))
    assert not [t for t in threading.enumerate() if t.name.startswith("unireg-merge")]
    assert digests(built / "exports") == before
    assert sha(built / "registry.duckdb") == registry
    monkeypatch.undo()
    result = update(built, [events_file], settings_on(YEAR_END))
    assert result.applied > 0 and "coverage" in result.merged_exports


def test_a_file_that_cannot_be_staged_beside_the_copy(built: Path, events_file: Path,
                                                      tmp_path: Path) -> None:
    """New files are staged while the registry is copied: one that cannot be staged fails
    the update once the copy is done, and leaves the registry and exports as they were."""
    import threading

    from unireg.errors import IngestError

    before, registry = digests(built / "exports"), sha(built / "registry.duckdb")
    bad = tmp_path / "events-2018_bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"events-2018_bad\.csv"):
        update(built, [events_file, bad], settings_on(YEAR_END))
    assert not [t for t in threading.enumerate() if t.name.startswith("unireg-copy")]
    assert digests(built / "exports") == before
    assert sha(built / "registry.duckdb") == registry
    result = update(built, [events_file], settings_on(YEAR_END))  # the next one succeeds
    assert result.applied > 0 and result.files == [events_file.name]


def test_refusals(built: Path, events_file: Path, province: Path, tmp_path: Path) -> None:
    with pytest.raises(UpdateError, match="population"):
        update(built, [province / "population.csv"], settings_on(YEAR_END))
    update(built, [events_file], settings_on(YEAR_END))
    changed = tmp_path / events_file.name
    changed.write_text(events_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(UpdateError, match="other contents"):
        update(built, [changed], settings_on(YEAR_END))
    with pytest.raises(UpdateError, match="no registry"):
        update(tmp_path / "nowhere", [events_file], settings_on(YEAR_END))


def test_reference_date_that_would_change_delivered_ids(province: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A record whose ID states a birth after the reference date is validated differently."""
    from unireg.pipeline import build as build_mod

    # One record for probabilistic linkage is beside the point here (and too few to train on).
    monkeypatch.setattr(build_mod, "LINK_HOOK", ("link.review_queue", "unireg.no_such", "x"))
    delivery = tmp_path / "d"
    shutil.copytree(province, delivery, ignore=shutil.ignore_patterns("events", "truth"))
    pop = delivery / "population.csv"
    with pop.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    from unireg.rules.idnumber import check_char

    body = "44010320180301001"
    rows.append([body + check_char(body), "黄一", "1", "2018-03-01", "440103", "urban", "",
                 "living", ""] + [""] * (len(rows[0]) - 9))
    with pop.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    ws = tmp_path / "ws"
    build(delivery, ws, settings_on(REF))
    events = tmp_path / "events-x.csv"
    events.write_text("event_id,event_type,event_date,id_number\n", encoding="utf-8")
    with pytest.raises(UpdateError, match="1 delivered records"):
        update(ws, [events], settings_on(YEAR_END))


def test_quarantined_events_reconcile(built: Path, events_file: Path) -> None:
    update(built, [events_file], settings_on(YEAR_END))
    con = connect(built / "registry.duckdb")
    row = con.execute("SELECT rows_read, accepted, quarantined, redelivered, balanced "
                      "FROM reconciliation WHERE kind = 'events'").fetchall()
    assert len(row) == 1 and row[0][4]
    _, accepted, quarantined, redelivered, _ = row[0]
    assert quarantined > 0 and redelivered > 0
    applied = con.execute("SELECT count(*) FROM links WHERE kind = 'events'").fetchall()[0][0]
    assert applied == accepted
