SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employment_type' AS field,
  'required' AS rule,
  'employment_type: required, but empty' AS message
FROM checks_employment
WHERE
  c0
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employment_type' AS field,
  'code' AS rule,
  'employment_type: ' || employment_type || ' is not in the code list' AS message
FROM checks_employment
WHERE
  c1
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'start_date' AS field,
  'date' AS rule,
  'start_date: not a real date in YYYY-MM-DD' AS message
FROM checks_employment
WHERE
  c2
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'end_date' AS field,
  'date' AS rule,
  'end_date: not a real date in YYYY-MM-DD' AS message
FROM checks_employment
WHERE
  c3
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'employer.length' AS rule,
  'employer_id: is not 18 characters long' AS message
FROM checks_employment
WHERE
  c4
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'employer.format' AS rule,
  'employer_id: has characters GB 32100 does not allow' AS message
FROM checks_employment
WHERE
  c5
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'employer.checksum' AS rule,
  'employer_id: has a wrong check character' AS message
FROM checks_employment
WHERE
  c6
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'end_date' AS field,
  'date.order' AS rule,
  'end_date: before start_date' AS message
FROM checks_employment
WHERE
  c7
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'id_number' AS field,
  'identity.missing' AS rule,
  'id_number: ' || _id_issue || ', and too little (name, birth date, sex) to find the person' AS message
FROM checks_employment
WHERE
  c8
