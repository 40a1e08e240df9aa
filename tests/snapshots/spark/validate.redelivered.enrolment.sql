WITH h AS (
  SELECT
    _file,
    _row,
    XXHASH64(
      record_id,
      record_id IS NULL,
      id_number,
      id_number IS NULL,
      name,
      name IS NULL,
      sex,
      sex IS NULL,
      birth_date,
      birth_date IS NULL,
      scheme,
      scheme IS NULL,
      agency_region,
      agency_region IS NULL,
      employer_id,
      employer_id IS NULL,
      start_date,
      start_date IS NULL,
      end_date,
      end_date IS NULL,
      status,
      status IS NULL,
      last_paid,
      last_paid IS NULL,
      contribution_base,
      contribution_base IS NULL
    ) AS _h
  FROM `stage_enrolment`
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
JOIN `stage_enrolment` AS d
  ON d._file = r._file AND d._row = r._row
JOIN `stage_enrolment` AS f
  ON f._file = r1._file AND f._row = r1._row
WHERE
  r._hr > 1
  AND d.record_id IS NOT DISTINCT FROM f.record_id
  AND d.id_number IS NOT DISTINCT FROM f.id_number
  AND d.name IS NOT DISTINCT FROM f.name
  AND d.sex IS NOT DISTINCT FROM f.sex
  AND d.birth_date IS NOT DISTINCT FROM f.birth_date
  AND d.scheme IS NOT DISTINCT FROM f.scheme
  AND d.agency_region IS NOT DISTINCT FROM f.agency_region
  AND d.employer_id IS NOT DISTINCT FROM f.employer_id
  AND d.start_date IS NOT DISTINCT FROM f.start_date
  AND d.end_date IS NOT DISTINCT FROM f.end_date
  AND d.status IS NOT DISTINCT FROM f.status
  AND d.last_paid IS NOT DISTINCT FROM f.last_paid
  AND d.contribution_base IS NOT DISTINCT FROM f.contribution_base
