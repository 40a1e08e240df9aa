WITH c AS (
  SELECT
    person_key,
    scheme_group
  FROM valid_enrolments
  GROUP BY
    person_key,
    scheme_group
  HAVING
    COUNT(*) > 1
), v AS (
  SELECT
    e.*
  FROM valid_enrolments AS e
  SEMI JOIN c
    ON c.person_key = e.person_key AND c.scheme_group = e.scheme_group
), g AS (
  SELECT
    person_key,
    scheme_group
  FROM v
  GROUP BY
    person_key,
    scheme_group
  HAVING
    MIN(scheme) <> MAX(scheme)
), a AS (
  SELECT
    person_key,
    scheme
  FROM v
  GROUP BY
    person_key,
    scheme
  HAVING
    MIN(agency_region) <> MAX(agency_region)
), d AS (
  SELECT
    person_key,
    scheme,
    agency_region
  FROM v
  GROUP BY
    person_key,
    scheme,
    agency_region
  HAVING
    COUNT(*) > 1
), involved AS (
  SELECT
    'multi_scheme' AS rule,
    v.*
  FROM v
  JOIN g
    ON g.person_key = v.person_key AND g.scheme_group = v.scheme_group
  UNION ALL
  SELECT
    'multi_agency' AS rule,
    v.*
  FROM v
  JOIN a
    ON a.person_key = v.person_key AND a.scheme = v.scheme
  UNION ALL
  SELECT
    'duplicate_enrolment' AS rule,
    v.*
  FROM v
  JOIN d
    ON d.person_key = v.person_key
    AND d.scheme = v.scheme
    AND d.agency_region = v.agency_region
), ranked AS (
  SELECT
    involved.*,
    ROW_NUMBER() OVER (
      PARTITION BY person_key, scheme_group, rule
      ORDER BY CASE scheme_kind WHEN 'resident' THEN 1 ELSE 0 END NULLS LAST, CASE status WHEN 'suspended' THEN 1 ELSE 0 END NULLS LAST, last_paid DESC, start_date DESC, ref NULLS LAST
    ) AS keep_rank
  FROM involved
), cases AS (
  SELECT
    person_key,
    scheme_group,
    rule,
    ARRAY_SORT(ARRAY_DISTINCT(COLLECT_LIST(ref))) AS record_refs,
    MAX(CASE WHEN keep_rank = 1 THEN ref END) AS keep_ref,
    COUNT(*) AS enrolments
  FROM ranked
  GROUP BY
    person_key,
    scheme_group,
    rule
)
SELECT
  'MA' || LPAD(
    CAST(ROW_NUMBER() OVER (ORDER BY person_key NULLS LAST, scheme_group NULLS LAST, rule NULLS LAST) AS STRING),
    8,
    '0'
  ) AS case_id,
  person_key,
  scheme_group,
  rule,
  record_refs,
  keep_ref,
  enrolments
FROM cases
