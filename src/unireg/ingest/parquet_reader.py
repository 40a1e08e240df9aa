"""Reading a Parquet file: every column as text, with exact row numbers.

DuckDB's ``read_parquet`` gives each row its position in the file
(``file_row_number``, 0-based; ``_row`` is that + 1, as in CSV where the
header is row 0). Columns become text the way a person would write them:
dates and timestamps as ``YYYY-MM-DD`` (timestamps with a time zone are
taken in UTC), whole floating-point numbers without ``.0`` (an ID number
stored as a double is exact only below 2^53; larger ones keep their float
form, e.g. ``4.4e+17``, so that validation flags them instead of trusting
digits that were lost), everything else by DuckDB's cast to VARCHAR.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from unireg.engine.sql import quote_ident
from unireg.errors import IngestError

_EXACT_DOUBLE = 2**53


def as_text(column: str, duck_type: str) -> str:
    """SQL giving the text of a Parquet column of the given DuckDB type.

    >>> as_text("d", "DATE")
    'CAST("d" AS VARCHAR)'
    """
    c = quote_ident(column)
    t = duck_type.upper()
    if t == "TIMESTAMP WITH TIME ZONE":
        return f"strftime(timezone('UTC', {c}), '%Y-%m-%d')"
    if t.startswith("TIMESTAMP"):
        return f"strftime(CAST({c} AS TIMESTAMP), '%Y-%m-%d')"
    if t in ("DOUBLE", "FLOAT"):
        return (f"CASE WHEN isfinite({c}) AND {c} = trunc({c}) AND abs({c}) < {_EXACT_DOUBLE} "
                f"THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) ELSE CAST({c} AS VARCHAR) END")
    return f"CAST({c} AS VARCHAR)"


def parquet_relation(con: duckdb.DuckDBPyConnection,
                     path: Path) -> tuple[list[str], str, dict[str, Any]]:
    """The header (column names), and a relation (``_row``, ``c0``…) over the file, with params."""
    params = {"pq_path": str(path)}
    try:
        schema = con.execute("DESCRIBE SELECT * FROM read_parquet($pq_path)", params).fetchall()
    except duckdb.Error as e:
        raise IngestError(f"{path.name}: cannot be read as Parquet: {e}") from None
    header = [str(row[0]) for row in schema]
    cols = ", ".join(f"{as_text(str(name), str(t))} AS c{i}"
                     for i, (name, t, *_) in enumerate(schema))
    sql = (f"(SELECT file_row_number + 1 AS _row, {cols} "
           "FROM read_parquet($pq_path, file_row_number = true))")
    return header, sql, params
