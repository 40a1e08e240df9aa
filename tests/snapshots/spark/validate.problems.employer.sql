SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employer_id' AS field,
  'required' AS rule,
  'employer_id: required, but empty' AS message
FROM checks_employer
WHERE
  c0
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'industry' AS field,
  'code' AS rule,
  'industry: ' || industry || ' is not in the code list' AS message
FROM checks_employer
WHERE
  c1
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'size' AS field,
  'code' AS rule,
  'size: ' || size || ' is not in the code list' AS message
FROM checks_employer
WHERE
  c2
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'region' AS field,
  'region' AS rule,
  'region: ' || region || ' is not a GB/T 2260 region code' AS message
FROM checks_employer
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
FROM checks_employer
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
FROM checks_employer
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
FROM checks_employer
WHERE
  c6
UNION ALL
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  'employees' AS field,
  'number' AS rule,
  'employees: not a non-negative number' AS message
FROM checks_employer
WHERE
  c7
