SELECT
  f.person_key AS uid,
  f.person_key,
  f._f.name AS name,
  COALESCE(
    CASE WHEN f._f.sex IN ('1', '2') THEN f._f.sex END,
    CASE
      WHEN CASE
        WHEN SUBSTRING(f.person_key, 17, 1) BETWEEN '0' AND '9'
        THEN CAST(ASCII(SUBSTRING(f.person_key, 17, 1)) - 48 AS INT)
      END % 2 = 1
      THEN '1'
      ELSE '2'
    END
  ) AS sex,
  COALESCE(
    f._f.birth_date,
    CAST(CASE
      WHEN SUBSTRING(f.person_key, 7, 4) || '-' || SUBSTRING(f.person_key, 11, 2) || '-' || SUBSTRING(f.person_key, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
      THEN TRY_CAST(SUBSTRING(f.person_key, 7, 4) || '-' || SUBSTRING(f.person_key, 11, 2) || '-' || SUBSTRING(f.person_key, 13, 2) AS DATE)
    END AS STRING)
  ) AS birth_date
FROM (
  SELECT
    person_key,
    MIN_BY(
      STRUCT(name AS name, sex AS sex, birth_date AS birth_date),
      STRUCT(birth_date IS NULL AS b, kind_order AS k, _file AS f, _row AS r)
    ) AS _f
  FROM link_records
  WHERE
    method = 'id'
  GROUP BY
    person_key
) AS f
