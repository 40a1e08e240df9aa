WITH u AS (
  SELECT
    c.person_key,
    c.scheme_group,
    s.age,
    s.hukou_type,
    s.hukou_region,
    s.residence_region,
    s.employment_type
  FROM coverage AS c
  JOIN person_scope AS s
    ON s.person_key = c.person_key
  WHERE
    c.in_target AND NOT c.insured
), survey AS (
  SELECT
    person_key,
    reason_uninsured,
    source || ':' || row_ref AS ref,
    visit_date,
    ROW_NUMBER() OVER (
      PARTITION BY person_key
      ORDER BY visit_date DESC, source NULLS LAST, row_ref NULLS LAST
    ) AS rn
  FROM surveys
  WHERE
    NOT reason_uninsured IS NULL AND visit_date <= CAST('2017-12-31' AS DATE)
), job AS (
  SELECT
    person_key,
    employer_id,
    source || ':' || row_ref AS ref,
    ROW_NUMBER() OVER (
      PARTITION BY person_key
      ORDER BY start_date DESC, source NULLS LAST, row_ref NULLS LAST
    ) AS rn
  FROM employment
  WHERE
    employment_type = 'employee'
    AND NOT employer_id IS NULL
    AND (
      start_date IS NULL OR start_date <= CAST('2017-12-31' AS DATE)
    )
    AND (
      end_date IS NULL OR end_date >= CAST('2017-12-31' AS DATE)
    )
), lapsed AS (
  SELECT
    person_key,
    scheme_group,
    agency_region,
    ref,
    COALESCE(end_date, start_date) AS stopped,
    ROW_NUMBER() OVER (
      PARTITION BY person_key, scheme_group
      ORDER BY COALESCE(end_date, start_date) DESC, ref NULLS LAST
    ) AS rn
  FROM (
    SELECT
      person_key,
      scheme,
      scheme_group,
      scheme_kind,
      agency_region,
      employer_id,
      start_date,
      end_date,
      status,
      last_paid,
      contribution_base,
      source,
      row_ref,
      ref,
      _file,
      _row,
      carried_months,
      opened_by,
      closed_by,
      close_reason,
      status_at_close
    FROM enrolments
    WHERE
      valid_from IS NULL OR valid_from <= CAST('2017-12-31' AS DATE)
    UNION ALL
    SELECT
      person_key,
      scheme,
      scheme_group,
      scheme_kind,
      agency_region,
      employer_id,
      start_date,
      end_date,
      status,
      last_paid,
      contribution_base,
      source,
      row_ref,
      ref,
      _file,
      _row,
      carried_months,
      opened_by,
      closed_by,
      close_reason,
      status_at_close
    FROM enrolment_history
    WHERE
      NOT valid_to IS NULL
      AND valid_to > CAST('2017-12-31' AS DATE)
      AND (
        valid_from IS NULL OR valid_from <= CAST('2017-12-31' AS DATE)
      )
  ) AS e
  WHERE
    (
      status = 'terminated' OR end_date < CAST('2017-12-31' AS DATE)
    )
    AND start_date <= CAST('2017-12-31' AS DATE)
    AND COALESCE(end_date, start_date) >= CAST('2015-12-31' AS DATE)
)
SELECT
  u.person_key,
  u.scheme_group,
  CASE
    WHEN NOT sv.person_key IS NULL
    THEN sv.reason_uninsured
    WHEN NOT j.person_key IS NULL
    THEN 'employer_not_enrolled'
    WHEN NOT l.person_key IS NULL AND l.agency_region <> u.residence_region
    THEN 'recently_moved'
    WHEN NOT l.person_key IS NULL
    THEN 'cannot_afford'
    WHEN u.residence_region <> u.hukou_region
    THEN 'recently_moved'
    WHEN u.employment_type IN ('flexible', 'platform', 'self_employed')
    THEN 'cannot_afford'
    WHEN u.hukou_type = 'rural' OR u.age >= 60
    THEN 'unaware'
    ELSE 'other'
  END AS reason,
  CASE
    WHEN NOT sv.person_key IS NULL
    THEN 'survey ' || sv.ref || ' on ' || CAST(sv.visit_date AS STRING)
    WHEN NOT j.person_key IS NULL
    THEN 'employee of ' || j.employer_id || ' (' || j.ref || '), no enrolment in the group'
    WHEN NOT l.person_key IS NULL AND l.agency_region <> u.residence_region
    THEN 'enrolment ' || l.ref || ' at ' || l.agency_region || ' stopped ' || CAST(l.stopped AS STRING) || '; lives in ' || u.residence_region
    WHEN NOT l.person_key IS NULL
    THEN 'enrolment ' || l.ref || ' stopped ' || CAST(l.stopped AS STRING)
    WHEN u.residence_region <> u.hukou_region
    THEN 'migrant: hukou ' || u.hukou_region || ', lives in ' || u.residence_region || '; enrolled nowhere'
    WHEN u.employment_type IN ('flexible', 'platform', 'self_employed')
    THEN u.employment_type || ' worker, enrolled nowhere in the group'
    WHEN u.hukou_type = 'rural'
    THEN 'rural resident, enrolled nowhere in the group'
    WHEN u.age >= 60
    THEN 'aged ' || CAST(u.age AS STRING) || ', enrolled nowhere in the group'
    ELSE 'no record explains it'
  END AS evidence
FROM u
LEFT JOIN survey AS sv
  ON sv.person_key = u.person_key AND sv.rn = 1
LEFT JOIN job AS j
  ON j.person_key = u.person_key AND j.rn = 1
LEFT JOIN lapsed AS l
  ON l.person_key = u.person_key AND l.scheme_group = u.scheme_group AND l.rn = 1
