SELECT
  source,
  row_ref,
  person_key,
  method,
  score,
  kind,
  _file,
  _row
FROM record_links
UNION ALL
SELECT
  _source AS source,
  _row_ref AS row_ref,
  person_key,
  'id' AS method,
  CAST(1.0 AS DOUBLE) AS score,
  'events' AS kind,
  _file,
  _row
FROM event_applied
