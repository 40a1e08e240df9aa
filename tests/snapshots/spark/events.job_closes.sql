WITH m AS (
  SELECT
    u.person_key,
    u._file,
    u._row,
    c.event_date AS close_date,
    c.ref AS close_ref,
    c._file AS close_file,
    c._row AS close_row,
    ROW_NUMBER() OVER (PARTITION BY u._file, u._row ORDER BY c.seq NULLS LAST) AS nth
  FROM event_job_units AS u
  JOIN event_applicable AS c
    ON c.person_key = u.person_key AND c.event_type = 'employment_end'
  WHERE
    c.seq > u.open_seq
    AND (
      u.start_date IS NULL OR u.start_date <= c.event_date
    )
    AND (
      u.end_date IS NULL OR u.end_date >= c.event_date
    )
    AND (
      c.employer_id IS NULL OR c.employer_id = u.employer_id
    )
)
SELECT
  person_key,
  _file,
  _row,
  close_date,
  close_ref,
  close_file,
  close_row
FROM m
WHERE
  nth = 1
