SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'event_id' AS field,
  'required' AS rule,
  'event_id: required, but empty' AS message
FROM checks_events
WHERE
  c0
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'event_type' AS field,
  'required' AS rule,
  'event_type: required, but empty' AS message
FROM checks_events
WHERE
  c1
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'event_date' AS field,
  'required' AS rule,
  'event_date: required, but empty' AS message
FROM checks_events
WHERE
  c2
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'event_type' AS field,
  'code' AS rule,
  'event_type: ' || event_type || ' is not in the code list' AS message
FROM checks_events
WHERE
  c3
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'sex' AS field,
  'code' AS rule,
  'sex: ' || sex || ' is not in the code list' AS message
FROM checks_events
WHERE
  c4
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'scheme' AS field,
  'code' AS rule,
  'scheme: ' || scheme || ' is not in the code list' AS message
FROM checks_events
WHERE
  c5
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'status' AS field,
  'code' AS rule,
  'status: ' || status || ' is not in the code list' AS message
FROM checks_events
WHERE
  c6
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'event_date' AS field,
  'date' AS rule,
  'event_date: not a real date in YYYY-MM-DD' AS message
FROM checks_events
WHERE
  c7
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'birth_date' AS field,
  'date' AS rule,
  'birth_date: not a real date in YYYY-MM-DD' AS message
FROM checks_events
WHERE
  c8
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'region' AS field,
  'region' AS rule,
  'region: ' || region || ' is not a GB/T 2260 region code' AS message
FROM checks_events
WHERE
  c9
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'employer.length' AS rule,
  'employer_id: is not 18 characters long' AS message
FROM checks_events
WHERE
  c10
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'employer.format' AS rule,
  'employer_id: has characters GB 32100 does not allow' AS message
FROM checks_events
WHERE
  c11
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'employer.checksum' AS rule,
  'employer_id: has a wrong check character' AS message
FROM checks_events
WHERE
  c12
