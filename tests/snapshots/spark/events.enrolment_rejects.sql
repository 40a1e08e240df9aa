SELECT
  v.person_key,
  v._source,
  v._row_ref,
  v._file,
  v._row,
  'scheme' AS field,
  'event.no_enrolment' AS rule,
  'scheme: ' || v.scheme || ' has no enrolment open (at the agency) on the event date' AS message
FROM event_applicable AS v
LEFT JOIN (
  SELECT DISTINCT
    close_file,
    close_row
  FROM event_enrol_closes
) AS c
  ON c.close_file = v._file AND c.close_row = v._row
WHERE
  v.event_type = 'enrolment_end' AND c.close_row IS NULL
