"""The two sides of probabilistic linkage, as SQL steps (pure: no database needed).

- ``link_unresolved``: the records exact linkage set aside (``method``
  ``provisional``: no usable ID; ``review``: a valid ID their birth date or sex
  contradicts), with the regions they mention;
- ``link_known``: the persons exact linkage found (one row per valid ID), with
  the name, sex and birth date of their first record (the frame's when there
  is one) and every region any of their records mentions;
- ``link_splink_records`` / ``link_splink_persons``: both in the one column
  layout the Splink model reads (:data:`SPLINK_COLUMNS`), the name columns
  joined from ``link_name_features`` (made in Python by ``features.py``).

A record's key (``uid``) is ``kind_order:file:row``; a person's is its
``person_key`` (18 digits), so the two never collide.

>>> unresolved_step().output, known_step().output
('link_unresolved', 'link_known')
>>> "stage_enrolment" in unresolved_step().sql
True
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import quote_ident
from unireg.validate.fields import CHECKS, PERSON_KINDS

# The columns of both Splink inputs, in order.
SPLINK_COLUMNS = ("uid", "name", "name_sound", "name_fuzzy", "surname", "given", "sex",
                  "birth_date", "birth_year", "birth_md", "regions", "regions4", "regions2",
                  "id_digits", "claimed_id", "name_bucket")


_AGG = """list_sort(list_distinct(list(region))) AS regions,
         list_sort(list_distinct(list(substr(region, 1, 4)))) AS regions4,
         list_sort(list_distinct(list(substr(region, 1, 2)))) AS regions2"""


def region_fields(kind: str) -> tuple[str, ...]:
    """The region codes a record of ``kind`` carries (validate.fields, one place)."""
    return CHECKS[kind].regions if kind in CHECKS else ()


def _region_rows(records: str, kinds: tuple[str, ...], key: str = "") -> str:
    """(_file, _row, region) for every region field of the ``records`` (a link_records subset);
    (``key``, region) when a column ``key`` of the records is given.

    The regions are read from the staged rows (``stage_<kind>``), not from the
    accepted records (``acc_<kind>``, a view that also looks up each record's
    problems, re-delivery and ID number): the records given are accepted ones
    already, and the view cost 10% of ``link.known`` at 10M.
    """
    cols = f"r.{quote_ident(key)}" if key else "r._file, r._row"
    parts = []
    for kind in kinds:
        for f in region_fields(kind):
            parts.append(
                f"SELECT {cols}, a.{quote_ident(f)} AS region FROM {records} r "
                f"JOIN stage_{kind} a ON r.kind = '{kind}' AND a._file = r._file AND a._row = r._row")
    return "\nUNION ALL\n".join(parts) if parts else \
        f"SELECT {cols}, CAST(NULL AS VARCHAR) AS region FROM {records} r WHERE FALSE"


def unresolved_step(kinds: tuple[str, ...] = PERSON_KINDS) -> Step:
    """``link_unresolved``: records without an ID link, with their regions.

    A damaged ID (``provisional`` with digits) keeps its digits for comparison
    and its issuing region; a valid ID of someone else (``review``) is only a
    claim: compared with nothing, but used to fetch the person it names.
    """
    sql = f"""
WITH u AS (SELECT * FROM link_records WHERE method <> 'id'),
rr AS (
{_region_rows("u", kinds)}
UNION ALL
SELECT _file, _row, substr(_id18_unlinked, 1, 6) AS region FROM u
WHERE method = 'provisional' AND _id18_unlinked IS NOT NULL
),
regs AS (
  SELECT _file, _row, {_AGG}
  FROM rr WHERE region IS NOT NULL AND length(region) = 6 GROUP BY _file, _row
)
SELECT CAST(u.kind_order AS VARCHAR) || ':' || u._file || ':' || CAST(u._row AS VARCHAR) AS uid,
       u.kind, u.kind_order, u._source, u._file, u._row, u._row_ref, u.name,
       CASE WHEN u.sex IN ('1', '2') THEN u.sex END AS sex,
       u.birth_date, regs.regions, regs.regions4, regs.regions2,
       CASE WHEN u.method = 'provisional' THEN u._id18_unlinked END AS id_digits,
       CASE WHEN u.method = 'review' THEN u._id18_unlinked END AS claimed_id,
       u.method AS exact_method, u.person_key AS exact_key, u._id18_unlinked AS _id18,
       u._id_issue
FROM u LEFT JOIN regs ON regs._file = u._file AND regs._row = u._row"""
    return Step("link.unresolved", sql.strip(), "link_unresolved", "link")


def id_facts_sql(id_scheme: str, col: str) -> tuple[str, str]:
    """SQL for the birth date (YYYY-MM-DD text) and sex ('1'/'2') a valid ID states, when
    the country's ID scheme states them (GB 11643 does); NULLs otherwise.

    >>> id_facts_sql("other", "k")
    ('CAST(NULL AS VARCHAR)', 'CAST(NULL AS VARCHAR)')
    """
    if id_scheme == "gb11643":
        from unireg.rules import idnumber as idn

        return (f"CAST({idn.sql_birth_date(col)} AS VARCHAR)", idn.sql_sex(col))
    return ("CAST(NULL AS VARCHAR)", "CAST(NULL AS VARCHAR)")


def known_step(kinds: tuple[str, ...] = PERSON_KINDS, id_scheme: str = "gb11643") -> Step:
    """``link_known``: one row per person with a valid ID, described by its first record.

    The first record that has a birth date (the frame's, when there is one: it
    sorts first) gives name, sex and birth date; what it lacks the ID states.
    """
    id_birth, id_sex = id_facts_sql(id_scheme, "f.person_key")
    # Measured at 10M (88 s before, 51 s now, the same rows): ``k`` is not materialised (41M
    # rows of 8 columns, 12 GB, most of it spilled; each reader scans link_records for the
    # columns it needs instead); the region rows carry the person key (they were joined back
    # to ``k`` for it); the ID's own region comes from ``first``, one row per person; and only
    # ``regions`` is aggregated: ``regions4`` and ``regions2`` are made from it per row.
    sql = f"""
WITH k AS NOT MATERIALIZED (
  SELECT kind, kind_order, _file, _row, name, sex, birth_date, person_key
  FROM link_records WHERE method = 'id'
),
-- A person's first record by (no birth date last, kind, file, row) is one of their frame
-- records with a birth date when they have one (most do): rank those apart from the rest,
-- and the rest only for persons without one (one window over every record took half the
-- step at 10M).
framed AS (
  SELECT person_key, name, sex, birth_date,
         ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY _file, _row) AS rn
  FROM k WHERE kind_order = 0 AND birth_date IS NOT NULL
),
others AS (
  SELECT k.person_key, k.name, k.sex, k.birth_date,
         ROW_NUMBER() OVER (PARTITION BY k.person_key
                            ORDER BY CASE WHEN k.birth_date IS NULL THEN 1 ELSE 0 END,
                                     k.kind_order, k._file, k._row) AS rn
  FROM k LEFT JOIN (SELECT DISTINCT person_key FROM framed) f ON f.person_key = k.person_key
  WHERE f.person_key IS NULL
),
first AS (SELECT * FROM (SELECT * FROM framed UNION ALL SELECT * FROM others) x WHERE rn = 1),
rr AS (
{_region_rows("k", kinds, key="person_key")}
  UNION ALL
  SELECT person_key, substr(person_key, 1, 6) AS region FROM first
),
regs AS (
  SELECT person_key, list_sort(list(region)) AS regions
  FROM (SELECT DISTINCT person_key, region FROM rr
        WHERE region IS NOT NULL AND length(region) = 6) d  -- a person's records repeat regions
  GROUP BY person_key
)
SELECT f.person_key AS uid, f.person_key, f.name,
       coalesce(CASE WHEN f.sex IN ('1', '2') THEN f.sex END, {id_sex}) AS sex,
       coalesce(f.birth_date, {id_birth}) AS birth_date,
       regs.regions,
       list_sort(list_distinct(list_transform(regs.regions, lambda x: substr(x, 1, 4))))
         AS regions4,
       list_sort(list_distinct(list_transform(regs.regions, lambda x: substr(x, 1, 2))))
         AS regions2
FROM first f LEFT JOIN regs ON regs.person_key = f.person_key"""
    return Step("link.known", sql.strip(), "link_known", "link")


def names_step() -> Step:
    """``link_names``: every distinct name on either side (features are made in Python)."""
    sql = """
SELECT DISTINCT name FROM (
  SELECT name FROM link_unresolved UNION ALL SELECT name FROM link_known
) WHERE name IS NOT NULL"""
    return Step("link.names", sql.strip(), "link_names", "link", temp=True)


def splink_input_step(side: str) -> Step:
    """``link_splink_<side>`` (records or persons) in the layout of :data:`SPLINK_COLUMNS`.

    ``name_bucket`` (from ``link_name_features``) picks the name sample EM trains on.
    """
    if side == "records":
        src, ids = "link_unresolved", "t.id_digits, t.claimed_id"
    elif side == "persons":
        src, ids = "link_known", "t.person_key AS id_digits, t.person_key AS claimed_id"
    else:
        raise ValueError(f"side = {side!r}: expected records or persons")
    sql = f"""
SELECT t.uid, f.name, f.name_sound, f.name_fuzzy, f.surname, f.given, t.sex,
       t.birth_date, substr(t.birth_date, 1, 4) AS birth_year,
       substr(t.birth_date, 6, 5) AS birth_md,
       t.regions, t.regions4, t.regions2,
       {ids}, f.name_bucket
FROM {src} t LEFT JOIN link_name_features f ON f.raw_name = t.name"""
    # Temporary: read by the model in this run only (10M rows at 10M took 18 s to write).
    return Step(f"link.splink_{side}", sql.strip(), f"link_splink_{side}", "link", temp=True)
