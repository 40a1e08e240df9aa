"""Write exports deterministically: the same registry gives byte-identical files.

DuckDB's own writer streams each export (``COPY ... TO``) so memory stays
bounded at national sizes; rows are sorted by each export's key.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from unireg.engine.sql import literal
from unireg.export.tables import EXPORTS, Export


def _ordered(export: Export) -> str:
    if export.name == "links":  # ordered by delivery position, which it does not export
        return (f"SELECT source, row_ref, person_key, method, score, kind FROM links "
                f"ORDER BY {export.order_by}")
    return f"SELECT * FROM ({export.sql}) ORDER BY {export.order_by}"


def _csv_select(con: duckdb.DuckDBPyConnection, export: Export) -> str:
    """Lists become `;`-joined text so a CSV cell holds one value."""
    cols = con.execute(f"DESCRIBE {_ordered(export)}").fetchall()
    exprs = [f"array_to_string({name}, ';') AS {name}" if str(kind).endswith("[]") else name
             for name, kind, *_ in cols]
    return f"SELECT {', '.join(exprs)} FROM ({_ordered(export)})"


def write_exports(con: duckdb.DuckDBPyConnection, out: Path, csv: bool = False) -> dict[str, int]:
    """Write every export of the registry in ``con`` to ``out``; returns row counts."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for export in EXPORTS:
        target = literal(str(out / f"{export.name}.parquet"))
        con.execute(f"COPY ({_ordered(export)}) TO {target} "
                    "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)")
        if csv:
            con.execute(f"COPY ({_csv_select(con, export)}) TO "
                        f"{literal(str(out / (export.name + '.csv')))} (FORMAT csv, HEADER)")
        row = con.execute(f"SELECT count(*) FROM ({export.sql})").fetchone()
        counts[export.name] = int(row[0]) if row else 0
    return counts
