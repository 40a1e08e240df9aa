WITH x AS (
  SELECT _source, _file, _row, _row_ref, _id_issue, hukou_type, sex, status,
       coalesce(name IS NULL, FALSE) AS c0,
       coalesce(sex IS NULL, FALSE) AS c1,
       coalesce(birth_date IS NULL, FALSE) AS c2,
       coalesce(hukou_region IS NULL, FALSE) AS c3,
       coalesce(sex IS NOT NULL AND NOT sex IN ('1', '2', '0', '9'), FALSE) AS c4,
       coalesce(hukou_type IS NOT NULL AND NOT hukou_type IN ('urban', 'rural'), FALSE) AS c5,
       coalesce(status IS NOT NULL AND NOT status IN ('living', 'deceased', 'emigrated'), FALSE) AS c6,
       coalesce(birth_date IS NOT NULL AND NOT (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND birth_date >= '1800' AND TRY_CAST(birth_date AS DATE) IS NOT NULL), FALSE) AS c7,
       coalesce(status_date IS NOT NULL AND NOT (status_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND status_date >= '1800' AND TRY_CAST(status_date AS DATE) IS NOT NULL), FALSE) AS c8,
       coalesce(hukou_region IS NOT NULL AND hukou_region NOT IN (SELECT code FROM ref_regions), FALSE) AS c9,
       coalesce(residence_region IS NOT NULL AND residence_region NOT IN (SELECT code FROM ref_regions), FALSE) AS c10,
       coalesce(_id_issue IS NOT NULL AND (name IS NULL OR birth_date IS NULL OR sex IS NULL), FALSE) AS c11
  FROM (SELECT r.* FROM (SELECT * FROM rec_population WHERE _dup_rank = 1) r
  ) p
)
SELECT * FROM x WHERE c0 OR c1 OR c2 OR c3 OR c4 OR c5 OR c6 OR c7 OR c8 OR c9 OR c10 OR c11
