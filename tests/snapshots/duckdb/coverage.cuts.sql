WITH cells AS (
SELECT s.sex AS sex, s.age_band AS age_band, coalesce(s.hukou_type, 'unknown') AS hukou_type, s.employment_type AS employment_type, substr(s.hukou_region, 1, 2) || '0000' AS hukou_province, substr(s.residence_region, 1, 2) || '0000' AS residence_province, c.scheme_group, count(*) AS in_scope,
       count(*) FILTER (WHERE c.insured) AS insured,
       count(*) FILTER (WHERE c.in_target) AS target,
       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
FROM coverage c JOIN person_scope s ON s.person_key = c.person_key
GROUP BY s.sex, s.age_band, coalesce(s.hukou_type, 'unknown'), s.employment_type, substr(s.hukou_region, 1, 2) || '0000', substr(s.residence_region, 1, 2) || '0000', c.scheme_group
),
g AS (
SELECT 'sex' AS cut, sex AS value, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM cells GROUP BY sex, scheme_group
UNION ALL
SELECT 'age_band' AS cut, age_band AS value, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM cells GROUP BY age_band, scheme_group
UNION ALL
SELECT 'hukou_type' AS cut, hukou_type AS value, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM cells GROUP BY hukou_type, scheme_group
UNION ALL
SELECT 'employment_type' AS cut, employment_type AS value, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM cells GROUP BY employment_type, scheme_group
UNION ALL
SELECT 'hukou_province' AS cut, hukou_province AS value, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM cells GROUP BY hukou_province, scheme_group
UNION ALL
SELECT 'residence_province' AS cut, residence_province AS value, scheme_group, CAST(sum(in_scope) AS BIGINT) AS in_scope,
       CAST(sum(insured) AS BIGINT) AS insured,
       CAST(sum(target) AS BIGINT) AS target,
       CAST(sum(target_insured) AS BIGINT) AS target_insured
FROM cells GROUP BY residence_province, scheme_group
)
SELECT cut, value, scheme_group, in_scope, insured, CAST(insured AS DOUBLE) / in_scope AS rate,
       target, target_insured,
       CASE WHEN target > 0 THEN CAST(target_insured AS DOUBLE) / target END AS target_rate FROM g
