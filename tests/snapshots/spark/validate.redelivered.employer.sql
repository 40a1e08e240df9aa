WITH h AS (
  SELECT
    _file,
    _row,
    XXHASH64(
      employer_id,
      employer_id IS NULL,
      name,
      name IS NULL,
      region,
      region IS NULL,
      industry,
      industry IS NULL,
      size,
      size IS NULL,
      employees,
      employees IS NULL
    ) AS _h
  FROM `stage_employer`
), r AS (
  SELECT
    _file,
    _row,
    _h,
    ROW_NUMBER() OVER (PARTITION BY _h ORDER BY _file NULLS LAST, _row NULLS LAST) AS _hr
  FROM h
  WHERE
    _h IN (
      SELECT
        _h
      FROM h
      GROUP BY
        _h
      HAVING
        COUNT(*) > 1
    )
)
SELECT
  d._file,
  d._row
FROM r
JOIN r AS r1
  ON r1._h = r._h AND r1._hr = 1
JOIN `stage_employer` AS d
  ON d._file = r._file AND d._row = r._row
JOIN `stage_employer` AS f
  ON f._file = r1._file AND f._row = r1._row
WHERE
  r._hr > 1
  AND d.employer_id IS NOT DISTINCT FROM f.employer_id
  AND d.name IS NOT DISTINCT FROM f.name
  AND d.region IS NOT DISTINCT FROM f.region
  AND d.industry IS NOT DISTINCT FROM f.industry
  AND d.size IS NOT DISTINCT FROM f.size
  AND d.employees IS NOT DISTINCT FROM f.employees
