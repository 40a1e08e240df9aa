"""Registry tables from the accepted, linked records: the state the deliveries describe.

``persons_base``, ``enrolments_base`` and ``employment_base`` are that state;
the events (``unireg.update``) are applied to it to give ``persons``,
``enrolments`` and ``employment`` with their history (docs/updates.md).
``employers`` and ``surveys`` are not changed by events.

A person kind's records are read from ``stage_<kind>`` joined to ``link_records``,
which holds exactly the accepted ones: the same rows as ``acc_<kind>``, without
the view looking up every record's problems, re-delivery and ID number again.
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import first_by
from unireg.rules import idnumber as idn
from unireg.rules.employer_sql import sql_normalise as employer_normalise


def _date(col: str) -> str:
    """A date column of an accepted record (validation has checked it) as DATE."""
    return f"TRY_CAST({col} AS DATE)"


def _first(fields: dict[str, str], file: str, row: str) -> str:
    """Aggregate: ``fields`` of the group's first record by (file, row), as a struct."""
    return first_by(fields, {"f": file, "r": row})


def persons_step() -> Step:
    """``persons_base``: one row per person; the frame's values win, else the first record's.

    The persons are those of ``link_known`` (a record's valid ID links them: they are
    known by it, data-standard §5) and the new persons of the records the ID did not link.
    A person's first record (by file and row) is read only where it is used: for the
    persons without a frame record giving name, sex and birth date (4% at 10M), and for
    the new persons (their damaged number). Ranking the 41M records of every person was
    most of this step (9 of 22 s at 10M).
    """
    birth_from_id = (f"CASE WHEN k.has_id THEN {idn.sql_birth_date('k.person_key')} END")
    frame = {"name": "p.name", "sex": "p.sex", "birth_date": "p.birth_date",
             "hukou_region": "p.hukou_region",
             "residence_region": "coalesce(p.residence_region, p.hukou_region)",
             "hukou_type": "p.hukou_type", "status": "p.status", "status_date": "p.status_date"}
    first = {c: c for c in ("name", "sex", "birth_date", "_id18_unlinked")}
    sql = f"""
WITH frame AS (
  SELECT l.person_key, {_first(frame, "p._file", "p._row")} AS _f
  FROM stage_population p
  JOIN link_records l ON l.kind = 'population' AND l._file = p._file AND l._row = p._row
  GROUP BY l.person_key
), f AS (
  SELECT person_key, {", ".join(f"_f.{c} AS {c}" for c in frame)} FROM frame
), k AS (
  SELECT person_key, TRUE AS has_id FROM link_known
  UNION ALL
  SELECT DISTINCT l.person_key, FALSE AS has_id FROM link_records l
  WHERE l.method <> 'id' AND l.person_key NOT IN (SELECT person_key FROM link_known)
), need AS (
  -- the persons for whom the first record fills in something
  SELECT k.person_key FROM k LEFT JOIN f ON f.person_key = k.person_key
  WHERE NOT k.has_id OR f.name IS NULL OR f.sex IS NULL OR {_date('f.birth_date')} IS NULL
), firstrec AS (
  SELECT l.person_key, {_first(first, "l._file", "l._row")} AS _r
  FROM link_records l SEMI JOIN need n ON n.person_key = l.person_key
  GROUP BY l.person_key
), r AS (
  SELECT person_key, {", ".join(f"_r.{c} AS {c}" for c in first)} FROM firstrec
)
SELECT k.person_key,
       CASE WHEN k.has_id THEN k.person_key ELSE r._id18_unlinked END AS id_number,
       coalesce(f.name, r.name) AS name,
       coalesce(f.sex, r.sex, CASE WHEN k.has_id THEN {idn.sql_sex('k.person_key')} END)
         AS sex,
       coalesce({_date('f.birth_date')}, {_date('r.birth_date')}, {birth_from_id}) AS birth_date,
       f.hukou_region, f.residence_region, f.hukou_type, f.status,
       {_date('f.status_date')} AS status_date,
       f.person_key IS NOT NULL AS in_frame,
       k.has_id AS id_valid
FROM k
LEFT JOIN f ON f.person_key = k.person_key
LEFT JOIN r ON r.person_key = k.person_key"""
    return Step("registry.persons", sql.strip(), "persons_base", "registry")


def enrolments_step() -> Step:
    """``enrolments_base``: one row per accepted enrolment record, tied to its person."""
    sql = f"""
SELECT l.person_key, e.scheme, s.scheme_group, s.kind AS scheme_kind, e.agency_region,
       {employer_normalise('e.employer_id')} AS employer_id,
       {_date('e.start_date')} AS start_date, {_date('e.end_date')} AS end_date,
       e.status, e.last_paid, TRY_CAST(e.contribution_base AS DOUBLE) AS contribution_base,
       e._source AS source, e._row_ref AS row_ref, e._source || ':' || e._row_ref AS ref,
       e._file, e._row
FROM stage_enrolment e
JOIN link_records l ON l.kind = 'enrolment' AND l._file = e._file AND l._row = e._row
JOIN ref_schemes s ON s.scheme = e.scheme"""
    return Step("registry.enrolments", sql.strip(), "enrolments_base", "registry")


def employers_step() -> Step:
    sql = f"""
SELECT {employer_normalise('employer_id')} AS employer_id, name, region, industry, size,
       TRY_CAST(employees AS BIGINT) AS employees, _source AS source, _row_ref AS row_ref
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY {employer_normalise('employer_id')} ORDER BY _file, _row) AS rn
      FROM acc_employer) WHERE rn = 1"""
    return Step("registry.employers", sql.strip(), "employers", "registry")


def employment_step() -> Step:
    """``employment_base``: one row per accepted employment record, tied to its person."""
    sql = f"""
SELECT l.person_key, {employer_normalise('e.employer_id')} AS employer_id, e.employment_type,
       {_date('e.start_date')} AS start_date, {_date('e.end_date')} AS end_date,
       e._source AS source, e._row_ref AS row_ref, e._file, e._row
FROM stage_employment e
JOIN link_records l ON l.kind = 'employment' AND l._file = e._file AND l._row = e._row"""
    return Step("registry.employment", sql.strip(), "employment_base", "registry")


def surveys_step() -> Step:
    sql = f"""
SELECT l.person_key, s.survey_id, {_date('s.visit_date')} AS visit_date, s.residence_region,
       s.employment_type, s.reason_uninsured, s.enumerator,
       s._source AS source, s._row_ref AS row_ref
FROM stage_survey s
JOIN link_records l ON l.kind = 'survey' AND l._file = s._file AND l._row = s._row"""
    return Step("registry.surveys", sql.strip(), "surveys", "registry")


def registry_steps() -> list[Step]:
    return [persons_step(), enrolments_step(), employers_step(), employment_step(),
            surveys_step()]
