WITH pk AS (
  SELECT DISTINCT
    person_key
  FROM event_valid
), deaths AS (
  SELECT
    person_key,
    MIN(d) AS death_date
  FROM (
    SELECT
      person_key,
      event_date AS d
    FROM event_valid
    WHERE
      event_type = 'death'
    UNION ALL
    SELECT
      b.person_key,
      b.status_date AS d
    FROM persons_base AS b
    JOIN pk
      ON pk.person_key = b.person_key
    WHERE
      b.status = 'deceased' AND NOT b.status_date IS NULL
  ) AS x
  GROUP BY
    person_key
), after_death AS (
  SELECT
    v.person_key,
    v._source,
    v._row_ref,
    v._file,
    v._row,
    'event_date' AS field,
    'event.after_death' AS rule,
    'event_date: after the death of the person' AS message
  FROM event_valid AS v
  JOIN deaths AS d
    ON d.person_key = v.person_key
  WHERE
    v.event_type <> 'correction' AND v.event_date > d.death_date
), births AS (
  SELECT
    v.person_key,
    v._source,
    v._row_ref,
    v._file,
    v._row,
    COALESCE(b.in_frame, FALSE) AS in_frame,
    ROW_NUMBER() OVER (PARTITION BY v.person_key ORDER BY v.seq NULLS LAST) AS nth
  FROM event_valid AS v
  LEFT JOIN persons_base AS b
    ON b.person_key = v.person_key
  LEFT JOIN after_death AS a
    ON a._file = v._file AND a._row = v._row
  WHERE
    v.event_type = 'birth' AND a._row IS NULL
)
SELECT
  person_key,
  _source,
  _row_ref,
  _file,
  _row,
  field,
  rule,
  message
FROM after_death
UNION ALL
SELECT
  person_key,
  _source,
  _row_ref,
  _file,
  _row,
  'id_number' AS field,
  'event.exists' AS rule,
  CASE
    WHEN in_frame
    THEN 'id_number: the person is already in the frame'
    ELSE 'id_number: the person was born in an earlier event'
  END AS message
FROM births
WHERE
  in_frame OR nth > 1
