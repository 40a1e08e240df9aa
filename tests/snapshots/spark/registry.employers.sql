SELECT
  CASE
    WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
    THEN employer_id
    ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
  END AS employer_id,
  name,
  region,
  industry,
  size,
  CASE
    WHEN TYPEOF(employees) IN ('double', 'float')
    THEN TRY_CAST(BROUND(TRY_CAST(employees AS DOUBLE), 0) AS BIGINT)
    ELSE CASE
      WHEN NOT TYPEOF(employees) LIKE 'string%'
      OR CAST(employees AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
      THEN TRY_CAST(TRY_CAST(employees AS DECIMAL(38, 0)) AS BIGINT)
    END
  END AS employees,
  _source AS source,
  _row_ref AS row_ref
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY CASE
        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
        THEN employer_id
        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
      END
      ORDER BY _file NULLS LAST, _row NULLS LAST
    ) AS rn
  FROM acc_employer
)
WHERE
  rn = 1
