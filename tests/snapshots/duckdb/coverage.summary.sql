WITH counties AS (
SELECT s.residence_region AS county, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY s.residence_region, c.scheme_group
),
g AS (
  SELECT 'county' AS level, county AS region, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM counties GROUP BY county, scheme_group
  UNION ALL SELECT 'prefecture' AS level, substr(county, 1, 4) || '00' AS region, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM counties GROUP BY substr(county, 1, 4) || '00', scheme_group
  UNION ALL SELECT 'province' AS level, substr(county, 1, 2) || '0000' AS region, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM counties GROUP BY substr(county, 1, 2) || '0000', scheme_group
  UNION ALL SELECT 'nation' AS level, '100000' AS region, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM counties GROUP BY '100000', scheme_group
)
SELECT g.level, g.region, coalesce(r.name, CASE WHEN g.level = 'nation' THEN 'nation' END) AS region_name,
       g.scheme_group, in_scope, insured, CAST(insured AS DOUBLE) / in_scope AS rate,
       target, target_insured,
       CASE WHEN target > 0 THEN CAST(target_insured AS DOUBLE) / target END AS target_rate
FROM g LEFT JOIN ref_regions r ON r.code = g.region
