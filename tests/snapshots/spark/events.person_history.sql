WITH a AS (
  SELECT
    *
  FROM event_applied
), pk AS (
  SELECT
    person_key,
    MIN(seq) AS first_seq
  FROM a
  GROUP BY
    person_key
), b0 AS (
  SELECT
    b.*
  FROM persons_base AS b
  JOIN pk
    ON pk.person_key = b.person_key
), pv AS (
  SELECT
    a.*,
    (
      b0.person_key IS NULL AND a.seq = pk.first_seq
    ) AS creates
  FROM a
  JOIN pk
    ON pk.person_key = a.person_key
  LEFT JOIN b0
    ON b0.person_key = a.person_key
  WHERE
    a.event_type IN ('birth', 'death', 'emigration', 'migration', 'correction')
    OR (
      b0.person_key IS NULL AND a.seq = pk.first_seq
    )
), s AS (
  SELECT
    pv.*,
    CASE
      WHEN NOT name IS NULL AND (
        event_type IN ('birth', 'correction') OR creates
      )
      THEN 1
      ELSE 0
    END AS set_name,
    CASE
      WHEN NOT sex IS NULL AND (
        event_type IN ('birth', 'correction') OR creates
      )
      THEN 1
      ELSE 0
    END AS set_sex,
    CASE
      WHEN NOT birth_date IS NULL AND (
        event_type IN ('birth', 'correction') OR creates
      )
      THEN 1
      ELSE 0
    END AS set_birth_date,
    CASE
      WHEN NOT region IS NULL AND event_type IN ('birth', 'correction')
      THEN 1
      ELSE 0
    END AS set_hukou_region,
    CASE
      WHEN NOT region IS NULL AND event_type IN ('birth', 'migration')
      THEN 1
      ELSE 0
    END AS set_residence_region,
    CASE WHEN event_type = 'birth' THEN 1 ELSE 0 END AS set_hukou_type,
    CASE WHEN event_type IN ('birth', 'death', 'emigration') THEN 1 ELSE 0 END AS set_status,
    CASE event_type
      WHEN 'birth'
      THEN 'living'
      WHEN 'death'
      THEN 'deceased'
      WHEN 'emigration'
      THEN 'emigrated'
    END AS new_status,
    CASE WHEN event_type IN ('death', 'emigration') THEN event_date END AS new_status_date,
    CASE WHEN event_type = 'birth' THEN 1 ELSE 0 END AS set_frame
  FROM pv
), n AS (
  SELECT
    s.*,
    ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY seq NULLS LAST) AS version,
    SUM(set_name) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_name,
    SUM(set_sex) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_sex,
    SUM(set_birth_date) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_birth_date,
    SUM(set_hukou_region) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_hukou_region,
    SUM(set_residence_region) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_residence_region,
    SUM(set_hukou_type) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_hukou_type,
    SUM(set_status) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_status,
    SUM(set_frame) OVER (
      PARTITION BY person_key
      ORDER BY seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS n_frame
  FROM s
), e AS (
  SELECT
    n.*,
    MAX(CASE WHEN set_name = 1 THEN name END) OVER (PARTITION BY person_key, n_name) AS v_name,
    MAX(CASE WHEN set_sex = 1 THEN sex END) OVER (PARTITION BY person_key, n_sex) AS v_sex,
    MAX(CASE WHEN set_birth_date = 1 THEN birth_date END) OVER (PARTITION BY person_key, n_birth_date) AS v_birth_date,
    MAX(CASE WHEN set_hukou_region = 1 THEN region END) OVER (PARTITION BY person_key, n_hukou_region) AS v_hukou_region,
    MAX(CASE WHEN set_residence_region = 1 THEN region END) OVER (PARTITION BY person_key, n_residence_region) AS v_residence_region,
    MAX(
      CASE
        WHEN set_hukou_type = 1
        THEN CASE WHEN detail IN ('urban', 'rural') THEN detail END
      END
    ) OVER (PARTITION BY person_key, n_hukou_type) AS v_hukou_type,
    MAX(CASE WHEN set_status = 1 THEN new_status END) OVER (PARTITION BY person_key, n_status) AS v_status,
    MAX(CASE WHEN set_status = 1 THEN new_status_date END) OVER (PARTITION BY person_key, n_status) AS v_status_date
  FROM n
), versions AS (
  SELECT
    e.person_key,
    CASE
      WHEN TYPEOF(e.version) IN ('double', 'float')
      THEN CAST(BROUND(CAST(e.version AS DOUBLE), 0) AS BIGINT)
      ELSE CASE
        WHEN NOT (
          NOT TYPEOF(e.version) LIKE 'string%'
          OR CAST(e.version AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
        )
        THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
        ELSE CAST(CAST(e.version AS DECIMAL(38, 0)) AS BIGINT)
      END
    END AS version,
    e.event_date AS valid_from,
    e.ref AS change_ref,
    e.event_type AS change_type,
    e.person_key AS person_key_1,
    COALESCE(b.id_number, e.person_key) AS id_number,
    CASE WHEN n_name > 0 THEN v_name ELSE b.name END AS name,
    CASE
      WHEN n_sex > 0
      THEN v_sex
      ELSE COALESCE(
        b.sex,
        CASE
          WHEN CASE
            WHEN SUBSTRING(e.person_key, 17, 1) BETWEEN '0' AND '9'
            THEN CAST(ASCII(SUBSTRING(e.person_key, 17, 1)) - 48 AS INT)
          END % 2 = 1
          THEN '1'
          ELSE '2'
        END
      )
    END AS sex,
    CASE
      WHEN n_birth_date > 0
      THEN v_birth_date
      ELSE COALESCE(
        b.birth_date,
        CASE
          WHEN SUBSTRING(e.person_key, 7, 4) || '-' || SUBSTRING(e.person_key, 11, 2) || '-' || SUBSTRING(e.person_key, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(SUBSTRING(e.person_key, 7, 4) || '-' || SUBSTRING(e.person_key, 11, 2) || '-' || SUBSTRING(e.person_key, 13, 2) AS DATE)
        END
      )
    END AS birth_date,
    CASE WHEN n_hukou_region > 0 THEN v_hukou_region ELSE b.hukou_region END AS hukou_region,
    CASE WHEN n_residence_region > 0 THEN v_residence_region ELSE b.residence_region END AS residence_region,
    CASE WHEN n_hukou_type > 0 THEN v_hukou_type ELSE b.hukou_type END AS hukou_type,
    CASE WHEN n_status > 0 THEN v_status ELSE b.status END AS status,
    CASE WHEN n_status > 0 THEN v_status_date ELSE b.status_date END AS status_date,
    (
      COALESCE(b.in_frame, FALSE) OR n_frame > 0
    ) AS in_frame,
    COALESCE(b.id_valid, TRUE) AS id_valid
  FROM e
  LEFT JOIN b0 AS b
    ON b.person_key = e.person_key
  UNION ALL
  SELECT
    b.person_key,
    CAST(0 AS BIGINT) AS version,
    CAST(NULL AS DATE) AS valid_from,
    CAST(NULL AS STRING) AS change_ref,
    CAST(NULL AS STRING) AS change_type,
    b.person_key AS person_key_1,
    b.id_number,
    b.name,
    b.sex,
    b.birth_date,
    b.hukou_region,
    b.residence_region,
    b.hukou_type,
    b.status,
    b.status_date,
    b.in_frame,
    b.id_valid
  FROM b0 AS b
  WHERE
    b.person_key IN (
      SELECT
        person_key
      FROM pv
    )
)
SELECT
  person_key,
  version,
  valid_from,
  LEAD(valid_from) OVER (PARTITION BY person_key ORDER BY version NULLS LAST) AS valid_to,
  change_ref,
  change_type,
  id_number,
  name,
  sex,
  birth_date,
  hukou_region,
  residence_region,
  hukou_type,
  status,
  status_date,
  in_frame,
  id_valid
FROM versions
