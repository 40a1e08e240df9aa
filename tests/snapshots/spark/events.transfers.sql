WITH t AS (
  SELECT
    person_key,
    scheme,
    seq,
    _file,
    _row
  FROM event_applicable
  WHERE
    event_type = 'transfer'
), closed AS (
  SELECT
    u.person_key,
    c.close_seq AS seq,
    GREATEST(
      0,
      CASE
        WHEN u.status = 'suspended' AND NOT u.last_paid IS NULL
        THEN LEAST(
          (
            CASE
              WHEN SUBSTRING(u.last_paid, 1, 4) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
              THEN TRY_CAST(TRY_CAST(SUBSTRING(u.last_paid, 1, 4) AS DECIMAL(38, 0)) AS INT)
            END * 12 + CASE
              WHEN SUBSTRING(u.last_paid, 6, 2) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
              THEN TRY_CAST(TRY_CAST(SUBSTRING(u.last_paid, 6, 2) AS DECIMAL(38, 0)) AS INT)
            END - 1
          ),
          (
            YEAR(
              CASE
                WHEN NOT (
                  NOT TYPEOF(c.close_date - INTERVAL '1' DAY) LIKE 'string%'
                  OR CAST(c.close_date - INTERVAL '1' DAY AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
                )
                THEN CAST(RAISE_ERROR('CAST to DATE: text that DuckDB would not read the same way') AS DATE)
                ELSE CAST(c.close_date - INTERVAL '1' DAY AS DATE)
              END
            ) * 12 + MONTH(
              CASE
                WHEN NOT (
                  NOT TYPEOF(c.close_date - INTERVAL '1' DAY) LIKE 'string%'
                  OR CAST(c.close_date - INTERVAL '1' DAY AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
                )
                THEN CAST(RAISE_ERROR('CAST to DATE: text that DuckDB would not read the same way') AS DATE)
                ELSE CAST(c.close_date - INTERVAL '1' DAY AS DATE)
              END
            ) - 1
          )
        )
        ELSE (
          YEAR(
            CASE
              WHEN NOT (
                NOT TYPEOF(c.close_date - INTERVAL '1' DAY) LIKE 'string%'
                OR CAST(c.close_date - INTERVAL '1' DAY AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
              )
              THEN CAST(RAISE_ERROR('CAST to DATE: text that DuckDB would not read the same way') AS DATE)
              ELSE CAST(c.close_date - INTERVAL '1' DAY AS DATE)
            END
          ) * 12 + MONTH(
            CASE
              WHEN NOT (
                NOT TYPEOF(c.close_date - INTERVAL '1' DAY) LIKE 'string%'
                OR CAST(c.close_date - INTERVAL '1' DAY AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
              )
              THEN CAST(RAISE_ERROR('CAST to DATE: text that DuckDB would not read the same way') AS DATE)
              ELSE CAST(c.close_date - INTERVAL '1' DAY AS DATE)
            END
          ) - 1
        )
      END - (
        YEAR(u.start_date) * 12 + MONTH(u.start_date) - 1
      ) + 1
    ) AS own,
    CASE WHEN u.open_type = 'transfer' THEN 1 ELSE 0 END AS chained
  FROM event_enrol_closes AS c
  JOIN event_enrol_units AS u
    ON u._file = c._file AND u._row = c._row
  WHERE
    c.close_type = 'transfer'
), per AS (
  SELECT
    person_key,
    seq,
    SUM(own) AS own,
    MAX(chained) AS chained
  FROM closed
  GROUP BY
    person_key,
    seq
), chain AS (
  SELECT
    t.person_key,
    t.scheme,
    t.seq,
    t._file,
    t._row,
    COALESCE(per.own, 0) AS own,
    SUM(1 - COALESCE(per.chained, 0)) OVER (
      PARTITION BY t.person_key, t.scheme
      ORDER BY t.seq NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS link
  FROM t
  LEFT JOIN per
    ON per.person_key = t.person_key AND per.seq = t.seq
)
SELECT
  person_key,
  scheme,
  seq,
  _file,
  _row,
  CASE
    WHEN TYPEOF(
      SUM(own) OVER (
        PARTITION BY person_key, scheme, link
        ORDER BY seq NULLS LAST
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      )
    ) IN ('double', 'float')
    THEN CAST(BROUND(
      CAST(SUM(own) OVER (
        PARTITION BY person_key, scheme, link
        ORDER BY seq NULLS LAST
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS DOUBLE),
      0
    ) AS BIGINT)
    ELSE CASE
      WHEN NOT (
        NOT TYPEOF(
          SUM(own) OVER (
            PARTITION BY person_key, scheme, link
            ORDER BY seq NULLS LAST
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          )
        ) LIKE 'string%'
        OR CAST(SUM(own) OVER (
          PARTITION BY person_key, scheme, link
          ORDER BY seq NULLS LAST
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS STRING) RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
      )
      THEN CAST(RAISE_ERROR('CAST to BIGINT: text that DuckDB would not read the same way') AS BIGINT)
      ELSE CAST(CAST(SUM(own) OVER (
        PARTITION BY person_key, scheme, link
        ORDER BY seq NULLS LAST
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS DECIMAL(38, 0)) AS BIGINT)
    END
  END AS carried_months
FROM chain
