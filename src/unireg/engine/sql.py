"""Small SQL helpers: quoting, literals and portable expressions (style.md #7).

Everything here returns DuckDB-dialect text that sqlglot can transpile.

>>> quote_ident('stage_enrolment')
'"stage_enrolment"'
>>> literal("it's")
"'it''s'"
>>> in_list("x", ["a", "b"])
"x IN ('a', 'b')"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def quote_ident(name: str) -> str:
    """Quote an identifier (table or column name)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    """A SQL literal for a Python value (str, int, float, bool, date, None)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def in_list(expr: str, values: Iterable[str]) -> str:
    vals = list(values)
    if not vals:
        return "FALSE"
    return f"{expr} IN ({', '.join(literal(v) for v in vals)})"


def ymd_ok(col: str) -> str:
    """A string is a real calendar date written YYYY-MM-DD, from 1800 on.

    The shape is matched first (so no engine's lenient date parsing decides),
    then the cast rejects days that do not exist (2017-02-30).
    """
    return (f"(regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
            f"AND {col} >= '1800' AND TRY_CAST({col} AS DATE) IS NOT NULL)")


def ym_ok(col: str) -> str:
    """A string is a month written YYYY-MM."""
    return (f"(regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}') AND "
            f"TRY_CAST(substr({col}, 6, 2) AS INTEGER) BETWEEN 1 AND 12)")


def to_date(col: str) -> str:
    """A YYYY-MM-DD string already checked by :func:`ymd_ok` as a DATE."""
    return f"CAST({col} AS DATE)"


def sorted_set(expr: str) -> str:
    """Aggregate: the sorted distinct non-null values of ``expr`` as a list."""
    return f"list_sort(list_distinct(list({expr})))"


def string_agg_sorted(expr: str, sep: str = ";") -> str:
    return f"array_to_string({sorted_set(expr)}, {literal(sep)})"
