SELECT
  l.person_key,
  e.scheme,
  s.scheme_group,
  s.kind AS scheme_kind,
  e.agency_region,
  CASE
    WHEN e.employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
    THEN e.employer_id
    ELSE UNIREG_UPPER(TRANSLATE(e.employer_id, '０１２３４５６７８９ -', '0123456789'))
  END AS employer_id,
  CASE
    WHEN NOT TYPEOF(e.start_date) LIKE 'string%'
    OR CAST(e.start_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
    THEN TRY_CAST(e.start_date AS DATE)
  END AS start_date,
  CASE
    WHEN NOT TYPEOF(e.end_date) LIKE 'string%'
    OR CAST(e.end_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
    THEN TRY_CAST(e.end_date AS DATE)
  END AS end_date,
  e.status,
  e.last_paid,
  CASE
    WHEN NOT TYPEOF(e.contribution_base) LIKE 'string%'
    OR CAST(e.contribution_base AS STRING) RLIKE '(?i)^\\s*[+-]?(inf|infinity|nan|([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?)\\s*\\z'
    THEN TRY_CAST(e.contribution_base AS DOUBLE)
  END AS contribution_base,
  e._source AS source,
  e._row_ref AS row_ref,
  e._source || ':' || e._row_ref AS ref,
  e._file,
  e._row
FROM stage_enrolment AS e
JOIN link_records AS l
  ON l.kind = 'enrolment' AND l._file = e._file AND l._row = e._row
JOIN ref_schemes AS s
  ON s.scheme = e.scheme
