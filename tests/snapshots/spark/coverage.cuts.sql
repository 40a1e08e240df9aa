WITH g AS (
  SELECT
    'sex' AS cut,
    s.sex AS value,
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
    c.scheme_group
  UNION ALL
  SELECT
    'age_band' AS cut,
    s.age_band AS value,
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
    s.age_band,
    c.scheme_group
  UNION ALL
  SELECT
    'hukou_type' AS cut,
    COALESCE(s.hukou_type, 'unknown') AS value,
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
    COALESCE(s.hukou_type, 'unknown'),
    c.scheme_group
  UNION ALL
  SELECT
    'employment_type' AS cut,
    s.employment_type AS value,
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
    s.employment_type,
    c.scheme_group
  UNION ALL
  SELECT
    'hukou_province' AS cut,
    SUBSTRING(s.hukou_region, 1, 2) || '0000' AS value,
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
    SUBSTRING(s.hukou_region, 1, 2) || '0000',
    c.scheme_group
  UNION ALL
  SELECT
    'residence_province' AS cut,
    SUBSTRING(s.residence_region, 1, 2) || '0000' AS value,
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
    SUBSTRING(s.residence_region, 1, 2) || '0000',
    c.scheme_group
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
