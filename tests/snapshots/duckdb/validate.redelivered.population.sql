WITH h AS (
  SELECT _file, _row, hash(id_number, name, sex, birth_date, hukou_region, hukou_type, residence_region, status, status_date) AS _h FROM "stage_population"
), r AS (
  SELECT _file, _row, _h, ROW_NUMBER() OVER (PARTITION BY _h ORDER BY _file, _row) AS _hr
  FROM h WHERE _h IN (SELECT _h FROM h GROUP BY _h HAVING count(*) > 1)
)
SELECT d._file, d._row
FROM r
JOIN r r1 ON r1._h = r._h AND r1._hr = 1
JOIN "stage_population" d ON d._file = r._file AND d._row = r._row
JOIN "stage_population" f ON f._file = r1._file AND f._row = r1._row
WHERE r._hr > 1 AND d.id_number IS NOT DISTINCT FROM f.id_number AND d.name IS NOT DISTINCT FROM f.name AND d.sex IS NOT DISTINCT FROM f.sex AND d.birth_date IS NOT DISTINCT FROM f.birth_date AND d.hukou_region IS NOT DISTINCT FROM f.hukou_region AND d.hukou_type IS NOT DISTINCT FROM f.hukou_type AND d.residence_region IS NOT DISTINCT FROM f.residence_region AND d.status IS NOT DISTINCT FROM f.status AND d.status_date IS NOT DISTINCT FROM f.status_date
