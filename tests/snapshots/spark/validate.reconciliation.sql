SELECT
  'population' AS kind,
  r._file AS file,
  r._source AS source,
  COUNT(*) AS rows_staged,
  COUNT(*) FILTER(WHERE
    r._dup_rank > 1) AS redelivered,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND NOT p._row IS NULL) AS quarantined,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_population AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM problems_population
) AS p
  ON p._file = r._file AND p._row = r._row
GROUP BY
  r._file,
  r._source
UNION ALL
SELECT
  'enrolment' AS kind,
  r._file AS file,
  r._source AS source,
  COUNT(*) AS rows_staged,
  COUNT(*) FILTER(WHERE
    r._dup_rank > 1) AS redelivered,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND NOT p._row IS NULL) AS quarantined,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_enrolment AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM problems_enrolment
) AS p
  ON p._file = r._file AND p._row = r._row
GROUP BY
  r._file,
  r._source
UNION ALL
SELECT
  'employer' AS kind,
  r._file AS file,
  r._source AS source,
  COUNT(*) AS rows_staged,
  COUNT(*) FILTER(WHERE
    r._dup_rank > 1) AS redelivered,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND NOT p._row IS NULL) AS quarantined,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_employer AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM problems_employer
) AS p
  ON p._file = r._file AND p._row = r._row
GROUP BY
  r._file,
  r._source
UNION ALL
SELECT
  'employment' AS kind,
  r._file AS file,
  r._source AS source,
  COUNT(*) AS rows_staged,
  COUNT(*) FILTER(WHERE
    r._dup_rank > 1) AS redelivered,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND NOT p._row IS NULL) AS quarantined,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_employment AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM problems_employment
) AS p
  ON p._file = r._file AND p._row = r._row
GROUP BY
  r._file,
  r._source
UNION ALL
SELECT
  'survey' AS kind,
  r._file AS file,
  r._source AS source,
  COUNT(*) AS rows_staged,
  COUNT(*) FILTER(WHERE
    r._dup_rank > 1) AS redelivered,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND NOT p._row IS NULL) AS quarantined,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_survey AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM problems_survey
) AS p
  ON p._file = r._file AND p._row = r._row
GROUP BY
  r._file,
  r._source
UNION ALL
SELECT
  'events' AS kind,
  r._file AS file,
  r._source AS source,
  COUNT(*) AS rows_staged,
  COUNT(*) FILTER(WHERE
    r._dup_rank > 1) AS redelivered,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND NOT p._row IS NULL) AS quarantined,
  COUNT(*) FILTER(WHERE
    r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_events AS r
LEFT JOIN (
  SELECT DISTINCT
    _file,
    _row
  FROM problems_events
) AS p
  ON p._file = r._file AND p._row = r._row
GROUP BY
  r._file,
  r._source
