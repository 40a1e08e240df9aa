SELECT
  l.person_key,
  s.survey_id,
  CASE
    WHEN NOT TYPEOF(s.visit_date) LIKE 'string%'
    OR CAST(s.visit_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
    THEN TRY_CAST(s.visit_date AS DATE)
  END AS visit_date,
  s.residence_region,
  s.employment_type,
  s.reason_uninsured,
  s.enumerator,
  s._source AS source,
  s._row_ref AS row_ref
FROM stage_survey AS s
JOIN link_records AS l
  ON l.kind = 'survey' AND l._file = s._file AND l._row = s._row
