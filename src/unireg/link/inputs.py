"""The two sides of probabilistic linkage, as SQL steps (pure: no database needed).

- ``link_unresolved``: the records exact linkage set aside (``method``
  ``provisional``: no usable ID; ``review``: a valid ID their birth date or sex
  contradicts), with the regions they mention;
- ``link_known``: the persons exact linkage found (one row per valid ID), with
  the name, sex and birth date of their first record (the frame's when there
  is one);
- ``link_known_regions``: every region any of their records mentions, for the
  persons the model reads whole (``link_needed``, ``model.needed_sql``);
- ``link_splink_records`` / ``link_splink_persons`` / ``link_splink_rows``: in
  the one column layout the Splink model reads (:data:`SPLINK_COLUMNS`), the
  name columns joined from ``link_name_features`` (made in Python by
  ``features.py``): the records, every person without regions (name
  frequencies, blocking), and the persons of ``link_needed`` with theirs.

A record's key (``uid``) is ``kind_order:file:row``; a person's is its
``person_key`` (18 digits), so the two never collide.

>>> unresolved_step().output, known_step().output
('link_unresolved', 'link_known')
>>> "stage_enrolment" in unresolved_step().sql
True
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import first_by, quote_ident
from unireg.validate.fields import CHECKS, PERSON_KINDS

# The columns of both Splink inputs, in order.
SPLINK_COLUMNS = ("uid", "name", "name_sound", "name_fuzzy", "surname", "given", "sex",
                  "birth_date", "birth_year", "birth_md", "regions", "regions4", "regions2",
                  "id_digits", "claimed_id", "name_bucket")
REGION_COLUMNS = ("regions", "regions4", "regions2")


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


def known_step(id_scheme: str = "gb11643") -> Step:
    """``link_known``: one row per person with a valid ID, described by its first record.

    The first record by (no birth date last, kind, file, row) gives name, sex and
    birth date: one of their frame records with a birth date when they have one
    (the frame sorts first); what it lacks the ID states. The regions of the
    persons the model reads whole are in ``link_known_regions`` (:func:`known_regions_step`).
    """
    id_birth, id_sex = id_facts_sql(id_scheme, "f.person_key")
    first = first_by({"name": "name", "sex": "sex", "birth_date": "birth_date"},
                     {"b": "birth_date IS NULL", "k": "kind_order", "f": "_file", "r": "_row"})
    # Measured at 10M: one arg_min over the 41M records, 9.0 s; two windows (frame records
    # with a birth date, then the others of persons without one), 9.4 s, the same rows.
    sql = f"""
SELECT f.person_key AS uid, f.person_key, f._f.name AS name,
       coalesce(CASE WHEN f._f.sex IN ('1', '2') THEN f._f.sex END, {id_sex}) AS sex,
       coalesce(f._f.birth_date, {id_birth}) AS birth_date
FROM (SELECT person_key, {first} AS _f FROM link_records WHERE method = 'id'
      GROUP BY person_key) f"""
    return Step("link.known", sql.strip(), "link_known", "link")


def known_regions_step(kinds: tuple[str, ...] = PERSON_KINDS) -> Step:
    """``link_known_regions``: for each person in ``link_needed`` (the known persons the
    model reads whole: those a blocking rule pairs with a record, and the training
    samples; ``model.needed_sql``), every region any of their records mentions, and
    their ID's.

    Only these: the regions of every person (41M records joined to their staged rows,
    then a distinct and a list per person) were three quarters of ``link.known`` at 10M
    (25 of 34 s), for 10M persons of whom the model reads 2M.
    """
    # ``k`` is materialised: DuckDB otherwise joined every record to its staged row first
    # and only then kept the needed persons' (10.5 against 7.3 s at 10M).
    sql = f"""
WITH k AS MATERIALIZED (
  SELECT l.kind, l._file, l._row, l.person_key FROM link_records l
  SEMI JOIN link_needed n ON n.uid = l.person_key
  WHERE l.method = 'id'
),
rr AS (
{_region_rows("k", kinds, key="person_key")}
  UNION ALL
  SELECT uid AS person_key, substr(uid, 1, 6) AS region FROM link_needed
),
regs AS (
  SELECT person_key, list_sort(list(region)) AS regions
  FROM (SELECT DISTINCT person_key, region FROM rr
        WHERE region IS NOT NULL AND length(region) = 6) d  -- a person's records repeat regions
  GROUP BY person_key
)
SELECT person_key, regions,
       list_sort(list_distinct(list_transform(regions, lambda x: substr(x, 1, 4))))
         AS regions4,
       list_sort(list_distinct(list_transform(regions, lambda x: substr(x, 1, 2))))
         AS regions2
FROM regs"""
    return Step("link.known_regions", sql.strip(), "link_known_regions", "link")


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
    The persons' regions are left empty here: :func:`splink_rows_step` adds them for the
    persons the model reads whole.
    """
    if side == "records":
        src, ids = "link_unresolved", "t.id_digits, t.claimed_id"
        regions = "t.regions, t.regions4, t.regions2"
    elif side == "persons":
        src, ids = "link_known", "t.person_key AS id_digits, t.person_key AS claimed_id"
        regions = ", ".join(f"CAST(NULL AS VARCHAR[]) AS {c}" for c in REGION_COLUMNS)
    else:
        raise ValueError(f"side = {side!r}: expected records or persons")
    sql = f"""
SELECT t.uid, f.name, f.name_sound, f.name_fuzzy, f.surname, f.given, t.sex,
       t.birth_date, substr(t.birth_date, 1, 4) AS birth_year,
       substr(t.birth_date, 6, 5) AS birth_md,
       {regions},
       {ids}, f.name_bucket
FROM {src} t LEFT JOIN link_name_features f ON f.raw_name = t.name"""
    # Temporary: read by the model in this run only (10M rows at 10M took 18 s to write).
    return Step(f"link.splink_{side}", sql.strip(), f"link_splink_{side}", "link", temp=True)


def splink_rows_step() -> Step:
    """``link_splink_rows``: the persons of ``link_needed`` in the layout of
    :data:`SPLINK_COLUMNS`, their regions from ``link_known_regions`` (none when their
    records name none)."""
    cols = ", ".join(f"r.{c}" if c in REGION_COLUMNS else f"p.{c}" for c in SPLINK_COLUMNS)
    sql = f"""
SELECT {cols}
FROM link_splink_persons p
JOIN link_needed n ON n.uid = p.uid
LEFT JOIN link_known_regions r ON r.person_key = p.uid"""
    return Step("link.splink_rows", sql.strip(), "link_splink_rows", "link", temp=True)
