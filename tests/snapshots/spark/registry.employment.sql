SELECT
  l.person_key,
  CASE
    WHEN e.employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
    THEN e.employer_id
    ELSE UNIREG_UPPER(TRANSLATE(e.employer_id, '０１２３４５６７８９ -', '0123456789'))
  END AS employer_id,
  e.employment_type,
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
  e._source AS source,
  e._row_ref AS row_ref,
  e._file,
  e._row
FROM stage_employment AS e
JOIN link_records AS l
  ON l.kind = 'employment' AND l._file = e._file AND l._row = e._row
