WITH known_types AS (
  SELECT person_key, employment_type, 0 AS src, start_date AS since, source, row_ref
  FROM employment
  WHERE (start_date IS NULL OR start_date <= DATE '2017-12-31') AND (end_date IS NULL OR end_date >= DATE '2017-12-31')
  UNION ALL
  SELECT person_key, employment_type, 1 AS src, visit_date AS since, source, row_ref
  FROM surveys WHERE employment_type IS NOT NULL AND visit_date <= DATE '2017-12-31'
), ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY
           CASE WHEN employment_type = 'employee' THEN 0 ELSE 1 END, src,
           since DESC NULLS LAST, source, row_ref) AS rn
  FROM known_types
), types AS (
  SELECT person_key,
       max(CASE WHEN rn = 1 THEN employment_type END) AS employment_type,
       coalesce(bool_or(t.employment_type = 'employee'), FALSE) AS has_employee,
       coalesce(bool_or(t.employment_type = 'student'), FALSE) AS has_student
  FROM ranked t GROUP BY person_key
), base AS (
  SELECT p.person_key, p.sex, p.birth_date, p.hukou_region, p.residence_region, p.hukou_type,
         (2017 - year(p.birth_date) - CASE WHEN month(p.birth_date) > 12 OR (month(p.birth_date) = 12 AND day(p.birth_date) > 31) THEN 1 ELSE 0 END) AS age
  FROM (SELECT person_key, id_number, name, sex, birth_date, hukou_region, residence_region, hukou_type, status, status_date, in_frame, id_valid FROM persons WHERE valid_from IS NULL OR valid_from <= DATE '2017-12-31'
UNION ALL
SELECT person_key, id_number, name, sex, birth_date, hukou_region, residence_region, hukou_type, status, status_date, in_frame, id_valid FROM person_history WHERE valid_to IS NOT NULL AND valid_to > DATE '2017-12-31' AND (valid_from IS NULL OR valid_from <= DATE '2017-12-31')) p
  WHERE p.in_frame AND p.birth_date <= DATE '2017-12-31'
    AND (coalesce(p.status, 'living') = 'living' OR p.status_date > DATE '2017-12-31')
)
SELECT b.*, CASE WHEN b.age < 16 THEN '0-15' WHEN b.age < 30 THEN '16-29' WHEN b.age < 45 THEN '30-44' WHEN b.age < 60 THEN '45-59' WHEN b.age < 75 THEN '60-74' ELSE '75+' END AS age_band,
       coalesce(t.employment_type, 'unknown') AS employment_type,
       coalesce(t.has_employee, FALSE) AS has_employee, coalesce(t.has_student, FALSE) AS has_student
FROM base b LEFT JOIN types t ON t.person_key = b.person_key
