SELECT
  _source AS source,
  _row_ref AS row_ref,
  person_key,
  method,
  score,
  kind,
  _file,
  _row
FROM link_records
