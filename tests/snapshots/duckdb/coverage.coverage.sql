WITH t AS (
  SELECT s.person_key, g.scheme_group, CASE g.scheme_group WHEN 'old_age' THEN (s.age >= 16 AND NOT s.has_student) WHEN 'medical' THEN (s.age >= 0) WHEN 'work_injury' THEN (s.age >= 16 AND (s.has_employee)) WHEN 'unemployment' THEN (s.age >= 16 AND (s.has_employee)) WHEN 'maternity' THEN (s.age >= 16 AND (s.has_employee)) END AS in_target
  FROM person_scope s CROSS JOIN ref_groups g
),
a AS (
  SELECT person_key, scheme_group, min(scheme) AS s_lo, max(scheme) AS s_hi,
         min(agency_region) AS r_lo, max(agency_region) AS r_hi
  FROM valid_enrolments GROUP BY person_key, scheme_group
),
m AS (
  SELECT e.person_key, e.scheme_group, list_sort(list_distinct(list(e.scheme))) AS schemes,
         list_sort(list_distinct(list(e.agency_region))) AS agency_regions
  FROM valid_enrolments e
  SEMI JOIN (SELECT person_key, scheme_group FROM a WHERE s_lo <> s_hi OR r_lo <> r_hi) x
    ON x.person_key = e.person_key AND x.scheme_group = e.scheme_group
  GROUP BY e.person_key, e.scheme_group
)
SELECT t.person_key, t.scheme_group,
       a.person_key IS NOT NULL AS insured,
       CASE WHEN m.person_key IS NOT NULL THEN m.schemes
            WHEN a.s_lo IS NOT NULL THEN [a.s_lo] ELSE CAST([] AS VARCHAR[]) END AS schemes,
       CASE WHEN m.person_key IS NOT NULL THEN m.agency_regions
            WHEN a.r_lo IS NOT NULL THEN [a.r_lo] ELSE CAST([] AS VARCHAR[]) END AS agency_regions,
       t.in_target
FROM t
LEFT JOIN a ON a.person_key = t.person_key AND a.scheme_group = t.scheme_group
LEFT JOIN m ON m.person_key = t.person_key AND m.scheme_group = t.scheme_group
