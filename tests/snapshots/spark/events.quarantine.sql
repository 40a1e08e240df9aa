SELECT
  kind,
  source,
  row_ref,
  field,
  rule,
  message,
  _file,
  _row
FROM quarantine_records
UNION ALL
SELECT
  kind,
  source,
  row_ref,
  field,
  rule,
  message,
  _file,
  _row
FROM event_problems
UNION ALL
SELECT
  'events' AS kind,
  _source AS source,
  _row_ref AS row_ref,
  field,
  rule,
  message,
  _file,
  _row
FROM event_rejects
