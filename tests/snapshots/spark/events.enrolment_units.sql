WITH ev AS (
  SELECT
    *
  FROM event_applicable
  WHERE
    event_type IN ('enrolment_start', 'transfer', 'enrolment_end', 'death')
), pk AS (
  SELECT DISTINCT
    person_key
  FROM ev
)
SELECT
  e.person_key,
  e.scheme,
  e.scheme_group,
  e.scheme_kind,
  e.agency_region,
  e.employer_id,
  e.start_date,
  e.end_date,
  e.status,
  e.last_paid,
  e.contribution_base,
  e.source,
  e.row_ref,
  e.ref,
  e._file,
  e._row,
  CAST(0 AS BIGINT) AS open_seq,
  CAST(NULL AS STRING) AS open_type,
  CAST(NULL AS DATE) AS open_date
FROM enrolments_base AS e
JOIN pk
  ON pk.person_key = e.person_key
UNION ALL
SELECT
  v.person_key,
  v.scheme,
  s.scheme_group,
  s.kind AS scheme_kind,
  v.region AS agency_region,
  v.employer_id,
  v.event_date AS start_date,
  CAST(NULL AS DATE) AS end_date,
  COALESCE(v.status, 'contributing') AS status,
  CAST(NULL AS STRING) AS last_paid,
  CAST(NULL AS DOUBLE) AS contribution_base,
  v._source AS source,
  v._row_ref AS row_ref,
  v.ref,
  v._file,
  v._row,
  v.seq AS open_seq,
  v.event_type AS open_type,
  v.event_date AS open_date
FROM ev AS v
JOIN ref_schemes AS s
  ON s.scheme = v.scheme
WHERE
  v.event_type IN ('enrolment_start', 'transfer')
