WITH g AS (
  SELECT
    'county' AS level,
    s.residence_region AS region,
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
  UNION ALL
  SELECT
    'prefecture' AS level,
    SUBSTRING(s.residence_region, 1, 4) || '00' AS region,
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
    SUBSTRING(s.residence_region, 1, 4) || '00',
    c.scheme_group
  UNION ALL
  SELECT
    'province' AS level,
    SUBSTRING(s.residence_region, 1, 2) || '0000' AS region,
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
  UNION ALL
  SELECT
    'nation' AS level,
    '100000' AS region,
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
    '100000',
    c.scheme_group
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
