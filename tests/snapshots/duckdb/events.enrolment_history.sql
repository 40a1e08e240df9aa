WITH u AS (
  SELECT u.*, c.close_seq FROM event_enrol_units u
  LEFT JOIN event_enrol_closes c ON c._file = u._file AND c._row = u._row
  WHERE u.open_type IS NOT NULL OR c._row IS NOT NULL
)
SELECT u.person_key AS person_key, u.scheme AS scheme, u.scheme_group AS scheme_group, u.scheme_kind AS scheme_kind, u.agency_region AS agency_region, u.employer_id AS employer_id, u.start_date AS start_date, u.end_date AS end_date, u.status AS status, u.last_paid AS last_paid, u.contribution_base AS contribution_base, u.source AS source, u.row_ref AS row_ref, u.ref AS ref, u._file AS _file, u._row AS _row, CAST(coalesce(t.carried_months, 0) AS BIGINT) AS carried_months, CASE WHEN u.open_type IS NOT NULL THEN u.ref END AS opened_by, CAST(NULL AS VARCHAR) AS closed_by, CAST(NULL AS VARCHAR) AS close_reason, CAST(NULL AS VARCHAR) AS status_at_close,
       CAST(CASE WHEN u.open_type IS NULL THEN 0 ELSE 1 END AS BIGINT) AS version,
       u.open_date AS valid_from, c.close_date AS valid_to,
       CASE WHEN u.open_type IS NOT NULL THEN u.ref END AS change_ref,
       u.open_type AS change_type
FROM u LEFT JOIN event_enrol_closes c ON c._file = u._file AND c._row = u._row
LEFT JOIN event_transfers t ON t._file = u._file AND t._row = u._row
UNION ALL
SELECT u.person_key AS person_key, u.scheme AS scheme, u.scheme_group AS scheme_group, u.scheme_kind AS scheme_kind, u.agency_region AS agency_region, u.employer_id AS employer_id, u.start_date AS start_date, CASE WHEN c.close_type = 'transfer' THEN greatest(CAST(c.close_date - INTERVAL 1 DAY AS DATE), u.start_date) ELSE c.close_date END AS end_date, 'terminated' AS status, u.last_paid AS last_paid, u.contribution_base AS contribution_base, u.source AS source, u.row_ref AS row_ref, u.ref AS ref, u._file AS _file, u._row AS _row, CAST(coalesce(t.carried_months, 0) AS BIGINT) AS carried_months, CASE WHEN u.open_type IS NOT NULL THEN u.ref END AS opened_by, c.close_ref AS closed_by, c.close_type AS close_reason, u.status AS status_at_close,
       CAST(CASE WHEN u.open_type IS NULL THEN 1 ELSE 2 END AS BIGINT) AS version,
       c.close_date AS valid_from, CAST(NULL AS DATE) AS valid_to,
       c.close_ref AS change_ref, c.close_type AS change_type
FROM u JOIN event_enrol_closes c ON c._file = u._file AND c._row = u._row
LEFT JOIN event_transfers t ON t._file = u._file AND t._row = u._row
