"""Safe re-runs: determinism, crash safety, incremental deliveries, reconciliation."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from unireg.errors import BuildError, EngineError, ReconciliationError
from unireg.pipeline.build import build
from unireg.pipeline.workspace import connect


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.parquet"))}


def test_same_inputs_byte_identical_exports(clean_province: Path, clean_build, tmp_path: Path,
                                            settings) -> None:
    ws, first = clean_build
    again = build(clean_province, tmp_path / "again", settings)
    assert again.build_id == first.build_id
    assert digests(tmp_path / "again/exports") == digests(ws / "exports")


def test_crash_leaves_previous_registry(clean_province: Path, tmp_path: Path, settings,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    build(clean_province, ws, settings)
    before = digests(ws / "exports")
    registry_before = hashlib.sha256((ws / "registry.duckdb").read_bytes()).hexdigest()

    from unireg.engine.duckdb_engine import DuckDBEngine

    real = DuckDBEngine._create_table

    def failing(self, name, sql):  # type: ignore[no-untyped-def]
        if name == "coverage":
            raise RuntimeError("disk full (simulated)")
        return real(self, name, sql)

    monkeypatch.setattr(DuckDBEngine, "_create_table", failing)
    with pytest.raises(EngineError, match=r"coverage\.coverage"):
        build(clean_province, ws, settings)
    assert digests(ws / "exports") == before
    assert hashlib.sha256((ws / "registry.duckdb").read_bytes()).hexdigest() == registry_before
    monkeypatch.undo()
    # the next build recovers and succeeds
    build(clean_province, ws, settings)
    assert digests(ws / "exports") == before


def test_second_build_adds_only_the_new_file(clean_province: Path, tmp_path: Path,
                                             settings) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(clean_province, partial, ignore=shutil.ignore_patterns("truth"))
    extra = sorted(partial.glob("survey*"))[0]
    extra.unlink()
    ws = tmp_path / "ws"
    first = build(partial, ws, settings)
    shutil.copy(clean_province / extra.name, partial / extra.name)
    second = build(partial, ws, settings)
    assert second.files == first.files + 1
    once = build(clean_province, tmp_path / "once", settings)
    assert second.rows_read == once.rows_read
    assert digests(ws / "exports") == digests(tmp_path / "once/exports")
    con = connect(ws / "registry.duckdb")
    dup = con.execute("SELECT _file, count(*) FROM stage_files GROUP BY _file "
                      "HAVING count(*) > 1").fetchall()
    assert dup == []


def test_renamed_content_clash_is_refused(clean_province: Path, tmp_path: Path,
                                          settings) -> None:
    d = tmp_path / "d"
    shutil.copytree(clean_province, d, ignore=shutil.ignore_patterns("truth"))
    ws = tmp_path / "ws"
    build(d, ws, settings)
    emp = d / "employer.csv"
    emp.write_text(emp.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"employer\.csv"):
        build(d, ws, settings)


def test_unbalanced_counts_fail_the_build(clean_province: Path, tmp_path: Path, settings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import unireg.ingest.stage as stage_mod

    real = stage_mod.stage_file

    def inflate(con, f, **kw):  # type: ignore[no-untyped-def]
        staged = real(con, f, **kw)
        con.execute("UPDATE stage_files SET rows_read = rows_read + 1 WHERE kind = 'employer'")
        return staged

    monkeypatch.setattr(stage_mod, "stage_file", inflate)
    with pytest.raises(ReconciliationError, match="employer"):
        build(clean_province, tmp_path / "ws", settings)
    assert not (tmp_path / "ws/exports").exists()


def test_reconciliation_table_balances(noisy_build) -> None:
    ws, summary = noisy_build
    con = connect(ws / "registry.duckdb")
    rows = con.execute("SELECT file, rows_read, accepted, quarantined, redelivered, balanced "
                       "FROM reconciliation").fetchall()
    assert rows and all(r[5] for r in rows)
    assert sum(r[3] for r in rows) == summary.quarantined > 0
