WITH s AS (
SELECT 'population' AS kind, 0 AS kind_order, _source, _file, _row, _row_ref, id_number, name, sex, birth_date FROM "stage_population"
UNION ALL
SELECT 'enrolment' AS kind, 1 AS kind_order, _source, _file, _row, _row_ref, id_number, name, sex, birth_date FROM "stage_enrolment"
UNION ALL
SELECT 'employment' AS kind, 2 AS kind_order, _source, _file, _row, _row_ref, id_number, name, CAST(NULL AS VARCHAR) AS sex, CAST(NULL AS VARCHAR) AS birth_date FROM "stage_employment"
UNION ALL
SELECT 'survey' AS kind, 3 AS kind_order, _source, _file, _row, _row_ref, id_number, name, sex, birth_date FROM "stage_survey"
), x AS (
SELECT _file, _row FROM redelivered_population
UNION ALL
SELECT DISTINCT _file, _row FROM problems_population
UNION ALL
SELECT _file, _row FROM redelivered_enrolment
UNION ALL
SELECT DISTINCT _file, _row FROM problems_enrolment
UNION ALL
SELECT _file, _row FROM redelivered_employment
UNION ALL
SELECT DISTINCT _file, _row FROM problems_employment
UNION ALL
SELECT _file, _row FROM redelivered_survey
UNION ALL
SELECT DISTINCT _file, _row FROM problems_survey
), r AS (
  SELECT s.kind, s.kind_order, s._source, s._file, s._row, s._row_ref,
         CASE WHEN s.id_number IS NULL THEN NULL WHEN i.raw IS NULL THEN s.id_number ELSE i._id18 END AS _id18, CASE WHEN s.id_number IS NULL THEN 'id.missing' ELSE i._id_issue END AS _id_issue, s.name, s.sex, s.birth_date
  FROM s
  LEFT JOIN id_checks i ON i.raw = s.id_number
  LEFT JOIN x ON x._file = s._file AND x._row = s._row
  WHERE x._row IS NULL
), m AS (
  SELECT r.*,
    CASE WHEN _id_issue IS NOT NULL THEN 'provisional'
         WHEN (birth_date IS NOT NULL AND NOT (birth_date LIKE '____-__-__' AND replace(birth_date, '-', '') = substr(_id18, 7, 8))) OR (sex IN ('1', '2') AND sex <> CASE WHEN TRY_CAST(substr(_id18, 17, 1) AS INTEGER) % 2 = 1 THEN '1' ELSE '2' END) THEN 'review'
         ELSE 'id' END AS method
  FROM r
)
SELECT kind_order, _file, _row,
       'P' || lpad(CAST(ROW_NUMBER() OVER (ORDER BY kind_order, _file, _row) AS VARCHAR),
                   9, '0') AS provisional_key
FROM m WHERE method <> 'id'
