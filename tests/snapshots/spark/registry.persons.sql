WITH frame AS (
  SELECT
    l.person_key,
    p.name,
    p.sex,
    p.birth_date,
    p.hukou_region,
    COALESCE(p.residence_region, p.hukou_region) AS residence_region,
    p.hukou_type,
    p.status,
    p.status_date,
    ROW_NUMBER() OVER (PARTITION BY l.person_key ORDER BY p._file NULLS LAST, p._row NULLS LAST) AS rn
  FROM rec_population AS p
  JOIN link_records AS l
    ON l.kind = 'population' AND l._file = p._file AND l._row = p._row
), firstrec AS (
  SELECT
    l.person_key,
    l.method,
    l.name,
    l.sex,
    l.birth_date,
    CASE
      WHEN l.method = 'id'
      THEN CASE
        WHEN SUBSTRING(l.person_key, 7, 4) || '-' || SUBSTRING(l.person_key, 11, 2) || '-' || SUBSTRING(l.person_key, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
        THEN TRY_CAST(SUBSTRING(l.person_key, 7, 4) || '-' || SUBSTRING(l.person_key, 11, 2) || '-' || SUBSTRING(l.person_key, 13, 2) AS DATE)
      END
    END AS id_birth,
    CASE
      WHEN l.method = 'id'
      THEN CASE
        WHEN CASE
          WHEN SUBSTRING(l.person_key, 17, 1) BETWEEN '0' AND '9'
          THEN CAST(ASCII(SUBSTRING(l.person_key, 17, 1)) - 48 AS INT)
        END % 2 = 1
        THEN '1'
        ELSE '2'
      END
    END AS id_sex,
    CASE WHEN l.method = 'id' THEN l.person_key ELSE l._id18 END AS id_number,
    ROW_NUMBER() OVER (PARTITION BY l.person_key ORDER BY l._file NULLS LAST, l._row NULLS LAST) AS rn
  FROM link_records AS l
)
SELECT
  r.person_key,
  r.id_number,
  COALESCE(f.name, r.name) AS name,
  COALESCE(f.sex, r.sex, r.id_sex) AS sex,
  COALESCE(
    CASE
      WHEN NOT TYPEOF(f.birth_date) LIKE 'string%'
      OR CAST(f.birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
      THEN TRY_CAST(f.birth_date AS DATE)
    END,
    CASE
      WHEN NOT TYPEOF(r.birth_date) LIKE 'string%'
      OR CAST(r.birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
      THEN TRY_CAST(r.birth_date AS DATE)
    END,
    r.id_birth
  ) AS birth_date,
  f.hukou_region,
  f.residence_region,
  f.hukou_type,
  f.status,
  CASE
    WHEN NOT TYPEOF(f.status_date) LIKE 'string%'
    OR CAST(f.status_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
    THEN TRY_CAST(f.status_date AS DATE)
  END AS status_date,
  NOT f.person_key IS NULL AS in_frame,
  r.method = 'id' AS id_valid
FROM firstrec AS r
LEFT JOIN frame AS f
  ON f.person_key = r.person_key AND f.rn = 1
WHERE
  r.rn = 1
