WITH counties AS (
  SELECT
    s.residence_region AS county,
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
    s.residence_region,
    c.scheme_group
), g AS (
  SELECT
    'county' AS level,
    county AS region,
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
  FROM counties
  GROUP BY
    county,
    scheme_group
  UNION ALL
  SELECT
    'prefecture' AS level,
    SUBSTRING(county, 1, 4) || '00' AS region,
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
  FROM counties
  GROUP BY
    SUBSTRING(county, 1, 4) || '00',
    scheme_group
  UNION ALL
  SELECT
    'province' AS level,
    SUBSTRING(county, 1, 2) || '0000' AS region,
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
  FROM counties
  GROUP BY
    SUBSTRING(county, 1, 2) || '0000',
    scheme_group
  UNION ALL
  SELECT
    'nation' AS level,
    '100000' AS region,
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
  FROM counties
  GROUP BY
    '100000',
    scheme_group
)
SELECT
  g.level,
  g.region,
  COALESCE(r.name, CASE WHEN g.level = 'nation' THEN 'nation' END) AS region_name,
  g.scheme_group,
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
LEFT JOIN ref_regions AS r
  ON r.code = g.region
