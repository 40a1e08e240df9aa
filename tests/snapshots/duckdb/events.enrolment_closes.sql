WITH c AS (SELECT * FROM event_applicable WHERE event_type IN ('enrolment_end', 'transfer', 'death')),
m AS (
  SELECT u.person_key, u._file, u._row, c.seq AS close_seq, c.event_type AS close_type,
         c.event_date AS close_date, c.ref AS close_ref, c._file AS close_file,
         c._row AS close_row,
         ROW_NUMBER() OVER (PARTITION BY u._file, u._row ORDER BY c.seq) AS nth
  FROM event_enrol_units u JOIN c ON c.person_key = u.person_key
  WHERE (c.event_type = 'death' OR c.scheme = u.scheme)
    AND c.seq > u.open_seq
    AND u.start_date <= c.event_date
    AND u.status <> 'terminated'
    AND (u.end_date IS NULL OR u.end_date >= c.event_date)
    AND (c.event_type <> 'enrolment_end'
         OR ((c.region IS NULL OR c.region = u.agency_region)
             AND (c.employer_id IS NULL OR c.employer_id = u.employer_id)))
)
SELECT person_key, _file, _row, close_seq, close_type, close_date, close_ref, close_file,
       close_row
FROM m WHERE nth = 1
