SELECT
  r.*,
  ROW_NUMBER() OVER (PARTITION BY r.person_key ORDER BY r.event_date NULLS LAST, r.event_id NULLS LAST) AS seq
FROM event_records AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM event_problems
) AS q
  ON q._file = r._file AND q._row = r._row
WHERE
  q._row IS NULL
