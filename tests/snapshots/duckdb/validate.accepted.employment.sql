SELECT r.*
FROM rec_employment r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_employment) p
  ON p._file = r._file AND p._row = r._row
WHERE r._dup_rank = 1 AND p._row IS NULL
