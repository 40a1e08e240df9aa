"""Validation as SQL steps: normalise IDs, set aside re-deliveries, find problems, accept.

Inputs are the staging tables ``stage_<kind>`` (every standard field as text,
plus ``_source, _file, _row, _row_ref``) and ``stage_rejects`` written by
:mod:`unireg.ingest`, and the reference table ``ref_regions``. Outputs:

- ``redelivered_<kind>``: the (file, row) of exact re-deliveries;
- ``rec_<kind>`` (a view): staged rows with ``_id18`` (normalised, upgraded ID),
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


def _id_issue(ref: dt.date) -> str:
    """SQL over ``id_checks``: the comma-separated ``id.*`` codes, NULL when usable (reads
    ``_body``, the number's first 17 digits as a BIGINT: :func:`idnumber.sql_body_number`)."""
    n, n18 = "_id_norm", "_id18"
    today = literal(ref.strftime("%Y%m%d"))
    return (
        f"CASE WHEN {n} IS NULL OR {n} = '' THEN 'id.missing' "
        f"WHEN length({n}) NOT IN (15, 18) THEN 'id.length' "
        f"WHEN NOT {idn.sql_shape_ok(n18)} THEN 'id.chars' "
        f"ELSE nullif(concat_ws(',', "
        f"CASE WHEN NOT {idn.sql_birth_ok(n18, today, '_body')} THEN 'id.birth_date' END, "
        f"CASE WHEN _region_known IS NULL THEN 'id.region' END, "
        f"CASE WHEN NOT {idn.sql_checksum_ok(n18, '_body')} THEN 'id.checksum' END), '') END"
    )


def id_checks_step(ref: dt.date, kinds: tuple[str, ...]) -> Step:
    """``id_checks``: the distinct delivered ID numbers that are not clean and valid as they
    stand, normalised and checked once.

    A person's number recurs in several records (frame, each enrolment, jobs),
    so checking distinct values is several times cheaper than checking rows.
    Numbers that are already clean skip the normalisation. A number that needs
    no normalisation and breaks no rule is not kept: looked up, it is missing,
    which means "itself, usable" (:func:`id_columns`). That keeps the table to
    the few hundred thousand numbers with something to say (of 10.7M at 10M),
    and so the lookups of every record cheap.
    """
    # One DISTINCT over every table's numbers: a DISTINCT per table, then their UNION, hashed
    # each number twice (41M rows, 10.7M numbers at 10M: 7.6 against 5.0 s).
    raw = "\nUNION ALL\n".join(
        f"SELECT id_number FROM {quote_ident('stage_' + k)} WHERE id_number IS NOT NULL"
        for k in kinds if "id_number" in KINDS[k])
    sql = f"""
WITH r AS (SELECT DISTINCT id_number AS raw FROM (
{raw})
), a AS (
  SELECT raw, {idn.sql_normal_form('raw')} AS _id_norm FROM r
), b AS (
  SELECT a.*, {idn.sql_upgrade('_id_norm')} AS _id18 FROM a
), c AS (
  SELECT b.*, g.code AS _region_known, {idn.sql_body_number('b._id18')} AS _body
  FROM b LEFT JOIN (SELECT DISTINCT code FROM ref_regions) g ON g.code = substr(b._id18, 1, 6)
)
SELECT * FROM (SELECT raw, _id18, {_id_issue(ref)} AS _id_issue FROM c) x
WHERE _id_issue IS NOT NULL OR _id18 IS DISTINCT FROM raw"""
    return Step("validate.id_checks", sql.strip(), "id_checks", "validate")


def redelivered_step(kind: str) -> Step:
    """``redelivered_<kind>``: the (file, row) of every exact re-delivery of a record.

    A re-delivery is a row equal, field by field, to an earlier one (file name
    order, then row). Candidates are found by a 64-bit hash of every standard
    field, then confirmed field by field against the first row of their hash
    group, so a collision can never make two different records one (at worst a
    true re-delivery after a collision is kept as a first delivery: counted,
    never lost). Rows are ranked within their hash group only where the group
    holds more than one: ranking every row sorted all of them (52 s of 23M
    enrolment rows).
    """
    fields = KINDS[kind]
    cols = ", ".join(fields)
    same = " AND ".join(f"d.{f} IS NOT DISTINCT FROM f.{f}" for f in fields)
    stage = quote_ident("stage_" + kind)
    sql = f"""
WITH h AS (
  SELECT _file, _row, hash({cols}) AS _h FROM {stage}
), r AS (
  SELECT _file, _row, _h, ROW_NUMBER() OVER (PARTITION BY _h ORDER BY _file, _row) AS _hr
  FROM h WHERE _h IN (SELECT _h FROM h GROUP BY _h HAVING count(*) > 1)
)
SELECT d._file, d._row
FROM r
JOIN r r1 ON r1._h = r._h AND r1._hr = 1
JOIN {stage} d ON d._file = r._file AND d._row = r._row
JOIN {stage} f ON f._file = r1._file AND f._row = r1._row
WHERE r._hr > 1 AND {same}"""
    return Step(f"validate.redelivered.{kind}", sql.strip(), f"redelivered_{kind}", "validate")


def id_columns(stage: str, checks: str) -> str:
    """``_id18, _id_issue`` of a staged row (alias ``stage``) looked up in ``id_checks``
    (alias ``checks``, left-joined on ``raw = id_number``): a number not found there is
    clean and valid as it stands (:func:`id_checks_step`)."""
    return (f"CASE WHEN {stage}.id_number IS NULL THEN NULL WHEN {checks}.raw IS NULL "
            f"THEN {stage}.id_number ELSE {checks}._id18 END AS _id18, "
            f"CASE WHEN {stage}.id_number IS NULL THEN 'id.missing' ELSE {checks}._id_issue END "
            "AS _id_issue")


def record_step(kind: str, ref: dt.date) -> Step:
    """``rec_<kind>``: the staged rows with their checked ID and re-delivery rank.

    ``_dup_rank`` is 1 for the first delivery of a record and 2 for an exact
    re-delivery (``redelivered_<kind>``). A view: the staged rows looked up in
    ``id_checks`` and ``redelivered_<kind>`` (a hash join, ~3 s per read of
    23M enrolment rows at 10M) rather than written into the registry again,
    with three more columns (39 s of the 10M build, and 2 GB of the file).
    """
    fields = KINDS[kind]
    missing = [f for f in ("name", "sex", "birth_date") if f not in fields]
    has_id = "id_number" in fields
    ident = "".join(f", CAST(NULL AS VARCHAR) AS {f}" for f in missing) if has_id else ""
    id_cols = f", {id_columns('s', 'i')}" if has_id else ""
    id_join = "LEFT JOIN id_checks i ON i.raw = s.id_number" if has_id else ""
    stage = quote_ident("stage_" + kind)
    sql = f"""
SELECT {', '.join('s.' + m for m in META)}, {', '.join('s.' + f for f in fields)}{ident},
       CASE WHEN dup._row IS NULL THEN 1 ELSE 2 END AS _dup_rank{id_cols}
FROM {stage} s
LEFT JOIN redelivered_{kind} dup ON dup._file = s._file AND dup._row = s._row
{id_join}"""
    return Step(f"validate.records.{kind}", sql.strip(), f"rec_{kind}", "validate", view=True)


def checks_step(kind: str, profile: CountryProfile) -> Step:
    """``checks_<kind>``: each check evaluated once per first delivery; only rows with a problem.

    One scan computes every condition as a column; the rows that break none
    are dropped here, so the per-rule split (:func:`problems_step`) reads
    only the few bad rows.
    """
    checks = kind_checks(kind, profile)
    pre = {col: (c.pre_of, expr) for c in checks for col, expr in c.pre}
    pre_cols = "".join(f", {expr} AS {col}" for col, (of, expr) in pre.items() if not of)
    stage = quote_ident("stage_" + kind)
    # columns computed once per distinct value of the one field they read, joined back
    per_value = {col: (of, expr) for col, (of, expr) in pre.items() if of}
    ctes = "".join(
        f"{quote_ident('v' + col)} AS (SELECT {of}, {expr} AS {col} FROM "
        f"(SELECT DISTINCT {of} FROM {stage} WHERE {of} IS NOT NULL) d),\n"
        for col, (of, expr) in per_value.items())
    looked_up = "".join(f", {quote_ident('v' + col)}.{col}" for col in per_value)
    joins = "".join(f"\n  LEFT JOIN {quote_ident('v' + col)} ON {quote_ident('v' + col)}.{of} "
                    f"= r.{of}" for col, (of, _) in per_value.items())
    flags = ",\n       ".join(f"coalesce({c.condition}, FALSE) AS c{i}"
                                for i, c in enumerate(checks))
    echo = sorted({f for c in checks for f in c.echo})
    any_bad = " OR ".join(f"c{i}" for i in range(len(checks)))
    ident = ", _id_issue" if "_id_issue" in echo else ""
    sql = f"""
WITH {ctes}x AS (
  SELECT _source, _file, _row, _row_ref{ident}{''.join(', ' + f for f in echo if f != '_id_issue')},
       {flags}
  FROM (SELECT r.*{looked_up} FROM (SELECT *{pre_cols} FROM rec_{kind} WHERE _dup_rank = 1) r{joins}
  ) p
)
SELECT * FROM x WHERE {any_bad}"""
    return Step(f"validate.checks.{kind}", sql.strip(), f"checks_{kind}", "validate")


def problems_step(kind: str, profile: CountryProfile) -> Step:
    """``problems_<kind>``: one row per rule a first-delivered record breaks."""
    parts = [
        f"SELECT _source, _file, _row, _row_ref, {literal(c.field)} AS field, "
        f"{literal(c.rule)} AS rule, {c.message} AS message "
        f"FROM checks_{kind} WHERE c{i}"
        for i, c in enumerate(kind_checks(kind, profile))
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
    # A view: read twice (linkage, registry), cheaper than writing every accepted row again.
    return Step(f"validate.accepted.{kind}", sql.strip(), f"acc_{kind}", "validate", view=True)


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
    steps: list[Step] = [id_checks_step(ref, kinds)]
    for k in kinds:
        steps.append(redelivered_step(k))
        steps.append(record_step(k, ref))
        steps.append(checks_step(k, profile))
        steps.append(problems_step(k, profile))
        steps.append(accepted_step(k))
    steps.append(quarantine_step(kinds))
    steps.append(reconciliation_step(kinds))
    return steps
