"""The SQL of staging: staging tables, and the statement that maps a file onto them.

Every reader exposes a file as a *relation* with a column ``_row`` (the
1-based data-row number) and one text column per header position (``c0``,
``c1``, …). :func:`stage_insert` turns that relation into rows of
``stage_<kind>``: values trimmed, empty → NULL, a profile's value maps, date
formats and constants applied — in SQL, so that it runs at DuckDB's speed.
The functions here are pure: they return SQL text and its parameters.

>>> quote_ident('a"b')
'"a""b"'
>>> print(stage_table_ddl("employer").splitlines()[0])
CREATE TABLE IF NOT EXISTS "stage_employer" (
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unireg.engine.sql import quote_ident
from unireg.ingest.columns import ColumnPlan
from unireg.ingest.kinds import DATE_FIELDS, KINDS, MONTH_FIELDS, ROW_REF_FIELD
from unireg.ingest.profiles import Profile

# Trimmed from both ends of every value: every character Python's str.isspace()
# accepts (ASCII blanks, NBSP, the ideographic space U+3000, …), plus the
# invisible zero-width space and BOM that copy-paste leaves behind.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
              "\u200b\ufeff")
# The same as RE2 patterns: DuckDB's regexp functions strip it ~5x faster than
# trim(value, characters) does with a set this long; most values need no
# stripping, and testing for that first is cheaper still.
_WS_CLASS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in WHITESPACE) + "]"
EDGE_PATTERN = f"^{_WS_CLASS}|{_WS_CLASS}$"
TRIM_PATTERN = f"^{_WS_CLASS}+|{_WS_CLASS}+$"
# Code points none of WHITESPACE is: printable ASCII, and U+3001..U+FEFE (CJK). A value that
# begins and ends with one of them needs no trimming, and ``ord`` tells that at a third of
# the regexp's cost (7.9M rows of 13 columns: 4.7 against 13.4 s on one thread), so the
# regexp runs only on the rest (names ending in a Latin letter with an accent, say).
SAFE_EDGES = ((0x21, 0x84), (0x3001, 0xFEFE))

META_COLUMNS = ("_source", "_file", "_row", "_row_ref")
REJECTS_TABLE = "stage_rejects"
FILES_TABLE = "stage_files"


@dataclass(frozen=True)
class Step:
    """One named SQL statement with its parameters (named ``$param`` style)."""

    name: str
    sql: str
    params: dict[str, Any] = field(default_factory=dict)


def stage_table(kind: str) -> str:
    """The staging table of a kind."""
    return f"stage_{kind}"


def stage_table_ddl(kind: str) -> str:
    """``stage_<kind>``: provenance columns, then every standard field as text, in order."""
    cols = [("_source", "VARCHAR"), ("_file", "VARCHAR"), ("_row", "BIGINT"),
            ("_row_ref", "VARCHAR")] + [(f, "VARCHAR") for f in KINDS[kind]]
    body = ",\n".join(f"    {quote_ident(c)} {t}" for c, t in cols)
    return f"CREATE TABLE IF NOT EXISTS {quote_ident(stage_table(kind))} (\n{body}\n)"


REJECTS_DDL = f"""CREATE TABLE IF NOT EXISTS {quote_ident(REJECTS_TABLE)} (
    "_source" VARCHAR, "_file" VARCHAR, "_row" BIGINT, "_row_ref" VARCHAR,
    "field" VARCHAR, "rule" VARCHAR, "message" VARCHAR
)"""

FILES_DDL = f"""CREATE TABLE IF NOT EXISTS {quote_ident(FILES_TABLE)} (
    "_source" VARCHAR, "_file" VARCHAR, "kind" VARCHAR, "format" VARCHAR, "profile" VARCHAR,
    "rows_read" BIGINT, "rows_staged" BIGINT, "rows_rejected" BIGINT, "sha256" VARCHAR,
    "missing_columns" VARCHAR[], "extra_columns" VARCHAR[]
)"""


def staging_tables() -> tuple[str, ...]:
    """Every staging table: ``stage_<kind>`` of each kind, the rejects, the files staged."""
    return (*(stage_table(k) for k in KINDS), REJECTS_TABLE, FILES_TABLE)


def create_steps() -> list[Step]:
    """Create every staging table (if missing), so later SQL can rely on all of them."""
    steps = [Step(f"create {stage_table(k)}", stage_table_ddl(k)) for k in KINDS]
    return [*steps, Step("create stage_rejects", REJECTS_DDL),
            Step("create stage_files", FILES_DDL)]


def stage_insert(kind: str, source: str, file_name: str, relation: str, plan: ColumnPlan,
                 profile: Profile | None, into: str | None = None) -> Step:
    """Append the rows of ``relation`` (``_row``, ``c0``…) to ``stage_<kind>`` (or to the
    table ``into``, a quoted, qualified name of it: see ``stage.stage_files``).

    Per field, in this order: take the column the plan gives it (trimmed,
    empty → NULL) or NULL when missing; map its value through the profile's
    value map (unknown values pass through unchanged); reformat dates and
    months with the profile's formats (values matching none pass through
    unchanged). A profile constant replaces all of that. ``_row_ref`` is the
    kind's record id when present, else the row number.
    """
    params: dict[str, Any] = {"source": source, "file": file_name}
    inner = ["_row"]
    if plan.positions:
        params["edge"], params["trim"] = EDGE_PATTERN, TRIM_PATTERN
    for f, pos in plan.positions.items():
        c = quote_ident(f"c{pos}")
        inner.append(f"NULLIF(CASE WHEN {_may_need_trim(c)} AND regexp_matches({c}, $edge) "
                     f"THEN regexp_replace({c}, $trim, '', 'g') ELSE {c} END, '') "
                     f"AS {quote_ident(f)}")
    # every column as text once (a Parquet file's may be numbers), not in each expression
    cells = ", ".join(f"CAST({quote_ident(f'c{p}')} AS VARCHAR) AS {quote_ident(f'c{p}')}"
                      for p in sorted(set(plan.positions.values())))
    relation = f"(SELECT _row{', ' + cells if cells else ''} FROM {relation})"
    joins: list[str] = []
    exprs: dict[str, str] = {}
    for f in KINDS[kind]:
        exprs[f] = _field_expr(f, plan, profile, params, joins)
    ref_field = ROW_REF_FIELD.get(kind)
    row_ref = (f"coalesce({exprs[ref_field]}, CAST(s._row AS VARCHAR))" if ref_field
               else "CAST(s._row AS VARCHAR)")
    target = ", ".join(quote_ident(c) for c in (*META_COLUMNS, *KINDS[kind]))
    select = ",\n    ".join(["$source", "$file", "s._row", row_ref,
                             *(exprs[f] for f in KINDS[kind])])
    sql = (f"INSERT INTO {into or quote_ident(stage_table(kind))} ({target})\n"
           f"SELECT\n    {select}\n"
           f"FROM (SELECT {', '.join(inner)} FROM {relation}) AS s"
           + "".join(f"\n{j}" for j in joins))
    return Step(f"stage {file_name}", sql, params)


def _may_need_trim(c: str) -> str:
    """SQL: whether the text ``c`` may begin or end with WHITESPACE (see ``SAFE_EDGES``;
    an empty value may: ``ord('')`` is -1)."""
    def unsafe(code: str) -> str:
        return " AND ".join(f"{code} NOT BETWEEN {lo} AND {hi}" for lo, hi in SAFE_EDGES)
    return f"(({unsafe(f'ord({c})')}) OR ({unsafe(f'ord({c}[-1])')}))"


def _field_expr(f: str, plan: ColumnPlan, profile: Profile | None, params: dict[str, Any],
                joins: list[str]) -> str:
    if profile and f in profile.constants:
        params[f"const_{f}"] = profile.constants[f]
        return f"CAST($const_{f} AS VARCHAR)"
    if f not in plan.positions:
        return "CAST(NULL AS VARCHAR)"
    expr = f"s.{quote_ident(f)}"
    if profile and profile.values.get(f):
        vmap = profile.values[f]
        alias = quote_ident(f"map_{f}")
        params[f"map_from_{f}"] = list(vmap)
        params[f"map_to_{f}"] = list(vmap.values())
        joins.append(f"LEFT JOIN (SELECT unnest(CAST($map_from_{f} AS VARCHAR[])) AS v_from, "
                     f"unnest(CAST($map_to_{f} AS VARCHAR[])) AS v_to) AS {alias} "
                     f"ON {alias}.v_from = {expr}")
        expr = f"coalesce({alias}.v_to, {expr})"
    formats, out = _formats_for(f, profile)
    if formats:
        params[f"fmt_{f}"] = list(formats)
        expr = (f"coalesce(strftime(try_strptime({expr}, CAST($fmt_{f} AS VARCHAR[])), "
                f"'{out}'), {expr})")
    return expr


def _formats_for(f: str, profile: Profile | None) -> tuple[tuple[str, ...], str]:
    if profile is None:
        return (), ""
    if f in DATE_FIELDS:
        return profile.dates, "%Y-%m-%d"
    if f in MONTH_FIELDS:
        return profile.months, "%Y-%m"
    return (), ""


def rejects_insert(relation: str, source: str, file_name: str) -> Step:
    """Append rows that could not be read (``_row``, ``rule``, ``message``) to stage_rejects."""
    return Step(
        f"rejects of {file_name}",
        f"INSERT INTO {quote_ident(REJECTS_TABLE)} "
        '("_source", "_file", "_row", "_row_ref", "field", "rule", "message")\n'
        "SELECT $source, $file, _row, CAST(_row AS VARCHAR), CAST(NULL AS VARCHAR), rule, "
        f"message FROM {relation}",
        {"source": source, "file": file_name})


def files_insert(values: dict[str, Any]) -> Step:
    """Record one staged file in stage_files (the reconciliation of what was read)."""
    cols = list(values)
    return Step(
        f"record {values['_file']}",
        f"INSERT INTO {quote_ident(FILES_TABLE)} ({', '.join(quote_ident(c) for c in cols)}) "
        f"VALUES ({', '.join('$' + c.lstrip('_') for c in cols)})",
        {c.lstrip("_"): v for c, v in values.items()})
