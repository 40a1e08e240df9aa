WITH x AS (
  SELECT
    _source,
    _file,
    _row,
    _row_ref,
    _id_issue,
    employment_type,
    reason_uninsured,
    sex,
    COALESCE(visit_date IS NULL, FALSE) AS c0,
    COALESCE(NOT sex IS NULL AND NOT sex IN ('1', '2', '0', '9'), FALSE) AS c1,
    COALESCE(
      NOT employment_type IS NULL
      AND NOT employment_type IN (
        'employee',
        'flexible',
        'platform',
        'self_employed',
        'farmer',
        'student',
        'unemployed',
        'retired',
        'other'
      ),
      FALSE
    ) AS c2,
    COALESCE(
      NOT reason_uninsured IS NULL
      AND NOT reason_uninsured IN (
        'unaware',
        'cannot_afford',
        'unwilling',
        'employer_not_enrolled',
        'enrolled_elsewhere',
        'recently_moved',
        'other'
      ),
      FALSE
    ) AS c3,
    COALESCE(
      NOT visit_date IS NULL
      AND NOT (
        visit_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND visit_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(visit_date) LIKE 'string%'
          OR CAST(visit_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(visit_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c4,
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
    ) AS c5,
    COALESCE(
      NOT residence_region IS NULL
      AND NOT residence_region IN (
        SELECT
          code
        FROM ref_regions
      ),
      FALSE
    ) AS c6,
    COALESCE(
      NOT _id_issue IS NULL AND (
        name IS NULL OR birth_date IS NULL OR sex IS NULL
      ),
      FALSE
    ) AS c7
  FROM (
    SELECT
      r.*
    FROM (
      SELECT
        *
      FROM rec_survey
      WHERE
        _dup_rank = 1
    ) AS r
  ) AS p
)
SELECT
  *
FROM x
WHERE
  c0 OR c1 OR c2 OR c3 OR c4 OR c5 OR c6 OR c7
