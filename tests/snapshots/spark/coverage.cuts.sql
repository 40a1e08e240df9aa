WITH cells AS (
  SELECT
    s.sex AS sex,
    s.age_band AS age_band,
    COALESCE(s.hukou_type, 'unknown') AS hukou_type,
    s.employment_type AS employment_type,
    SUBSTRING(s.hukou_region, 1, 2) || '0000' AS hukou_province,
    SUBSTRING(s.residence_region, 1, 2) || '0000' AS residence_province,
    c.scheme_group,
    COUNT(*) AS in_scope,
    COUNT(*) FILTER(WHERE
      c.insured) AS insured,
    COUNT(*) FILTER(WHERE
      c.in_target) AS target,
    COUNT(*) FILTER(WHERE
      c.in_target AND c.insured) AS target_insured
  FROM coverage AS c
  JOIN person_scope AS s
    ON s.person_key = c.person_key
  GROUP BY
    s.sex,
    s.age_band,
    COALESCE(s.hukou_type, 'unknown'),
    s.employment_type,
    SUBSTRING(s.hukou_region, 1, 2) || '0000',
    SUBSTRING(s.residence_region, 1, 2) || '0000',
    c.scheme_group
), g AS (
  SELECT
    'sex' AS cut,
    sex AS value,
    scheme_group,
    CASE
      WHEN TYPEOF(SUM(in_scope)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(in_scope) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(in_scope)) LIKE 'string%'
          OR CAST(SUM(in_scope) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(in_scope) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS in_scope,
    CASE
      WHEN TYPEOF(SUM(insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(insured)) LIKE 'string%'
          OR CAST(SUM(insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS insured,
    CASE
      WHEN TYPEOF(SUM(target)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target)) LIKE 'string%'
          OR CAST(SUM(target) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target,
    CASE
      WHEN TYPEOF(SUM(target_insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target_insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target_insured)) LIKE 'string%'
          OR CAST(SUM(target_insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target_insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target_insured
  FROM cells
  GROUP BY
    sex,
    scheme_group
  UNION ALL
  SELECT
    'age_band' AS cut,
    age_band AS value,
    scheme_group,
    CASE
      WHEN TYPEOF(SUM(in_scope)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(in_scope) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(in_scope)) LIKE 'string%'
          OR CAST(SUM(in_scope) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(in_scope) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS in_scope,
    CASE
      WHEN TYPEOF(SUM(insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(insured)) LIKE 'string%'
          OR CAST(SUM(insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS insured,
    CASE
      WHEN TYPEOF(SUM(target)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target)) LIKE 'string%'
          OR CAST(SUM(target) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target,
    CASE
      WHEN TYPEOF(SUM(target_insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target_insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target_insured)) LIKE 'string%'
          OR CAST(SUM(target_insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target_insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target_insured
  FROM cells
  GROUP BY
    age_band,
    scheme_group
  UNION ALL
  SELECT
    'hukou_type' AS cut,
    hukou_type AS value,
    scheme_group,
    CASE
      WHEN TYPEOF(SUM(in_scope)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(in_scope) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(in_scope)) LIKE 'string%'
          OR CAST(SUM(in_scope) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(in_scope) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS in_scope,
    CASE
      WHEN TYPEOF(SUM(insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(insured)) LIKE 'string%'
          OR CAST(SUM(insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS insured,
    CASE
      WHEN TYPEOF(SUM(target)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target)) LIKE 'string%'
          OR CAST(SUM(target) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target,
    CASE
      WHEN TYPEOF(SUM(target_insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target_insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target_insured)) LIKE 'string%'
          OR CAST(SUM(target_insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target_insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target_insured
  FROM cells
  GROUP BY
    hukou_type,
    scheme_group
  UNION ALL
  SELECT
    'employment_type' AS cut,
    employment_type AS value,
    scheme_group,
    CASE
      WHEN TYPEOF(SUM(in_scope)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(in_scope) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(in_scope)) LIKE 'string%'
          OR CAST(SUM(in_scope) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(in_scope) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS in_scope,
    CASE
      WHEN TYPEOF(SUM(insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(insured)) LIKE 'string%'
          OR CAST(SUM(insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS insured,
    CASE
      WHEN TYPEOF(SUM(target)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target)) LIKE 'string%'
          OR CAST(SUM(target) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target,
    CASE
      WHEN TYPEOF(SUM(target_insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target_insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target_insured)) LIKE 'string%'
          OR CAST(SUM(target_insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target_insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target_insured
  FROM cells
  GROUP BY
    employment_type,
    scheme_group
  UNION ALL
  SELECT
    'hukou_province' AS cut,
    hukou_province AS value,
    scheme_group,
    CASE
      WHEN TYPEOF(SUM(in_scope)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(in_scope) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(in_scope)) LIKE 'string%'
          OR CAST(SUM(in_scope) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(in_scope) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS in_scope,
    CASE
      WHEN TYPEOF(SUM(insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(insured)) LIKE 'string%'
          OR CAST(SUM(insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS insured,
    CASE
      WHEN TYPEOF(SUM(target)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target)) LIKE 'string%'
          OR CAST(SUM(target) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target,
    CASE
      WHEN TYPEOF(SUM(target_insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target_insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target_insured)) LIKE 'string%'
          OR CAST(SUM(target_insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target_insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target_insured
  FROM cells
  GROUP BY
    hukou_province,
    scheme_group
  UNION ALL
  SELECT
    'residence_province' AS cut,
    residence_province AS value,
    scheme_group,
    CASE
      WHEN TYPEOF(SUM(in_scope)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(in_scope) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(in_scope)) LIKE 'string%'
          OR CAST(SUM(in_scope) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(in_scope) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS in_scope,
    CASE
      WHEN TYPEOF(SUM(insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(insured)) LIKE 'string%'
          OR CAST(SUM(insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS insured,
    CASE
      WHEN TYPEOF(SUM(target)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target)) LIKE 'string%'
          OR CAST(SUM(target) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target,
    CASE
      WHEN TYPEOF(SUM(target_insured)) IN ('double', 'float')
      THEN CAST(BROUND(CAST(SUM(target_insured) AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(SUM(target_insured)) LIKE 'string%'
          OR CAST(SUM(target_insured) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(SUM(target_insured) AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS target_insured
  FROM cells
  GROUP BY
    residence_province,
    scheme_group
)
SELECT
  cut,
  value,
  scheme_group,
  in_scope,
  insured,
  CASE
    WHEN NOT (
      NOT TYPEOF(insured) LIKE 'string%'
      OR CAST(insured AS STRING) RLIKE '(?i)^\\s*[+-]?(inf|infinity|nan|([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?)\\s*\\z'
    )
    THEN CAST(RAISE_ERROR('CAST to DOUBLE: text that DuckDB would not read the same way') AS DOUBLE)
    ELSE CAST(insured AS DOUBLE)
  END / in_scope AS rate,
  target,
  target_insured,
  CASE
    WHEN target > 0
    THEN CASE
      WHEN NOT (
        NOT TYPEOF(target_insured) LIKE 'string%'
        OR CAST(target_insured AS STRING) RLIKE '(?i)^\\s*[+-]?(inf|infinity|nan|([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?)\\s*\\z'
      )
      THEN CAST(RAISE_ERROR('CAST to DOUBLE: text that DuckDB would not read the same way') AS DOUBLE)
      ELSE CAST(target_insured AS DOUBLE)
    END / target
  END AS target_rate
FROM g
