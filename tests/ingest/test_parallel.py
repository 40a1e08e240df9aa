"""Staging several files at once gives the same tables, row for row, as one at a time."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from unireg.ingest import KINDS, create_stage_tables, discover, stage_files

TABLES = [*(f"stage_{k}" for k in KINDS), "stage_rejects", "stage_files"]


def _stage(delivery: Path, db: Path, workers: int) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db))
    try:
        create_stage_tables(con)
        staged = stage_files(con, discover(delivery), tmp_dir=db.parent / "tmp",
                             workers=workers)
        assert [s.path.name for s in staged] == [f.name for f in discover(delivery)]
        # the same rows; files staged at once may end up in either order (no step reads a
        # table in its insertion order), each file's rows in its own order
        tables = {t: sorted(con.sql(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                  for t in TABLES}
        for t in TABLES[:-2]:
            rows = con.sql(f'SELECT _file, _row FROM "{t}"').fetchall()
            for name in {r[0] for r in rows}:
                mine = [r[1] for r in rows if r[0] == name]
                assert mine == sorted(mine), (t, name)
        return tables
    finally:
        con.close()


def test_parallel_staging_equals_sequential(noisy_province: Path, tmp_path: Path) -> None:
    one = _stage(noisy_province, tmp_path / "one.duckdb", workers=1)
    two = _stage(noisy_province, tmp_path / "two.duckdb", workers=2)
    assert sum(len(v) for v in one.values()) > 10_000
    assert one == two
    assert not list((tmp_path / "tmp").glob("stage-*.duckdb"))  # scratch files removed


def test_a_failing_file_keeps_the_files_before_it(noisy_province: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import unireg.ingest.stage as stage_mod

    files = discover(noisy_province)
    bad = files[2].name
    real = stage_mod.stage_file

    def failing(con, f, **kw):  # type: ignore[no-untyped-def]
        if f.name == bad:
            raise RuntimeError(f"{f.name}: cannot be read")
        return real(con, f, **kw)

    monkeypatch.setattr(stage_mod, "stage_file", failing)
    con = duckdb.connect(str(tmp_path / "r.duckdb"))
    create_stage_tables(con)
    with pytest.raises(RuntimeError, match=bad):
        stage_files(con, files, tmp_dir=tmp_path / "tmp", workers=2)
    staged = [r[0] for r in con.sql("SELECT _file FROM stage_files").fetchall()]
    assert staged == [f.name for f in files[:2]]
    # nothing of the failed file or of those after it, even where their rows were written
    # straight into the staging tables while the failed one was read
    for t in TABLES[:-1]:
        left = {r[0] for r in con.sql(f'SELECT DISTINCT _file FROM "{t}"').fetchall()}
        assert left <= set(staged), (t, left)
    con.close()
