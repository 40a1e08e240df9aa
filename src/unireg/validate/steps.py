"""Validation as SQL steps: normalise IDs, set aside re-deliveries, find problems, accept.

Inputs are the staging tables ``stage_<kind>`` (every standard field as text,
plus ``_source, _file, _row, _row_ref``) and ``stage_rejects`` written by
:mod:`unireg.ingest`, and the reference table ``ref_regions``. Outputs:

- ``rec_<kind>``: staged rows with ``_id18`` (normalised, upgraded ID),
  ``_id_issue`` (comma-separated ``id.*`` codes, NULL when usable) and
  ``_dup_rank`` (1 for the first delivery of a record, >1 for exact re-deliveries);
- ``problems_<kind>``: one row per broken rule of a first delivery;
- ``acc_<kind>``: first deliveries with no problem — the accepted records;
- ``quarantine``: every problem and every unreadable row, with its reason.
"""

from __future__ import annotations

import datetime as dt

from unireg.engine import Step
from unireg.engine.sql import literal, quote_ident
from unireg.rules import idnumber as idn
from unireg.rules.profile import CountryProfile
from unireg.validate.checks import kind_checks
from unireg.validate.fields import CHECKS, KINDS

META = ("_source", "_file", "_row", "_row_ref")


def _id_columns(ref: dt.date) -> str:
    n, n18 = "_id_norm", "_id18"
    today = literal(ref.strftime("%Y%m%d"))
    return (
        f"CASE WHEN {n} IS NULL OR {n} = '' THEN 'id.missing' "
        f"WHEN length({n}) NOT IN (15, 18) THEN 'id.length' "
        f"WHEN NOT {idn.sql_shape_ok(n18)} THEN 'id.chars' "
        f"ELSE nullif(concat_ws(',', "
        f"CASE WHEN NOT {idn.sql_birth_ok(n18, today)} THEN 'id.birth_date' END, "
        f"CASE WHEN _region_known IS NULL THEN 'id.region' END, "
        f"CASE WHEN NOT {idn.sql_checksum_ok(n18)} THEN 'id.checksum' END), '') END"
    )


def record_step(kind: str, ref: dt.date) -> Step:
    """``rec_<kind>``: normalised ID columns and the re-delivery rank."""
    fields = KINDS[kind]
    cols = ", ".join(fields)
    extra = ""
    if "id_number" in fields:
        for f in ("name", "sex", "birth_date"):  # identity columns every person kind has
            if f not in fields:
                extra += f", CAST(NULL AS VARCHAR) AS {f}"
        sql = f"""
WITH a AS (
  SELECT {', '.join(META)}, {cols}{extra},
         ROW_NUMBER() OVER (PARTITION BY {cols} ORDER BY _file, _row) AS _dup_rank,
         {idn.sql_normalise('id_number')} AS _id_norm
  FROM {quote_ident('stage_' + kind)}
), b AS (
  SELECT a.*, {idn.sql_upgrade('_id_norm')} AS _id18 FROM a
), c AS (
  SELECT b.*, r.code AS _region_known
  FROM b LEFT JOIN (SELECT DISTINCT code FROM ref_regions) r ON r.code = substr(b._id18, 1, 6)
)
SELECT {', '.join(META)}, {cols}{''.join(', ' + f for f in ('name', 'sex', 'birth_date') if f not in fields)},
       _dup_rank, _id18, {_id_columns(ref)} AS _id_issue
FROM c"""
    else:
        sql = f"""
SELECT {', '.join(META)}, {cols},
       ROW_NUMBER() OVER (PARTITION BY {cols} ORDER BY _file, _row) AS _dup_rank
FROM {quote_ident('stage_' + kind)}"""
    return Step(f"validate.records.{kind}", sql.strip(), f"rec_{kind}", "validate")


def problems_step(kind: str, profile: CountryProfile) -> Step:
    """``problems_<kind>``: one row per rule a first-delivered record breaks."""
    parts = [
        f"SELECT _source, _file, _row, _row_ref, {literal(c.field)} AS field, "
        f"{literal(c.rule)} AS rule, {c.message} AS message "
        f"FROM rec_{kind} WHERE _dup_rank = 1 AND ({c.condition})"
        for c in kind_checks(kind, profile)
    ]
    return Step(f"validate.problems.{kind}", "\nUNION ALL\n".join(parts),
                f"problems_{kind}", "validate")


def accepted_step(kind: str) -> Step:
    """``acc_<kind>``: first deliveries with no problem."""
    sql = f"""
SELECT r.*
FROM rec_{kind} r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_{kind}) p
  ON p._file = r._file AND p._row = r._row
WHERE r._dup_rank = 1 AND p._row IS NULL"""
    return Step(f"validate.accepted.{kind}", sql.strip(), f"acc_{kind}", "validate")


def quarantine_step(kinds: tuple[str, ...]) -> Step:
    """``quarantine``: data-standard §5 columns plus the file, row and kind."""
    parts = [f"SELECT {literal(k)} AS kind, _source AS source, _row_ref AS row_ref, field, rule, "
             f"message, _file, _row FROM problems_{k}" for k in kinds]
    parts.append("SELECT f.kind, r._source AS source, r._row_ref AS row_ref, r.field, r.rule, "
                 "r.message, r._file, r._row FROM stage_rejects r "
                 "LEFT JOIN stage_files f ON f._file = r._file")
    sql = ("SELECT * FROM (\n" + "\nUNION ALL\n".join(parts) + "\n) q")
    return Step("validate.quarantine", sql, "quarantine", "validate")


def reconciliation_step(kinds: tuple[str, ...]) -> Step:
    """``reconciliation``: per file, rows staged, re-delivered, quarantined, accepted."""
    parts = []
    for k in kinds:
        parts.append(f"""
SELECT {literal(k)} AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_{k} r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_{k}) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source""")
    sql = "\nUNION ALL\n".join(parts)
    return Step("validate.reconciliation", sql.strip(), "reconciliation_staged", "validate")


def validation_steps(profile: CountryProfile, ref: dt.date,
                     kinds: tuple[str, ...] = tuple(CHECKS)) -> list[Step]:
    """Every validation step for the given kinds, in order."""
    steps: list[Step] = []
    for k in kinds:
        steps.append(record_step(k, ref))
        steps.append(problems_step(k, profile))
        steps.append(accepted_step(k))
    steps.append(quarantine_step(kinds))
    steps.append(reconciliation_step(kinds))
    return steps
