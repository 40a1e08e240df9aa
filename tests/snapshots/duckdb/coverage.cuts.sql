WITH g AS (
SELECT 'sex' AS cut, s.sex AS value, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY s.sex, c.scheme_group
UNION ALL
SELECT 'age_band' AS cut, s.age_band AS value, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY s.age_band, c.scheme_group
UNION ALL
SELECT 'hukou_type' AS cut, coalesce(s.hukou_type, 'unknown') AS value, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY coalesce(s.hukou_type, 'unknown'), c.scheme_group
UNION ALL
SELECT 'employment_type' AS cut, s.employment_type AS value, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY s.employment_type, c.scheme_group
UNION ALL
SELECT 'hukou_province' AS cut, substr(s.hukou_region, 1, 2) || '0000' AS value, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY substr(s.hukou_region, 1, 2) || '0000', c.scheme_group
UNION ALL
SELECT 'residence_province' AS cut, substr(s.residence_region, 1, 2) || '0000' AS value, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY substr(s.residence_region, 1, 2) || '0000', c.scheme_group
)
SELECT cut, value, scheme_group, in_scope, insured, CAST(insured AS DOUBLE) / in_scope AS rate,
       target, target_insured,
       CASE WHEN target > 0 THEN CAST(target_insured AS DOUBLE) / target END AS target_rate FROM g
