WITH t AS (
  SELECT s.person_key, g.scheme_group, CASE g.scheme_group WHEN 'old_age' THEN (s.age >= 16 AND NOT s.has_student) WHEN 'medical' THEN (s.age >= 0) WHEN 'work_injury' THEN (s.age >= 16 AND (s.has_employee)) WHEN 'unemployment' THEN (s.age >= 16 AND (s.has_employee)) WHEN 'maternity' THEN (s.age >= 16 AND (s.has_employee)) END AS in_target
  FROM person_scope s CROSS JOIN ref_groups g
)
SELECT t.person_key, t.scheme_group,
       count(v.person_key) > 0 AS insured,
       list_sort(list_distinct(list(v.scheme))) AS schemes,
       list_sort(list_distinct(list(v.agency_region))) AS agency_regions,
       t.in_target
FROM t
LEFT JOIN valid_enrolments v ON v.person_key = t.person_key AND v.scheme_group = t.scheme_group
GROUP BY t.person_key, t.scheme_group, t.in_target
