WITH h AS (
  SELECT
    _file,
    _row,
    XXHASH64(
      survey_id,
      survey_id IS NULL,
      visit_date,
      visit_date IS NULL,
      id_number,
      id_number IS NULL,
      name,
      name IS NULL,
      sex,
      sex IS NULL,
      birth_date,
      birth_date IS NULL,
      residence_region,
      residence_region IS NULL,
      employment_type,
      employment_type IS NULL,
      reason_uninsured,
      reason_uninsured IS NULL,
      enumerator,
      enumerator IS NULL
    ) AS _h
  FROM `stage_survey`
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
JOIN `stage_survey` AS d
  ON d._file = r._file AND d._row = r._row
JOIN `stage_survey` AS f
  ON f._file = r1._file AND f._row = r1._row
WHERE
  r._hr > 1
  AND d.survey_id IS NOT DISTINCT FROM f.survey_id
  AND d.visit_date IS NOT DISTINCT FROM f.visit_date
  AND d.id_number IS NOT DISTINCT FROM f.id_number
  AND d.name IS NOT DISTINCT FROM f.name
  AND d.sex IS NOT DISTINCT FROM f.sex
  AND d.birth_date IS NOT DISTINCT FROM f.birth_date
  AND d.residence_region IS NOT DISTINCT FROM f.residence_region
  AND d.employment_type IS NOT DISTINCT FROM f.employment_type
  AND d.reason_uninsured IS NOT DISTINCT FROM f.reason_uninsured
  AND d.enumerator IS NOT DISTINCT FROM f.enumerator
