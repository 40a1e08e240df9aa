"""The exports sorted by the person key's BIGINT twin are the files sorted by the key's text
(real DuckDB, the heavy province's registry: new persons' P keys and X check characters)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from unireg.export import writer
from unireg.export.tables import EXPORTS


def test_the_fast_order_writes_the_same_files(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    keys = [r[0] for r in registry.execute("SELECT person_key FROM persons").fetchall()]
    # both kinds of key, and check characters X, are there to be ordered
    assert any(k.startswith("P") for k in keys) and any(k.endswith("X") for k in keys)
    assert writer.fast_orders(registry)
    fast = [e for e in EXPORTS if e.fast_order]
    assert {"persons", "coverage", "uninsured"} <= {e.name for e in fast}
    for export in fast:
        a, b = tmp_path / f"{export.name}-text.parquet", tmp_path / f"{export.name}-fast.parquet"
        n = writer.write_export(registry, export, a)
        assert writer.write_export(registry, export, b, fast=True) == n
        assert a.read_bytes() == b.read_bytes(), export.name
        if export.name in ("persons", "coverage"):
            assert n > 1000


def test_keys_or_groups_it_cannot_order_keep_the_text_order() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE persons AS SELECT * FROM (VALUES ('110104199003078039'), "
                "('P000000001')) t(person_key)")
    con.execute("CREATE TABLE ref_groups AS SELECT 'medical' AS scheme_group")
    con.execute("CREATE TABLE coverage AS SELECT person_key, 'medical' AS scheme_group "
                "FROM persons")
    con.execute("CREATE TABLE uninsured AS SELECT * FROM coverage")
    assert writer.fast_orders(con)
    con.execute("INSERT INTO uninsured VALUES ('P000000001', 'pension')")  # not a known group
    assert not writer.fast_orders(con)
    con.execute("DELETE FROM uninsured WHERE scheme_group = 'pension'")
    con.execute("INSERT INTO persons VALUES ('N000001')")  # another country's new person
    assert not writer.fast_orders(con)
    persons = next(e for e in EXPORTS if e.name == "persons")
    assert writer.ordered_sql(persons, fast=False).endswith("ORDER BY person_key")
