WITH t AS (
  SELECT s.person_key, g.scheme_group, CASE g.scheme_group WHEN 'old_age' THEN (s.age >= 16 AND NOT s.has_student) WHEN 'medical' THEN (s.age >= 0) WHEN 'work_injury' THEN (s.age >= 16 AND (s.has_employee)) WHEN 'unemployment' THEN (s.age >= 16 AND (s.has_employee)) WHEN 'maternity' THEN (s.age >= 16 AND (s.has_employee)) END AS in_target
  FROM person_scope s CROSS JOIN ref_groups g
),
a AS (
  SELECT person_key, scheme_group, list_sort(list_distinct(list(scheme))) AS schemes,
         list_sort(list_distinct(list(agency_region))) AS agency_regions
  FROM valid_enrolments GROUP BY person_key, scheme_group
)
SELECT t.person_key, t.scheme_group,
       a.person_key IS NOT NULL AS insured,
       coalesce(a.schemes, CAST([] AS VARCHAR[])) AS schemes,
       coalesce(a.agency_regions, CAST([] AS VARCHAR[])) AS agency_regions,
       t.in_target
FROM t
LEFT JOIN a ON a.person_key = t.person_key AND a.scheme_group = t.scheme_group
