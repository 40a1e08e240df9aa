SELECT
  b.person_key,
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
  b.id_valid,
  CAST(NULL AS DATE) AS valid_from
FROM persons_base AS b
LEFT JOIN (
  SELECT DISTINCT
    person_key
  FROM person_history
) AS h
  ON h.person_key = b.person_key
WHERE
  h.person_key IS NULL
UNION ALL
SELECT
  person_key,
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
  id_valid,
  valid_from
FROM person_history
WHERE
  valid_to IS NULL
