"""Exact linkage's tests of a record against its usable ID number, on DuckDB."""

from __future__ import annotations

import duckdb

from unireg.link.exact import birth_differs

ID = "440305198001310011"   # born 1980-01-31
TEXTS = ["1980-01-31", "1980-01-30", "1980-1-31", "1980-01-3", "19800131", "1980/01/31",
         "1980-01-31 ", "-1980-01-31", "1980-01-31-", "198-001-31", "1980-0-131", "1980--0131",
         "1980-01—31", "１９８０-01-31", "", "1980-01-310", "1980-01-31\n", "x980-01-31"]


def _differs(texts: list[str]) -> list[bool]:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest(?::VARCHAR[]) AS b, ? AS n", [texts, ID])
    rows = con.execute(f"SELECT b, {birth_differs('b', 'n')} FROM t").fetchall()
    return [bool(dict(rows)[b]) for b in texts]


def test_only_the_id_s_own_date_agrees() -> None:
    assert _differs(TEXTS) == [t != "1980-01-31" for t in TEXTS]


def test_every_one_character_edit_of_the_date_differs() -> None:
    date, alphabet = "1980-01-31", "0123456789-/x１"
    edits = {date[:i] + c + date[i + 1:] for i in range(len(date)) for c in alphabet}
    edits |= {date[:i] + c + date[i:] for i in range(len(date) + 1) for c in alphabet}
    edits |= {date[:i] + date[i + 1:] for i in range(len(date))}
    texts = sorted(edits)
    assert _differs(texts) == [t != date for t in texts]
    assert date in texts and len(texts) > 250
