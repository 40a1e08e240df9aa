WITH p AS (
  SELECT
    _file,
    _row,
    'id_number' AS field,
    'event.identity' AS rule,
    'id_number: ' || id_problem || '; an event must name its person by a valid ID number' AS message
  FROM event_records
  WHERE
    person_key IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'name' AS field,
    'required' AS rule,
    'name: required for a birth event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'birth' AND name IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'sex' AS field,
    'required' AS rule,
    'sex: required for a birth event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'birth' AND sex IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'region' AS field,
    'required' AS rule,
    'region: required for a birth event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'birth' AND region IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'region' AS field,
    'required' AS rule,
    'region: required for a migration event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'migration' AND region IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'scheme' AS field,
    'required' AS rule,
    'scheme: required for a enrolment_start event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'enrolment_start' AND scheme IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'region' AS field,
    'required' AS rule,
    'region: required for a enrolment_start event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'enrolment_start' AND region IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'scheme' AS field,
    'required' AS rule,
    'scheme: required for a enrolment_end event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'enrolment_end' AND scheme IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'scheme' AS field,
    'required' AS rule,
    'scheme: required for a transfer event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'transfer' AND scheme IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'region' AS field,
    'required' AS rule,
    'region: required for a transfer event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'transfer' AND region IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'employer_id' AS field,
    'required' AS rule,
    'employer_id: required for a employment_start event, but empty' AS message
  FROM event_records
  WHERE
    event_type = 'employment_start' AND employer_id IS NULL
  UNION ALL
  SELECT
    _file,
    _row,
    'name' AS field,
    'required' AS rule,
    'name: a correction gives at least one of name, sex, birth_date, region' AS message
  FROM event_records
  WHERE
    event_type = 'correction'
    AND NOT (
      NOT name IS NULL OR NOT sex IS NULL OR NOT birth_date IS NULL OR NOT region IS NULL
    )
  UNION ALL
  SELECT
    _file,
    _row,
    'status' AS field,
    'code' AS rule,
    'status: ' || status || ' cannot open an enrolment' AS message
  FROM event_records
  WHERE
    event_type IN ('enrolment_start', 'transfer')
    AND NOT status IS NULL
    AND NOT status IN ('contributing', 'suspended', 'receiving')
), ranked AS (
  SELECT
    r._file,
    r._row,
    ROW_NUMBER() OVER (PARTITION BY r.event_id ORDER BY r._file NULLS LAST, r._row NULLS LAST) AS id_rank
  FROM event_records AS r
  LEFT JOIN (
    SELECT DISTINCT
      _file,
      _row
    FROM p
  ) AS q
    ON q._file = r._file AND q._row = r._row
  WHERE
    q._row IS NULL
), allp AS (
  SELECT
    _file,
    _row,
    field,
    rule,
    message
  FROM p
  UNION ALL
  SELECT
    _file,
    _row,
    'event_id' AS field,
    'event.conflict' AS rule,
    'event_id: already taken by an earlier event with other contents' AS message
  FROM ranked
  WHERE
    id_rank > 1
)
SELECT
  'events' AS kind,
  r._source AS source,
  r._row_ref AS row_ref,
  a.field,
  a.rule,
  a.message,
  a._file,
  a._row
FROM allp AS a
JOIN event_records AS r
  ON r._file = a._file AND r._row = a._row
