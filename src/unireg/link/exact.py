"""Linkage by ID number, and provisional persons for the records it cannot link.

Outputs:
- ``link_records``: every accepted record of a person kind with ``method``:
  ``id`` (usable ID that agrees with the record's birth date and sex),
  ``review`` (usable ID that contradicts them: never merged silently) or
  ``provisional`` (no usable ID), and its ``person_key``;
- ``review_queue``: the ``review`` records with the person they point at.

Between ``link.exact`` and the later steps the build calls the probabilistic
linkage hook (``pipeline.build.LINK_HOOK``), which may rewrite
``link_records`` (``method``, ``person_key``, ``score``) for the records the
ID could not link.

A provisional person's key is ``P`` + nine digits, numbered in delivery order
so that the same inputs give the same keys.
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.rules import idnumber as idn
from unireg.validate.fields import PERSON_KINDS

KIND_ORDER = {k: i for i, k in enumerate(PERSON_KINDS)}


def records_step(kinds: tuple[str, ...] = PERSON_KINDS) -> Step:
    parts = [
        f"SELECT '{k}' AS kind, {KIND_ORDER[k]} AS kind_order, _source, _file, _row, _row_ref, "
        f"_id18, _id_issue, name, sex, birth_date FROM acc_{k}"
        for k in kinds
    ]
    union = "\nUNION ALL\n".join(parts)
    conflict = (
        "(birth_date IS NOT NULL AND birth_date <> "
        "substr(_id18, 7, 4) || '-' || substr(_id18, 11, 2) || '-' || substr(_id18, 13, 2)) "
        f"OR (sex IN ('1', '2') AND sex <> {idn.sql_sex('_id18')})"
    )
    sql = f"""
WITH r AS ({union}),
m AS (
  SELECT r.*,
    CASE WHEN _id_issue IS NOT NULL THEN 'provisional'
         WHEN {conflict} THEN 'review'
         ELSE 'id' END AS method
  FROM r
),
-- Numbering only the set-aside records: a window over every record sorted all of them on
-- one thread (82 s of a 10M build); the few numbered here are joined back.
p AS (
  SELECT kind_order, _file, _row,
         'P' || lpad(CAST(ROW_NUMBER() OVER (ORDER BY kind_order, _file, _row) AS VARCHAR),
                     9, '0') AS provisional_key
  FROM m WHERE method <> 'id'
)
SELECT m.*,
  CASE WHEN m.method = 'id' THEN CAST(1.0 AS DOUBLE) END AS score,
  CASE WHEN m.method = 'id' THEN m._id18 ELSE p.provisional_key END AS person_key
FROM m LEFT JOIN p ON p.kind_order = m.kind_order AND p._file = m._file AND p._row = m._row"""
    return Step("link.exact", sql.strip(), "link_records", "link")


def review_queue_step() -> Step:
    sql = """
SELECT _source AS source, _row_ref AS row_ref, kind, person_key AS provisional_key,
       _id18 AS candidate_key, 'birth date or sex disagree with the ID number' AS reason,
       'open' AS state
FROM link_records WHERE method = 'review'"""
    return Step("link.review_queue", sql.strip(), "review_queue", "link")


def links_step() -> Step:
    """``links`` (data-standard §5): how each accepted record was tied to a person."""
    sql = """
SELECT _source AS source, _row_ref AS row_ref, person_key, method, score, kind, _file, _row
FROM link_records"""
    # A view: the events stage copies it into ``links`` once; a table was 42M rows written
    # only to be read once (21 s of a 10M build).
    return Step("link.links", sql.strip(), "links", "link", view=True)


def linkage_steps() -> list[Step]:
    return [records_step(), review_queue_step(), links_step()]
