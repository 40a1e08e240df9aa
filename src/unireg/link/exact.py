"""Linkage by ID number, and provisional persons for the records it cannot link.

Outputs:
- ``link_records``: every accepted record of a person kind with ``method``:
  ``id`` (usable ID that agrees with the record's birth date and sex),
  ``review`` (usable ID that contradicts them: never merged silently) or
  ``provisional`` (no usable ID), and its ``person_key`` (for ``id``, the ID;
  the others keep their checked ID in ``_id18_unlinked``);
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
from unireg.engine.sql import quote_ident
from unireg.rules import idnumber as idn
from unireg.validate.fields import KINDS, PERSON_KINDS
from unireg.validate.steps import id_columns

KIND_ORDER = {k: i for i, k in enumerate(PERSON_KINDS)}


def _records(kinds: tuple[str, ...]) -> str:
    """SQL ``WITH`` clause: ``m``, every accepted record of a person kind with its ``method``.

    The staged rows of every kind are looked up in ``id_checks`` at once, and
    only then are the re-deliveries and the records with a problem set aside:
    DuckDB estimated the accepted rows (anti-joins) so few that it built its
    hash table on them, 41M rows, rather than on the 10.7M ID numbers (15 s).
    """
    def staged(kind: str) -> str:
        fields = KINDS[kind]
        ident = ", ".join(f if f in fields else f"CAST(NULL AS VARCHAR) AS {f}"
                          for f in ("name", "sex", "birth_date"))
        return (f"SELECT '{kind}' AS kind, {KIND_ORDER[kind]} AS kind_order, _source, _file, "
                f"_row, _row_ref, id_number, {ident} FROM {quote_ident('stage_' + kind)}")

    # (file, row) is unique across kinds (a file holds one kind), and within ``x``: a
    # re-delivery is not checked, so it has no problem
    refused = "\nUNION ALL\n".join(
        f"SELECT _file, _row FROM redelivered_{k}\n"
        f"UNION ALL\nSELECT DISTINCT _file, _row FROM problems_{k}" for k in kinds)
    conflict = (f"(birth_date IS NOT NULL AND {birth_differs('birth_date', '_id18')}) "
                f"OR (sex IN ('1', '2') AND sex <> {idn.sql_sex('_id18')})")
    return f"""WITH s AS (
{chr(10).join(('UNION ALL' + chr(10) if i else '') + staged(k) for i, k in enumerate(kinds))}
), x AS (
{refused}
), r AS (
  SELECT s.kind, s.kind_order, s._source, s._file, s._row, s._row_ref,
         {id_columns('s', 'i')}, s.name, s.sex, s.birth_date
  FROM s
  LEFT JOIN id_checks i ON i.raw = s.id_number
  LEFT JOIN x ON x._file = s._file AND x._row = s._row
  WHERE x._row IS NULL
), m AS (
  SELECT r.*,
    CASE WHEN _id_issue IS NOT NULL THEN 'provisional'
         WHEN {conflict} THEN 'review'
         ELSE 'id' END AS method
  FROM r
)"""


def birth_differs(birth: str, n18: str) -> str:
    """SQL: the text ``birth`` is not YYYY-MM-DD of the digits 7-14 of the usable ID ``n18``.

    Shaped so (dashes at 5 and 8: LIKE), its other characters are those digits exactly
    when it is without its dashes (an extra dash shortens it; a usable ID holds none).
    Building the date from the ID and comparing took 4.2 s for 27M records, this 2.8 s;
    it runs over all 41M records twice (``link.set_aside``, ``link.exact``).
    """
    return f"NOT ({birth} LIKE '____-__-__' AND replace({birth}, '-', '') = substr({n18}, 7, 8))"


def set_aside_step(kinds: tuple[str, ...] = PERSON_KINDS) -> Step:
    """``link_set_aside``: the records the ID number does not link, numbered in delivery order
    (their provisional keys). A step of its own: numbered in ``link.exact``, every record
    was held in memory to be read twice (the records, and the few numbered among them: 46 s
    of 66 s at 10M); a window over every record sorted them all (82 s)."""
    sql = f"""{_records(kinds)}
SELECT kind_order, _file, _row,
       'P' || lpad(CAST(ROW_NUMBER() OVER (ORDER BY kind_order, _file, _row) AS VARCHAR),
                   9, '0') AS provisional_key
FROM m WHERE method <> 'id'"""
    return Step("link.set_aside", sql.strip(), "link_set_aside", "link", temp=True)


def records_step(kinds: tuple[str, ...] = PERSON_KINDS) -> Step:
    """``link_records``. A record the ID links has the ID as its person key, and no other
    copy of it: ``_id18_unlinked`` is the checked ID of the records it did not link (set
    aside or in review), NULL for the others. (The ID twice, in 99.7% of 41M rows, was a
    third of the step's time and of the table's size at 10M: 52 -> 36 s, 1.4 -> 1.1 GB.)"""
    sql = f"""{_records(kinds)}
SELECT m.kind, m.kind_order, m._source, m._file, m._row, m._row_ref,
  CASE WHEN m.method = 'id' THEN NULL ELSE m._id18 END AS _id18_unlinked, m._id_issue,
  m.name, m.sex, m.birth_date, m.method,
  CASE WHEN m.method = 'id' THEN CAST(1.0 AS DOUBLE) END AS score,
  CASE WHEN m.method = 'id' THEN m._id18 ELSE p.provisional_key END AS person_key
FROM m LEFT JOIN link_set_aside p
  ON p.kind_order = m.kind_order AND p._file = m._file AND p._row = m._row"""
    return Step("link.exact", sql.strip(), "link_records", "link")


def review_queue_step() -> Step:
    sql = """
SELECT _source AS source, _row_ref AS row_ref, kind, person_key AS provisional_key,
       _id18_unlinked AS candidate_key,
       'birth date or sex disagree with the ID number' AS reason,
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


def linkage_steps(id_scheme: str = "gb11643") -> list[Step]:
    """Exact linkage, and ``link_known`` (the persons it found, ``inputs.known_step``): the
    registry's persons and the probabilistic linkage both start from it."""
    from unireg.link.inputs import known_step

    return [set_aside_step(), records_step(), known_step(id_scheme=id_scheme),
            review_queue_step(), links_step()]
