SELECT
  *
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
  start_date <= CAST('2017-12-31' AS DATE)
  AND (
    end_date IS NULL OR end_date >= CAST('2017-12-31' AS DATE)
  )
  AND status <> 'terminated'
