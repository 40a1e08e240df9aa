SELECT s._source, s._file, s._row, s._row_ref, s.id_number, s.name, s.sex, s.birth_date, s.hukou_region, s.hukou_type, s.residence_region, s.status, s.status_date,
       CASE WHEN dup._row IS NULL THEN 1 ELSE 2 END AS _dup_rank, CASE WHEN s.id_number IS NULL THEN NULL WHEN i.raw IS NULL THEN s.id_number ELSE i._id18 END AS _id18, CASE WHEN s.id_number IS NULL THEN 'id.missing' ELSE i._id_issue END AS _id_issue
FROM "stage_population" s
LEFT JOIN redelivered_population dup ON dup._file = s._file AND dup._row = s._row
LEFT JOIN id_checks i ON i.raw = s.id_number
