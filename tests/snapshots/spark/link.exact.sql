WITH s AS (
  SELECT
    'population' AS kind,
    0 AS kind_order,
    _source,
    _file,
    _row,
    _row_ref,
    id_number,
    name,
    sex,
    birth_date
  FROM `stage_population`
  UNION ALL
  SELECT
    'enrolment' AS kind,
    1 AS kind_order,
    _source,
    _file,
    _row,
    _row_ref,
    id_number,
    name,
    sex,
    birth_date
  FROM `stage_enrolment`
  UNION ALL
  SELECT
    'employment' AS kind,
    2 AS kind_order,
    _source,
    _file,
    _row,
    _row_ref,
    id_number,
    name,
    CAST(NULL AS STRING) AS sex,
    CAST(NULL AS STRING) AS birth_date
  FROM `stage_employment`
  UNION ALL
  SELECT
    'survey' AS kind,
    3 AS kind_order,
    _source,
    _file,
    _row,
    _row_ref,
    id_number,
    name,
    sex,
    birth_date
  FROM `stage_survey`
), x AS (
  SELECT
    _file,
    _row
  FROM redelivered_population
  UNION ALL
  SELECT DISTINCT
    _file,
    _row
  FROM problems_population
  UNION ALL
  SELECT
    _file,
    _row
  FROM redelivered_enrolment
  UNION ALL
  SELECT DISTINCT
    _file,
    _row
  FROM problems_enrolment
  UNION ALL
  SELECT
    _file,
    _row
  FROM redelivered_employment
  UNION ALL
  SELECT DISTINCT
    _file,
    _row
  FROM problems_employment
  UNION ALL
  SELECT
    _file,
    _row
  FROM redelivered_survey
  UNION ALL
  SELECT DISTINCT
    _file,
    _row
  FROM problems_survey
), r AS (
  SELECT
    s.kind,
    s.kind_order,
    s._source,
    s._file,
    s._row,
    s._row_ref,
    CASE
      WHEN s.id_number IS NULL
      THEN NULL
      WHEN i.raw IS NULL
      THEN s.id_number
      ELSE i._id18
    END AS _id18,
    CASE WHEN s.id_number IS NULL THEN 'id.missing' ELSE i._id_issue END AS _id_issue,
    s.name,
    s.sex,
    s.birth_date
  FROM s
  LEFT JOIN id_checks AS i
    ON i.raw = s.id_number
  LEFT JOIN x
    ON x._file = s._file AND x._row = s._row
  WHERE
    x._row IS NULL
), m AS (
  SELECT
    r.*,
    CASE
      WHEN NOT _id_issue IS NULL
      THEN 'provisional'
      WHEN (
        NOT birth_date IS NULL
        AND NOT (
          birth_date LIKE '____-__-__'
          AND REPLACE(birth_date, '-', '') = SUBSTRING(_id18, 7, 8)
        )
      )
      OR (
        sex IN ('1', '2')
        AND sex <> CASE
          WHEN CASE
            WHEN SUBSTRING(_id18, 17, 1) BETWEEN '0' AND '9'
            THEN CAST(ASCII(SUBSTRING(_id18, 17, 1)) - 48 AS INT)
          END % 2 = 1
          THEN '1'
          ELSE '2'
        END
      )
      THEN 'review'
      ELSE 'id'
    END AS method
  FROM r
)
SELECT
  m.kind,
  m.kind_order,
  m._source,
  m._file,
  m._row,
  m._row_ref,
  CASE WHEN m.method = 'id' THEN NULL ELSE m._id18 END AS _id18_unlinked,
  m._id_issue,
  m.name,
  m.sex,
  m.birth_date,
  m.method,
  CASE WHEN m.method = 'id' THEN CAST(1.0 AS DOUBLE) END AS score,
  CASE WHEN m.method = 'id' THEN m._id18 ELSE p.provisional_key END AS person_key
FROM m
LEFT JOIN link_set_aside AS p
  ON p.kind_order = m.kind_order AND p._file = m._file AND p._row = m._row
