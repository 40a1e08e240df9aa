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
    FROM `stage_employment`
    WHERE
      NOT employer_id IS NULL
  ) AS d
), x AS (
  SELECT
    _source,
    _file,
    _row,
    _row_ref,
    _id_issue,
    employment_type,
    COALESCE(employment_type IS NULL, FALSE) AS c0,
    COALESCE(
      NOT employment_type IS NULL
      AND NOT employment_type IN (
        'employee',
        'flexible',
        'platform',
        'self_employed',
        'farmer',
        'student',
        'unemployed',
        'retired',
        'other'
      ),
      FALSE
    ) AS c1,
    COALESCE(
      NOT start_date IS NULL
      AND NOT (
        start_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND start_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(start_date) LIKE 'string%'
          OR CAST(start_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(start_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c2,
    COALESCE(
      NOT end_date IS NULL
      AND NOT (
        end_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND end_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(end_date) LIKE 'string%'
          OR CAST(end_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(end_date AS DATE)
        END IS NULL
      ),
      FALSE
    ) AS c3,
    COALESCE(_issue_employer_id = 'employer.length', FALSE) AS c4,
    COALESCE(_issue_employer_id = 'employer.format', FALSE) AS c5,
    COALESCE(_issue_employer_id = 'employer.checksum', FALSE) AS c6,
    COALESCE(
      NOT start_date IS NULL
      AND NOT end_date IS NULL
      AND (
        start_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND start_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(start_date) LIKE 'string%'
          OR CAST(start_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(start_date AS DATE)
        END IS NULL
      )
      AND (
        end_date RLIKE '(?d)^(?:[0-9][0-9][0-9][0-9]\\-[0-9][0-9]\\-[0-9][0-9])\\z'
        AND end_date >= '1800'
        AND NOT CASE
          WHEN NOT TYPEOF(end_date) LIKE 'string%'
          OR CAST(end_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(end_date AS DATE)
        END IS NULL
      )
      AND end_date < start_date,
      FALSE
    ) AS c7,
    COALESCE(
      NOT _id_issue IS NULL AND (
        name IS NULL OR birth_date IS NULL OR sex IS NULL
      ),
      FALSE
    ) AS c8
  FROM (
    SELECT
      r.*,
      `v_issue_employer_id`._issue_employer_id
    FROM (
      SELECT
        *
      FROM rec_employment
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
  c0 OR c1 OR c2 OR c3 OR c4 OR c5 OR c6 OR c7 OR c8
