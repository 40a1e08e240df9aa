SELECT
  p.person_key,
  p.status_date AS death_date,
  ARRAY_SORT(ARRAY_DISTINCT(COLLECT_LIST(e.ref))) AS record_refs,
  COUNT(*) AS enrolments,
  BOOL_OR(COALESCE(e.status_at_close, e.status) = 'receiving') AS receiving
FROM (
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
    id_valid
  FROM persons
  WHERE
    valid_from IS NULL OR valid_from <= CAST('2017-12-31' AS DATE)
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
    id_valid
  FROM person_history
  WHERE
    NOT valid_to IS NULL
    AND valid_to > CAST('2017-12-31' AS DATE)
    AND (
      valid_from IS NULL OR valid_from <= CAST('2017-12-31' AS DATE)
    )
) AS p
JOIN (
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
  ON e.person_key = p.person_key
WHERE
  p.status = 'deceased'
  AND NOT p.status_date IS NULL
  AND (
    (
      e.status IN ('contributing', 'receiving')
      AND (
        e.end_date IS NULL OR e.end_date > p.status_date
      )
    )
    OR (
      e.close_reason = 'death'
      AND (
        e.status_at_close = 'receiving'
        OR e.last_paid > SUBSTRING(CAST(p.status_date AS STRING), 1, 7)
      )
    )
  )
GROUP BY
  p.person_key,
  p.status_date
