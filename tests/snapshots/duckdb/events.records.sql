WITH r AS (
  SELECT a.*,
         CASE WHEN (_id_issue IS NOT NULL AND _id_issue <> 'id.birth_date') OR (_id_issue = 'id.birth_date' AND coalesce(year(TRY_CAST(substr(_id18, 7, 4) || '-' || substr(_id18, 11, 2) || '-' || substr(_id18, 13, 2) AS DATE)) < 1900, TRUE)) THEN _id_issue
              WHEN coalesce(TRY_CAST(birth_date AS DATE) <> TRY_CAST(substr(_id18, 7, 4) || '-' || substr(_id18, 11, 2) || '-' || substr(_id18, 13, 2) AS DATE), FALSE) OR coalesce(sex IN ('1', '2') AND sex <> CASE WHEN TRY_CAST(substr(_id18, 17, 1) AS INTEGER) % 2 = 1 THEN '1' ELSE '2' END, FALSE) THEN 'birth date or sex disagree with the number'
              WHEN coalesce(TRY_CAST(substr(_id18, 7, 4) || '-' || substr(_id18, 11, 2) || '-' || substr(_id18, 13, 2) AS DATE) > TRY_CAST(event_date AS DATE), FALSE) THEN 'the birth date in the number is after the event' END
           AS id_problem
  FROM acc_events a
)
SELECT _source, _file, _row, _row_ref, _source || ':' || _row_ref AS ref,
       CASE WHEN id_problem IS NULL THEN _id18 END AS person_key, id_problem,
       event_id, event_type, TRY_CAST(event_date AS DATE) AS event_date,
       name, sex, TRY_CAST(birth_date AS DATE) AS birth_date, region, scheme,
       CASE WHEN regexp_matches(employer_id, '^[0-9A-Z]*$') THEN employer_id ELSE upper(translate(employer_id, '０１２３４５６７８９ -', '0123456789')) END AS employer_id, status, detail
FROM r
