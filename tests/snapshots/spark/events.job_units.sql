WITH ev AS (
  SELECT
    *
  FROM event_applicable
  WHERE
    event_type IN ('employment_start', 'employment_end')
), pk AS (
  SELECT DISTINCT
    person_key
  FROM ev
)
SELECT
  e.person_key,
  e.employer_id,
  e.employment_type,
  e.start_date,
  e.end_date,
  e.source,
  e.row_ref,
  e._file,
  e._row,
  CAST(0 AS BIGINT) AS open_seq,
  CAST(NULL AS STRING) AS opened_by
FROM employment_base AS e
JOIN pk
  ON pk.person_key = e.person_key
UNION ALL
SELECT
  v.person_key,
  v.employer_id,
  CASE
    WHEN v.detail IN (
      'employee',
      'flexible',
      'platform',
      'self_employed',
      'farmer',
      'student',
      'unemployed',
      'retired',
      'other'
    )
    THEN v.detail
    ELSE 'employee'
  END AS employment_type,
  v.event_date AS start_date,
  CAST(NULL AS DATE) AS end_date,
  v._source AS source,
  v._row_ref AS row_ref,
  v._file,
  v._row,
  v.seq AS open_seq,
  v.ref AS opened_by
FROM ev AS v
WHERE
  v.event_type = 'employment_start'
