SELECT s._source, s._file, s._row, s._row_ref, s.employer_id, s.name, s.region, s.industry, s.size, s.employees,
       CASE WHEN dup._row IS NULL THEN 1 ELSE 2 END AS _dup_rank
FROM "stage_employer" s
LEFT JOIN redelivered_employer dup ON dup._file = s._file AND dup._row = s._row
