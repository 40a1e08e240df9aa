"""The audit chain: any change to a stored row is found, and where."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb

from unireg.service.audit import GENESIS, canonical, chain, verify
from unireg.service.models import AuditEntry
from unireg.service.store.duckdb_store import DuckDBStateStore

E = AuditEntry("li", "county_officer", "440305", "person.view", "ok", persons=("abc",),
               client="127.0.0.1")


def _rows(n: int) -> list:  # type: ignore[type-arg]
    out, prev = [], GENESIS
    for i in range(1, n + 1):
        r = chain(i, f"2018-01-05T09:00:{i:02d}.000000Z", dataclasses.replace(E, detail=str(i)),
                  prev)
        out.append(r)
        prev = r.row_hash
    return out


def test_canonical_form_is_fixed() -> None:
    assert canonical(1, "t", E) == (
        b'[1,"t","li","county_officer","440305","person.view","ok","",["abc"],"","127.0.0.1"]')


def test_each_kind_of_tampering_is_found() -> None:
    rows = _rows(5)
    assert verify(rows).ok and verify(rows).head == rows[-1].row_hash
    edited = [*rows[:2], dataclasses.replace(rows[2], entry=dataclasses.replace(
        rows[2].entry, outcome="denied")), *rows[3:]]
    assert (verify(edited).ok, verify(edited).first_bad) == (False, 3)
    assert "changed" in verify(edited).problem
    deleted = rows[:2] + rows[3:]
    assert (verify(deleted).ok, verify(deleted).first_bad) == (False, 4)
    swapped = [rows[0], rows[2], rows[1], *rows[3:]]
    assert verify(swapped).first_bad == 3
    # Re-hashing the edited row alone does not help: the next row points at the old hash.
    r = rows[2]
    forged = chain(3, r.at, dataclasses.replace(r.entry, actor="wang"), r.prev_hash)
    assert verify([*rows[:2], forged, *rows[3:]]).first_bad == 4


def test_an_edit_in_the_duckdb_file_is_found(tmp_path: Path) -> None:
    path = tmp_path / "service.duckdb"
    s = DuckDBStateStore(path)
    for i in range(3):
        s.append_audit(dataclasses.replace(E, detail=str(i)),
                       dt.datetime(2018, 1, 5, tzinfo=dt.UTC))
    s.close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE audit SET persons = 'someone-else' WHERE seq = 2")
    con.close()
    s = DuckDBStateStore(path)
    v = verify(s.iter_audit())
    assert (v.ok, v.first_bad, v.rows) == (False, 2, 1)
    s.close()
