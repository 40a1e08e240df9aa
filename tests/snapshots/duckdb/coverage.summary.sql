WITH g AS (
  SELECT 'county' AS level, s.residence_region AS region, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY s.residence_region, c.scheme_group
  UNION ALL SELECT 'prefecture' AS level, substr(s.residence_region, 1, 4) || '00' AS region, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY substr(s.residence_region, 1, 4) || '00', c.scheme_group
  UNION ALL SELECT 'province' AS level, substr(s.residence_region, 1, 2) || '0000' AS region, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY substr(s.residence_region, 1, 2) || '0000', c.scheme_group
  UNION ALL SELECT 'nation' AS level, '100000' AS region, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY '100000', c.scheme_group
)
SELECT g.level, g.region, coalesce(r.name, CASE WHEN g.level = 'nation' THEN 'nation' END) AS region_name,
       g.scheme_group, in_scope, insured, CAST(insured AS DOUBLE) / in_scope AS rate,
       target, target_insured,
       CASE WHEN target > 0 THEN CAST(target_insured AS DOUBLE) / target END AS target_rate
FROM g LEFT JOIN ref_regions r ON r.code = g.region
