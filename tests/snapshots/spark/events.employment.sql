SELECT
  e.person_key,
  e.employer_id,
  e.employment_type,
  e.start_date,
  e.end_date,
  e.source,
  e.row_ref,
  e._file,
  e._row,
  CAST(NULL AS STRING) AS opened_by,
  CAST(NULL AS STRING) AS closed_by
FROM employment_base AS e
LEFT JOIN event_job_units AS u
  ON u._file = e._file AND u._row = e._row
WHERE
  u._row IS NULL
UNION ALL
SELECT
  u.person_key,
  u.employer_id,
  u.employment_type,
  u.start_date,
  COALESCE(c.close_date, u.end_date) AS end_date,
  u.source,
  u.row_ref,
  u._file,
  u._row,
  u.opened_by,
  c.close_ref AS closed_by
FROM event_job_units AS u
LEFT JOIN event_job_closes AS c
  ON c._file = u._file AND c._row = u._row
