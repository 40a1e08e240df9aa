WITH r AS (
  SELECT
    a.*,
    CASE
      WHEN (
        NOT _id_issue IS NULL AND _id_issue <> 'id.birth_date'
      )
      OR (
        _id_issue = 'id.birth_date'
        AND COALESCE(
          YEAR(
            CASE
              WHEN SUBSTRING(_id18, 7, 4) || '-' || SUBSTRING(_id18, 11, 2) || '-' || SUBSTRING(_id18, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
              THEN TRY_CAST(SUBSTRING(_id18, 7, 4) || '-' || SUBSTRING(_id18, 11, 2) || '-' || SUBSTRING(_id18, 13, 2) AS DATE)
            END
          ) < 1900,
          TRUE
        )
      )
      THEN _id_issue
      WHEN COALESCE(
        CASE
          WHEN NOT TYPEOF(birth_date) LIKE 'string%'
          OR CAST(birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(birth_date AS DATE)
        END <> CASE
          WHEN SUBSTRING(_id18, 7, 4) || '-' || SUBSTRING(_id18, 11, 2) || '-' || SUBSTRING(_id18, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(SUBSTRING(_id18, 7, 4) || '-' || SUBSTRING(_id18, 11, 2) || '-' || SUBSTRING(_id18, 13, 2) AS DATE)
        END,
        FALSE
      )
      OR COALESCE(
        sex IN ('1', '2')
        AND sex <> CASE
          WHEN CASE
            WHEN SUBSTRING(_id18, 17, 1) BETWEEN '0' AND '9'
            THEN CAST(ASCII(SUBSTRING(_id18, 17, 1)) - 48 AS INT)
          END % 2 = 1
          THEN '1'
          ELSE '2'
        END,
        FALSE
      )
      THEN 'birth date or sex disagree with the number'
      WHEN COALESCE(
        CASE
          WHEN SUBSTRING(_id18, 7, 4) || '-' || SUBSTRING(_id18, 11, 2) || '-' || SUBSTRING(_id18, 13, 2) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(SUBSTRING(_id18, 7, 4) || '-' || SUBSTRING(_id18, 11, 2) || '-' || SUBSTRING(_id18, 13, 2) AS DATE)
        END > CASE
          WHEN NOT TYPEOF(event_date) LIKE 'string%'
          OR CAST(event_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
          THEN TRY_CAST(event_date AS DATE)
        END,
        FALSE
      )
      THEN 'the birth date in the number is after the event'
    END AS id_problem
  FROM acc_events AS a
)
SELECT
  _source,
  _file,
  _row,
  _row_ref,
  _source || ':' || _row_ref AS ref,
  CASE WHEN id_problem IS NULL THEN _id18 END AS person_key,
  id_problem,
  event_id,
  event_type,
  CASE
    WHEN NOT TYPEOF(event_date) LIKE 'string%'
    OR CAST(event_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
    THEN TRY_CAST(event_date AS DATE)
  END AS event_date,
  name,
  sex,
  CASE
    WHEN NOT TYPEOF(birth_date) LIKE 'string%'
    OR CAST(birth_date AS STRING) RLIKE '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*\\z'
    THEN TRY_CAST(birth_date AS DATE)
  END AS birth_date,
  region,
  scheme,
  CASE
    WHEN employer_id RLIKE '(?d)^[0-9A-Z]*\\z'
    THEN employer_id
    ELSE UNIREG_UPPER(TRANSLATE(employer_id, '０１２３４５６７８９ -', '0123456789'))
  END AS employer_id,
  status,
  detail
FROM r
