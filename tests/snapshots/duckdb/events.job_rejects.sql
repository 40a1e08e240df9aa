SELECT v.person_key, v._source, v._row_ref, v._file, v._row, 'employer_id' AS field,
       'event.no_employment' AS rule,
       'employer_id: no job open (at the employer) on the event date' AS message
FROM event_applicable v
LEFT JOIN (SELECT DISTINCT close_file, close_row FROM event_job_closes) c
  ON c.close_file = v._file AND c.close_row = v._row
WHERE v.event_type = 'employment_end' AND c.close_row IS NULL
