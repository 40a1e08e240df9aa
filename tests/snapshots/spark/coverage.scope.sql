WITH known_types AS (
  SELECT
    person_key,
    employment_type,
    0 AS src,
    start_date AS since,
    source,
    row_ref
  FROM employment
  WHERE
    (
      start_date IS NULL OR start_date <= CAST('2017-12-31' AS DATE)
    )
    AND (
      end_date IS NULL OR end_date >= CAST('2017-12-31' AS DATE)
    )
  UNION ALL
  SELECT
    person_key,
    employment_type,
    1 AS src,
    visit_date AS since,
    source,
    row_ref
  FROM surveys
  WHERE
    NOT employment_type IS NULL AND visit_date <= CAST('2017-12-31' AS DATE)
), ranked AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY person_key
      ORDER BY CASE WHEN employment_type = 'employee' THEN 0 ELSE 1 END NULLS LAST, src NULLS LAST, since DESC, source NULLS LAST, row_ref NULLS LAST
    ) AS rn
  FROM known_types
), types AS (
  SELECT
    person_key,
    MAX(CASE WHEN rn = 1 THEN employment_type END) AS employment_type,
    COALESCE(BOOL_OR(t.employment_type = 'employee'), FALSE) AS has_employee,
    COALESCE(BOOL_OR(t.employment_type = 'student'), FALSE) AS has_student
  FROM ranked AS t
  GROUP BY
    person_key
), base AS (
  SELECT
    p.person_key,
    p.sex,
    p.birth_date,
    p.hukou_region,
    p.residence_region,
    p.hukou_type,
    (
      2017 - YEAR(p.birth_date) - CASE
        WHEN MONTH(p.birth_date) > 12
        OR (
          MONTH(p.birth_date) = 12 AND DAY(p.birth_date) > 31
        )
        THEN 1
        ELSE 0
      END
    ) AS age
  FROM (
    SELECT
      person_key,
      id_number,
      name,
      sex,
      birth_date,
      hukou_region,
      residence_region,
      hukou_type,
      status,
      status_date,
      in_frame,
      id_valid
    FROM persons
    WHERE
      valid_from IS NULL OR valid_from <= CAST('2017-12-31' AS DATE)
    UNION ALL
    SELECT
      person_key,
      id_number,
      name,
      sex,
      birth_date,
      hukou_region,
      residence_region,
      hukou_type,
      status,
      status_date,
      in_frame,
      id_valid
    FROM person_history
    WHERE
      NOT valid_to IS NULL
      AND valid_to > CAST('2017-12-31' AS DATE)
      AND (
        valid_from IS NULL OR valid_from <= CAST('2017-12-31' AS DATE)
      )
  ) AS p
  WHERE
    p.in_frame
    AND p.birth_date <= CAST('2017-12-31' AS DATE)
    AND (
      COALESCE(p.status, 'living') = 'living'
      OR p.status_date > CAST('2017-12-31' AS DATE)
    )
)
SELECT
  b.*,
  CASE
    WHEN b.age < 16
    THEN '0-15'
    WHEN b.age < 30
    THEN '16-29'
    WHEN b.age < 45
    THEN '30-44'
    WHEN b.age < 60
    THEN '45-59'
    WHEN b.age < 75
    THEN '60-74'
    ELSE '75+'
  END AS age_band,
  COALESCE(t.employment_type, 'unknown') AS employment_type,
  COALESCE(t.has_employee, FALSE) AS has_employee,
  COALESCE(t.has_student, FALSE) AS has_student
FROM base AS b
LEFT JOIN types AS t
  ON t.person_key = b.person_key
