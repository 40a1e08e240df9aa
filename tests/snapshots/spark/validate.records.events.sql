SELECT
  s._source,
  s._file,
  s._row,
  s._row_ref,
  s.event_id,
  s.event_type,
  s.event_date,
  s.id_number,
  s.name,
  s.sex,
  s.birth_date,
  s.region,
  s.scheme,
  s.employer_id,
  s.status,
  s.detail,
  CASE WHEN dup._row IS NULL THEN 1 ELSE 2 END AS _dup_rank,
  CASE
    WHEN s.id_number IS NULL
    THEN NULL
    WHEN i.raw IS NULL
    THEN s.id_number
    ELSE i._id18
  END AS _id18,
  CASE WHEN s.id_number IS NULL THEN 'id.missing' ELSE i._id_issue END AS _id_issue
FROM `stage_events` AS s
LEFT JOIN redelivered_events AS dup
  ON dup._file = s._file AND dup._row = s._row
LEFT JOIN id_checks AS i
  ON i.raw = s.id_number
