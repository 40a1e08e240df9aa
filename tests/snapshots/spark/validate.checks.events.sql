WITH `v_issue_employer_id` AS (
  SELECT
    employer_id,
    CASE
      WHEN CASE
        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
        THEN employer_id
        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
      END IS NULL
      THEN NULL
      WHEN LENGTH(
        CASE
          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
          THEN employer_id
          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
        END
      ) <> 18
      THEN 'employer.length'
      WHEN NOT CASE
        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
        THEN employer_id
        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
      END RLIKE '(?d)^[0-9]{8}[0123456789ABCDEFGHJKLMNPQRTUWXY]{10}\\z'
      THEN 'employer.format'
      WHEN SUBSTRING(
        CASE
          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
          THEN employer_id
          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
        END,
        18,
        1
      ) <> SUBSTRING(
        '0123456789ABCDEFGHJKLMNPQRTUWXY',
        (
          (
            31 - (
              (
                (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      1,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 1 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      2,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 3 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      3,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 9 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      4,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 27 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      5,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 19 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      6,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 26 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      7,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 16 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      8,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 17 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      9,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 20 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      10,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 29 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      11,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 25 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      12,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 13 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      13,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 8 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      14,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 24 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      15,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 10 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      16,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 30 + (
                  LOCATE(
                    SUBSTRING(
                      CASE
                        WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                        THEN employer_id
                        ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                      END,
                      17,
                      1
                    ),
                    '0123456789ABCDEFGHJKLMNPQRTUWXY'
                  ) - 1
                ) * 28
              ) % 31
            )
          ) % 31
        ) + 1,
        1 - CASE
          WHEN (
            (
              31 - (
                (
                  (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        1,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 1 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        2,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 3 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        3,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 9 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        4,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 27 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        5,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 19 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        6,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 26 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        7,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 16 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        8,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 17 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        9,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 20 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        10,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 29 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        11,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 25 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        12,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 13 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        13,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 8 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        14,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 24 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        15,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 10 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        16,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 30 + (
                    LOCATE(
                      SUBSTRING(
                        CASE
                          WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
                          THEN employer_id
                          ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
                        END,
                        17,
                        1
                      ),
                      '0123456789ABCDEFGHJKLMNPQRTUWXY'
                    ) - 1
                  ) * 28
                ) % 31
              )
            ) % 31
          ) + 1 = 0
          THEN 1
          ELSE 0
        END
      )
      THEN 'employer.checksum'
      ELSE NULL
    END AS _issue_employer_id
  FROM (
    SELECT DISTINCT
      employer_id
    FROM `stage_events`
    WHERE
      NOT employer_id IS NULL
  ) AS d
), x AS (
  SELECT
    _source,
    _file,
    _row,
    _row_ref,
    event_type,
    region,
    scheme,
    sex,
    status,
    COALESCE(event_id IS NULL, FALSE) AS c0,
    COALESCE(event_type IS NULL, FALSE) AS c1,
    COALESCE(event_date IS NULL, FALSE) AS c2,
    COALESCE(
      NOT event_type IS NULL
      AND NOT event_type IN (
        'birth',
        'death',
        'emigration',
        'migration',
        'enrolment_start',
        'enrolment_end',
        'transfer',
        'employment_start',
        'employment_end',
        'correction'
      ),
      FALSE
    ) AS c3,
    COALESCE(NOT sex IS NULL AND NOT sex IN ('1', '2', '0', '9'), FALSE) AS c4,
    COALESCE(
      NOT scheme IS NULL
      AND NOT scheme IN ('OAI_EMP', 'OAI_PUB', 'OAI_RES', 'MI_EMP', 'MI_RES', 'WII', 'UI', 'MAT'),
      FALSE
    ) AS c5,
    COALESCE(
      NOT status IS NULL
      AND NOT status IN ('contributing', 'suspended', 'receiving', 'terminated'),
      FALSE
    ) AS c6,
    COALESCE(
      NOT event_date IS NULL
      AND NOT (
        event_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND event_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(event_date) LIKE 'string%'
          OR CAST(event_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(event_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c7,
    COALESCE(
      NOT birth_date IS NULL
      AND NOT (
        birth_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND birth_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(birth_date) LIKE 'string%'
          OR CAST(birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(birth_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c8,
    COALESCE(
      NOT region IS NULL AND NOT region IN (
        SELECT
          code
        FROM ref_regions
      ),
      FALSE
    ) AS c9,
    COALESCE(_issue_employer_id = 'employer.length', FALSE) AS c10,
    COALESCE(_issue_employer_id = 'employer.format', FALSE) AS c11,
    COALESCE(_issue_employer_id = 'employer.checksum', FALSE) AS c12
  FROM (
    SELECT
      r.*,
      `v_issue_employer_id`._issue_employer_id
    FROM (
      SELECT
        *
      FROM rec_events
      WHERE
        _dup_rank = 1
    ) AS r
    LEFT JOIN `v_issue_employer_id`
      ON `v_issue_employer_id`.employer_id = r.employer_id
  ) AS p
)
SELECT
  *
FROM x
WHERE
  c0 OR c1 OR c2 OR c3 OR c4 OR c5 OR c6 OR c7 OR c8 OR c9 OR c10 OR c11 OR c12
