SELECT e.person_key, e.scheme, e.scheme_group, e.scheme_kind, e.agency_region, e.employer_id, e.start_date, e.end_date, e.status, e.last_paid, e.contribution_base, e.source, e.row_ref, e.ref, e._file, e._row, CAST(0 AS BIGINT) AS carried_months,
       CAST(NULL AS VARCHAR) AS opened_by, CAST(NULL AS VARCHAR) AS closed_by,
       CAST(NULL AS VARCHAR) AS close_reason, CAST(NULL AS VARCHAR) AS status_at_close,
       CAST(NULL AS DATE) AS valid_from
FROM enrolments_base e
LEFT JOIN (SELECT DISTINCT _file, _row FROM enrolment_history) h
  ON h._file = e._file AND h._row = e._row
WHERE h._row IS NULL
UNION ALL
SELECT person_key, scheme, scheme_group, scheme_kind, agency_region, employer_id, start_date, end_date, status, last_paid, contribution_base, source, row_ref, ref, _file, _row, carried_months, opened_by, closed_by, close_reason, status_at_close, valid_from FROM enrolment_history WHERE valid_to IS NULL
