WITH frame AS (
  SELECT
    l.person_key,
    MIN_BY(
      STRUCT(
        p.name AS name,
        p.sex AS sex,
        p.birth_date AS birth_date,
        p.hukou_region AS hukou_region,
        COALESCE(p.residence_region, p.hukou_region) AS residence_region,
        p.hukou_type AS hukou_type,
        p.status AS status,
        p.status_date AS status_date
      ),
      STRUCT(p._file AS f, p._row AS r)
    ) AS _f
  FROM stage_population AS p
  JOIN link_records AS l
    ON l.kind = 'population' AND l._file = p._file AND l._row = p._row
  GROUP BY
    l.person_key
), f AS (
  SELECT
    person_key,
    _f.name AS name,
    _f.sex AS sex,
    _f.birth_date AS birth_date,
    _f.hukou_region AS hukou_region,
    _f.residence_region AS residence_region,
    _f.hukou_type AS hukou_type,
    _f.status AS status,
    _f.status_date AS status_date
  FROM frame
), k AS (
  SELECT
    person_key,
    TRUE AS has_id
  FROM link_known
  UNION ALL
  SELECT DISTINCT
    l.person_key,
    FALSE AS has_id
  FROM link_records AS l
  WHERE
    l.method <> 'id'
    AND NOT l.person_key IN (
      SELECT
        person_key
      FROM link_known
    )
), need AS (
  /* the persons for whom the first record fills in something */
  SELECT
    k.person_key
  FROM k
  LEFT JOIN f
    ON f.person_key = k.person_key
  WHERE
    NOT k.has_id
    OR f.name IS NULL
    OR f.sex IS NULL
    OR CASE
      WHEN NOT TYPEOF(f.birth_date) LIKE 'string%'
      OR CAST(f.birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
      THEN TRY_CAST(f.birth_date AS DATE)
    END IS NULL
), firstrec AS (
  SELECT
    l.person_key,
    MIN_BY(
      STRUCT(name AS name, sex AS sex, birth_date AS birth_date, _id18_unlinked AS _id18_unlinked),
      STRUCT(l._file AS f, l._row AS r)
    ) AS _r
  FROM link_records AS l
  SEMI JOIN need AS n
    ON n.person_key = l.person_key
  GROUP BY
    l.person_key
), r AS (
  SELECT
    person_key,
    _r.name AS name,
    _r.sex AS sex,
    _r.birth_date AS birth_date,
    _r._id18_unlinked AS _id18_unlinked
  FROM firstrec
)
SELECT
  k.person_key,
  CASE WHEN k.has_id THEN k.person_key ELSE r._id18_unlinked END AS id_number,
  COALESCE(f.name, r.name) AS name,
  COALESCE(
    f.sex,
    r.sex,
    CASE
      WHEN k.has_id
      THEN CASE
        WHEN CASE
          WHEN SUBSTRING(k.person_key, 17, 1) BETWEEN '0' AND '9'
          THEN CAST(ASCII(SUBSTRING(k.person_key, 17, 1)) - 48 AS INT)
        END % 2 = 1
        THEN '1'
        ELSE '2'
      END
    END
  ) AS sex,
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
    CASE
      WHEN k.has_id
      THEN CASE
        WHEN SUBSTRING(k.person_key, 7, 4) || '-' || SUBSTRING(k.person_key, 11, 2) || '-' || SUBSTRING(k.person_key, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
        THEN TRY_CAST(SUBSTRING(k.person_key, 7, 4) || '-' || SUBSTRING(k.person_key, 11, 2) || '-' || SUBSTRING(k.person_key, 13, 2) AS DATE)
      END
    END
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
  k.has_id AS id_valid
FROM k
LEFT JOIN f
  ON f.person_key = k.person_key
LEFT JOIN r
  ON r.person_key = k.person_key
