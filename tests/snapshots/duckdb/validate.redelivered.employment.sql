WITH h AS (
  SELECT _file, _row, hash(id_number, name, employer_id, employment_type, start_date, end_date) AS _h FROM "stage_employment"
), r AS (
  SELECT _file, _row, _h, ROW_NUMBER() OVER (PARTITION BY _h ORDER BY _file, _row) AS _hr
  FROM h WHERE _h IN (SELECT _h FROM h GROUP BY _h HAVING count(*) > 1)
)
SELECT d._file, d._row
FROM r
JOIN r r1 ON r1._h = r._h AND r1._hr = 1
JOIN "stage_employment" d ON d._file = r._file AND d._row = r._row
JOIN "stage_employment" f ON f._file = r1._file AND f._row = r1._row
WHERE r._hr > 1 AND d.id_number IS NOT DISTINCT FROM f.id_number AND d.name IS NOT DISTINCT FROM f.name AND d.employer_id IS NOT DISTINCT FROM f.employer_id AND d.employment_type IS NOT DISTINCT FROM f.employment_type AND d.start_date IS NOT DISTINCT FROM f.start_date AND d.end_date IS NOT DISTINCT FROM f.end_date
