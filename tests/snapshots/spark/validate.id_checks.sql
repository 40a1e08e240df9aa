WITH r AS (
  SELECT DISTINCT
    id_number AS raw
  FROM (
    SELECT
      id_number
    FROM `stage_population`
    WHERE
      NOT id_number IS NULL
    UNION ALL
    SELECT
      id_number
    FROM `stage_enrolment`
    WHERE
      NOT id_number IS NULL
    UNION ALL
    SELECT
      id_number
    FROM `stage_employment`
    WHERE
      NOT id_number IS NULL
    UNION ALL
    SELECT
      id_number
    FROM `stage_survey`
    WHERE
      NOT id_number IS NULL
    UNION ALL
    SELECT
      id_number
    FROM `stage_events`
    WHERE
      NOT id_number IS NULL
  )
), a AS (
  SELECT
    raw,
    CASE
      WHEN (
        LENGTH(raw) = 18 AND raw RLIKE '(?d)^[0-9]{17}[0-9X]\\z'
      )
      THEN raw
      ELSE TRANSLATE(raw, '０１２３４５６７８９Ｘｘx \t\r\n　 ', '0123456789XXX')
    END AS _id_norm
  FROM r
), b AS (
  SELECT
    a.*,
    CASE
      WHEN LENGTH(_id_norm) = 15 AND _id_norm RLIKE '(?d)^[0-9]{15}\\z'
      THEN (
        SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
      ) || SUBSTRING(
        '10X98765432',
        (
          (
            CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 1, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 1, 1)
              ) - 48 AS INT)
            END * 7 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 2, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 2, 1)
              ) - 48 AS INT)
            END * 9 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 3, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 3, 1)
              ) - 48 AS INT)
            END * 10 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 4, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 4, 1)
              ) - 48 AS INT)
            END * 5 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 5, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 5, 1)
              ) - 48 AS INT)
            END * 8 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 6, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 6, 1)
              ) - 48 AS INT)
            END * 4 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 7, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 7, 1)
              ) - 48 AS INT)
            END * 2 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 8, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 8, 1)
              ) - 48 AS INT)
            END * 1 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 9, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 9, 1)
              ) - 48 AS INT)
            END * 6 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 10, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 10, 1)
              ) - 48 AS INT)
            END * 3 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 11, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 11, 1)
              ) - 48 AS INT)
            END * 7 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 12, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 12, 1)
              ) - 48 AS INT)
            END * 9 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 13, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 13, 1)
              ) - 48 AS INT)
            END * 10 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 14, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 14, 1)
              ) - 48 AS INT)
            END * 5 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 15, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 15, 1)
              ) - 48 AS INT)
            END * 8 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 16, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 16, 1)
              ) - 48 AS INT)
            END * 4 + CASE
              WHEN SUBSTRING((
                SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
              ), 17, 1) BETWEEN '0' AND '9'
              THEN CAST(ASCII(
                SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 17, 1)
              ) - 48 AS INT)
            END * 2
          ) % 11
        ) + 1,
        1 - CASE
          WHEN (
            (
              CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 1, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 1, 1)
                ) - 48 AS INT)
              END * 7 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 2, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 2, 1)
                ) - 48 AS INT)
              END * 9 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 3, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 3, 1)
                ) - 48 AS INT)
              END * 10 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 4, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 4, 1)
                ) - 48 AS INT)
              END * 5 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 5, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 5, 1)
                ) - 48 AS INT)
              END * 8 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 6, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 6, 1)
                ) - 48 AS INT)
              END * 4 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 7, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 7, 1)
                ) - 48 AS INT)
              END * 2 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 8, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 8, 1)
                ) - 48 AS INT)
              END * 1 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 9, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 9, 1)
                ) - 48 AS INT)
              END * 6 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 10, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 10, 1)
                ) - 48 AS INT)
              END * 3 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 11, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 11, 1)
                ) - 48 AS INT)
              END * 7 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 12, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 12, 1)
                ) - 48 AS INT)
              END * 9 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 13, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 13, 1)
                ) - 48 AS INT)
              END * 10 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 14, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 14, 1)
                ) - 48 AS INT)
              END * 5 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 15, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 15, 1)
                ) - 48 AS INT)
              END * 8 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 16, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 16, 1)
                ) - 48 AS INT)
              END * 4 + CASE
                WHEN SUBSTRING((
                  SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                ), 17, 1) BETWEEN '0' AND '9'
                THEN CAST(ASCII(
                  SUBSTRING((
                    SUBSTRING(_id_norm, 1, 6) || '19' || SUBSTRING(_id_norm, 7, 9)
                  ), 17, 1)
                ) - 48 AS INT)
              END * 2
            ) % 11
          ) + 1 = 0
          THEN 1
          ELSE 0
        END
      )
      ELSE _id_norm
    END AS _id18
  FROM a
), c AS (
  SELECT
    b.*,
    g.code AS _region_known,
    CASE
      WHEN CASE
        WHEN LENGTH(SUBSTRING(b._id18, 1, 17)) = 17
        AND SUBSTRING(b._id18, 1, 17) RLIKE '(?d)^[0-9]{17}\\z'
        THEN SUBSTRING(b._id18, 1, 17)
      END RLIKE '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*\\z'
      THEN TRY_CAST(TRY_CAST(CASE
        WHEN LENGTH(SUBSTRING(b._id18, 1, 17)) = 17
        AND SUBSTRING(b._id18, 1, 17) RLIKE '(?d)^[0-9]{17}\\z'
        THEN SUBSTRING(b._id18, 1, 17)
      END AS DECIMAL(38, 0)) AS BIGINT)
    END AS _body
  FROM b
  LEFT JOIN (
    SELECT DISTINCT
      code
    FROM ref_regions
  ) AS g
    ON g.code = SUBSTRING(b._id18, 1, 6)
)
SELECT
  *
FROM (
  SELECT
    raw,
    _id18,
    CASE
      WHEN _id_norm IS NULL OR _id_norm = ''
      THEN 'id.missing'
      WHEN NOT LENGTH(_id_norm) IN (15, 18)
      THEN 'id.length'
      WHEN NOT (
        LENGTH(_id18) = 18 AND _id18 RLIKE '(?d)^[0-9]{17}[0-9X]\\z'
      )
      THEN 'id.chars'
      ELSE NULLIF(
        CONCAT_WS(
          ',',
          CASE
            WHEN NOT (
              (
                (
                  _body DIV 10000000
                ) % 10000
              ) >= 1900
              AND (
                (
                  _body DIV 100000
                ) % 100
              ) BETWEEN 1 AND 12
              AND (
                (
                  _body DIV 1000
                ) % 100
              ) BETWEEN 1 AND CASE
                WHEN (
                  (
                    _body DIV 100000
                  ) % 100
                ) IN (1, 3, 5, 7, 8, 10, 12)
                THEN 31
                WHEN (
                  (
                    _body DIV 100000
                  ) % 100
                ) IN (4, 6, 9, 11)
                THEN 30
                WHEN (
                  (
                    (
                      (
                        _body DIV 10000000
                      ) % 10000
                    ) % 4 = 0
                    AND (
                      (
                        _body DIV 10000000
                      ) % 10000
                    ) % 100 <> 0
                  )
                  OR (
                    (
                      _body DIV 10000000
                    ) % 10000
                  ) % 400 = 0
                )
                THEN 29
                ELSE 28
              END
              AND SUBSTRING(_id18, 7, 8) <= '20171231'
            )
            THEN 'id.birth_date'
          END,
          CASE WHEN _region_known IS NULL THEN 'id.region' END,
          CASE
            WHEN NOT SUBSTRING(_id18, 18, 1) = SUBSTRING(
              '10X98765432',
              (
                (
                  (
                    (
                      _body DIV 10000000000000000
                    ) % 10
                  ) * 7 + (
                    (
                      _body DIV 1000000000000000
                    ) % 10
                  ) * 9 + (
                    (
                      _body DIV 100000000000000
                    ) % 10
                  ) * 10 + (
                    (
                      _body DIV 10000000000000
                    ) % 10
                  ) * 5 + (
                    (
                      _body DIV 1000000000000
                    ) % 10
                  ) * 8 + (
                    (
                      _body DIV 100000000000
                    ) % 10
                  ) * 4 + (
                    (
                      _body DIV 10000000000
                    ) % 10
                  ) * 2 + (
                    (
                      _body DIV 1000000000
                    ) % 10
                  ) * 1 + (
                    (
                      _body DIV 100000000
                    ) % 10
                  ) * 6 + (
                    (
                      _body DIV 10000000
                    ) % 10
                  ) * 3 + (
                    (
                      _body DIV 1000000
                    ) % 10
                  ) * 7 + (
                    (
                      _body DIV 100000
                    ) % 10
                  ) * 9 + (
                    (
                      _body DIV 10000
                    ) % 10
                  ) * 10 + (
                    (
                      _body DIV 1000
                    ) % 10
                  ) * 5 + (
                    (
                      _body DIV 100
                    ) % 10
                  ) * 8 + (
                    (
                      _body DIV 10
                    ) % 10
                  ) * 4 + (
                    (
                      _body DIV 1
                    ) % 10
                  ) * 2
                ) % 11
              ) + 1,
              1 - CASE
                WHEN (
                  (
                    (
                      (
                        _body DIV 10000000000000000
                      ) % 10
                    ) * 7 + (
                      (
                        _body DIV 1000000000000000
                      ) % 10
                    ) * 9 + (
                      (
                        _body DIV 100000000000000
                      ) % 10
                    ) * 10 + (
                      (
                        _body DIV 10000000000000
                      ) % 10
                    ) * 5 + (
                      (
                        _body DIV 1000000000000
                      ) % 10
                    ) * 8 + (
                      (
                        _body DIV 100000000000
                      ) % 10
                    ) * 4 + (
                      (
                        _body DIV 10000000000
                      ) % 10
                    ) * 2 + (
                      (
                        _body DIV 1000000000
                      ) % 10
                    ) * 1 + (
                      (
                        _body DIV 100000000
                      ) % 10
                    ) * 6 + (
                      (
                        _body DIV 10000000
                      ) % 10
                    ) * 3 + (
                      (
                        _body DIV 1000000
                      ) % 10
                    ) * 7 + (
                      (
                        _body DIV 100000
                      ) % 10
                    ) * 9 + (
                      (
                        _body DIV 10000
                      ) % 10
                    ) * 10 + (
                      (
                        _body DIV 1000
                      ) % 10
                    ) * 5 + (
                      (
                        _body DIV 100
                      ) % 10
                    ) * 8 + (
                      (
                        _body DIV 10
                      ) % 10
                    ) * 4 + (
                      (
                        _body DIV 1
                      ) % 10
                    ) * 2
                  ) % 11
                ) + 1 = 0
                THEN 1
                ELSE 0
              END
            )
            THEN 'id.checksum'
          END
        ),
        ''
      )
    END AS _id_issue
  FROM c
) AS x
WHERE
  NOT _id_issue IS NULL OR _id18 IS DISTINCT FROM raw
