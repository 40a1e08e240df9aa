WITH x AS (
  SELECT _source, _file, _row, _row_ref, _id_issue, employment_type, reason_uninsured, sex,
       coalesce(visit_date IS NULL, FALSE) AS c0,
       coalesce(sex IS NOT NULL AND NOT sex IN ('1', '2', '0', '9'), FALSE) AS c1,
       coalesce(employment_type IS NOT NULL AND NOT employment_type IN ('employee', 'flexible', 'platform', 'self_employed', 'farmer', 'student', 'unemployed', 'retired', 'other'), FALSE) AS c2,
       coalesce(reason_uninsured IS NOT NULL AND NOT reason_uninsured IN ('unaware', 'cannot_afford', 'unwilling', 'employer_not_enrolled', 'enrolled_elsewhere', 'recently_moved', 'other'), FALSE) AS c3,
       coalesce(visit_date IS NOT NULL AND NOT (visit_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND visit_date >= '1800' AND TRY_CAST(visit_date AS DATE) IS NOT NULL), FALSE) AS c4,
       coalesce(birth_date IS NOT NULL AND NOT (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND birth_date >= '1800' AND TRY_CAST(birth_date AS DATE) IS NOT NULL), FALSE) AS c5,
       coalesce(residence_region IS NOT NULL AND residence_region NOT IN (SELECT code FROM ref_regions), FALSE) AS c6,
       coalesce(_id_issue IS NOT NULL AND (name IS NULL OR birth_date IS NULL OR sex IS NULL), FALSE) AS c7
  FROM (SELECT r.* FROM (SELECT * FROM rec_survey WHERE _dup_rank = 1) r
  ) p
)
SELECT * FROM x WHERE c0 OR c1 OR c2 OR c3 OR c4 OR c5 OR c6 OR c7
