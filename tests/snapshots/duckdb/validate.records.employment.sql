SELECT s._source, s._file, s._row, s._row_ref, s.id_number, s.name, s.employer_id, s.employment_type, s.start_date, s.end_date, CAST(NULL AS VARCHAR) AS sex, CAST(NULL AS VARCHAR) AS birth_date,
       CASE WHEN dup._row IS NULL THEN 1 ELSE 2 END AS _dup_rank, CASE WHEN s.id_number IS NULL THEN NULL WHEN i.raw IS NULL THEN s.id_number ELSE i._id18 END AS _id18, CASE WHEN s.id_number IS NULL THEN 'id.missing' ELSE i._id_issue END AS _id_issue
FROM "stage_employment" s
LEFT JOIN redelivered_employment dup ON dup._file = s._file AND dup._row = s._row
LEFT JOIN id_checks i ON i.raw = s.id_number
