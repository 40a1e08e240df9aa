WITH x AS (
  SELECT
    _source,
    _file,
    _row,
    _row_ref,
    _id_issue,
    hukou_type,
    sex,
    status,
    COALESCE(name IS NULL, FALSE) AS c0,
    COALESCE(sex IS NULL, FALSE) AS c1,
    COALESCE(birth_date IS NULL, FALSE) AS c2,
    COALESCE(hukou_region IS NULL, FALSE) AS c3,
    COALESCE(NOT sex IS NULL AND NOT sex IN ('1', '2', '0', '9'), FALSE) AS c4,
    COALESCE(NOT hukou_type IS NULL AND NOT hukou_type IN ('urban', 'rural'), FALSE) AS c5,
    COALESCE(NOT status IS NULL AND NOT status IN ('living', 'deceased', 'emigrated'), FALSE) AS c6,
    COALESCE(
      NOT birth_date IS NULL
      AND NOT (
        birth_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND birth_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(birth_date) LIKE 'string%'
          OR CAST(birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(birth_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c7,
    COALESCE(
      NOT status_date IS NULL
      AND NOT (
        status_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND status_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(status_date) LIKE 'string%'
          OR CAST(status_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(status_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c8,
    COALESCE(
      NOT hukou_region IS NULL
      AND NOT hukou_region IN (
        SELECT
          code
        FROM ref_regions
      ),
      FALSE
    ) AS c9,
    COALESCE(
      NOT residence_region IS NULL
      AND NOT residence_region IN (
        SELECT
          code
        FROM ref_regions
      ),
      FALSE
    ) AS c10,
    COALESCE(
      NOT _id_issue IS NULL AND (
        name IS NULL OR birth_date IS NULL OR sex IS NULL
      ),
      FALSE
    ) AS c11
  FROM (
    SELECT
      r.*
    FROM (
      SELECT
        *
      FROM rec_population
      WHERE
        _dup_rank = 1
    ) AS r
  ) AS p
)
SELECT
  *
FROM x
WHERE
  c0 OR c1 OR c2 OR c3 OR c4 OR c5 OR c6 OR c7 OR c8 OR c9 OR c10 OR c11
