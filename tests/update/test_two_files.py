"""The registry in two files: what an update changes, and the delivered records it never does.

An update copies ``registry.duckdb`` and hard-links ``delivered.duckdb`` (attached read
only); a registry written before the split (one file) is still read and updated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from unireg.pipeline.workspace import (
    DELIVERED_FILE,
    DELIVERED_TABLES,
    LIVE_NAMES,
    Workspace,
    connect,
)
from unireg.update.incremental import update

from .helpers import YEAR_END, digests, settings_on, sha


def _tables(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()


def test_build_writes_the_delivered_records_to_their_own_file(built: Path) -> None:
    delivered, registry = _tables(built / DELIVERED_FILE), _tables(built / "registry.duckdb")
    assert delivered == set(DELIVERED_TABLES)
    assert not delivered & registry
    # Read as one: the registry's views (persons, enrolments, rec_*) find them.
    con = connect(built / "registry.duckdb")
    try:
        n = con.execute("SELECT count(*) FROM persons").fetchall()[0][0]
        staged = con.execute("SELECT count(*) FROM rec_enrolment").fetchall()[0][0]
        assert n > 0 and staged > 0
    finally:
        con.close()


def test_update_links_the_delivered_file_and_leaves_it_unchanged(
        built: Path, events_file: Path, tmp_path: Path) -> None:
    inode, digest = (built / DELIVERED_FILE).stat().st_ino, sha(built / DELIVERED_FILE)
    # A service or report holding it open meanwhile (read only) does not stop the update.
    reader = connect(built / "registry.duckdb")
    try:
        result = update(built, [events_file], settings_on(YEAR_END))
    finally:
        reader.close()
    assert result.applied > 0
    assert (built / DELIVERED_FILE).stat().st_ino == inode  # the same file: linked, not copied
    assert sha(built / DELIVERED_FILE) == digest
    assert not (built / ".next").exists()


def test_a_one_file_registry_is_read_and_updated_as_before(
        built: Path, events_file: Path, tmp_path: Path) -> None:
    """A registry written before the split: the delivered tables moved back into the
    registry file. The update gives the same exports as on the two files."""
    two = tmp_path / "two"
    shutil.copytree(built, two)
    con = duckdb.connect(str(built / "registry.duckdb"))
    try:
        con.execute(f"ATTACH '{built / DELIVERED_FILE}' AS d (READ_ONLY)")
        for t in DELIVERED_TABLES:
            con.execute(f'CREATE TABLE main."{t}" AS SELECT * FROM d."{t}"')
        con.execute("DETACH d")
    finally:
        con.close()
    (built / DELIVERED_FILE).unlink()
    update(built, [events_file], settings_on(YEAR_END))
    update(two, [events_file], settings_on(YEAR_END))
    assert not (built / DELIVERED_FILE).exists()
    assert digests(built / "exports") == digests(two / "exports")


def test_an_interrupted_swap_is_rolled_back_whole(tmp_path: Path) -> None:
    """Killed after the new registry was moved in but before its delivered records: the
    next build or update starts from the previous registry, delivered records and exports
    together, never a new registry beside the previous delivered records."""
    ws = Workspace(tmp_path / "ws")
    ws.prepare()
    for name in LIVE_NAMES:
        (ws.root / name).write_text(f"old {name}")
    (ws.root / "delivered.duckdb").unlink()  # the previous registry was one file
    # The swap, as far as it got: the live names moved out, one new file moved in.
    ws.old.mkdir()
    (ws.old / ".absent").write_text("delivered.duckdb")
    for name in LIVE_NAMES:
        if (ws.root / name).exists():
            (ws.root / name).rename(ws.old / name)
    (ws.next / "registry.duckdb").write_text("new registry")
    (ws.next / "delivered.duckdb").write_text("new delivered")
    (ws.next / "registry.duckdb").rename(ws.root / "registry.duckdb")
    (ws.next / "delivered.duckdb").rename(ws.root / "delivered.duckdb")

    ws.prepare()
    assert (ws.root / "registry.duckdb").read_text() == "old registry.duckdb"
    assert not (ws.root / "delivered.duckdb").exists()
    assert (ws.root / "build.json").read_text() == "old build.json"
    assert not ws.old.exists()
